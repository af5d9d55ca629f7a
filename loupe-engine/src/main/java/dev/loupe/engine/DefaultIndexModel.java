package dev.loupe.engine;

import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.ModelSpec;
import dev.loupe.onnx.quantize.CalibrationImages;
import dev.loupe.onnx.quantize.CalibrationMethod;
import dev.loupe.onnx.quantize.ModelQuantization;
import dev.loupe.onnx.quantize.QuantizeListener;
import dev.loupe.onnx.quantize.QuantizeReport;
import dev.loupe.onnx.quantize.QuantizeRequest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The model of a new index created without one: {@link ModelCatalog#DEFAULT_INDEX_MODEL}, the int8 copy of the
 * float default. Issue 10 measured that it holds mAP within 0.005 of the float model when calibrated on images of
 * the collection itself, not always when calibrated on another domain, and no int8 file can be shipped; so it is
 * made here, on the user's machine, from the float model and the images of the first index that needs it, exactly
 * as {@code loupe models quantize mobilenetv2-tf2-ptq --calibrate} would (minmax, 32 images evenly spaced over the
 * sorted paths), and written into the model cache, never into a {@code --models} or {@code LOUPE_MODELS}
 * directory (those may be shared, read-only folders). Later new indexes reuse that file, so their vectors are
 * comparable. When it cannot be had the float default is chosen, with one line saying why: a new index never
 * fails because of it.
 */
final class DefaultIndexModel {
  /** Fewer calibration images than this would give ranges of too few photos to trust. */
  static final int MIN_IMAGES = 16;

  /**
   * The model chosen and one line for the user (null when nothing needs saying: the int8 default was there).
   *
   * @param model the embedder name for the new index
   * @param note why, in one line without a prefix, or null
   */
  record Choice(String model, String note) {}

  private final ModelPaths paths;

  DefaultIndexModel(ModelPaths paths) {
    this.paths = paths;
  }

  /** Chooses for a new index of {@code images} (the image files about to be indexed). */
  Choice choose(List<Path> images) {
    String why;
    try {
      Optional<Choice> found = existing();
      if (found.isPresent()) return found.get();
      if (images.size() < MIN_IMAGES) {
        why = "this run has " + images.size() + " images; the int8 default is calibrated on at least " + MIN_IMAGES
            + " of an index's own images";
      } else {
        return make(images);
      }
    } catch (IOException | RuntimeException e) {
      why = "the int8 default " + ModelCatalog.DEFAULT_INDEX_MODEL + " could not be made: "
          + (e.getMessage() != null ? e.getMessage() : e.toString());
    }
    return new Choice(ModelCatalog.DEFAULT_MODEL, "using the float model " + ModelCatalog.DEFAULT_MODEL
        + " for this new index: " + why.replace('\n', ' '));
  }

  /** Whether the int8 default's spec and file are both on the search path. */
  static boolean present(ModelPaths paths) {
    Optional<ModelSpec> spec = ModelCatalog.load(paths).find(ModelCatalog.DEFAULT_INDEX_MODEL);
    return spec.isPresent() && paths.find(spec.get().file()).isPresent();
  }

  /** The int8 default when some model directory already has its spec and file. */
  private Optional<Choice> existing() {
    Optional<ModelSpec> spec = ModelCatalog.load(paths).find(ModelCatalog.DEFAULT_INDEX_MODEL);
    if (spec.isEmpty()) return Optional.empty();
    if (paths.find(spec.get().file()).isEmpty()) {
      // A spec without its file: making another file under that name would give other vectors than the indexes
      // already built with it, and replacing the spec is not this run's to do.
      throw new IllegalStateException("its spec is there but its file " + spec.get().file() + " is not (looked in "
          + paths.describe() + "); restore that file, or remove the spec to have it made again");
    }
    return Optional.of(new Choice(ModelCatalog.DEFAULT_INDEX_MODEL, null));
  }

  private Choice make(List<Path> images) throws IOException {
    Path cache = paths.userCache();
    Files.createDirectories(cache);
    // Two index runs may start at once: the lock makes the second wait, then find and reuse the first one's file
    // instead of writing another copy calibrated on other images (which indexes built with the first would refuse).
    try (FileChannel channel = FileChannel.open(cache.resolve(ModelCatalog.DEFAULT_INDEX_MODEL + ".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lock(channel)) {
      Optional<Choice> madeMeanwhile = existing();
      if (madeMeanwhile.isPresent()) return madeMeanwhile.get();
      CalibrationImages calibration =
          CalibrationImages.of(images, QuantizeRequest.DEFAULT_IMAGES, QuantizeRequest.DEFAULT_HELD_OUT);
      QuantizeRequest request = new QuantizeRequest(ModelCatalog.DEFAULT_MODEL, commonFolder(images),
          QuantizeRequest.DEFAULT_IMAGES, CalibrationMethod.MINMAX, ModelCatalog.DEFAULT_INDEX_MODEL, paths, cache,
          false, QuantizeRequest.DEFAULT_HELD_OUT);
      QuantizeReport r = ModelQuantization.run(request, calibration, QuantizeListener.NONE);
      String agreement = r.heldOut() == 0 ? "no other image left to compare float and int8 on"
          : String.format(Locale.ROOT, "cosine float vs int8 %.3f", r.meanCosine());
      return new Choice(ModelCatalog.DEFAULT_INDEX_MODEL, String.format(Locale.ROOT,
          "made the default model %s from %s, calibrated on %d of these images (%s) in %s; later indexes reuse it;"
              + " --model %s for the float model", ModelCatalog.DEFAULT_INDEX_MODEL, ModelCatalog.DEFAULT_MODEL,
          r.images(), agreement, cache, ModelCatalog.DEFAULT_MODEL));
    }
  }

  /**
   * The file lock, waited for. A file lock is held by the process: another thread of this JVM holding it makes
   * {@link FileChannel#lock} throw at once instead of waiting, so that case waits here (polling: the JDK has no
   * blocking call for it), bounded by {@link #LOCK_WAIT} — longer than any calibration takes.
   */
  private static FileLock lock(FileChannel channel) throws IOException {
    long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
    while (true) {
      try {
        return channel.lock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("another thread of this process held the lock for over " + LOCK_WAIT.toMinutes()
              + " minutes", e);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while waiting for the default model's lock");
        }
      }
    }
  }

  private static final java.time.Duration LOCK_WAIT = java.time.Duration.ofMinutes(10);

  /** The deepest folder holding all the images: names them in the new spec's description. */
  static Path commonFolder(List<Path> images) {
    Path common = images.getFirst().toAbsolutePath().normalize().getParent();
    for (Path image : images) {
      Path p = image.toAbsolutePath().normalize();
      while (common.getParent() != null && !p.startsWith(common)) common = common.getParent();
    }
    return common;
  }
}
