package dev.loupe.solr;

import java.net.URI;

/**
 * Where a Solr index lives: {@code solr://HOST:PORT/COLLECTION[?shards=N&replicas=R]}. The node at HOST:PORT
 * takes every request and fans queries and updates out to the collection's shards; {@code shards} and {@code
 * replicas} (default 1 each) are used only when the collection is created.
 *
 * @param baseUrl the node's Solr URL, {@code http://HOST:PORT/solr}
 * @param collection the collection's name
 * @param shards shards of a new collection
 * @param replicas replicas per shard of a new collection
 */
public record SolrAddress(URI uri, String baseUrl, String collection, int shards, int replicas) {
  /** Bounds on a new collection's layout (Solr's own limit is far higher; these catch typos). */
  public static final int MAX_SHARDS = 1024;
  public static final int MAX_REPLICAS = 16;

  public SolrAddress {
    if (!collection.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}")) {
      throw new IllegalArgumentException("store address " + uri + ": collection name '" + collection
          + "' must be 1 to 100 letters, digits, . _ or - (not starting with . or -)");
    }
    if (shards < 1 || shards > MAX_SHARDS) {
      throw new IllegalArgumentException("store address " + uri + ": shards must be in 1.." + MAX_SHARDS + ", got: " + shards);
    }
    if (replicas < 1 || replicas > MAX_REPLICAS) {
      throw new IllegalArgumentException("store address " + uri + ": replicas must be in 1.." + MAX_REPLICAS
          + ", got: " + replicas);
    }
  }

  /** Parses {@code solr://HOST:PORT/COLLECTION[?shards=N&replicas=R]}; a bad address fails with one line naming it. */
  public static SolrAddress parse(URI uri) {
    String usage = "; expected solr://HOST:PORT/COLLECTION[?shards=N&replicas=R]";
    if (!"solr".equals(uri.getScheme())) throw new IllegalArgumentException("store address " + uri + " is not solr://" + usage);
    if (uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException("store address " + uri + " has no HOST:PORT" + usage);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (!path.matches("/[^/]+/?")) throw new IllegalArgumentException("store address " + uri + " names no collection" + usage);
    String collection = path.replace("/", "");
    int shards = 1;
    int replicas = 1;
    if (uri.getQuery() != null) {
      for (String pair : uri.getQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        int value = kv.length == 2 && kv[1].matches("\\d{1,7}") ? Integer.parseInt(kv[1]) : -1;
        switch (kv[0]) {
          case "shards" -> shards = value;
          case "replicas" -> replicas = value;
          default -> throw new IllegalArgumentException("store address " + uri + ": unknown parameter '" + kv[0] + "'" + usage);
        }
      }
    }
    return new SolrAddress(uri, "http://" + node(uri) + "/solr", collection, shards, replicas);
  }

  /** The configset Loupe uploads for this collection: one per collection, as its schema holds the dimension. */
  public String configSet() {
    return "loupe-" + collection;
  }

  @Override
  public String toString() {
    return "solr://" + node(uri) + "/" + collection;
  }

  /** HOST:PORT of the node that takes the requests. */
  private static String node(URI uri) {
    return uri.getHost() + ":" + uri.getPort();
  }
}
