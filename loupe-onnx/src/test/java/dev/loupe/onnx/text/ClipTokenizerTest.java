package dev.loupe.onnx.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.onnx.ModelLoadException;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Token ids of the real CLIP {@code tokenizer.json}. "a photo of a cat" is the value published with the issue
 * (and in countless CLIP examples). The other expected ids come from an independent implementation of OpenAI's
 * {@code simple_tokenizer.py} algorithm (Python, the {@code regex} module, no ftfy) over the same vocabulary and
 * merges; hand-checkable anchors: "a" = 320, "cat" = 2368, "hello" = 3306, "," = 267, "world" = 1002,
 * "!" = 256 (the first byte symbol, byte 0x21 is vocabulary entry 0, its {@code </w>} form is 256).
 */
class ClipTokenizerTest {
  static final Path FILE = SharedData.models().resolve("clip-tokenizer/tokenizer.json");
  static final ClipTokenizer CLIP = ClipTokenizer.load(FILE, 77, null);

  /** The real ids of a text, without the padding. */
  static long[] ids(String text) {
    ClipTokenizer.Tokens t = CLIP.encode(text);
    return Arrays.copyOf(t.ids(), t.length());
  }

  @Test
  void aPhotoOfACat() {
    assertArrayEquals(new long[] {49406, 320, 1125, 539, 320, 2368, 49407}, ids("a photo of a cat"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "Hello, world!                      | 49406 3306 267 1002 256 49407",
      // Contractions split off; digits one by one; "?!" is one symbol run.
      "It's 2024: 3.14 cats?!             | 49406 585 568 273 271 273 275 281 274 269 272 275 3989 2835 49407",
      // Accents: NFC, then UTF-8 bytes through BPE.
      "Café naïve résumé                  | 49406 15304 1097 35689 563 29106 7054 4166 49407",
      "I ❤️ 🐱 pizza 🍕                     | 49406 328 1752 22979 4474 23904 49407",
      "東京タワー 猫                         | 49406 48338 21078 105 34941 2429 107 30391 163 234 360 49407",
      "RED running-shoes (size 42)        | 49406 736 2761 268 4079 263 3235 275 273 264 49407",
      "supercalifragilisticexpialidocious | 49406 1642 2857 13093 2076 5868 26850 835 639 38466 49407",
  })
  void knownIds(String text, String expected) {
    long[] want = Arrays.stream(expected.trim().split(" +")).mapToLong(Long::parseLong).toArray();
    assertArrayEquals(want, ids(text.strip()), text);
  }

  @Test
  void whiteSpaceIsCollapsedAndCaseIgnored() {
    // "a dog on the beach": a=320 dog=1929 on=525 the=518 beach=2117
    assertArrayEquals(new long[] {49406, 320, 1929, 525, 518, 2117, 49407}, ids("  A   Dog\ton the\nbeach  "));
  }

  @Test
  void emptyAndBlankTextAreStartAndEndOnlyPaddedToTheContext() {
    for (String text : new String[] {"", "   ", "\n\t"}) {
      ClipTokenizer.Tokens t = CLIP.encode(text);
      assertEquals(2, t.length());
      assertEquals(77, t.ids().length);
      assertEquals(49406, t.ids()[0]);
      assertEquals(49407, t.ids()[1]);
      assertFalse(t.truncated());
    }
  }

  @Test
  void paddingIsTheEndTokenAndTheMaskMarksRealTokens() {
    ClipTokenizer.Tokens t = CLIP.encode("a photo of a cat");
    for (int i = 7; i < 77; i++) assertEquals(49407, t.ids()[i], "pad at " + i);
    long[] mask = t.attentionMask();
    for (int i = 0; i < 77; i++) assertEquals(i < 7 ? 1 : 0, mask[i], "mask at " + i);
    // A spec may pad with 0 (OpenAI's own code does): the end token is then written, not left over from padding.
    long[] zeroPadded = ClipTokenizer.load(FILE, 77, 0).encode("a photo of a cat").ids();
    assertArrayEquals(new long[] {49406, 320, 1125, 539, 320, 2368, 49407, 0, 0}, Arrays.copyOf(zeroPadded, 9));
  }

  @Test
  void aLongTextIsCutKeepingTheEndTokenLast() {
    // "cat" is one token; 100 of them need 102 ids, 77 fit: start, 75 cats, end.
    ClipTokenizer.Tokens t = CLIP.encode("cat ".repeat(100));
    assertTrue(t.truncated());
    assertEquals(77, t.length());
    assertEquals(49406, t.ids()[0]);
    for (int i = 1; i < 76; i++) assertEquals(2368, t.ids()[i]);
    assertEquals(49407, t.ids()[76]);
    assertFalse(CLIP.encode("cat ".repeat(75)).truncated(), "exactly 75 tokens fit");
    long[] zeroPadded = ClipTokenizer.load(FILE, 77, 0).encode("cat ".repeat(100)).ids();
    assertEquals(49407, zeroPadded[76], "the end token is written last, not left over from padding");
    assertTrue(CLIP.encode("cat ".repeat(76)).truncated());
  }

  @Test
  void aHugeWordDoesNotTakeQuadraticTime() {
    // One 100,000-letter word: cut before merging (to 77 x the longest symbol, 32 bytes), then to the context.
    ClipTokenizer.Tokens t = CLIP.encode("ab".repeat(50_000));
    assertTrue(t.truncated());
    assertEquals(77, t.length());
    assertEquals(49407, t.ids()[76]);
    // The cut does not change the ids: the word's first 75 tokens are those of a shorter copy of it.
    assertArrayEquals(Arrays.copyOf(t.ids(), 76), Arrays.copyOf(CLIP.encode("ab".repeat(1_300)).ids(), 76));
  }

  @Test
  void specialTokensInTheTextAreJustText() {
    long[] ids = ids("<|endoftext|> cat");
    assertEquals(49407, ids[ids.length - 1]);
    for (int i = 1; i < ids.length - 1; i++) assertTrue(ids[i] < 49406, "no special id inside the text: " + Arrays.toString(ids));
  }

  @Test
  void anUnsupportedTokenizerFailsNamingTheFile(@TempDir Path dir) throws Exception {
    Path wordPiece = dir.resolve("tokenizer.json");
    Files.writeString(wordPiece, "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}");
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ClipTokenizer.load(wordPiece, 77, null));
    assertTrue(e.getMessage().contains(wordPiece.toString()) && e.getMessage().contains("BPE"), e.getMessage());
  }
}
