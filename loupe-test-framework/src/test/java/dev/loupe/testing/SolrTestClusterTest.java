package dev.loupe.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster that never comes up leaves nothing behind: no child JVM, no data folder. */
class SolrTestClusterTest {
  @Test
  void aChildThatNeverSaysReadyIsKilledAndItsDataDeleted(@TempDir Path tmp) throws Exception {
    // A class path without the server: the child JVM exits at once, before saying "ready".
    Path server = Files.createDirectories(tmp.resolve("server"));
    Files.writeString(server.resolve("solr-classpath.txt"), tmp.resolve("no-such.jar").toString());
    Path base = Files.createDirectories(tmp.resolve("base"));
    Files.writeString(base.resolve("zookeeper.data"), "what a child would have written");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SolrTestCluster.start(server, base));
    assertTrue(e.getMessage().startsWith("solr test server said nothing"), e.getMessage());
    assertFalse(Files.exists(base), "the cluster's data folder is deleted");
  }
}
