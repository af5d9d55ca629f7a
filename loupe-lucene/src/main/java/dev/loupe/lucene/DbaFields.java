package dev.loupe.lucene;

import dev.loupe.core.dba.NeighbourList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.util.BytesRef;

/**
 * The stored fields of an item under database-side augmentation: its raw vector (the vector field holds the
 * augmented one, which the graph and exact scans search) and the neighbour list it was augmented with. Stored
 * fields, not a second vector field: they are read only by point lookups and by commits, and cost disk, not heap.
 */
final class DbaFields {
  private DbaFields() {}

  static final String RAW = "dba.raw";
  static final String NEIGHBOURS = "dba.neighbours";

  static void add(Document doc, float[] raw, NeighbourList neighbours) {
    ByteBuffer bytes = ByteBuffer.allocate(raw.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(raw);
    doc.add(new StoredField(RAW, bytes.array()));
    if (neighbours != null) doc.add(new StoredField(NEIGHBOURS, encode(neighbours)));
  }

  /** The raw vector of a document, or null when it has none. */
  static float[] raw(Document doc) {
    BytesRef ref = doc.getBinaryValue(RAW);
    if (ref == null) return null;
    float[] v = new float[ref.length / Float.BYTES];
    ByteBuffer.wrap(ref.bytes, ref.offset, ref.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  /** The neighbour list of a document; null for an item put since its last augmentation. */
  static NeighbourList neighbours(Document doc) {
    BytesRef ref = doc.getBinaryValue(NEIGHBOURS);
    if (ref == null) return null;
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(ref.bytes, ref.offset, ref.length))) {
      int n = in.readInt();
      List<String> ids = new ArrayList<>(n);
      float[] scores = new float[n];
      for (int i = 0; i < n; i++) {
        ids.add(in.readUTF());
        scores[i] = in.readFloat();
      }
      return new NeighbourList(ids, scores);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable neighbour list", e);
    }
  }

  private static byte[] encode(NeighbourList list) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(list.size());
      float[] scores = list.scores();
      for (int i = 0; i < list.size(); i++) {
        out.writeUTF(list.ids().get(i));
        out.writeFloat(scores[i]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
