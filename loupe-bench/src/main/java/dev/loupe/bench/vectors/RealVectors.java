package dev.loupe.bench.vectors;

import dev.loupe.bench.ImageEmbeddings;
import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.core.query.Vectors;
import dev.loupe.engine.catalog.SourceScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Real embeddings of the shared images: the gallery the large set is derived from, and held-out queries (images
 * that are in no gallery). All are L2-normalised, so dot product is cosine for every library. Cached in the
 * output folder by model and image counts, so reruns skip the model.
 */
record RealVectors(List<float[]> gallery, List<float[]> queries) {

  /** Where the images come from; the folders are scanned for images in a stable order. */
  record Sources(List<Path> galleryDirs, List<Path> queryDirs, int maxGallery, int maxQueries) {}

  static RealVectors load(Path shared, String model, Sources sources, Path out) throws Exception {
    List<Path> gallery = scan(sources.galleryDirs(), sources.maxGallery());
    List<Path> queries = scan(sources.queryDirs(), sources.maxQueries());
    String key = model + "-g" + gallery.size() + "-q" + queries.size();
    Path galleryFile = out.resolve("real-" + key + "-gallery.f32");
    Path queryFile = out.resolve("real-" + key + "-queries.f32");
    if (Files.isRegularFile(galleryFile) && Files.isRegularFile(queryFile)) {
      System.err.println("real embeddings: reusing " + galleryFile + " and " + queryFile);
      return new RealVectors(VectorFile.readAll(galleryFile), VectorFile.readAll(queryFile));
    }
    List<float[]> g;
    List<float[]> q;
    long t0 = System.nanoTime();
    try (Embedder embedder = Embedders.load(EmbedderSettings.fromEnvironment(List.of(shared.resolve("models")), 2)).open(model)) {
      g = normalized(ImageEmbeddings.embed(embedder, gallery));
      q = normalized(ImageEmbeddings.embed(embedder, queries));
    }
    System.err.printf(Locale.ROOT, "real embeddings: %d gallery + %d query images with %s in %.1f s%n",
        g.size(), q.size(), model, (System.nanoTime() - t0) / 1e9);
    VectorFile.write(galleryFile, g);
    VectorFile.write(queryFile, q);
    return new RealVectors(g, q);
  }

  private static List<Path> scan(List<Path> dirs, int max) throws Exception {
    List<Path> files = new ArrayList<>();
    for (Path d : dirs) files.addAll(SourceScanner.imagesUnder(d));
    if (max <= 0) return files;
    if (max > files.size()) {
      throw new IllegalArgumentException("asked for " + max + " images, but only " + files.size() + " are under " + dirs);
    }
    // Evenly spaced, not the first ones: the folders are sorted by class, and a prefix would hold few classes.
    List<Path> picked = new ArrayList<>(max);
    for (int i = 0; i < max; i++) picked.add(files.get((int) ((long) i * files.size() / max)));
    return picked;
  }

  private static List<float[]> normalized(List<float[]> vectors) {
    List<float[]> out = new ArrayList<>(vectors.size());
    for (float[] v : vectors) out.add(Vectors.normalizeInPlace(v.clone()));
    return out;
  }
}
