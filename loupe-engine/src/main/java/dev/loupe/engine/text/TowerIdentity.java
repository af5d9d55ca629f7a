package dev.loupe.engine.text;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.io.Checksums;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checksums that tie a trained tower to the image embedder and the index it was trained for. The index is
 * identified by the stored vectors of a few of its training items (probes): an index that gains items keeps its
 * tower, a tower copied into another index (other items, or the same items embedded by another model) is refused.
 */
public final class TowerIdentity {
  /** How many training items identify the index: enough that another index matching them all by chance is moot. */
  static final int PROBES = 8;

  private TowerIdentity() {}

  /** SHA-256 of everything that makes an embedder's vectors what they are (name, shape, fingerprint). */
  public static String embedderChecksum(EmbedderDescriptor d) {
    String text = d.name() + "\n" + d.dimension() + "\n" + d.normalized() + "\n" + new TreeMap<>(d.fingerprint());
    return Checksums.sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 of the probe items' ids and stored vectors; empty when one of them is not in the store. */
  public static Optional<String> indexChecksum(ItemStore store, List<String> probeIds) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(probeIds.size() * (4 * store.spec().embedder().dimension() + 256) + 64);
    StringBuilder ids = new StringBuilder();
    for (String id : probeIds) {
      Optional<float[]> v = store.vector(id);
      if (v.isEmpty()) return Optional.empty();
      ids.append(id).append('\n');
      for (float x : v.get()) bytes.putFloat(x);
    }
    byte[] idBytes = ids.toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bytes.position() + idBytes.length];
    bytes.flip().get(all, 0, bytes.limit());
    System.arraycopy(idBytes, 0, all, all.length - idBytes.length, idBytes.length);
    return Optional.of(Checksums.sha256(all));
  }

  /**
   * Fails with one line when {@code info} was trained for another embedder or another index than {@code store}'s.
   */
  public static void check(TowerInfo info, ItemStore store, String where) throws IOException {
    EmbedderDescriptor image = store.spec().embedder();
    String checksum = embedderChecksum(image);
    if (!info.imageEmbedder().equals(image.name()) || !info.imageChecksum().equals(checksum)) {
      throw new IllegalStateException("text tower " + where + " was trained for image model " + info.imageEmbedder()
          + " (checksum " + shortSum(info.imageChecksum()) + "), but this index uses " + image.name() + " (checksum "
          + shortSum(checksum) + "); run loupe train-text on this index again");
    }
    Optional<String> identity = indexChecksum(store, info.probeIds());
    if (identity.isEmpty() || !identity.get().equals(info.indexIdentity())) {
      throw new IllegalStateException("text tower " + where + " was trained for another index (checksum "
          + shortSum(info.indexIdentity()) + ", this index: " + identity.map(TowerIdentity::shortSum).orElse("its items are missing")
          + "); run loupe train-text on this index again");
    }
  }

  private static String shortSum(String sha) {
    return sha.substring(0, Math.min(12, sha.length()));
  }
}
