package dev.loupe.spark;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.io.Checksums;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.DecodedImage;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.image.ImageDecoder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Embeds one partition of Spark's {@code binaryFile} rows (path, modificationTime, length, content) in batches,
 * as {@code loupe index}'s {@code Indexer} does: the same content hash, decoder and decode options, the same
 * preprocessing and model call, the same reasons for a skipped file. Rows leave one batch at a time, so a
 * partition holds at most one batch of decoded images.
 *
 * <p>A file whose content hash is in the previous output is not decoded nor embedded: it leaves as a "reused"
 * row whose vector and pixel size the job joins in from that output.
 */
final class PartitionEmbedder implements MapPartitionsFunction<Row, Row> {
  /** A folder's file has no catalogue columns; Spark's row encoder takes a Scala map. */
  private static final scala.collection.Map<String, String> NO_METADATA =
      scala.jdk.javaapi.CollectionConverters.asScala(Map.<String, String>of());

  /** Rows handed on at most per step, whatever their kind. */
  static final int MAX_ROWS_PER_STEP = 1024;

  private final EmbedSettings settings;
  private final Broadcast<Set<String>> previousHashes;

  PartitionEmbedder(EmbedSettings settings, Broadcast<Set<String>> previousHashes) {
    this.settings = settings;
    this.previousHashes = previousHashes;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> files) {
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && files.hasNext()) ready.addAll(batch(files));
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return ready.poll();
      }
    };
  }

  /** A file about to be embedded: its row's fields, and its model input. */
  private record Pending(String path, String hash, long size, long modified, int width, int height,
      float[] prepared) {}

  /** Reads files up to one batch of images to embed, and returns their rows (plus any reused or skipped). */
  private List<Row> batch(Iterator<Row> files) {
    List<Row> out = new ArrayList<>();
    List<Pending> pending = new ArrayList<>(settings.batchSize());
    Set<String> known = previousHashes.value();
    Embedder embedder = null;
    // Reused and skipped rows do not fill a batch; the second bound keeps a run of them from piling up.
    while (pending.size() < settings.batchSize() && out.size() < MAX_ROWS_PER_STEP && files.hasNext()) {
      Row file = files.next();
      String path = localPath(file.getString(0));
      long modified = file.getTimestamp(1).getTime();
      long size = file.getLong(2);
      byte[] bytes = file.getAs(3);
      String hash = Checksums.sha256(bytes);
      if (known.contains(hash)) {
        out.add(row(path, hash, size, modified, null, null, null, true, null));
        continue;
      }
      if (embedder == null) embedder = ExecutorEmbedders.get(settings);
      try {
        DecodedImage decoded = ImageDecoder.decode(bytes, path,
            new DecodeOptions(settings.maxPixels(), 0).withMinShorterSide(embedder.minInputSide()));
        pending.add(new Pending(path, hash, size, modified, decoded.originalWidth(), decoded.originalHeight(),
            embedder.prepare(decoded.image())));
      } catch (ImageDecodeException e) {
        out.add(skipped(path, hash, size, modified, e.reason()));
      } catch (RuntimeException | OutOfMemoryError e) {
        // As the Indexer: pixels that break preprocessing are the file's problem, not the run's.
        out.add(skipped(path, hash, size, modified,
            "cannot preprocess: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
      }
    }
    if (!pending.isEmpty()) {
      float[][] vectors = embedder.embedPrepared(pending.stream().map(Pending::prepared).toList());
      for (int i = 0; i < pending.size(); i++) {
        Pending p = pending.get(i);
        out.add(row(p.path(), p.hash(), p.size(), p.modified(), p.width(), p.height(), vectors[i], false, null));
      }
    }
    return out;
  }

  private Row skipped(String path, String hash, long size, long modified, String reason) {
    return row(path, hash, size, modified, null, null, null, false, reason);
  }

  /** A row of {@link RowSchema#ROWS}; a folder's file has its path as id and no metadata, as in `loupe index`. */
  private Row row(String path, String hash, long size, long modified, Integer width, Integer height, float[] vector,
      boolean reused, String reason) {
    return RowFactory.create(path, path, hash, size, modified, width, height, settings.model(),
        settings.modelSha256(), vector, NO_METADATA, reused, reason);
  }

  /** The folder walk of `loupe index` takes files with an image extension that are not hidden: the same here. */
  static boolean isImage(String sparkPath) {
    Path name = Path.of(new org.apache.hadoop.fs.Path(sparkPath).toUri().getPath()).getFileName();
    return name != null && SourceScanner.isIndexedName(name);
  }

  /**
   * The path `loupe index` would give the file: a local file's absolute, normalised path; any other file system's
   * (HDFS, S3) full URI, as Spark names it.
   */
  static String localPath(String sparkPath) {
    java.net.URI uri = new org.apache.hadoop.fs.Path(sparkPath).toUri();
    if (uri.getScheme() == null || uri.getScheme().equals("file")) {
      return Path.of(uri.getPath()).toAbsolutePath().normalize().toString();
    }
    return sparkPath;
  }
}
