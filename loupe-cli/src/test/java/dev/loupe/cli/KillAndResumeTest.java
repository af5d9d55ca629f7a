package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.lucene.LuceneItemStore;
import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGKILL of a child `loupe index` mid-run: the index still opens with what was committed, and the next
 * run embeds only the rest.
 */
class KillAndResumeTest {

  @Test
  void killedRunLosesAtMostItsUncommittedBatchAndResumes(@TempDir Path tmp) throws Exception {
    Path index = tmp.resolve("idx");
    String train = SharedData.caltechTrain().toString();
    Process child;
    try (ChildIndexer indexer = ChildIndexer.start(index, tmp.resolve("child.log"))) {
      child = indexer.process();
      // At least three batches of 20 committed (Lucene generation >= 4: the spec's commit first); then SIGKILL.
      indexer.awaitCommitGeneration(4);
    }
    assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");

    int committed;
    try (LuceneItemStore store = LuceneItemStore.open(index)) {
      committed = store.size();
    }
    assertTrue(committed >= 60 && committed < 400, "committed before the kill: " + committed);

    CliTest.Run resumed = CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq",
        train, "--index", index.toString(), "--models", SharedData.models().toString());
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().startsWith("indexed " + (400 - committed) + ", unchanged " + committed + ", skipped 0"),
        "resumed run: " + resumed.out() + " (committed before kill: " + committed + ")");
    try (LuceneItemStore store = LuceneItemStore.open(index)) {
      assertEquals(400, store.size());
    }
  }
}
