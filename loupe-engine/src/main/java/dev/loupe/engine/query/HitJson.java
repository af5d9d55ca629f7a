package dev.loupe.engine.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loupe.core.query.Hit;
import java.util.List;

/**
 * The one JSON form of search results, shared by {@code loupe search --format json|jsonl} and the server's
 * {@code POST /search}: {@code {"query": ..., "hits": [{"rank", "id", "path", "score", "distance", "metadata"}]}}.
 * Both write through {@link #mapper()}, so a hit is the same bytes whichever way it is asked for.
 *
 * <p>Output never carries a raw control character: Jackson escapes C0 controls itself, and {@link #jsonFactory()}
 * adds DEL, C1 controls (such as CSI, U+009B, which some terminals obey), line and paragraph separators and
 * bidirectional overrides, so JSON piped to a terminal or shown on a page cannot forge or reorder a line.
 */
public final class HitJson {
  private HitJson() {}

  /** Hits of one query, in the JSON shape of the contract. */
  public record QueryResult(String query, List<Hit> hits) {}

  /** A JSON factory whose output never carries a raw control character. */
  public static JsonFactory jsonFactory() {
    return new JsonFactoryBuilder().characterEscapes(new Escapes()).build();
  }

  /** A new mapper for hits (and anything else printed beside them); thread-safe once configured. */
  public static ObjectMapper mapper() {
    return new ObjectMapper(jsonFactory())
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  /** Whether a code point is written escaped: controls, line separators and bidi overrides. */
  public static boolean needsEscape(int c) {
    return Character.isISOControl(c) // C0, DEL and C1 controls (ESC, CSI, NEL...)
        || c == 0x2028 || c == 0x2029 // line and paragraph separators
        || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); // bidi overrides reorder a line
  }

  private static final class Escapes extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    Escapes() {
      ascii[0x7F] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int c) {
      return needsEscape(c) ? new SerializedString(String.format("\\u%04x", c)) : null;
    }
  }
}
