package dev.loupe.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.image.RgbImage;
import dev.loupe.eval.Distortions.Kind;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.image.ImageDecoder;
import dev.loupe.testing.TestImages;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DistortionsTest {

  static RgbImage lotus;

  @BeforeAll
  static void load() throws ImageDecodeException {
    lotus = ImageDecoder.decode(TestImages.caltech(TestImages.LOTUS)).image();
  }

  @Test
  void allListsEveryKindInApplicationOrder() {
    assertEquals(List.of(Kind.CROP, Kind.ROTATE, Kind.DOWNSCALE, Kind.COLOR_JITTER, Kind.JPEG), Distortions.all());
  }

  @Test
  void randomIsDeterministicPerSeed() {
    Set<String> descriptions = new HashSet<>();
    for (long seed = 0; seed < 8; seed++) {
      Distortion a = Distortions.random(lotus, new Random(seed));
      Distortion b = Distortions.random(lotus, new Random(seed));
      assertEquals(a.description(), b.description());
      assertEquals(a.image().width(), b.image().width());
      assertArrayEquals(a.image().rgb(), b.image().rgb(), "seed " + seed);
      descriptions.add(a.description());
    }
    assertTrue(descriptions.size() >= 6, "seeds gave too few distinct distortions: " + descriptions);
  }

  @Test
  void randomAppliesOneOrTwoDistinctKindsInOrder() {
    Random rnd = new Random(11);
    Set<Integer> counts = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      Distortion d = Distortions.random(lotus, rnd);
      String[] parts = d.description().split(" \\+ ");
      counts.add(parts.length);
      assertTrue(parts.length == 1 || parts.length == 2, d.description());
      int previous = -1;
      for (String part : parts) {
        Kind k = kindOf(part);
        assertTrue(k.ordinal() > previous, "not in order or repeated: " + d.description());
        previous = k.ordinal();
      }
      assertFalse(d.image().width() == lotus.width() && Arrays.equals(d.image().rgb(), lotus.rgb()), d.description());
    }
    assertEquals(Set.of(1, 2), counts);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyKindGivesAValidImageWithADescription(Kind kind) {
    Random rnd = new Random(kind.ordinal());
    for (int i = 0; i < 3; i++) {
      Distortion d = Distortions.of(kind, lotus, rnd);
      RgbImage img = d.image();
      assertTrue(d.description().startsWith(kind.label() + " "), d.description());
      assertFalse(img.width() == lotus.width() && Arrays.equals(img.rgb(), lotus.rgb()), d.description());
      double value = Double.parseDouble(d.description().replaceAll("^\\S+ [a-z]?([-0-9.]+).*$", "$1"));
      switch (kind) {
        case CROP -> {
          assertTrue(value >= 0.39 && value <= 0.81, d.description());
          double area = (double) img.width() * img.height() / (lotus.width() * lotus.height());
          assertEquals(value, area, 0.006);
        }
        case ROTATE -> {
          assertTrue(Math.abs(value) >= 5 && Math.abs(value) <= 20, d.description());
          assertSameSize(img);
        }
        case DOWNSCALE -> {
          assertTrue(value >= 0.3 && value <= 0.7, d.description());
          assertEquals(Math.round(lotus.width() * value), img.width(), 1);
        }
        case COLOR_JITTER -> {
          assertTrue(value >= 0.6 && value <= 1.4, d.description());
          assertSameSize(img);
        }
        case JPEG -> {
          assertTrue(value >= 20 && value <= 60 && value == Math.rint(value), d.description());
          assertSameSize(img);
        }
      }
    }
  }

  @Test
  void distortionRejectsABlankDescription() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Distortion(lotus, " "));
    assertTrue(e.getMessage().contains("' '"), e.getMessage());
  }

  static void assertSameSize(RgbImage img) {
    assertEquals(lotus.width(), img.width());
    assertEquals(lotus.height(), img.height());
  }

  static Kind kindOf(String part) {
    for (Kind k : Kind.values()) if (part.startsWith(k.label() + " ")) return k;
    throw new AssertionError("no kind for part: " + part);
  }
}
