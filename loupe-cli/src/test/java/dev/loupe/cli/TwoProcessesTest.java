package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real processes: while a child `loupe index` writes an index, a second `loupe index` on it fails at once
 * with one line (Lucene's native write lock), and `loupe search` on it works.
 */
class TwoProcessesTest {

  @Test
  void aSecondIndexRunFailsAtOnceWhileSearchesWork(@TempDir Path tmp) throws Exception {
    Path index = tmp.resolve("idx");
    String train = SharedData.caltechTrain().toString();
    String models = SharedData.models().toString();
    try (ChildIndexer child = ChildIndexer.start(index, tmp.resolve("child.log"))) {
      // The child holds the write lock from its start; wait for its first commit with items (generation >= 2).
      child.awaitCommitGeneration(2);
      CliTest.Run second = CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq",
          train, "--index", index.toString(), "--models", models);
      CliTest.Run search = CliTest.loupe("search", "--index", index.toString(), "--models", models, "-k", "3",
          SharedData.caltechTest().resolve("lotus/image_0003.jpg").toString());
      assertTrue(child.process().isAlive(), "the child was still writing during both runs");
      assertEquals(1, second.code(), second.err());
      List<String> lines = second.err().lines().toList();
      assertEquals(List.of("loupe: error: index " + index + " is being written by another process (its write lock"
          + " is held); wait for it to finish"), lines);
      assertEquals(0, search.code(), search.err());
      assertTrue(search.out().contains(train), search.out());
    }
  }
}
