package dev.loupe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spark-embed's refusals of its own options: one line, {@code loupe spark-embed: ...}, exit code 2. */
class SparkEmbedUsageTest {
  @TempDir Path tmp;

  @Test
  void aMissingOptionIsOneLine() {
    SparkEmbedTest.Run r = SparkEmbedTest.sparkEmbed(SharedData.caltechTest().toString(), "--model", "x");
    assertEquals(2, r.code(), r.err());
    assertEquals("loupe spark-embed: Missing required option: '--out=DIR' (see --help)", r.err().strip());
  }

  @Test
  void anUnknownOptionIsOneLine() {
    SparkEmbedTest.Run r = SparkEmbedTest.sparkEmbed(SharedData.caltechTest().toString(), "--out",
        tmp.resolve("o").toString(), "--model", "x", "--threads", "2");
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertEquals("loupe spark-embed: Unknown options: '--threads', '2' (see --help)", r.err().strip());
  }

  @Test
  void aRefusedValueIsExitCode2() {
    SparkEmbedTest.Run r = SparkEmbedTest.sparkEmbed(SharedData.caltechTest().toString(), "--out",
        tmp.resolve("o").toString(), "--model", "x", "--batch-size", "0");
    assertEquals(2, r.code(), r.err());
    assertEquals("loupe spark-embed: --batch-size must be at least 1, got: 0", r.err().strip());
  }
}
