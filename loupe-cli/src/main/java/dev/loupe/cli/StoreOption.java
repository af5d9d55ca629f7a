package dev.loupe.cli;

import dev.loupe.engine.LoupeConfig;
import picocli.CommandLine.Option;

/** {@code --store}: where the index's items and vectors live, for the commands that open an index by it. */
final class StoreOption {
  @Option(names = "--store", paramLabel = "NAME|URI",
      description = "Where the index's items and vectors live: lucene (default: in the --index directory) or a "
          + "SolrCloud collection solr://HOST:PORT/COLLECTION[?shards=N&replicas=R] (the --index directory then keeps "
          + "only Loupe's side files; see docs/scale.md).")
  String store = LoupeConfig.DEFAULT_STORE;

  /** An address names one collection, whichever --index opens it (a name alone keeps the index in --index). */
  boolean isAddress() {
    return store.contains("://");
  }

  LoupeConfig on(LoupeConfig config) {
    return config.withStore(store);
  }
}
