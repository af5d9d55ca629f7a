package dev.loupe.onnx.quantize;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;

/**
 * An ONNX {@code ValueInfoProto} (a graph input, output or annotated tensor): the name decoded (field 1), the type
 * and everything else kept as read.
 */
public record ValueInfo(String name, UnknownFieldSet rest) {
  private static final int NAME = 1;

  static ValueInfo parse(ByteString bytes) {
    UnknownFieldSet f = Wire.parse(bytes);
    return new ValueInfo(Wire.string(f, NAME), Wire.without(f, NAME));
  }

  /** A value declared by name only; ONNX Runtime infers its type (as {@code GraphOutputs} relies on). */
  public static ValueInfo named(String name) {
    return new ValueInfo(name, UnknownFieldSet.getDefaultInstance());
  }

  ByteString toByteString() {
    UnknownFieldSet.Builder b = UnknownFieldSet.newBuilder(rest);
    if (name != null) b.addField(NAME, Wire.stringField(name));
    return b.build().toByteString();
  }
}
