package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.cli.CliTest.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loupe index --vector-format}: recorded in the index, shown by {@code info}, searched; bad names are usage errors. */
class VectorFormatCliTest {

  @Test
  void aNamedFormatIsRecordedShownAndSearched(@TempDir Path tmp) throws Exception {
    Path photos = IndexSafetyCliTest.photos(tmp.resolve("photos"), 12);
    Path index = tmp.resolve("idx");
    Run made = IndexSafetyCliTest.index(photos, index, "--vector-format", "int4");
    assertEquals(0, made.code(), made.err());
    Run info = CliTest.loupe("info", "--index", index.toString(), "--json");
    assertEquals(0, info.code(), info.err());
    JsonNode hnsw = new ObjectMapper().readTree(info.out()).get("hnsw");
    assertEquals("int4", hnsw.get("vectorFormat").asText(), info.out());
    assertTrue(hnsw.get("quantized").asBoolean(), info.out());
    Path query = photos.resolve(photos.toFile().list()[0]);
    Run hits = CliTest.loupe("search", query.toString(), "--index", index.toString(), "--models",
        IndexSafetyCliTest.MODELS, "-k", "3", "--format", "json");
    assertEquals(0, hits.code(), hits.err());
    assertTrue(hits.out().contains(query.getFileName().toString()), "the photo finds itself:\n" + hits.out());
  }

  @Test
  void unknownNamesAndAContradictoryQuantizeAreUsageErrors(@TempDir Path tmp) throws Exception {
    Path photos = IndexSafetyCliTest.photos(tmp.resolve("photos"), 2);
    Run unknown = IndexSafetyCliTest.index(photos, tmp.resolve("a"), "--vector-format", "int9");
    assertEquals(2, unknown.code(), unknown.err());
    assertTrue(unknown.err().contains("unknown vector format 'int9'; valid names: float, int8, int4, bit1"), unknown.err());
    Run both = IndexSafetyCliTest.index(photos, tmp.resolve("b"), "--quantize", "--vector-format", "int4");
    assertEquals(2, both.code(), both.err());
    assertTrue(both.err().contains("--quantize means --vector-format int8, not int4"), both.err());
    Run alias = IndexSafetyCliTest.index(photos, tmp.resolve("c"), "--quantize");
    assertEquals(0, alias.code(), alias.err());
    Run info = CliTest.loupe("info", "--index", tmp.resolve("c").toString(), "--json");
    assertEquals("int8", new ObjectMapper().readTree(info.out()).get("hnsw").get("vectorFormat").asText(), info.out());
  }
}
