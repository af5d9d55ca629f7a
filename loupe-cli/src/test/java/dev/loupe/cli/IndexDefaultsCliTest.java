package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.cli.CliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Today's defaults apply to new indexes only: a rebuild keeps what the index was built with, a refused folder makes nothing. */
class IndexDefaultsCliTest {

  private static JsonNode info(Path index) throws Exception {
    Run info = CliTest.loupe("info", "--index", index.toString(), "--json");
    assertEquals(0, info.code(), info.err());
    return new ObjectMapper().readTree(info.out());
  }

  @Test
  void aRebuildWithoutOptionsKeepsTheModelTheGraphAndTheVectorFormat(@TempDir Path tmp) throws Exception {
    Path photos = IndexSafetyCliTest.photos(tmp.resolve("photos"), 12);
    Path index = tmp.resolve("idx");
    Run built = CliTest.loupe("index", photos.toString(), "--index", index.toString(), "--models",
        IndexSafetyCliTest.MODELS, "--model", IndexSafetyCliTest.MODEL, "--vector-format", "float", "--hnsw-m", "8",
        "--metric", "l2");
    assertEquals(0, built.code(), built.err());
    JsonNode before = info(index);

    Run rebuilt = CliTest.loupe("index", photos.toString(), "--index", index.toString(), "--models",
        IndexSafetyCliTest.MODELS, "--rebuild");
    assertEquals(0, rebuilt.code(), rebuilt.err());
    JsonNode after = info(index);
    for (String field : new String[] {"embedder", "metric", "hnsw", "levers"}) {
      assertEquals(before.get(field), after.get(field), field + " kept by the rebuild:\n" + before + "\n" + after);
    }
    assertEquals("float", after.get("hnsw").get("vectorFormat").asText());
    assertEquals(12, after.get("items").asInt());

    // Naming an option changes that, and only that.
    Run changed = CliTest.loupe("index", photos.toString(), "--index", index.toString(), "--models",
        IndexSafetyCliTest.MODELS, "--rebuild", "--vector-format", "int8");
    assertEquals(0, changed.code(), changed.err());
    JsonNode now = info(index);
    assertEquals("int8", now.get("hnsw").get("vectorFormat").asText());
    assertEquals(before.get("embedder"), now.get("embedder"));
  }

  @Test
  void aFolderOfOtherFilesIsRefusedBeforeAnyDefaultModelIsMade(@TempDir Path tmp) throws Exception {
    Path photos = IndexSafetyCliTest.photos(tmp.resolve("photos"), 20);
    Path notAnIndex = Files.createDirectories(tmp.resolve("documents"));
    Files.writeString(notAnIndex.resolve("letter.txt"), "dear framer");
    Run r = CliTest.loupe("index", photos.toString(), "--index", notAnIndex.toString(), "--models",
        IndexSafetyCliTest.MODELS);
    assertEquals(1, r.code(), r.err());
    assertFalse(r.err().contains("made the default model"), r.err());
    Path cache = Path.of(System.getenv("XDG_CACHE_HOME"), "loupe", "models");
    assertFalse(Files.exists(cache.resolve("mobilenetv2-tf2-ptq-int8.onnx")), "no model was made into " + cache);
    assertEquals("dear framer", Files.readString(notAnIndex.resolve("letter.txt")));
    assertTrue(r.err().contains("holds other files"), r.err());
  }
}
