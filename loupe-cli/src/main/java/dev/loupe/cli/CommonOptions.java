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

  @Option(names = "--store", paramLabel = "NAME|URI",
      description = "Where the index's items and vectors live: lucene (default: in the --index directory) or a "
          + "SolrCloud collection solr://HOST:PORT/COLLECTION (the --index directory then keeps Loupe's side files).")
  String store = LoupeConfig.DEFAULT_STORE;

  LoupeConfig config() {
    return LoupeConfig.defaults().withModelDirs(modelDirs).withStore(store);
  }
}
