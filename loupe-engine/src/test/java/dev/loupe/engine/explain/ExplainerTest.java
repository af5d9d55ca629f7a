package dev.loupe.engine.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.explain.ContributionGrid;
import dev.loupe.core.explain.ExplainUnavailableException;
import dev.loupe.core.explain.SeenRegion;
import dev.loupe.core.explain.SpatialFeatures;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecoder;
import dev.loupe.image.Interpolation;
import dev.loupe.image.Resize;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test: a real photo pasted, scaled, into one quadrant of a larger, different real photo, indexed among
 * other photos with the real default model (the int8 copy made from the float one); queried with the original
 * photo, the composite's heat map peaks on the pasted region, wherever it was pasted.
 */
class ExplainerTest {
  /** The composite's side and where the pasted photo goes: a 224 x 224 quadrant of a 448 x 448 photo. */
  static final int SIDE = 448;
  static final int HALF = SIDE / 2;

  @TempDir static Path tmp;
  static Path photos;
  static Path pasted;

  @BeforeAll
  static void composites() throws Exception {
    photos = Files.createDirectories(tmp.resolve("photos"));
    // 24 gallery photos of 8 other classes: enough to calibrate the int8 default (16) and to be a gallery.
    for (String cls : List.of("bonsai", "chair", "dolphin", "ewer", "ketch", "lamp", "starfish", "sunflower")) {
      for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve(cls)).subList(0, 3)) {
        Files.copy(f, photos.resolve(cls + "-" + f.getFileName()));
      }
    }
    pasted = SharedData.caltechTest().resolve("watch/image_0002.jpg");
    RgbImage background = decode(SharedData.caltechTrain().resolve("car_side/image_0001.jpg"));
    RgbImage inset = decode(pasted);
    // Top right and bottom left: a map read with its rows and columns swapped would put each peak in the other.
    write(paste(background, inset, HALF, 0), photos.resolve("composite-top-right.png"));
    write(paste(background, inset, 0, HALF), photos.resolve("composite-bottom-left.png"));
  }

  @Test
  void theHeatMapPeaksOnThePastedPictureWhereverItIs() throws Exception {
    try (Loupe loupe = index("plain.idx", null); Explainer explainer = new Explainer(loupe)) {
      assertEquals(ModelCatalog.DEFAULT_INDEX_MODEL, loupe.spec().embedder().name(), "the real default model");
      RgbImage query = decode(pasted);
      SpatialFeatures queryMap = explainer.query(query);
      List<Hit> hits = loupe.search(query, SearchRequest.topK(100));
      checkPeak(explainer, queryMap, hit(hits, "composite-top-right.png"), new SeenRegion(0.5, 0, 0.5, 0.5));
      checkPeak(explainer, queryMap, hit(hits, "composite-bottom-left.png"), new SeenRegion(0, 0.5, 0.5, 0.5));
    }
  }

  /** The contributions sum to the score the store reports for the hit, plain and centred, both ways round. */
  @Test
  void contributionsSumToTheStoresScore() throws Exception {
    for (IndexSpec.Levers levers : List.of(IndexSpec.Levers.NONE, new IndexSpec.Levers(true, 0))) {
      try (Loupe loupe = index(levers.center() ? "centred.idx" : "sum.idx", levers);
          Explainer explainer = new Explainer(loupe)) {
        RgbImage query = decode(pasted);
        SpatialFeatures queryMap = explainer.query(query);
        for (Hit h : loupe.search(query, SearchRequest.topK(5))) {
          Explanation e = explainer.explain(queryMap, h);
          assertEquals(h.score(), e.hit().sum(), 1e-4, "hit side, centred=" + levers.center() + ": " + h.path());
          assertEquals(h.score(), e.query().sum(), 1e-4, "query side, centred=" + levers.center());
        }
      }
    }
  }

  @Test
  void aMissingFileIsNamedAndAModelWithoutMapIsRefused() throws Exception {
    try (Loupe loupe = index("missing.idx", null); Explainer explainer = new Explainer(loupe)) {
      Hit gone = new Hit(1, "gone", tmp.resolve("nowhere.jpg").toString(), 0.5f, 0.5f, Map.of());
      ExplainException e = assertThrows(ExplainException.class,
          () -> explainer.explain(explainer.query(decode(pasted)), gone));
      assertTrue(e.getMessage().contains("nowhere.jpg") && e.getMessage().contains("missing"), e.getMessage());
    }
    // Raw pixels under cosine: the metric is explainable, the embedder has no map.
    LoupeConfig pixels = LoupeConfig.defaults().withModelDirs(List.of(SharedData.models())).withModel("pixels-16")
        .withMetric(dev.loupe.core.query.Metric.COSINE);
    try (Loupe loupe = Loupe.openOrCreate(tmp.resolve("pixels.idx"), pixels)) {
      ExplainUnavailableException e = assertThrows(ExplainUnavailableException.class, () -> new Explainer(loupe));
      assertTrue(e.getMessage().contains("model pixels-16 has no spatial feature map"), e.getMessage());
    }
  }

  /** The max cell lies in the pasted quadrant, and so does most of the positive mass. */
  private static void checkPeak(Explainer explainer, SpatialFeatures query, Hit hit, SeenRegion quadrant)
      throws Exception {
    ContributionGrid grid = explainer.explain(query, hit).hit();
    SeenRegion peak = grid.cell(grid.argmax());
    assertTrue(quadrant.contains(peak.x() + peak.width() / 2, peak.y() + peak.height() / 2),
        "peak cell " + peak + " outside " + quadrant);
    double inside = 0;
    double total = 0;
    double[] values = grid.values();
    for (int i = 0; i < values.length; i++) {
      if (values[i] <= 0) continue;
      SeenRegion c = grid.cell(i);
      total += values[i];
      if (quadrant.contains(c.x() + c.width() / 2, c.y() + c.height() / 2)) inside += values[i];
    }
    // The quadrant's cells are 16 of the 49 (about a third): a map that ignored the picture would put ~1/3 there.
    System.out.printf("%s: rank %d, peak %s, positive mass in the pasted quadrant %.3f%n", hit.path(), hit.rank(),
        peak, inside / total);
    assertTrue(inside / total > 0.5, hit.path() + ": positive mass in the pasted quadrant " + inside / total);
  }

  private static Loupe index(String name, IndexSpec.Levers levers) throws Exception {
    LoupeConfig config = LoupeConfig.defaults().withModelDirs(List.of(SharedData.models()));
    if (levers != null) config = config.withLevers(levers);
    List<Path> files = SharedData.filesUnder(photos);
    Loupe loupe = Loupe.openOrCreate(tmp.resolve(name), config, files, note -> { });
    loupe.index(new SourceScanner(new CsvCatalog("id", "image"), Map.of()).scan(List.of(photos)), IndexListener.NONE);
    return loupe;
  }

  private static Hit hit(List<Hit> hits, String file) {
    return hits.stream().filter(h -> h.path().endsWith(file)).findFirst().orElseThrow();
  }

  private static RgbImage decode(Path file) throws Exception {
    return ImageDecoder.decode(file, DecodeOptions.DEFAULTS).image();
  }

  /** The background stretched to SIDE x SIDE with the inset scaled to HALF x HALF at (x, y). */
  private static RgbImage paste(RgbImage background, RgbImage inset, int x, int y) {
    RgbImage bg = Resize.resize(background, SIDE, SIDE, Interpolation.BILINEAR);
    RgbImage in = Resize.resize(inset, HALF, HALF, Interpolation.BILINEAR);
    byte[] out = bg.rgb().clone();
    for (int r = 0; r < HALF; r++) {
      System.arraycopy(in.rgb(), r * HALF * 3, out, ((y + r) * SIDE + x) * 3, HALF * 3);
    }
    return new RgbImage(SIDE, SIDE, out);
  }

  private static void write(RgbImage img, Path file) throws Exception {
    BufferedImage b = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
    byte[] rgb = img.rgb();
    for (int i = 0; i < img.width() * img.height(); i++) {
      b.setRGB(i % img.width(), i / img.width(),
          (rgb[i * 3] & 0xFF) << 16 | (rgb[i * 3 + 1] & 0xFF) << 8 | (rgb[i * 3 + 2] & 0xFF));
    }
    ImageIO.write(b, "png", file.toFile());
  }
}
