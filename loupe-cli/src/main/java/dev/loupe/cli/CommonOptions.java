package dev.loupe.cli;

import dev.loupe.engine.LoupeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every subcommand that touches an index shares. */
final class CommonOptions {
  @Option(names = "--models", paramLabel = "DIR",
      description = "Model directory to search first (repeatable); then LOUPE_MODELS, then ~/.cache/loupe/models.")
  List<Path> modelDirs = new ArrayList<>();

  @Option(names = {"-v", "--verbose"}, description = "Print stack traces of errors.")
  boolean verbose;

  LoupeConfig config() {
    return LoupeConfig.defaults().withModelDirs(modelDirs);
  }
}
