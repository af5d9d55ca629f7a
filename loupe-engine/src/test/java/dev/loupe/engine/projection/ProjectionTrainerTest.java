package dev.loupe.engine.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.ItemStore;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.engine.learn.Dense;
import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The projection trained on caltech20's training split as the real default model embeds it, measured on the test
 * split (queries whose labels never trained it) against the training split as gallery.
 */
class ProjectionTrainerTest {
  private static final String MODEL = "mobilenetv2-tf2-ptq";

  @TempDir static Path dir;
  private static List<ProjectionTrainer.Labelled> gallery;
  private static List<ProjectionTrainer.Labelled> queries;
  private static ItemStore store;

  @BeforeAll
  static void embed() throws Exception {
    LoupeConfig config = LoupeConfig.defaults().withModelDirs(List.of(SharedData.models())).withModel(MODEL);
    List<CatalogEntry> entries = new ArrayList<>();
    for (Path f : SharedData.filesUnder(SharedData.caltechTrain())) {
      entries.add(new CatalogEntry(SharedData.caltechTrain().relativize(f).toString(), f,
          Map.of("class", SharedData.labelOf(f))));
    }
    queries = new ArrayList<>();
    try (Loupe loupe = Loupe.openOrCreate(dir, config)) {
      loupe.index(entries, IndexListener.NONE);
      for (Path f : SharedData.filesUnder(SharedData.caltechTest())) {
        queries.add(new ProjectionTrainer.Labelled(f.toString(), loupe.embed(loupe.decode(f)), SharedData.labelOf(f)));
      }
    }
    store = Loupe.openStore(dir, config);
    gallery = IndexLabels.read(store, "class").labelled();
  }

  @AfterAll
  static void close() throws Exception {
    store.close();
  }

  /** Test-split queries' mAP against the gallery, each side through {@code p} (null = the embedder's cosine). */
  private static double testMap(Projection p, Set<String> classes) {
    List<double[]> all = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<String> names = new ArrayList<>(new TreeSet<>(gallery.stream().map(ProjectionTrainer.Labelled::label).toList()));
    for (ProjectionTrainer.Labelled g : gallery) {
      all.add(Dense.toDouble(new float[][] {p == null ? g.vector() : p.apply(g.vector())})[0]);
      labels.add(names.indexOf(g.label()));
    }
    // One query at a time against the gallery alone: the ranking each test photo gets in a search.
    double sum = 0;
    int n = 0;
    for (ProjectionTrainer.Labelled q : queries) {
      if (!classes.contains(q.label())) continue;
      List<double[]> rows = new ArrayList<>(all);
      rows.add(Dense.toDouble(new float[][] {p == null ? q.vector() : p.apply(q.vector())})[0]);
      List<Integer> rowLabels = new ArrayList<>(labels);
      rowLabels.add(names.indexOf(q.label()));
      sum += ProjectionTrainer.meanAveragePrecision(unit(rows), rowLabels.stream().mapToInt(Integer::intValue).toArray(),
          new int[] {rows.size() - 1});
      n++;
    }
    return sum / n;
  }

  private static double[][] unit(List<double[]> rows) {
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      double[] v = rows.get(i).clone();
      double norm = Dense.norm(v);
      for (int k = 0; k < v.length; k++) v[k] /= norm;
      out[i] = v;
    }
    return out;
  }

  private static Set<String> classes() {
    return new HashSet<>(gallery.stream().map(ProjectionTrainer.Labelled::label).toList());
  }

  @Test
  void trainedOnTheTrainingLabelsItRanksTheTestPhotosBetter() {
    ProjectionTrainer.Result r = ProjectionTrainer.train(gallery, ProjectionTrainer.Settings.DEFAULTS, line -> {});
    double without = testMap(null, classes());
    double with = testMap(r.projection(), classes());
    // Measured: test mAP 0.801 without, 0.963 with (loupe eval's mobilenetv2-tf2-ptq/project on caltech20, the same
    // split and defaults; 0.952 with --dim 0 at a tenth of the learning rate).
    assertTrue(with > without + 0.08, "test mAP " + with + " with the projection, " + without + " without");
    assertTrue(r.validationMap() > r.validationMapWithout(), "validation " + r);
    assertTrue(r.bestEpoch() > 0 && r.epochs() <= ProjectionTrainer.Settings.DEFAULTS.maxEpochs(), "epochs " + r);
  }

  @Test
  void trainedOnHalfTheClassesItHelpsThoseClasses() {
    List<String> names = new ArrayList<>(new TreeSet<>(classes()));
    Set<String> seen = new HashSet<>(names.subList(0, names.size() / 2));
    List<ProjectionTrainer.Labelled> half = gallery.stream().filter(g -> seen.contains(g.label())).toList();
    ProjectionTrainer.Result r = ProjectionTrainer.train(half, ProjectionTrainer.Settings.DEFAULTS, line -> {});
    double without = testMap(null, seen);
    double with = testMap(r.projection(), seen);
    // loupe eval's seeded half (classes=seen) measured 0.856 without, 0.978 with (at --dim 0); this half is the
    // first ten classes by name. Unseen classes are not asserted: it does not help them (docs/projection.md).
    assertTrue(with > without + 0.05, "seen classes' test mAP " + with + " with, " + without + " without");
  }

  @Test
  void aFixedSeedGivesTheSameFileBitForBit() throws Exception {
    ProjectionTrainer.Settings s = ProjectionTrainer.Settings.DEFAULTS.withDimension(64).withEpochs(3);
    IndexProjection.Trained a = IndexProjection.train(store, "class", s, line -> {});
    IndexProjection.Trained b = IndexProjection.train(store, "class", s, line -> {});
    byte[] fileA = ProjectionFile.bytes(a.result().projection(), a.info());
    assertArrayEquals(fileA, ProjectionFile.bytes(b.result().projection(), b.info()));
    IndexProjection.Trained other = IndexProjection.train(store, "class", s.withSeed(7), line -> {});
    assertTrue(!java.util.Arrays.equals(fileA, ProjectionFile.bytes(other.result().projection(), other.info())),
        "another seed, another map");
    ProjectionFile.write(dir, a.result().projection(), a.info());
    ProjectionFile.Saved read = ProjectionFile.read(dir).orElseThrow();
    assertEquals(a.info(), read.info());
    assertArrayEquals(a.result().projection().apply(gallery.get(0).vector()), read.projection().apply(gallery.get(0).vector()), 0f);
  }

  @Test
  void anUnknownColumnIsRefusedNamingTheKnownOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> IndexLabels.read(store, "colour"));
    assertTrue(e.getMessage().contains("its columns: class"), e.getMessage());
  }

  @Test
  void classesOfOneItemAreSkippedAndTooFewItemsRefused() {
    List<ProjectionTrainer.Labelled> items = new ArrayList<>(gallery.subList(0, 40));
    items.add(new ProjectionTrainer.Labelled("lonely", gallery.get(45).vector(), "lonely"));
    ProjectionTrainer.Result r = ProjectionTrainer.train(items, ProjectionTrainer.Settings.DEFAULTS.withEpochs(2),
        line -> {});
    assertEquals(Map.of("lonely", 1), r.skippedClasses());
    assertEquals(2, r.classes());
    var e = assertThrows(IllegalArgumentException.class,
        () -> ProjectionTrainer.train(gallery.subList(0, 10), ProjectionTrainer.Settings.DEFAULTS, line -> {}));
    assertTrue(e.getMessage().contains("needs at least 20"), e.getMessage());
  }
}
