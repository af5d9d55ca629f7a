package dev.loupe.cli;

import dev.loupe.engine.catalog.CsvCatalog;
import picocli.CommandLine.Option;

/** The id and image columns of CSV catalogues. */
final class CatalogColumns {
  @Option(names = "--id-column", defaultValue = "id", description = "Id column of CSV catalogues (default: ${DEFAULT-VALUE}).")
  String idColumn;

  @Option(names = "--image-column", defaultValue = "image",
      description = "Image path column of CSV catalogues, relative to the CSV (default: ${DEFAULT-VALUE}).")
  String imageColumn;

  CsvCatalog catalog() {
    return new CsvCatalog(idColumn, imageColumn);
  }
}
