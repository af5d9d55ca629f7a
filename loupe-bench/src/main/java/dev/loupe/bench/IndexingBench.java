package dev.loupe.bench;

import dev.loupe.core.embed.Embedders;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedder;
import dev.loupe.core.util.FileTrees;
import dev.loupe.core.util.Parallel;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.engine.index.IndexOptions;
import dev.loupe.engine.index.IndexSummary;
import dev.loupe.image.ImageDecoder;
import dev.loupe.report.Markdown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Indexing throughput of one model on a folder of real photos: decode + preprocess alone, inference alone on
 * prepared tensors, and end to end through the indexer, all with every core busy. The ideal end-to-end rate,
 * where no core ever idles, is 1 / (1/decode + 1/inference). Beside each measured rate: the process's peak
 * resident memory during that stage ({@link PeakRss}), the largest over the rounds.
 */
final class IndexingBench {
  private final Path images;
  private final String model;
  private final List<Path> modelDirs;
  private final int threads = Runtime.getRuntime().availableProcessors();
  private final int rounds;

  IndexingBench(Path images, String model, List<Path> modelDirs, int rounds) {
    this.images = images;
    this.model = model;
    this.modelDirs = modelDirs;
    this.rounds = rounds;
  }

  String run() throws Exception {
    List<CatalogEntry> entries = new SourceScanner(new CsvCatalog("id", "image"), java.util.Map.of()).scan(List.of(images));
    List<Path> files = entries.stream().map(CatalogEntry::file).toList();
    double decode = 0;
    double infer = 0;
    double endToEnd = 0;
    long decodeRss = -1;
    long inferRss = -1;
    long endToEndRss = -1;
    boolean perStage = true;
    try (Embedder embedder = Embedders.load(EmbedderSettings.fromEnvironment(modelDirs, 1)).open(model)) {
      List<float[]> prepared = decodeAll(embedder, files); // warm-up: JIT and the OS page cache
      embed(embedder, prepared);
      for (int r = 0; r < rounds; r++) {
        prepared = null; // let the previous round's tensors go before this round's peak is measured
        perStage &= PeakRss.reset();
        long t0 = System.nanoTime();
        prepared = decodeAll(embedder, files);
        decode = Math.max(decode, files.size() / seconds(t0));
        decodeRss = Math.max(decodeRss, PeakRss.bytes().orElse(-1));
        perStage &= PeakRss.reset();
        long t1 = System.nanoTime();
        embed(embedder, prepared);
        infer = Math.max(infer, files.size() / seconds(t1));
        inferRss = Math.max(inferRss, PeakRss.bytes().orElse(-1));
      }
    }
    for (int r = 0; r < rounds; r++) {
      Path dir = Files.createTempDirectory("loupe-bench-index");
      perStage &= PeakRss.reset();
      try (Loupe loupe = Loupe.openOrCreate(dir, LoupeConfig.defaults().withModel(model).withModelDirs(modelDirs))) {
        IndexSummary s = loupe.index(entries, IndexListener.NONE);
        endToEnd = Math.max(endToEnd, s.indexed() / (s.elapsed().toNanos() / 1e9));
        endToEndRss = Math.max(endToEndRss, PeakRss.bytes().orElse(-1));
      } finally {
        FileTrees.delete(dir);
      }
    }
    double ideal = 1 / (1 / decode + 1 / infer);
    String rss = perStage ? "peak RSS MB" : "peak RSS MB (since start: no per-stage reset here)";
    List<String> header =
        List.of("stage (" + model + ", " + files.size() + " images, " + threads + " threads)", "images/s", rss);
    List<List<String>> rows = List.of(
        List.of("decode + preprocess alone", fmt(decode), mb(decodeRss)),
        List.of("inference alone (prepared tensors, batch " + IndexOptions.DEFAULT_BATCH_SIZE + ")", fmt(infer), mb(inferRss)),
        List.of("ideal end to end 1/(1/decode + 1/inference)", fmt(ideal), ""),
        List.of("end to end (loupe index: read, hash, decode, embed, store, commit)", fmt(endToEnd), mb(endToEndRss)),
        List.of("end to end / ideal", String.format(Locale.ROOT, "%.0f%%", 100 * endToEnd / ideal), ""));
    return Markdown.table(header, rows);
  }

  private List<float[]> decodeAll(Embedder embedder, List<Path> files) throws Exception {
    return ImageEmbeddings.prepare(embedder, ImageDecoder.active(), files, threads);
  }

  private void embed(Embedder embedder, List<float[]> prepared) throws Exception {
    embed(embedder, prepared, threads);
  }

  /** Embeds prepared tensors in the indexer's batches on {@code threads} workers. */
  static void embed(Embedder embedder, List<float[]> prepared, int threads) throws Exception {
    int batch = IndexOptions.DEFAULT_BATCH_SIZE;
    List<List<float[]>> batches = new ArrayList<>();
    for (int b = 0; b < prepared.size(); b += batch) batches.add(prepared.subList(b, Math.min(prepared.size(), b + batch)));
    Parallel.map(batches, threads, embedder::embedPrepared);
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String mb(long bytes) {
    return PeakRss.mb(bytes < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(bytes));
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

}
