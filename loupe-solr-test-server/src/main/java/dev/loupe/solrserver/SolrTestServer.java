package dev.loupe.solrserver;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A SolrCloud of {@code N} nodes with an embedded ZooKeeper, all on 127.0.0.1, for loupe-solr's tests. It uploads
 * no configset and creates no collection: the store under test does both, as on a real cluster.
 *
 * <p>Usage: {@code SolrTestServer BASE_DIR [NODES]}. Talks line by line on stdout (everything else, logs
 * included, goes to stderr): {@code zk HOST:PORT}, then {@code node I URL} for each node, then {@code ready}.
 * Reads commands on stdin: {@code stop I} (answers {@code stopped I}), {@code start I} (answers {@code started I
 * URL}, the same port as before). Stops the cluster and exits at end of input, or on a signal.
 */
public final class SolrTestServer {
  private SolrTestServer() {}

  /** Bound on one node's stop or start, and on the cluster's start. */
  private static final int WAIT_SECONDS = 90;

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: SolrTestServer BASE_DIR [NODES]");
      System.exit(2);
    }
    Path base = Path.of(args[0]);
    int nodes = args.length == 2 ? Integer.parseInt(args[1]) : 2;
    if (nodes < 1 || nodes > 8) throw new IllegalArgumentException("NODES must be in 1..8, got: " + nodes);
    Files.createDirectories(base);
    // The protocol owns stdout; Solr's own printing goes to stderr with the logs.
    PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);

    MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(nodes, base).build();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(cluster), "solr-test-server-shutdown"));
    cluster.waitForAllNodes(WAIT_SECONDS);
    protocol.println("zk " + cluster.getZkServer().getZkAddress());
    // Kept here: the cluster drops a stopped node from its own list, and `start I` needs it.
    List<JettySolrRunner> jetties = List.copyOf(cluster.getJettySolrRunners());
    for (int i = 0; i < jetties.size(); i++) protocol.println("node " + i + " " + jetties.get(i).getBaseUrl());
    protocol.println("ready");

    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] words = line.trim().split("\\s+");
        try {
          if (words.length == 2 && words[0].equals("stop")) {
            JettySolrRunner jetty = jetties.get(Integer.parseInt(words[1]));
            cluster.stopJettySolrRunner(jetty);
            cluster.waitForJettyToStop(jetty);
            protocol.println("stopped " + words[1]);
          } else if (words.length == 2 && words[0].equals("start")) {
            JettySolrRunner jetty = jetties.get(Integer.parseInt(words[1]));
            cluster.startJettySolrRunner(jetty, true); // the same port: clients keep their addresses
            cluster.waitForNode(jetty, WAIT_SECONDS);
            protocol.println("started " + words[1] + " " + jetty.getBaseUrl());
          } else {
            protocol.println("error unknown command: " + line);
          }
        } catch (Exception e) {
          protocol.println("error " + line + ": " + e);
        }
      }
    }
    shutdown(cluster);
    System.exit(0);
  }

  private static void shutdown(MiniSolrCloudCluster cluster) {
    try {
      cluster.shutdown();
    } catch (Exception e) {
      System.err.println("solr test server: shutdown failed: " + e);
    }
  }
}
