package dev.loupe.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The peak-RSS column reads this process's real high-water mark (Linux /proc). */
class PeakRssTest {
  private static final int MB = 1024 * 1024;

  @Test
  void peakGrowsWhenTheStageTouchesMemory() {
    OptionalLong before = PeakRss.bytes();
    assumeTrue(before.isPresent(), "needs /proc/self/status (Linux)");
    PeakRss.reset();
    long start = PeakRss.bytes().getAsLong();
    // Native memory, not a heap array: the heap may already hold resident pages from earlier tests in this JVM,
    // which a new array would reuse without raising the high-water mark.
    java.nio.ByteBuffer block = java.nio.ByteBuffer.allocateDirect(256 * MB);
    for (int i = 0; i < block.capacity(); i += 4096) block.put(i, (byte) 1); // touch every page
    long peak = PeakRss.bytes().getAsLong();
    assertTrue(peak >= start + 200L * MB, "peak " + peak / MB + " MB vs " + start / MB + " MB at the start");
    assertTrue(block.get(block.capacity() - 4096) == 1);
    assertTrue(PeakRss.mb(OptionalLong.of(peak)).equals(Long.toString(peak / MB)));
    assertTrue(PeakRss.mb(OptionalLong.empty()).equals("?"));
  }
}
