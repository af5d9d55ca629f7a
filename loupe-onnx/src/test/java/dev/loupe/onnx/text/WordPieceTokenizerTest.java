package dev.loupe.onnx.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loupe.onnx.MiniLmSentenceEncoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Ids of the real all-MiniLM-L6-v2 {@code tokenizer.json} (the jar's resource). Expected ids were read from its
 * vocabulary by hand: [CLS] 101, [SEP] 102, [UNK] 100, hello 7592, world 2088, "," 1010, "!" 999,
 * "lou" 10223 + "##pe" 5051 (loupe has no entry of its own), em 7861 ##bed 8270 ##ding 4667 ##s 2015,
 * cafe 7668, t 1056, "-" 1011, shirt 3797, sneakers 28130.
 */
class WordPieceTokenizerTest {
  static final WordPieceTokenizer BERT = load();

  static WordPieceTokenizer load() {
    try (InputStream in = MiniLmSentenceEncoder.class.getResourceAsStream(MiniLmSentenceEncoder.TOKENIZER_RESOURCE)) {
      return WordPieceTokenizer.read(in, MiniLmSentenceEncoder.TOKENIZER_RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "hello world             | 101 7592 2088 102",
      // Lower case, punctuation split off.
      "Hello, WORLD!           | 101 7592 1010 2088 999 102",
      // A word not in the vocabulary: greedy longest-match WordPiece with ## continuations.
      "loupe                   | 101 10223 5051 102",
      "embeddings              | 101 7861 8270 4667 2015 102",
      // Accents stripped (lowercase with strip_accents null): café is cafe, not [UNK].
      "Café                    | 101 7668 102",
      // Hyphen is punctuation: t - shirt.
      "T-shirt sneakers        | 101 1056 1011 3797 28130 102",
      "``                      | 101 102",
  })
  void knownIds(String text, String expected) {
    long[] want = Arrays.stream(expected.trim().split(" +")).mapToLong(Long::parseLong).toArray();
    assertArrayEquals(want, BERT.encode(text.strip()), text);
  }

  @Test
  void unknownCharacterIsUnk() {
    // A private-use character has no vocabulary entry and no piece covers it.
    assertArrayEquals(new long[] {101, 100, 102}, BERT.encode("\uE000"));
  }

  @Test
  void longTextIsCutToMaxLengthKeepingSep() {
    long[] ids = BERT.encode("hello ".repeat(500));
    assertEquals(BERT.maxLength(), ids.length);
    assertEquals(128, ids.length);
    assertEquals(101, ids[0]);
    assertEquals(102, ids[ids.length - 1]);
    assertEquals(7592, ids[ids.length - 2]);
  }

  @Test
  void nonWordPieceFileIsRefusedWithItsName() {
    String json = "{\"model\":{\"type\":\"BPE\",\"vocab\":{}}}";
    IOException e = assertThrows(IOException.class, () -> WordPieceTokenizer.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "bad.json"));
    assertEquals("bad.json: model type is BPE, only WordPiece is supported", e.getMessage());
  }
}
