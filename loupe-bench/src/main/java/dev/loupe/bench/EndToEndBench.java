package dev.loupe.bench;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.core.util.FileTrees;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.image.ImageDecoder;
import dev.loupe.report.Markdown;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Indexing end to end, side by side in one run: small photos (caltech20/train) and phone-sized photos
 * ({@link LargePhotos}), each through {@code loupe index} in a child JVM with ImageIO + the float model (the path
 * before libvips), libvips + float, and libvips + the int8 model, alternating in rounds. For each: the rate
 * {@code loupe index} prints, its peak RSS, and the no-idle-core bound 1/(1/decode + 1/inference) from the
 * decode and inference stages measured alone in this JVM with every core busy.
 */
final class EndToEndBench {
  /** One way to index: a decoder and a model. */
  record Setup(String label, String decoder, String model) {}

  /** One photo set: a folder to index and its files. */
  record PhotoSet(String label, Path folder, List<Path> files) {}

  private static final Pattern RATE = Pattern.compile("\\(([0-9.]+) images/s\\)");
  private static final Duration LIMIT = Duration.ofMinutes(30);

  private final List<Path> modelDirs;
  private final List<Setup> setups;
  private final Path work;
  private final int rounds;
  private final int threads = Runtime.getRuntime().availableProcessors();
  /** Inference alone per model on the first photo set, with one worker and with one per core. */
  private final Map<String, Double> oneThread = new LinkedHashMap<>();
  private final Map<String, Double> allThreads = new HashMap<>();

  EndToEndBench(List<Path> modelDirs, List<Setup> setups, Path work, int rounds) {
    this.modelDirs = List.copyOf(modelDirs);
    this.setups = List.copyOf(setups);
    this.work = work;
    this.rounds = rounds;
  }

  static PhotoSet folder(String label, Path folder) throws Exception {
    return new PhotoSet(label, folder, SourceScanner.imagesUnder(folder));
  }

  /** One Markdown table for the photo sets; the first setup is the baseline of the "× baseline" column. */
  String run(List<PhotoSet> sets) throws Exception {
    List<String> header = List.of("photos", "decoder + model", "loupe index images/s", "× " + setups.get(0).label(),
        "decode alone", "inference alone", "no-idle-core bound", "of bound", "peak RSS MB");
    List<List<String>> rows = new ArrayList<>();
    oneThread.clear();
    for (PhotoSet set : sets) {
      Map<Setup, double[]> bounds = bounds(set);
      Map<Setup, double[]> runs = indexRuns(set); // best rate, largest peak RSS
      double baseline = runs.get(setups.get(0))[0];
      for (Setup s : setups) {
        double[] r = runs.get(s);
        double[] b = bounds.get(s);
        double ideal = 1 / (1 / b[0] + 1 / b[1]);
        rows.add(List.of(set.label(), s.label(), fmt(r[0]), String.format(Locale.ROOT, "%.2f", r[0] / baseline),
            fmt(b[0]), fmt(b[1]), fmt(ideal), String.format(Locale.ROOT, "%.0f%%", 100 * r[0] / ideal),
            r[1] < 0 ? "?" : Long.toString((long) r[1] / (1024 * 1024))));
      }
    }
    List<List<String>> models = new ArrayList<>();
    for (Map.Entry<String, Double> e : oneThread.entrySet()) {
      models.add(List.of(e.getKey(), fmt(e.getValue()), fmt(allThreads.get(e.getKey()))));
    }
    return Markdown.table(header, rows) + "\n" + Markdown.table(List.of("model: inference alone on "
        + sets.get(0).label() + " (prepared tensors, batch " + dev.loupe.engine.index.IndexOptions.DEFAULT_BATCH_SIZE
        + ")", "images/s, 1 thread", "images/s, " + threads + " threads"), models);
  }

  /** Decode-alone and inference-alone rates per setup, each measured once per decoder and once per model. */
  private Map<Setup, double[]> bounds(PhotoSet set) throws Exception {
    Map<String, Double> decode = new HashMap<>();
    Map<String, Double> infer = new HashMap<>();
    Map<Setup, double[]> out = new LinkedHashMap<>();
    for (Setup s : setups) {
      try (Embedder embedder = Embedders.load(EmbedderSettings.fromEnvironment(modelDirs, 1)).open(s.model())) {
        ImageDecoder decoder = ImageDecoder.forName(s.decoder());
        progress("bound: " + set.label() + ", " + s.label());
        List<float[]> prepared = ImageEmbeddings.prepare(embedder, decoder, set.files(), threads); // warm-up
        if (!decode.containsKey(s.decoder())) {
          long t = System.nanoTime();
          prepared = ImageEmbeddings.prepare(embedder, decoder, set.files(), threads);
          decode.put(s.decoder(), set.files().size() / IndexingBench.seconds(t));
        }
        if (!infer.containsKey(s.model())) {
          IndexingBench.embed(embedder, prepared, threads); // warm-up: ORT's first runs plan memory
          long t = System.nanoTime();
          IndexingBench.embed(embedder, prepared, threads);
          infer.put(s.model(), set.files().size() / IndexingBench.seconds(t));
          if (!oneThread.containsKey(s.model())) {
            t = System.nanoTime();
            IndexingBench.embed(embedder, prepared, 1);
            oneThread.put(s.model(), set.files().size() / IndexingBench.seconds(t));
            allThreads.put(s.model(), infer.get(s.model()));
          }
        }
      }
      out.put(s, new double[] {decode.get(s.decoder()), infer.get(s.model())});
    }
    return out;
  }

  private Map<Setup, double[]> indexRuns(PhotoSet set) throws Exception {
    Map<Setup, double[]> best = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      for (Setup s : setups) { // alternating, so drift of the machine spreads over every setup
        progress("loupe index: " + set.label() + ", " + s.label() + ", round " + (r + 1) + "/" + rounds);
        double[] m = indexOnce(set, s, r);
        best.merge(s, m, (a, b) -> new double[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
      }
    }
    return best;
  }

  private double[] indexOnce(PhotoSet set, Setup s, int round) throws Exception {
    Path index = work.resolve("index-" + round);
    FileTrees.delete(index);
    List<String> args = new ArrayList<>(List.of("index", set.folder().toString(), "--index", index.toString(),
        "--decoder", s.decoder(), "--model", s.model()));
    for (Path d : modelDirs) args.addAll(List.of("--models", d.toString()));
    try (LoupeProcess p = LoupeProcess.start(work.resolve("logs"), "index", args)) {
      long peak = p.awaitSuccessWatchingPeakRss(LIMIT);
      Matcher m = RATE.matcher(p.stdout() + p.stderr());
      double rate = -1;
      while (m.find()) rate = Double.parseDouble(m.group(1));
      if (rate < 0) throw new IllegalStateException(p.command() + " printed no rate:\n" + p.stdout() + p.stderr());
      return new double[] {rate, peak};
    } finally {
      FileTrees.delete(index);
    }
  }

  private static void progress(String line) {
    System.err.println("bench e2e: " + line);
  }

  private static String fmt(double v) {
    return IndexingBench.fmt(v);
  }
}
