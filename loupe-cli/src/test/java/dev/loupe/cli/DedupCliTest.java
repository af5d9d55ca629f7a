package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loupe dedup}: the server's /duplicates groups from the command line. */
class DedupCliTest {
  @Test
  void anExactCopyIsOneGroupAndOtherPhotosAreNot(@TempDir Path tmp) throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    List<Path> lotus = SharedData.filesUnder(SharedData.caltechTrain().resolve("lotus")).subList(0, 4);
    for (Path f : lotus) Files.copy(f, photos.resolve(f.getFileName()));
    Files.copy(lotus.get(0), photos.resolve("copy of first.jpg"));
    Path index = tmp.resolve("idx");
    CliTest.Run indexed = CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq",
        photos.toString(), "--index", index.toString(), "--models", SharedData.models().toString());
    assertEquals(0, indexed.code(), indexed.err());
    CliTest.Run text = CliTest.loupe("dedup", "--index", index.toString(), "--threshold", "0.999");
    assertEquals(0, text.code(), text.err());
    // Identical bytes embed identically: score 1.
    assertEquals("2 items, min score 1.0000:  " + photos.resolve("copy of first.jpg") + "  " + photos.resolve(lotus.get(0).getFileName()),
        text.out().strip());
    CliTest.Run jsonl = CliTest.loupe("dedup", "--index", index.toString(), "-t", "0.999", "-f", "jsonl");
    assertEquals(0, jsonl.code(), jsonl.err());
    assertEquals(1, jsonl.out().strip().lines().count(), jsonl.out());
    assertTrue(jsonl.out().startsWith("{\"ids\":[\""), jsonl.out());
    CliTest.Run bound = CliTest.loupe("dedup", "--index", index.toString(), "-t", "0.9", "--max-items", "3");
    assertEquals(2, bound.code(), bound.err());
    assertTrue(bound.err().contains("--max-items"), bound.err());
  }
}
