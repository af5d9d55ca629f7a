package dev.loupe.image;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.TestImages;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The downcalls against the real libvips (libvips42 is a test dependency, installed by scripts/system-deps): the
 * library loads and is new enough, each call does what its C function does, and the error buffer is taken and
 * cleared.
 */
class LibVipsTest {
  private static final LibVips VIPS = VipsTesting.lib();

  private static MemorySegment copy(byte[] bytes, Arena arena) {
    MemorySegment s = arena.allocate(bytes.length);
    MemorySegment.copy(bytes, 0, s, JAVA_BYTE, 0, bytes.length);
    return s;
  }

  @Test
  void loadsANewEnoughLibrary() {
    LibVips.Availability a = LibVips.load();
    assertTrue(a.available(), String.valueOf(a.problem()));
    String[] v = a.version().split("\\.");
    int major = Integer.parseInt(v[0]);
    int minor = Integer.parseInt(v[1]);
    assertTrue(major > 8 || (major == 8 && minor >= 12), a.version());
  }

  @Test
  void aMissingLibraryIsAReasonWithTheFix() {
    LibVips.Availability a = LibVips.probe(new String[] {"libvips-does-not-exist.so.99"});
    assertFalse(a.available());
    assertEquals("libvips is not installed (tried libvips-does-not-exist.so.99); install it with: apt-get install"
        + " libvips42", a.problem());
  }

  @Test
  void findsTheLoaderByContentAndNoneForText() {
    try (Arena arena = Arena.ofConfined()) {
      assertEquals("VipsForeignLoadJpegBuffer", VIPS.findLoader(copy(TestImages.bytes(TestImages.LOTUS), arena)));
      assertNull(VIPS.findLoader(copy("just some text, no image".getBytes(StandardCharsets.US_ASCII), arena)));
      assertFalse(VIPS.takeError().isBlank());
    }
  }

  @Test
  void headerIsReadWithoutDecodingAndErrorsAreTakenOnce() {
    byte[] jpeg = TestImages.bytes(TestImages.LOTUS);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment image = VIPS.newFromBuffer(copy(jpeg, arena), arena.allocateFrom(""));
      try {
        RgbCheck.assertSameSize(ImageIoDecoder.INSTANCE, jpeg, VIPS.width(image), VIPS.height(image));
        assertEquals(3, VIPS.bands(image));
        assertEquals(1, VIPS.intField(image, "orientation", 1));
        assertEquals(-7, VIPS.intField(image, "no-such-field", -7));
      } finally {
        VIPS.unref(image);
      }
      MemorySegment garbage = VIPS.newFromBuffer(copy(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, arena),
          arena.allocateFrom(""));
      assertEquals(MemorySegment.NULL, garbage);
      String error = VIPS.takeError();
      assertTrue(error.contains("VipsForeignLoad"), error);
      assertEquals("unknown libvips error", VIPS.takeError(), "taking the error clears it");
    }
  }
}
