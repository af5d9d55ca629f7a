package dev.loupe.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files Loupe seals (trained towers, projections) read back whole, and refused with the reason when not. */
class SealedFilesTest {
  @Test
  void aSealedFileReadsBackAndADamagedOneIsRefusedWithTheReason(@TempDir Path tmp) throws Exception {
    byte[] body = "weights of a tower".getBytes(StandardCharsets.UTF_8);
    Path file = tmp.resolve("sealed");
    Files.write(file, Checksums.seal(body));
    assertArrayEquals(body, Checksums.readSealed(file, 4, IllegalStateException::new).orElseThrow());

    assertTrue(Checksums.readSealed(tmp.resolve("absent"), 4, IllegalStateException::new).isEmpty());

    byte[] flipped = Checksums.seal(body);
    flipped[3] ^= 1;
    Files.write(file, flipped);
    assertEquals("checksum mismatch", assertThrows(IllegalStateException.class,
        () -> Checksums.readSealed(file, 4, IllegalStateException::new)).getMessage());

    Files.write(file, new byte[10]);
    assertEquals("too short (10 bytes)", assertThrows(IllegalStateException.class,
        () -> Checksums.readSealed(file, 4, IllegalStateException::new)).getMessage());
  }
}
