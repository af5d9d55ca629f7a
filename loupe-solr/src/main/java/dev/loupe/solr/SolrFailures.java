package dev.loupe.solr;

import java.io.IOException;

/** One line for a failed request: the collection, what was being done, and the innermost cause Solr gave. */
final class SolrFailures {
  private SolrFailures() {}

  /** Bound on the cause's text: Solr error bodies can carry whole stack traces. */
  private static final int MAX_CAUSE = 300;

  static IOException of(SolrAddress address, String what, Exception e) {
    return new IOException("solr collection " + address.collection() + " at " + address.baseUrl() + ": " + what
        + " failed: " + cause(e), e);
  }

  static String cause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String text = root == e ? describe(e) : describe(e) + " (" + describe(root) + ")";
    text = text.replaceAll("\\s+", " ").trim();
    return text.length() <= MAX_CAUSE ? text : text.substring(0, MAX_CAUSE) + "…";
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
  }
}
