package dev.loupe.server;

import dev.loupe.core.image.RgbImage;
import dev.loupe.core.io.AtomicFiles;
import dev.loupe.image.BufferedImages;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.image.ImageDecoder;
import dev.loupe.image.Interpolation;
import dev.loupe.image.Resize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * JPEG thumbnails in a folder the server owns, bounded in size. A thumbnail is named by the image's content hash
 * and its size ({@code HASH-SIZE.jpg}): no client text reaches a file name, and a changed image gets a new name.
 * When the folder grows over its bound, the least recently used thumbnails are deleted — only files named like
 * a thumbnail, never anything else someone put there.
 */
final class ThumbnailCache {
  private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}-[0-9]{1,4}\\.jpg");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private final Path dir;
  private final long maxBytes;

  ThumbnailCache(Path dir, long maxBytes) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.maxBytes = maxBytes;
  }

  /** The thumbnail of {@code image} (the item's verified bytes) fitted into a {@code size} square. */
  byte[] get(String contentHash, int size, ImageBytes image, long maxPixels) throws IOException, ImageDecodeException {
    if (!HASH.matcher(contentHash).matches()) throw new IllegalArgumentException("not a content hash: " + contentHash);
    Path file = dir.resolve(contentHash + "-" + size + ".jpg");
    if (Files.isRegularFile(file)) {
      byte[] bytes = Files.readAllBytes(file);
      touch(file);
      return bytes;
    }
    byte[] jpeg = make(image.read(), size, maxPixels);
    AtomicFiles.write(file, jpeg, false); // a cache entry: made again if a crash loses it
    evict();
    return jpeg;
  }

  interface ImageBytes {
    byte[] read();
  }

  /** Decoded subsampled (a 24 MP photo is read at about twice the box), fitted with Pillow-exact bicubic. */
  private static byte[] make(byte[] bytes, int box, long maxPixels) throws IOException, ImageDecodeException {
    DecodeOptions options = new DecodeOptions(maxPixels, (box + 1) / 2);
    RgbImage src = ImageDecoder.decode(bytes, "thumbnail", options).image();
    double scale = Math.min(1.0, Math.min((double) box / src.width(), (double) box / src.height())); // never enlarge
    int w = Math.max(1, (int) Math.round(src.width() * scale));
    int h = Math.max(1, (int) Math.round(src.height() * scale));
    RgbImage fitted = w == src.width() && h == src.height() ? src : Resize.resize(src, w, h, Interpolation.BICUBIC);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(BufferedImages.toBufferedImage(fitted), "jpeg", out)) throw new IOException("no JPEG writer");
    return out.toByteArray();
  }

  private static void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException e) {
      // Only the eviction order suffers.
    }
  }

  /** Deletes the least recently used thumbnails until the folder is within its bound. */
  private synchronized void evict() throws IOException {
    record Entry(Path file, long size, long modified) {}
    List<Entry> entries = new ArrayList<>();
    long total = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (!NAME.matcher(f.getFileName().toString()).matches() || !Files.isRegularFile(f)) continue;
        long size = Files.size(f);
        entries.add(new Entry(f, size, Files.getLastModifiedTime(f).toMillis()));
        total += size;
      }
    }
    if (total <= maxBytes) return;
    entries.sort(Comparator.comparingLong(Entry::modified));
    for (Entry e : entries) {
      if (total <= maxBytes) break;
      if (Files.deleteIfExists(e.file())) total -= e.size();
    }
  }
}
