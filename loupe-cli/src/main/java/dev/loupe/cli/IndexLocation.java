package dev.loupe.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --index} option, defaulting to the LOUPE_INDEX environment variable. */
final class IndexLocation {
  @Option(names = {"-i", "--index"}, paramLabel = "DIR", defaultValue = "${env:LOUPE_INDEX}",
      description = "Index directory (default: $LOUPE_INDEX).")
  Path index;

  Path require(picocli.CommandLine.Model.CommandSpec spec) {
    // An empty --index '' or LOUPE_INDEX= would be the current folder: never a place to put an index by accident.
    if (index == null || index.toString().isBlank()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "Missing required option: '--index=DIR' (or set LOUPE_INDEX)");
    }
    return index;
  }
}
