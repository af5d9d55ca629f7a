package dev.loupe.engine.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.io.AtomicFiles;
import dev.loupe.core.io.Checksums;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The trained tower's file in the index folder. A hidden name, so the store's listing of its own and foreign
 * files leaves it out (Loupe never deletes it as an index file, nor counts it as the user's). Written to a temporary
 * file beside it and moved over it atomically: a reader sees the old tower or the new one, never half of one.
 *
 * <p>Layout (big-endian): magic, version, header length and header (JSON {@link TowerInfo} plus vocabulary and
 * idf), base features × dimension weights, dimension floats of the mean, then the SHA-256 of everything before
 * it. Version 2 added the text base and its checksum to the header ({@link TowerInfo}), version 3 the objective
 * and the zero-shot temperature; older files are ridge towers (a version 1 file a TF-IDF one) and still read. A MiniLM tower holds no vocabulary: its rows are the encoder's 384 dimensions, and
 * the encoder's graph must have the checksum the tower was trained with.
 */
public final class TowerFile {
  public static final String NAME = ".loupe-text-tower";
  static final int MAGIC = 0x4C545457; // "LTTW"
  static final int VERSION = 3;
  /** The oldest version this Loupe reads. */
  static final int OLDEST = 1;
  /** Bounds what a damaged header length may make the reader allocate. */
  private static final int MAX_HEADER = 16 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private TowerFile() {}

  /** The tower file of an index folder. */
  public static Path of(Path indexDir) {
    return indexDir.resolve(NAME);
  }

  record Header(TowerInfo info, List<String> vocabulary, float[] idf, int dimension) {}

  /** Writes the tower atomically; returns the file. */
  public static Path write(Path indexDir, TextBase base, float[][] weights, float[] mean, TowerInfo info)
      throws IOException {
    byte[] body = body(base, weights, mean, info);
    Path target = of(indexDir);
    AtomicFiles.write(target, body, true); // hidden temporary name: the store never counts it as a user's file
    return target;
  }

  static byte[] body(TextBase base, float[][] weights, float[] mean, TowerInfo info) throws IOException {
    WordFeatures features = base instanceof TfidfBase t ? t.features() : new WordFeatures(List.of(), new float[0]);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      byte[] header = JSON.writeValueAsBytes(new Header(info, features.vocabulary(), features.idf(), mean.length));
      out.writeInt(header.length);
      out.write(header);
      for (float[] row : weights) for (float x : row) out.writeFloat(x);
      for (float x : mean) out.writeFloat(x);
    }
    return Checksums.seal(bytes.toByteArray());
  }

  /** The tower saved in {@code indexDir}, if any; fails with one line naming the file when it is damaged. */
  public static Optional<TrainedTextTower> read(Path indexDir) throws IOException {
    Path file = of(indexDir);
    Optional<byte[]> sealed = Checksums.readSealed(file, 12, reason -> damaged(file, reason));
    if (sealed.isEmpty()) return Optional.empty();
    byte[] body = sealed.get();
    String sum = Checksums.sha256(body);
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body))) {
      if (in.readInt() != MAGIC) throw damaged(file, "not a Loupe text tower");
      int version = in.readInt();
      if (version < OLDEST || version > VERSION) {
        throw damaged(file, "version " + version + ", this Loupe reads versions " + OLDEST + " to " + VERSION);
      }
      int length = in.readInt();
      if (length < 0 || length > MAX_HEADER) throw damaged(file, "header length " + length);
      Header h = JSON.readValue(in.readNBytes(length), Header.class);
      int d = h.dimension();
      TextBase base = base(file, h);
      try {
        int v = base.size();
        if ((long) (v + 1) * d * Float.BYTES != in.available()) throw damaged(file, "size does not match its header");
        float[][] weights = new float[v][d];
        for (float[] row : weights) for (int c = 0; c < d; c++) row[c] = in.readFloat();
        float[] mean = new float[d];
        for (int c = 0; c < d; c++) mean[c] = in.readFloat();
        return Optional.of(new TrainedTextTower(base, weights, mean, h.info(), sum));
      } catch (RuntimeException | IOException e) {
        base.close(); // do not leak the encoder's native session
        throw e;
      }
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw damaged(file, "unreadable header (" + e.getOriginalMessage() + ")");
    } catch (IllegalArgumentException e) {
      throw damaged(file, e.getMessage());
    }
  }

  /** The tower's base: its saved vocabulary, or the MiniLM encoder if it is the graph the tower was trained on. */
  private static TextBase base(Path file, Header h) {
    TowerInfo info = h.info();
    if (info.base().equals(TfidfBase.NAME)) return new TfidfBase(new WordFeatures(h.vocabulary(), h.idf()));
    if (!info.base().equals(MiniLmBase.NAME)) throw damaged(file, "unknown text base " + info.base());
    MiniLmBase minilm = MiniLmBase.open();
    if (!minilm.checksum().equals(info.baseChecksum())) {
      minilm.close();
      throw new IllegalStateException("text tower " + file + " was trained on text base minilm with checksum "
          + shortSum(info.baseChecksum()) + ", but this Loupe's MiniLM graph has checksum " + shortSum(minilm.checksum())
          + "; run loupe train-text again");
    }
    return minilm;
  }

  private static String shortSum(String sha) {
    return sha.isEmpty() ? "(none)" : sha.substring(0, Math.min(12, sha.length()));
  }

  private static IllegalStateException damaged(Path file, String why) {
    return new IllegalStateException("text tower " + file + " is damaged: " + why + "; run loupe train-text again");
  }

}
