package dev.loupe.engine.dedup;

import dev.loupe.core.index.GalleryMean;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.ItemStore;
import java.io.IOException;
import dev.loupe.core.query.Metric;
import java.util.Map;
import java.util.Optional;

/**
 * The near-duplicate threshold used when none is given, per model, metric and centring: a score's scale is the
 * model's (ReLU features of one network sit higher on the cosine scale than another's) and centring changes it
 * (scores of centred vectors are lower), so no one number means the same everywhere. Each value is the rule of
 * {@code loupe eval --near-duplicates 300 --seed 42 --dedup} (the lowest threshold with pairwise precision at
 * least 0.95 at it and every higher threshold measured on 20 or more pairs) on that configuration; docs/quality.md, "Duplicates", has the table and the reasoning.
 * Other models and metrics have no default: the user gives {@code --threshold}.
 */
public final class DefaultThresholds {
  private DefaultThresholds() {}

  private record Key(String embedder, Metric metric, boolean centred) {}

  // Measured on cosine; dot on these unit vectors gives the same scores. See docs/quality.md, "Duplicates".
  private static final Map<Key, Float> MEASURED = Map.ofEntries(
      entry("mobilenetv2-tf2-ptq", false, 0.93f), entry("mobilenetv2-tf2-ptq", true, 0.89f),
      entry("mobilenetv2-onnxzoo-int8", false, 0.93f), entry("mobilenetv2-onnxzoo-int8", true, 0.84f),
      entry("squeezenet1.1", false, 0.95f), entry("squeezenet1.1", true, 0.90f),
      // The int8 model new indexes get (made on the user's machine, calibrated on the user's images; measured on
      // one made by scripts/bench e2e, calibrated on Caltech-20 photos): its scores sit a little higher.
      entry("mobilenetv2-tf2-ptq-int8", false, 0.94f), entry("mobilenetv2-tf2-ptq-int8", true, 0.90f),
      dot("mobilenetv2-tf2-ptq-int8", false, 0.94f), dot("mobilenetv2-tf2-ptq-int8", true, 0.90f),
      dot("mobilenetv2-tf2-ptq", false, 0.93f), dot("mobilenetv2-tf2-ptq", true, 0.89f),
      dot("mobilenetv2-onnxzoo-int8", false, 0.93f), dot("mobilenetv2-onnxzoo-int8", true, 0.84f),
      dot("squeezenet1.1", false, 0.95f), dot("squeezenet1.1", true, 0.90f));

  private static Map.Entry<Key, Float> entry(String embedder, boolean centred, float threshold) {
    return Map.entry(new Key(embedder, Metric.COSINE, centred), threshold);
  }

  private static Map.Entry<Key, Float> dot(String embedder, boolean centred, float threshold) {
    return Map.entry(new Key(embedder, Metric.DOT, centred), threshold);
  }

  /**
   * The measured default for an index, if its model, metric and centring were measured. Centring is whether its
   * searches are centred now: a centred index of fewer than {@link GalleryMean#MIN_CENTRED_ITEMS} items is not.
   */
  public static Optional<Float> forStore(ItemStore store) throws IOException {
    IndexSpec spec = store.spec();
    return Optional.ofNullable(MEASURED.get(new Key(spec.embedder().name(), spec.metric(), centred(store))));
  }

  /** Whether the store's scores are centred now, for messages that name the configuration. */
  public static boolean centred(ItemStore store) throws IOException {
    return store.searchCentering().isPresent();
  }

  /** The models with a default, for messages. */
  public static String known() {
    return String.join(", ", MEASURED.keySet().stream().map(Key::embedder).distinct().sorted().toList())
        + " (cosine or dot, with or without centring)";
  }
}
