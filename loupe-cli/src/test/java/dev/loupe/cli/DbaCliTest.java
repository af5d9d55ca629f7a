package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.lucene.LuceneItemStore;
import dev.loupe.testing.DbaReference;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loupe index --dba}: a live index with database-side augmentation, on real Caltech photos. */
class DbaCliTest {
  static final String MODELS = SharedData.models().toString();
  static final ObjectMapper JSON = new ObjectMapper();

  private static Path copy(Path photos, String cls, int n) throws Exception {
    Path dir = Files.createDirectories(photos.resolve(cls));
    for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve(cls)).subList(0, n)) {
      Files.copy(f, dir.resolve(f.getFileName()));
    }
    return dir;
  }

  /** The index's raw vectors, and a check that every item is searched by its from-scratch augmented vector. */
  private static void assertConsistent(Path index, int items) throws Exception {
    try (LuceneItemStore store = LuceneItemStore.open(index)) {
      assertEquals(3, store.spec().levers().dbaTop());
      Map<String, float[]> raw = new LinkedHashMap<>();
      store.forEachVector(raw::put);
      assertEquals(items, raw.size());
      DbaReference.assertAugmentationOf(raw, store);
    }
  }

  @Test
  void indexWithDbaShowsItSearchesAndStaysConsistentAsPhotosAreAddedAndRebuilt(@TempDir Path tmp) throws Exception {
    Path photos = tmp.resolve("photos");
    copy(photos, "bonsai", 6);
    copy(photos, "watch", 6);
    Path index = tmp.resolve("idx");
    CliTest.Run r = CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq", photos.toString(), "-i",
        index.toString(), "--dba", "3", "--models", MODELS);
    assertEquals(0, r.code(), r.err());
    JsonNode info = JSON.readTree(CliTest.loupe("info", "-i", index.toString(), "--json").out());
    assertEquals(3, info.get("levers").get("dbaTop").asInt(), info.toString());
    assertEquals(3.0, info.get("levers").get("dbaAlpha").asDouble(), info.toString());
    assertConsistent(index, 12);

    Path query = SharedData.filesUnder(SharedData.caltechTest().resolve("watch")).get(0);
    CliTest.Run search = CliTest.loupe("search", "-i", index.toString(), "-f", "jsonl", "--models", MODELS,
        "-k", "3", "--qe", "2", query.toString());
    assertEquals(0, search.code(), search.err());
    JsonNode hits = JSON.readTree(search.out().lines().findFirst().orElseThrow()).get("hits");
    assertEquals(3, hits.size());
    assertTrue(hits.get(0).get("path").asText().contains("/watch/"), hits.toString());

    // Photos added later: the commit recomputes the neighbourhoods they enter.
    copy(photos, "ewer", 5);
    CliTest.Run more = CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq", photos.toString(), "-i",
        index.toString(), "--models", MODELS);
    assertEquals(0, more.code(), more.err());
    assertConsistent(index, 17);

    // A rebuild keeps the lever, as it keeps --center.
    CliTest.Run rebuilt = CliTest.loupe("index", photos.toString(), "-i", index.toString(), "--rebuild",
        "--models", MODELS);
    assertEquals(0, rebuilt.code(), rebuilt.err());
    assertConsistent(index, 17);
  }

  @Test
  void dbaOptionsAreChecked(@TempDir Path tmp) throws Exception {
    Path photos = tmp.resolve("photos");
    copy(photos, "bonsai", 1);
    String idx = tmp.resolve("idx").toString();
    for (List<String> bad : List.of(List.of("--dba", "51"), List.of("--dba", "-1"),
        List.of("--dba", "3", "--augment", "1"), List.of("--dba", "3", "--dba-alpha", "-1"),
        List.of("--dba-alpha", "2"))) {
      String[] args = new String[bad.size() + 6];
      System.arraycopy(new String[] {"index", photos.toString(), "-i", idx, "--models", MODELS}, 0, args, 0, 6);
      for (int i = 0; i < bad.size(); i++) args[6 + i] = bad.get(i);
      CliTest.Run r = CliTest.loupe(args);
      assertEquals(2, r.code(), bad + ": " + r.err());
      assertTrue(r.err().contains("--dba"), bad + ": " + r.err());
    }
  }
}
