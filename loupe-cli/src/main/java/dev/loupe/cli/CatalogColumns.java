package dev.loupe.cli;

import dev.loupe.engine.catalog.CsvCatalog;
import picocli.CommandLine.Option;

/** The id and image columns of CSV catalogues, and whether their image paths may leave the CSV's folder. */
final class CatalogColumns {
  @Option(names = "--id-column", defaultValue = "id", description = "Id column of CSV catalogues (default: ${DEFAULT-VALUE}).")
  String idColumn;

  @Option(names = "--image-column", defaultValue = "image",
      description = "Image path column of CSV catalogues, relative to the CSV (default: ${DEFAULT-VALUE}).")
  String imageColumn;

  @Option(names = "--allow-outside",
      description = "Accept catalogue image paths that leave the CSV's folder (../.., absolute paths). Off by "
          + "default: a catalogue from elsewhere could otherwise have Loupe read and show any file on this machine.")
  boolean allowOutside;

  CsvCatalog catalog() {
    return new CsvCatalog(idColumn, imageColumn, allowOutside);
  }
}
