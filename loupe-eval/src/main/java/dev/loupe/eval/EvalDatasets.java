package dev.loupe.eval;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.loupe.core.image.RgbImage;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.image.BufferedImages;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Builds evaluation datasets from the layouts users have. Relevance is "same label" unless pairs are given.
 */
public final class EvalDatasets {
  private EvalDatasets() {}

  /** {@code root/train/<class>/…} is the gallery, {@code root/test/<class>/…} the queries. */
  public static EvalDataset trainTest(Path root) throws IOException {
    Path train = root.resolve("train");
    Path test = root.resolve("test");
    if (!Files.isDirectory(train) || !Files.isDirectory(test)) {
      throw new IOException(root + " needs train/<class>/ and test/<class>/ folders");
    }
    List<EvalImage> gallery = labelled(train);
    List<EvalQuery> queries = new ArrayList<>();
    for (EvalImage q : labelled(test)) {
      queries.add(new EvalQuery("test/" + q.id(), q.file(), q.label(), idsWithLabel(gallery, q.label()), null));
    }
    return new EvalDataset(root.getFileName() + " (train/test)", gallery, queries);
  }

  /** One labelled folder {@code dir/<class>/…}, leave-one-out: every image queries all the others. */
  public static EvalDataset labelledFolder(Path dir) throws IOException {
    List<EvalImage> gallery = labelled(dir);
    return leaveOneOut(dir.getFileName() + " (leave-one-out)", gallery);
  }

  /**
   * A CSV catalogue with label columns, leave-one-out; relevant = same value in every label column (e.g.
   * {@code articleType} and {@code baseColour}).
   */
  public static EvalDataset csv(Path csv, CsvCatalog catalog, List<String> labelColumns) throws IOException {
    List<EvalImage> gallery = new ArrayList<>();
    for (CatalogEntry e : catalog.read(csv)) {
      List<String> values = new ArrayList<>();
      for (String col : labelColumns) {
        String v = e.metadata().get(col);
        if (v == null) throw new IOException(csv + ": row " + e.id() + " has no value in label column '" + col + "'");
        values.add(v);
      }
      gallery.add(new EvalImage(e.id(), e.file(), String.join(" + ", values)));
    }
    return leaveOneOut(csv.getFileName() + " " + String.join("+", labelColumns) + " (leave-one-out)", gallery);
  }

  /**
   * A gallery folder and a CSV of {@code query,relevant} pairs (INRIA Holidays style), paths relative to the
   * gallery folder; a query that is itself in the gallery is left out of its own ranking.
   */
  public static EvalDataset pairs(Path galleryDir, Path pairsCsv) throws IOException {
    List<EvalImage> gallery = new ArrayList<>();
    for (Path f : SourceScanner.imagesUnder(galleryDir)) {
      gallery.add(new EvalImage(galleryDir.relativize(f).toString(), f, ""));
    }
    Set<String> ids = new HashSet<>();
    gallery.forEach(g -> ids.add(g.id()));
    Map<String, Set<String>> relevant = new LinkedHashMap<>();
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    try (MappingIterator<Map<String, String>> rows =
        new CsvMapper().readerForMapOf(String.class).with(schema).readValues(pairsCsv.toFile())) {
      int line = 1;
      while (rows.hasNext()) {
        line++;
        Map<String, String> row = rows.next();
        String q = row.get("query");
        String r = row.get("relevant");
        if (q == null || r == null) throw new IOException(pairsCsv + " line " + line + ": needs 'query' and 'relevant' columns");
        if (!ids.contains(r)) throw new IOException(pairsCsv + " line " + line + ": relevant image '" + r + "' is not under " + galleryDir);
        relevant.computeIfAbsent(q, k -> new HashSet<>()).add(r);
      }
    } catch (RuntimeException e) {
      throw new IOException("cannot read pairs " + pairsCsv + ": " + e.getMessage(), e);
    }
    List<EvalQuery> queries = new ArrayList<>();
    relevant.forEach((q, rel) -> {
      Set<String> r = new HashSet<>(rel);
      r.remove(q);
      queries.add(new EvalQuery(q, galleryDir.resolve(q), "", r, ids.contains(q) ? q : null));
    });
    return new EvalDataset(galleryDir.getFileName() + " (pairs " + pairsCsv.getFileName() + ")", gallery, queries);
  }

  /**
   * A near-duplicate task built from real images: {@code count} gallery images chosen at random (fixed seed)
   * are distorted the way a user's photo of a known image is (random crop, rotation, JPEG recompression,
   * downscale, colour change; one or two at a time) and written as PNG into {@code workDir}; each distorted copy
   * queries the whole gallery and its only relevant item is its source. The query label is the kind of
   * distortion, so the per-class table reads per distortion.
   */
  public static EvalDataset nearDuplicates(List<EvalImage> gallery, int count, long seed, Path workDir)
      throws IOException {
    if (count < 1) throw new IllegalArgumentException("count must be at least 1, got: " + count);
    Files.createDirectories(workDir);
    Random random = new Random(seed);
    List<EvalImage> shuffled = new ArrayList<>(gallery);
    Collections.shuffle(shuffled, random);
    List<EvalQuery> queries = new ArrayList<>();
    for (EvalImage source : shuffled) {
      if (queries.size() == count) break;
      RgbImage image;
      try {
        image = ImageDecoder.decode(source.file(), DecodeOptions.DEFAULTS.withMinShorterSide(512)).image();
      } catch (ImageDecodeException e) {
        continue; // an unreadable source cannot be distorted; the evaluator reports it when embedding
      }
      Distortion d = Distortions.random(image, random);
      Path file = workDir.resolve(String.format(java.util.Locale.ROOT, "nd-%04d.png", queries.size()));
      ImageIO.write(BufferedImages.toBufferedImage(d.image()), "png", file.toFile());
      queries.add(new EvalQuery("nd-" + queries.size() + " (" + d.description() + ") of " + source.id(), file,
          kinds(d.description()), Set.of(source.id()), null));
    }
    List<EvalImage> unlabelled = gallery.stream().map(g -> new EvalImage(g.id(), g.file(), "")).toList();
    return new EvalDataset("near-duplicates of " + gallery.size() + " images (" + queries.size() + " distorted queries, seed "
        + seed + ")", unlabelled, queries);
  }

  /** "crop 0.72 + rotate -10.3" -> "crop+rotate". */
  static String kinds(String description) {
    List<String> kinds = new ArrayList<>();
    for (String part : description.split("\\+")) kinds.add(part.trim().split(" ")[0]);
    return String.join("+", kinds);
  }

  /** Every image of a folder (recursively; id = relative path) or of a CSV catalogue, without labels. */
  public static List<EvalImage> images(Path folderOrCsv) throws IOException {
    return images(folderOrCsv, new CsvCatalog("id", "image"));
  }

  public static List<EvalImage> images(Path folderOrCsv, CsvCatalog catalog) throws IOException {
    List<EvalImage> out = new ArrayList<>();
    if (Files.isDirectory(folderOrCsv)) {
      for (Path f : SourceScanner.imagesUnder(folderOrCsv)) out.add(new EvalImage(folderOrCsv.relativize(f).toString(), f, ""));
    } else {
      for (CatalogEntry e : catalog.read(folderOrCsv)) out.add(new EvalImage(e.id(), e.file(), ""));
    }
    if (out.isEmpty()) throw new IOException("no images in " + folderOrCsv);
    return out;
  }

  static EvalDataset leaveOneOut(String name, List<EvalImage> gallery) {
    Map<String, Set<String>> byLabel = new HashMap<>();
    for (EvalImage g : gallery) byLabel.computeIfAbsent(g.label(), k -> new HashSet<>()).add(g.id());
    List<EvalQuery> queries = new ArrayList<>();
    for (EvalImage g : gallery) {
      Set<String> rel = new HashSet<>(byLabel.get(g.label()));
      rel.remove(g.id());
      queries.add(new EvalQuery(g.id(), g.file(), g.label(), rel, g.id()));
    }
    return new EvalDataset(name, gallery, queries);
  }

  /** Images of {@code dir/<class>/…}, id = path relative to {@code dir}, label = the class folder. */
  static List<EvalImage> labelled(Path dir) throws IOException {
    List<EvalImage> out = new ArrayList<>();
    for (Path f : SourceScanner.imagesUnder(dir)) {
      Path rel = dir.relativize(f);
      if (rel.getNameCount() < 2) continue; // a file directly in the root has no class
      out.add(new EvalImage(rel.toString(), f, rel.getName(0).toString()));
    }
    if (out.isEmpty()) throw new IOException("no images in class folders under " + dir);
    return out;
  }

  private static Set<String> idsWithLabel(List<EvalImage> gallery, String label) {
    Set<String> ids = new HashSet<>();
    for (EvalImage g : gallery) if (g.label().equals(label)) ids.add(g.id());
    return ids;
  }
}
