package dev.loupe.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import org.junit.jupiter.api.Test;

/** The zero-shot temperature of a text spec: optional, CLIP's 100 by default, bounded. */
class TextModelSpecTemperatureTest {
  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  static final String SPEC = """
      {"name": "t", "file": "t.onnx", "imageModel": "i", "tokenizer": "tokenizer.json"%s}""";

  @Test
  void absentIsClipsScaleAndAGivenOneIsKept() throws Exception {
    assertEquals(100, JSON.readValue(SPEC.formatted(""), TextModelSpec.class).logitScale());
    assertEquals(50, JSON.readValue(SPEC.formatted(", \"logitScale\": 50"), TextModelSpec.class).logitScale());
  }

  @Test
  void aScaleOutOfBoundsIsRefusedNamingIt() {
    for (String bad : new String[] {"0", "-1", "1e6"}) {
      ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
          () -> JSON.readValue(SPEC.formatted(", \"logitScale\": " + bad), TextModelSpec.class));
      assertTrue(e.getMessage().contains("logitScale must be in (0, 1000.0]"), e.getMessage());
    }
  }

  @Test
  void theBuiltInTextCatalogueStillLoads() {
    // Every built-in text spec has no logitScale: each gets CLIP's.
    assertTrue(!TextModelCatalog.builtIn().isEmpty());
    for (TextModelSpec s : TextModelCatalog.builtIn()) assertEquals(TextModelSpec.CLIP_LOGIT_SCALE, s.logitScale(), s.name());
  }
}
