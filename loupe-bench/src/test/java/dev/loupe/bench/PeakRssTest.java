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
    byte[] block = new byte[256 * MB];
    for (int i = 0; i < block.length; i += 4096) block[i] = 1; // touch every page so it becomes resident
    long peak = PeakRss.bytes().getAsLong();
    assertTrue(peak >= start + 200L * MB, "peak " + peak / MB + " MB vs " + start / MB + " MB at the start");
    assertTrue(block[block.length - 4096] == 1);
    assertTrue(PeakRss.mb(OptionalLong.of(peak)).equals(Long.toString(peak / MB)));
    assertTrue(PeakRss.mb(OptionalLong.empty()).equals("?"));
  }
}
