package dev.loupe.onnx.quantize;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.util.List;

/**
 * An ONNX {@code AttributeProto}, kept whole as read; the accessors decode the few kinds this package reads
 * (name 1, f 2, i 3, t 5, ints 8, type 20).
 */
public record OnnxAttribute(UnknownFieldSet fields) {
  private static final int NAME = 1;
  private static final int F = 2;
  private static final int I = 3;
  private static final int T = 5;
  private static final int INTS = 8;
  private static final int TYPE = 20;
  private static final int TYPE_INT = 2;

  static OnnxAttribute parse(ByteString bytes) {
    return new OnnxAttribute(Wire.parse(bytes));
  }

  ByteString toByteString() {
    return fields.toByteString();
  }

  /** An integer attribute, e.g. {@code axis} of a per-channel DequantizeLinear. */
  public static OnnxAttribute ofInt(String name, long value) {
    return new OnnxAttribute(UnknownFieldSet.newBuilder()
        .addField(NAME, Wire.stringField(name))
        .addField(I, Wire.varintField(value))
        .addField(TYPE, Wire.varintField(TYPE_INT))
        .build());
  }

  public String name() {
    return Wire.string(fields, NAME);
  }

  public float floatValue() {
    List<Integer> all = fields.getField(F).getFixed32List();
    if (all.isEmpty()) throw new OnnxFormatException("attribute " + name() + " has no float value");
    return Float.intBitsToFloat(all.getLast());
  }

  public long intValue() {
    return Wire.varint(fields, I, 0);
  }

  public List<Long> intsValue() {
    return Wire.int64s(fields, INTS);
  }

  public TensorData tensorValue() {
    List<ByteString> all = Wire.messages(fields, T);
    if (all.isEmpty()) throw new OnnxFormatException("attribute " + name() + " has no tensor value");
    return TensorData.parse(all.getLast());
  }
}
