package dev.loupe.lucene;

import dev.loupe.core.index.GalleryMean;
import dev.loupe.core.index.IndexSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Loupe keys in a Lucene commit's user data. They are written with the documents in the same commit, so a
 * reader never sees documents without the spec that describes their vectors.
 */
final class CommitData {
  private CommitData() {}

  /** Version of Loupe's document layout; bumped when an older Loupe could not read what a newer one writes. */
  static final int FORMAT_VERSION = 2;
  /**
   * The version written for an index without database-side augmentation, which an older Loupe reads as it is.
   * An index with it is version 2: an older Loupe would write raw vectors where augmented ones belong.
   */
  static final int PLAIN_FORMAT_VERSION = 1;
  static final String FORMAT_KEY = "loupe.format";
  static final String SPEC_KEY = "loupe.spec";
  /**
   * The gallery mean of a centred index ({@link GalleryMean#encode}), committed with the items it sums. Absent
   * in indexes written before it existed: they are read by rescanning their vectors once.
   */
  static final String MEAN_KEY = "loupe.mean";

  static Map<String, String> of(IndexSpec spec) {
    return of(spec, null);
  }

  /** The user data of a commit; {@code mean} null for an index without centring. */
  static Map<String, String> of(IndexSpec spec, GalleryMean mean) {
    Map<String, String> data = new TreeMap<>();
    data.put(FORMAT_KEY, Integer.toString(spec.levers().dbaTop() > 0 ? FORMAT_VERSION : PLAIN_FORMAT_VERSION));
    data.put(SPEC_KEY, SpecJson.write(spec));
    if (mean != null) data.put(MEAN_KEY, mean.encode());
    return data;
  }

  /** The gallery mean in a commit's user data, or null when the commit has none. */
  static GalleryMean meanOf(Path dir, Map<String, String> userData, int dimension) throws IndexUnavailableException {
    String text = userData.get(MEAN_KEY);
    if (text == null) return null;
    try {
      return GalleryMean.decode(text, dimension);
    } catch (IllegalArgumentException e) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.UNREADABLE, dir,
          "Loupe index at " + dir + " has an " + e.getMessage());
    }
  }

  /** The spec in a commit's user data, after checking the format version. */
  static IndexSpec specOf(Path dir, Map<String, String> userData) throws IndexUnavailableException {
    String format = userData.get(FORMAT_KEY);
    if (format == null || !userData.containsKey(SPEC_KEY)) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.NOT_LOUPE, dir,
          dir + " holds a Lucene index that is not a Loupe index (its commit has no " + FORMAT_KEY + ")");
    }
    int version;
    try {
      version = Integer.parseInt(format.trim());
    } catch (NumberFormatException e) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.UNREADABLE, dir,
          "Loupe index at " + dir + " has an unreadable format version: '" + format + "'");
    }
    if (version > FORMAT_VERSION) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.NEWER_FORMAT, dir,
          "Loupe index at " + dir + " has format version " + version + " but this Loupe reads up to "
              + FORMAT_VERSION + "; upgrade Loupe or rebuild the index");
    }
    try {
      return SpecJson.read(userData.get(SPEC_KEY));
    } catch (IllegalArgumentException e) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.UNREADABLE, dir,
          "Loupe index at " + dir + " has an unreadable spec: " + e.getMessage());
    }
  }
}
