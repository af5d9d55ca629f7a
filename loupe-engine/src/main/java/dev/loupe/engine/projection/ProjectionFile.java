package dev.loupe.engine.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.io.AtomicFiles;
import dev.loupe.core.io.Checksums;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A trained projection's file in the index folder, hidden (the store never counts it as a user's file) and
 * written atomically beside it, as the text tower's. Layout (big-endian): magic, version, header length and JSON
 * {@link ProjectionInfo}, output and input dimension, output × input weights, input floats of the mean, then the
 * SHA-256 of everything before it. The same training gives the same bytes: the file is the determinism test's
 * unit.
 */
public final class ProjectionFile {
  public static final String NAME = ".loupe-projection";
  static final int MAGIC = 0x4C50524A; // "LPRJ"
  static final int VERSION = 1;
  /** Bounds what a damaged file may make the reader allocate. */
  private static final int MAX_HEADER = 1 << 20;
  private static final int MAX_DIMENSION = 1 << 16;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProjectionFile() {}

  public static Path of(Path indexDir) {
    return indexDir.resolve(NAME);
  }

  /** A saved projection with its header and checksum. */
  public record Saved(Projection projection, ProjectionInfo info, String checksum) {}

  public static Path write(Path indexDir, Projection p, ProjectionInfo info) throws IOException {
    Path target = of(indexDir);
    AtomicFiles.write(target, bytes(p, info), true);
    return target;
  }

  /** Removes the index's projection (a file Loupe wrote); false when there was none. */
  public static boolean remove(Path indexDir) throws IOException {
    return Files.deleteIfExists(of(indexDir));
  }

  static byte[] bytes(Projection p, ProjectionInfo info) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      byte[] header = JSON.writeValueAsBytes(info);
      out.writeInt(header.length);
      out.write(header);
      out.writeInt(p.outputDimension());
      out.writeInt(p.inputDimension());
      for (float[] row : p.weights()) for (float x : row) out.writeFloat(x);
      for (float x : p.mean()) out.writeFloat(x);
    }
    return Checksums.seal(buffer.toByteArray());
  }

  /** The projection saved in {@code indexDir}, if any; fails with one line naming the file when it is damaged. */
  public static Optional<Saved> read(Path indexDir) throws IOException {
    Path file = of(indexDir);
    Optional<byte[]> sealed = Checksums.readSealed(file, 20, reason -> damaged(file, reason));
    if (sealed.isEmpty()) return Optional.empty();
    byte[] body = sealed.get();
    String sum = Checksums.sha256(body);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
      if (in.readInt() != MAGIC) throw damaged(file, "not a Loupe projection");
      int version = in.readInt();
      if (version != VERSION) throw damaged(file, "version " + version + ", this Loupe reads version " + VERSION);
      int length = in.readInt();
      if (length < 0 || length > MAX_HEADER) throw damaged(file, "header length " + length);
      ProjectionInfo info = JSON.readValue(in.readNBytes(length), ProjectionInfo.class);
      int output = in.readInt();
      int input = in.readInt();
      if (output < 1 || input < 1 || output > MAX_DIMENSION || input > MAX_DIMENSION
          || (long) (output + 1) * input * Float.BYTES != in.available()) {
        throw damaged(file, "size does not match its dimensions " + output + " × " + input);
      }
      float[][] weights = new float[output][input];
      for (float[] row : weights) for (int i = 0; i < input; i++) row[i] = in.readFloat();
      float[] mean = new float[input];
      for (int i = 0; i < input; i++) mean[i] = in.readFloat();
      return Optional.of(new Saved(new Projection(weights, mean), info, sum));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw damaged(file, "unreadable header (" + e.getOriginalMessage() + ")");
    }
  }

  private static IllegalStateException damaged(Path file, String why) {
    return new IllegalStateException("projection " + file + " is damaged: " + why
        + "; run loupe train-projection again");
  }
}
