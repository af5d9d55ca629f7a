package dev.loupe.onnx.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.onnx.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE tokenizer, read from a Hugging Face {@code tokenizer.json}: its normaliser (NFC, runs of
 * white space to one space, lower case), its pre-tokeniser (the CLIP split regex, then GPT-2 byte-to-unicode
 * mapping), BPE merges with the {@code </w>} end-of-word suffix, and the start/end tokens of its post-processor.
 *
 * <p>Written by hand: no tokenizer library (HF tokenizers bindings, DJL) resolves from the Maven mirror here, and
 * CLIP's scheme is small. Only what CLIP-family {@code tokenizer.json} files use is supported; anything else
 * fails at load with the file and the unsupported part named, never tokenises silently wrong.
 *
 * <p>Output: {@code [start, tokens..., end, pad...]} of exactly {@link #contextLength()} ids. A text with more
 * than {@code contextLength - 2} tokens is cut, keeping the end token last (what the text tower pools).
 * Padding: the file's {@code "padding"} is null in the HF CLIP export; its {@code tokenizer_config.json} pads
 * with {@code <|endoftext|>} (49407), which is the default here. CLIP's text towers use a causal mask and pool
 * at the first end token, so the padding id does not change the embedding; the attention mask marks the real
 * tokens for graphs that take one.
 *
 * <p>Differences from the HF tokenizer, on purpose: {@code <|startoftext|>} / {@code <|endoftext|>} written in
 * the user's text are tokenised as plain text, not as the special tokens (a query cannot end itself early).
 *
 * <p>Immutable and thread-safe.
 */
public final class ClipTokenizer {
  /** The ids of one text, padded to the context length. */
  public record Tokens(long[] ids, int length, boolean truncated) {
    /** 1 for the {@link #length} real tokens (start and end included), 0 for padding. */
    public long[] attentionMask() {
      long[] mask = new long[ids.length];
      java.util.Arrays.fill(mask, 0, length, 1L);
      return mask;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Integer> vocab;
  private final Map<String, Integer> mergeRanks;
  private final UnaryOperator<String> normalizer;
  private final Pattern split;
  private final String endOfWord;
  private final int unkId;
  private final int startId;
  private final int endId;
  private final int padId;
  private final int contextLength;
  /**
   * A word longer than this many UTF-8 bytes is cut before BPE, because merging is quadratic in the word length
   * (a 100 kB "word" would take minutes). No token covers more bytes than the longest vocabulary symbol, so a cut
   * at contextLength x that length still yields more tokens than the context holds: the ids do not change.
   */
  private final int maxWordBytes;
  private final String[] byteToChar = byteToUnicode();

  private ClipTokenizer(Map<String, Integer> vocab, Map<String, Integer> mergeRanks, UnaryOperator<String> normalizer,
      Pattern split, String endOfWord, int unkId, int startId, int endId, int padId, int contextLength) {
    this.vocab = vocab;
    this.mergeRanks = mergeRanks;
    this.normalizer = normalizer;
    this.split = split;
    this.endOfWord = endOfWord;
    this.unkId = unkId;
    this.startId = startId;
    this.endId = endId;
    this.padId = padId;
    this.contextLength = contextLength;
    int longest = 1;
    for (String symbol : vocab.keySet()) longest = Math.max(longest, (endOfWord.isEmpty() ? symbol : symbol.replace(endOfWord, "")).length());
    this.maxWordBytes = contextLength * longest;
  }

  /**
   * Reads a {@code tokenizer.json}.
   *
   * @param contextLength ids per text, start and end included (77 for CLIP)
   * @param padId id used after the end token, or null for the end token itself (the HF CLIP convention)
   */
  public static ClipTokenizer load(Path file, int contextLength, Integer padId) {
    if (contextLength < 3) throw new IllegalArgumentException("contextLength must be at least 3, got: " + contextLength);
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelLoadException("cannot read tokenizer " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(root, contextLength, padId);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException("unsupported tokenizer " + file + ": " + e.getMessage(), e);
    }
  }

  private static ClipTokenizer parse(JsonNode root, int contextLength, Integer padId) {
    JsonNode model = root.path("model");
    require("BPE".equals(model.path("type").asText()), "model.type must be BPE, got: " + model.path("type").asText());
    Map<String, Integer> vocab = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : model.path("vocab").properties()) vocab.put(e.getKey(), e.getValue().asInt());
    require(!vocab.isEmpty(), "model.vocab is empty");
    Map<String, Integer> ranks = new HashMap<>();
    for (JsonNode merge : model.path("merges")) {
      // Older files write a merge as "a b", newer ones as ["a", "b"].
      String key;
      if (merge.isArray()) {
        key = merge.get(0).asText() + " " + merge.get(1).asText();
      } else {
        key = merge.asText();
        require(key.indexOf(' ') > 0, "merge without a space: " + key);
      }
      ranks.putIfAbsent(key, ranks.size());
    }
    String endOfWord = model.path("end_of_word_suffix").asText("");
    String unk = model.path("unk_token").asText(null);
    JsonNode post = root.path("post_processor");
    require(post.has("cls") && post.has("sep"),
        "post_processor must name cls (start) and sep (end) tokens, got type: " + post.path("type").asText());
    int start = post.get("cls").get(1).asInt();
    int end = post.get("sep").get(1).asInt();
    Integer unkId = unk == null ? null : vocab.get(unk);
    return new ClipTokenizer(Map.copyOf(vocab), Map.copyOf(ranks), normalizer(root.path("normalizer")),
        splitPattern(root.path("pre_tokenizer")), endOfWord, unkId == null ? end : unkId, start, end,
        padId == null ? end : padId, contextLength);
  }

  /** The normalisers CLIP files use: a Sequence of NFC/NFKC/NFD, Replace (regex or string) and Lowercase. */
  private static UnaryOperator<String> normalizer(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) return s -> s;
    String type = node.path("type").asText();
    switch (type) {
      case "Sequence": {
        List<UnaryOperator<String>> steps = new ArrayList<>();
        for (JsonNode n : node.path("normalizers")) steps.add(normalizer(n));
        return s -> {
          for (UnaryOperator<String> step : steps) s = step.apply(s);
          return s;
        };
      }
      case "NFC": return s -> Normalizer.normalize(s, Normalizer.Form.NFC);
      case "NFKC": return s -> Normalizer.normalize(s, Normalizer.Form.NFKC);
      case "NFD": return s -> Normalizer.normalize(s, Normalizer.Form.NFD);
      case "Lowercase": return s -> s.toLowerCase(Locale.ROOT);
      case "Replace": {
        JsonNode pattern = node.path("pattern");
        Pattern p = pattern.has("Regex")
            ? Pattern.compile(pattern.get("Regex").asText(), Pattern.UNICODE_CHARACTER_CLASS)
            : Pattern.compile(Pattern.quote(pattern.path("String").asText()));
        String content = Matcher.quoteReplacement(node.path("content").asText());
        return s -> p.matcher(s).replaceAll(content);
      }
      default: throw new IllegalArgumentException("normalizer type " + type + " is not supported");
    }
  }

  /**
   * The CLIP split regex of the pre-tokeniser (Split, behaviour Removed, inverted: the matches are the words,
   * everything else is dropped), followed by ByteLevel. ByteLevel's own GPT-2 regex splits none of the CLIP
   * words further (each is a run of letters, one digit, a run of other symbols, or a contraction), so only the
   * byte mapping remains to apply.
   */
  private static Pattern splitPattern(JsonNode node) {
    List<JsonNode> steps = new ArrayList<>();
    if ("Sequence".equals(node.path("type").asText())) node.path("pretokenizers").forEach(steps::add);
    else steps.add(node);
    Pattern split = null;
    boolean byteLevel = false;
    for (JsonNode step : steps) {
      String type = step.path("type").asText();
      if (type.equals("Split")) {
        require(step.path("pattern").has("Regex"), "Split pre-tokenizer needs a Regex pattern");
        require(step.path("behavior").asText().equals("Removed") && step.path("invert").asBoolean(),
            "Split pre-tokenizer must be behavior Removed, invert true (the CLIP form)");
        split = Pattern.compile(step.get("pattern").get("Regex").asText(), Pattern.UNICODE_CHARACTER_CLASS);
      } else if (type.equals("ByteLevel")) {
        require(!step.path("add_prefix_space").asBoolean(), "ByteLevel with add_prefix_space is not supported");
        byteLevel = true;
      } else {
        throw new IllegalArgumentException("pre_tokenizer type " + type + " is not supported");
      }
    }
    require(split != null && byteLevel, "pre_tokenizer must be the CLIP form: Split (regex) then ByteLevel");
    return split;
  }

  public int contextLength() {
    return contextLength;
  }

  public int startId() {
    return startId;
  }

  public int endId() {
    return endId;
  }

  public int padId() {
    return padId;
  }

  /** The ids of {@code text}: start, the BPE tokens (cut to fit), end, then padding to the context length. */
  public Tokens encode(String text) {
    List<Integer> tokens = new ArrayList<>();
    int room = contextLength - 2;
    boolean truncated = false;
    Matcher words = split.matcher(normalizer.apply(text));
    while (words.find()) {
      for (int id : bpe(words.group())) {
        if (tokens.size() == room) {
          truncated = true;
          break;
        }
        tokens.add(id);
      }
      if (truncated) break;
    }
    long[] ids = new long[contextLength];
    java.util.Arrays.fill(ids, padId);
    ids[0] = startId;
    for (int i = 0; i < tokens.size(); i++) ids[i + 1] = tokens.get(i);
    ids[tokens.size() + 1] = endId;
    return new Tokens(ids, tokens.size() + 2, truncated);
  }

  /** The BPE token ids of one pre-tokenised word. */
  private List<Integer> bpe(String word) {
    byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(bytes.length, maxWordBytes);
    List<String> symbols = new ArrayList<>(n);
    for (int i = 0; i < n; i++) symbols.add(byteToChar[bytes[i] & 0xff]);
    symbols.set(n - 1, symbols.get(n - 1) + endOfWord);
    while (symbols.size() > 1) {
      int bestRank = Integer.MAX_VALUE;
      int best = -1;
      for (int i = 0; i + 1 < symbols.size(); i++) {
        Integer rank = mergeRanks.get(symbols.get(i) + " " + symbols.get(i + 1));
        if (rank != null && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) break;
      // Merge every occurrence of the best pair, left to right (as the reference BPE does).
      String a = symbols.get(best);
      String b = symbols.get(best + 1);
      List<String> merged = new ArrayList<>(symbols.size());
      for (int i = 0; i < symbols.size(); i++) {
        if (i + 1 < symbols.size() && symbols.get(i).equals(a) && symbols.get(i + 1).equals(b)) {
          merged.add(a + b);
          i++;
        } else {
          merged.add(symbols.get(i));
        }
      }
      symbols = merged;
    }
    List<Integer> ids = new ArrayList<>(symbols.size());
    for (String s : symbols) ids.add(vocab.getOrDefault(s, unkId));
    return ids;
  }

  /**
   * GPT-2's reversible byte-to-character map: printable Latin-1 bytes map to themselves, the others to
   * code points from 256 up, so every byte is a visible vocabulary symbol.
   */
  private static String[] byteToUnicode() {
    String[] map = new String[256];
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      map[b] = new String(Character.toChars(printable ? b : 256 + extra++));
    }
    return map;
  }

  private static void require(boolean condition, String message) {
    if (!condition) throw new IllegalArgumentException(message);
  }
}
