package dev.loupe.solr;

import static dev.loupe.testing.PixelVectors.RGB_768_UNIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.ItemStoreProvider;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.testing.PixelVectors;
import dev.loupe.testing.PixelVectors.Sample;
import dev.loupe.testing.SolrTestCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node of a 2-shard collection (1 replica per shard, one shard per node) stops while queries run and writes are
 * made, then comes back:
 * <ul>
 *   <li>queries fail with one line naming the collection and Solr's cause (a shard has no live replica), never
 *       with partial results;
 *   <li>a commit made while the node is down fails the same way: the documents routed to the stopped shard have
 *       no leader to take them (those routed to the live shard may already be applied there). The store keeps
 *       every buffered write, and the same commit repeated once the node is back sends them all again: then every
 *       write made while the node was down is visible.
 * </ul>
 */
class SolrNodeFailureTest {
  /** Bound on waiting for the restarted node's shard to take writes again. */
  static final long RECOVERY_SECONDS = 120;

  @Test
  void aStoppedNodeFailsQueriesInOneLineAndWritesMadeMeanwhileAreVisibleAfterItReturns(@TempDir Path tmp)
      throws Exception {
    SolrTestCluster cluster = SolrTestCluster.shared();
    String collection = "loupe_failover_" + ProcessHandle.current().pid();
    ItemStoreProvider provider = ItemStoreProvider.forStore(cluster.address(collection).toString());
    List<Sample> train = PixelVectors.train(RGB_768_UNIT);
    List<Sample> before = train.subList(0, 200);
    List<Sample> during = train.subList(200, 400);
    float[] query = PixelVectors.test(RGB_768_UNIT).get(0).vector();
    IndexSpec spec = RGB_768_UNIT.spec(Metric.COSINE, IndexSpec.HnswParams.DEFAULT);
    Throwable failure = null;
    try (ItemStore store = provider.create(tmp, spec)) {
      PixelVectors.putAll(store, before);
      assertEquals(10, store.search(query, SearchRequest.topK(10)).size());

      ExecutorService pool = Executors.newSingleThreadExecutor();
      AtomicBoolean stopped = new AtomicBoolean();
      try {
        // Queries run while the node stops: each answers in full or fails; the first failure after the stop is kept.
        Future<IOException> querying = pool.submit(() -> {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RECOVERY_SECONDS);
          while (System.nanoTime() < deadline) {
            try {
              assertEquals(10, store.search(query, SearchRequest.topK(10)).size(), "a full answer or none");
            } catch (IOException e) {
              if (stopped.get()) return e;
            }
          }
          return null;
        });
        cluster.stopNode(1);
        stopped.set(true);
        IOException duringQuery = querying.get(RECOVERY_SECONDS + 30, TimeUnit.SECONDS);
        assertTrue(duringQuery != null, "a query failed once the node had stopped");
        assertOneLineNaming(collection, duringQuery);
        assertOneLineNaming(collection, assertThrows(IOException.class,
            () -> store.search(query, SearchRequest.topK(10).withExact(true))));

        // Writes while the node is down: the commit fails, the writes stay buffered.
        for (Sample s : during) store.put(s.item(), s.vector());
        store.delete(before.get(0).id());
        assertOneLineNaming(collection, assertThrows(IOException.class, store::commit));
      } finally {
        pool.shutdownNow();
        cluster.startNode(1);
      }

      commitOnceTheShardTakesWrites(store);
      assertEquals(before.size() - 1 + during.size(), store.size());
      for (Sample s : during) assertEquals(s.item(), store.get(s.id()).orElseThrow(), s.id());
      assertTrue(store.get(before.get(0).id()).isEmpty(), "the delete made while the node was down");
      assertEquals(10, store.search(query, SearchRequest.topK(10)).size());
    } catch (Exception | AssertionError e) {
      failure = e;
      throw e;
    } finally {
      try {
        provider.delete(tmp);
      } catch (IOException | RuntimeException e) {
        if (failure == null) throw e;
        failure.addSuppressed(e); // the test's own failure says more
      }
    }
  }

  /**
   * The restarted node's replica becomes leader of its shard again within a bounded wait: the commit goes through
   * and the shard answers queries.
   */
  private static void commitOnceTheShardTakesWrites(ItemStore store) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RECOVERY_SECONDS);
    while (true) {
      try {
        store.commit();
        store.size();
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) throw e;
        Thread.sleep(500);
      }
    }
  }

  private static void assertOneLineNaming(String collection, IOException e) {
    String message = e.getMessage();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith("solr collection " + collection + " at http://127.0.0.1:"), message);
    assertTrue(message.contains(" failed: "), message);
  }
}
