package dev.loupe.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.testing.PixelVectors.Sample;
import dev.loupe.testing.PixelVectors;
import dev.loupe.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process killed with SIGKILL (no shutdown hooks, no close, write.lock left behind): the index opens
 * in its last committed state and accepts writes again.
 */
class CrashRecoveryTest {

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void indexOpensInItsLastCommittedStateAfterTheWriterIsKilled(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("index");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(javaBin, "-Xmx256m", "-Dloupe.shared=" + SharedData.root(),
        "-cp", System.getProperty("java.class.path"), CommitLoopMain.class.getName(), dir.toString())
        .redirectErrorStream(true)
        .start();
    int lastSeen = -1;
    StringBuilder output = new StringBuilder();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.append(line).append('\n');
        if (line.startsWith("committed ")) lastSeen = Integer.parseInt(line.substring("committed ".length()));
        if (lastSeen >= 100) break; // ten commits in: kill it while it writes the next batches
      }
      child.destroyForcibly(); // SIGKILL on Linux and macOS
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(lastSeen >= 100, "child output:\n" + output);
    assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");
    assertTrue(Files.exists(dir.resolve("write.lock")), "the dead writer's lock file is still there");

    try (LuceneItemStore store = LuceneItemStore.open(dir)) {
      int size = store.size();
      System.out.println("killed writer: last commit seen " + lastSeen + ", index opened with " + size);
      assertTrue(size >= lastSeen, size + " < " + lastSeen);
      assertEquals(0, size % CommitLoopMain.BATCH, "only whole committed batches: " + size);
      List<Sample> train = PixelVectors.train(PixelVectors.RGB_768_UNIT);
      assertEquals(10, store.search(train.get(0).vector(), SearchRequest.topK(10)).size());
      // The OS released the dead process's lock: this process can write.
      Sample s = train.get(5);
      store.put(s.item(), s.vector());
      store.commit();
      assertEquals(size + 1, store.size());
      List<Hit> hits = store.search(s.vector(), SearchRequest.topK(1).withFilters(Map.of("id", s.id())));
      assertEquals(s.id(), hits.get(0).id());
    }
  }
}
