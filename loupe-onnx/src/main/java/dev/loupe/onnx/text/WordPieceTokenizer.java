package dev.loupe.onnx.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT's WordPiece tokenizer, read from a Hugging Face {@code tokenizer.json} whose normaliser is
 * {@code BertNormalizer}, pre-tokeniser {@code BertPreTokenizer} and model {@code WordPiece} (all-MiniLM-L6-v2's).
 *
 * <p>Steps, as the HF tokenizer does them: clean the text (control characters dropped, white space to a space),
 * put spaces around CJK ideographs, lower case and strip accents (NFD, combining marks dropped: BERT strips them
 * whenever it lower-cases and {@code strip_accents} is null), split on white space and around every punctuation
 * character, then greedy longest-match WordPiece with the {@code ##} continuation prefix; a word with no cover, or
 * longer than {@code max_input_chars_per_word}, becomes {@code [UNK]}. Output is {@code [CLS] tokens [SEP]} cut
 * to {@link #maxLength()} ids (the file's truncation length), not padded.
 *
 * <p>Written by hand: no tokenizer library (HF tokenizers bindings, DJL) resolves from the Maven mirror here.
 * Immutable and thread-safe.
 */
public final class WordPieceTokenizer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Integer> vocab;
  private final boolean lowercase;
  private final boolean stripAccents;
  private final String prefix;
  private final int maxCharsPerWord;
  private final int unkId;
  private final int clsId;
  private final int sepId;
  private final int maxLength;

  private WordPieceTokenizer(Map<String, Integer> vocab, boolean lowercase, boolean stripAccents, String prefix,
      int maxCharsPerWord, String unk, int maxLength) {
    this.vocab = vocab;
    this.lowercase = lowercase;
    this.stripAccents = stripAccents;
    this.prefix = prefix;
    this.maxCharsPerWord = maxCharsPerWord;
    this.unkId = id(vocab, unk);
    this.clsId = id(vocab, "[CLS]");
    this.sepId = id(vocab, "[SEP]");
    this.maxLength = maxLength;
  }

  private static int id(Map<String, Integer> vocab, String token) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new IllegalArgumentException("tokenizer.json: the vocabulary has no " + token + " token");
    }
    return id;
  }

  /** Reads a BERT {@code tokenizer.json}; {@code source} names it in error messages. */
  public static WordPieceTokenizer read(InputStream in, String source) throws IOException {
    JsonNode root = JSON.readTree(in);
    JsonNode model = root.path("model");
    if (!"WordPiece".equals(model.path("type").asText())) {
      throw new IOException(source + ": model type is " + model.path("type").asText("missing")
          + ", only WordPiece is supported");
    }
    JsonNode norm = root.path("normalizer");
    if (!"BertNormalizer".equals(norm.path("type").asText())) {
      throw new IOException(source + ": normalizer is " + norm.path("type").asText("missing")
          + ", only BertNormalizer is supported");
    }
    boolean lowercase = norm.path("lowercase").asBoolean(true);
    JsonNode strip = norm.path("strip_accents");
    // HF: a null strip_accents follows lowercase.
    boolean stripAccents = strip.isBoolean() ? strip.asBoolean() : lowercase;
    Map<String, Integer> vocab = new HashMap<>();
    model.path("vocab").properties().forEach(e -> vocab.put(e.getKey(), e.getValue().asInt()));
    if (vocab.isEmpty()) {
      throw new IOException(source + ": empty WordPiece vocabulary");
    }
    int maxLength = root.path("truncation").path("max_length").asInt(512);
    try {
      return new WordPieceTokenizer(Map.copyOf(vocab), lowercase, stripAccents,
          model.path("continuing_subword_prefix").asText("##"), model.path("max_input_chars_per_word").asInt(100),
          model.path("unk_token").asText("[UNK]"), maxLength);
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    }
  }

  /** The longest id sequence {@link #encode} returns, [CLS] and [SEP] included. */
  public int maxLength() {
    return maxLength;
  }

  /** {@code [CLS] pieces... [SEP]}, at most {@link #maxLength()} ids. */
  public long[] encode(String text) {
    List<Integer> ids = new ArrayList<>();
    ids.add(clsId);
    int room = maxLength - 2;
    for (String word : basicTokens(text)) {
      for (int piece : wordPiece(word)) {
        if (ids.size() - 1 >= room) {
          break;
        }
        ids.add(piece);
      }
    }
    ids.add(sepId);
    return ids.stream().mapToLong(Integer::longValue).toArray();
  }

  /** Whether {@link #encode} cuts {@code text} (it has more pieces than fit between [CLS] and [SEP]). */
  public boolean truncates(String text) {
    int pieces = 0;
    for (String word : basicTokens(text)) {
      pieces += wordPiece(word).length;
      if (pieces > maxLength - 2) {
        return true;
      }
    }
    return false;
  }

  /** Cleaning, lower case, accent stripping, white-space and punctuation split. */
  List<String> basicTokens(String text) {
    StringBuilder clean = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
        return;
      }
      if (isCjk(cp)) {
        clean.append(' ').appendCodePoint(cp).append(' ');
      } else {
        clean.appendCodePoint(Character.isWhitespace(cp) || Character.isSpaceChar(cp) ? ' ' : cp);
      }
    });
    String s = clean.toString();
    if (lowercase) {
      s = s.toLowerCase(Locale.ROOT);
    }
    if (stripAccents) {
      s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{Mn}", "");
    }
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    s.codePoints().forEach(cp -> {
      if (cp == ' ') {
        flush(word, words);
      } else if (isPunctuation(cp)) {
        flush(word, words);
        words.add(new String(Character.toChars(cp)));
      } else {
        word.appendCodePoint(cp);
      }
    });
    flush(word, words);
    return words;
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (!word.isEmpty()) {
      words.add(word.toString());
      word.setLength(0);
    }
  }

  /** Greedy longest match first, as BERT does; [UNK] for a word with no full cover. */
  int[] wordPiece(String word) {
    if (word.codePointCount(0, word.length()) > maxCharsPerWord) {
      return new int[] {unkId};
    }
    int[] out = new int[word.length()];
    int n = 0;
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      Integer found = null;
      while (start < end) {
        String sub = word.substring(start, end);
        found = vocab.get(start > 0 ? prefix + sub : sub);
        if (found != null) {
          break;
        }
        end = Character.isLowSurrogate(word.charAt(end - 1)) && end - 2 > start ? end - 2 : end - 1;
      }
      if (found == null) {
        return new int[] {unkId};
      }
      out[n++] = found;
      start = end;
    }
    return Arrays.copyOf(out, n);
  }

  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT;
  }

  /** BERT counts every ASCII non-letter-digit-space as punctuation, plus Unicode P* classes. */
  private static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION -> true;
      default -> false;
    };
  }

  private static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }
}
