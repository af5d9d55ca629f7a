package dev.loupe.testing;

import dev.loupe.core.util.FileTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A SolrCloud of 2 nodes on loopback, run by loupe-solr-test-server's {@code SolrTestServer} in a child JVM with
 * that module's class path (Solr 9.10.1 on Lucene 9; this JVM has Lucene 10 through Loupe). One per test JVM
 * ({@link #shared}), stopped when the JVM exits: closing the child's stdin ends it.
 *
 * <p>The child's class path is {@code loupe-solr-test-server/target/solr-classpath.txt} plus its classes, found
 * through the system property {@code loupe.solr.server} (the parent pom sets it for every module's tests); the
 * reactor builds that module before the modules whose tests use it.
 */
public final class SolrTestCluster implements AutoCloseable {
  /** The child's heap: two Solr nodes and ZooKeeper with a few small collections. */
  static final String CHILD_HEAP = "-Xmx1g";
  /** Bound on the cluster's start, and on a node's stop or start. */
  static final long START_SECONDS = 180;
  static final long COMMAND_SECONDS = 120;

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);
  private final List<String> nodes = new ArrayList<>();
  private final String zk;
  /** The cluster's data (ZooKeeper, cores), removed after the child exits. */
  private final Path base;

  private static final class Holder {
    static final SolrTestCluster CLUSTER = start();
  }

  /** The cluster of this test JVM, started on first use. */
  public static SolrTestCluster shared() {
    return Holder.CLUSTER;
  }

  private SolrTestCluster(Process process, Path base) throws IOException, InterruptedException {
    this.process = process;
    this.base = base;
    this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) lines.put(line);
      } catch (IOException | InterruptedException e) {
        // the child ended: readers of `lines` time out and say so
      }
    }, "solr-test-server-stdout");
    reader.setDaemon(true);
    reader.start();
    String zkAddress = null;
    for (String line = next(START_SECONDS); !line.equals("ready"); line = next(START_SECONDS)) {
      if (line.startsWith("zk ")) zkAddress = line.substring(3);
      if (line.startsWith("node ")) nodes.add(line.split(" ", 3)[2]);
    }
    this.zk = zkAddress;
  }

  private static SolrTestCluster start() {
    try {
      Path server = Path.of(System.getProperty("loupe.solr.server", "../loupe-solr-test-server/target"))
          .toAbsolutePath().normalize();
      SolrTestCluster cluster = start(server, Files.createTempDirectory("loupe-solrcloud"));
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "solr-test-cluster-stop"));
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts the child from loupe-solr-test-server's build output {@code server}, its data in {@code base}. If the
   * cluster does not come up, the child is killed and {@code base} deleted before the failure is thrown.
   */
  static SolrTestCluster start(Path server, Path base) throws IOException, InterruptedException {
    Path classpathFile = server.resolve("solr-classpath.txt");
    if (!Files.isRegularFile(classpathFile)) {
      FileTrees.delete(base);
      throw new IllegalStateException(classpathFile + " is missing: build loupe-solr-test-server first"
          + " (e.g. mvn test -pl loupe-solr-test-server,loupe-solr -am)");
    }
    String classpath = server.resolve("classes") + java.io.File.pathSeparator + Files.readString(classpathFile).trim();
    Path log = server.resolve("solr-test-server.log");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        CHILD_HEAP, "-Xss8m", "-Dsolr.log.dir=" + base, "-cp", classpath, "dev.loupe.solrserver.SolrTestServer",
        base.toString(), "2");
    builder.redirectError(log.toFile());
    Process process = builder.start();
    try {
      return new SolrTestCluster(process, base);
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS); // its files are released before they are deleted
      try {
        FileTrees.delete(base);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private String next(long seconds) throws InterruptedException {
    String line = null;
    for (long waited = 0; line == null && waited < seconds && (process.isAlive() || !lines.isEmpty()); waited++) {
      line = lines.poll(1, TimeUnit.SECONDS);
    }
    if (line == null) {
      throw new IllegalStateException("solr test server said nothing for " + seconds + " s (alive: "
          + process.isAlive() + "); see loupe-solr-test-server/target/solr-test-server.log");
    }
    return line;
  }

  /** Node i's Solr URL, http://127.0.0.1:PORT/solr. */
  public String node(int i) {
    return nodes.get(i);
  }

  public String zk() {
    return zk;
  }

  /** Node i as a store address without a collection, solr://127.0.0.1:PORT. */
  public String storeAddress(int i) {
    return "solr://" + node(i).substring("http://".length(), node(i).length() - "/solr".length());
  }

  /** The address of a collection on node 0, with the test layout: 2 shards of 1 replica. */
  public java.net.URI address(String collection) {
    return java.net.URI.create(storeAddress(0) + "/" + collection + "?shards=2&replicas=1");
  }

  /** Stops node i (its Jetty; the cluster and ZooKeeper go on) and waits until it is down. */
  public synchronized void stopNode(int i) throws IOException, InterruptedException {
    command("stop " + i, "stopped " + i);
  }

  /** Starts node i again on its old port and waits until it is live. */
  public synchronized void startNode(int i) throws IOException, InterruptedException {
    command("start " + i, "started " + i);
  }

  private void command(String command, String answer) throws IOException, InterruptedException {
    stdin.write(command + "\n");
    stdin.flush();
    String line = next(COMMAND_SECONDS);
    if (!line.startsWith(answer)) throw new IllegalStateException("solr test server: '" + command + "' answered: " + line);
  }

  @Override
  public void close() {
    try {
      stdin.close(); // end of input: the server shuts the cluster down and exits
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      FileTrees.delete(base);
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
