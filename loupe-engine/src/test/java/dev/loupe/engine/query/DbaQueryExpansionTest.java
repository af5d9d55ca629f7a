package dev.loupe.engine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.query.Vectors;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query expansion on an index with database-side augmentation expands with the hits' augmented vectors (those
 * searches compare), as evaluation does, not their raw ones.
 */
class DbaQueryExpansionTest {

  @Test
  void expansionAddsTheTopHitsAugmentedVector(@TempDir Path tmp) throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (String cls : List.of("starfish", "bonsai")) {
      for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve(cls)).subList(0, 6)) {
        Files.copy(f, photos.resolve(cls + "-" + f.getFileName()));
      }
    }
    Path query = SharedData.filesUnder(SharedData.caltechTest().resolve("starfish")).get(0);
    LoupeConfig config = LoupeConfig.defaults().withModelDirs(List.of(SharedData.models())).withModel("pixels-8")
        .withLevers(IndexSpec.Levers.NONE.withDba(2, 0.0));
    try (Loupe loupe = Loupe.openOrCreate(tmp.resolve("idx"), config)) {
      loupe.index(new SourceScanner(new CsvCatalog("id", "image"), Map.of()).scan(List.of(photos)), IndexListener.NONE);
      assertEquals(2, loupe.spec().levers().dbaTop());
      SearchRequest all = SearchRequest.topK(12);
      float[] q = loupe.embed(loupe.decode(query));
      Hit top = loupe.search(q, all).getFirst();
      Map<String, Float> expanded = scores(loupe.search(query, all, QueryOptions.NONE.withQe(1, 0)));
      Map<String, Float> byAugmented = scores(loupe.search(expand(loupe, q, top,
          loupe.store().searchedVector(top.id()).orElseThrow()), all));
      Map<String, Float> byRaw = scores(loupe.search(expand(loupe, q, top,
          loupe.store().vector(top.id()).orElseThrow()), all));
      double differs = 0;
      for (String id : expanded.keySet()) {
        assertEquals(byAugmented.get(id), expanded.get(id), 1e-5f, id);
        differs = Math.max(differs, Math.abs(byRaw.get(id) - expanded.get(id)));
      }
      assertTrue(differs > 1e-4, "raw and augmented expansions differ (else this proves nothing): " + differs);
    }
  }

  /** Alpha-QE with one hit and alpha 0, by hand: q + v, unit again for a unit embedder, else over the weights. */
  private static float[] expand(Loupe loupe, float[] q, Hit top, float[] v) {
    float w = (float) Math.pow(Math.max(top.score(), 0), 0); // alpha 0: weight 1, the largest difference
    float[] e = q.clone();
    for (int i = 0; i < e.length; i++) e[i] += w * v[i];
    if (loupe.spec().embedder().normalized()) return Vectors.normalizeInPlace(e);
    for (int i = 0; i < e.length; i++) e[i] /= 1 + w;
    return e;
  }

  private static Map<String, Float> scores(List<Hit> hits) {
    Map<String, Float> out = new HashMap<>();
    for (Hit h : hits) out.put(h.id(), h.score());
    return out;
  }
}
