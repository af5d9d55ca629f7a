package dev.loupe.onnx.quantize;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;

/** An ONNX {@code OperatorSetIdProto}: domain 1 ("" is ai.onnx) and version 2. */
public record OpsetId(String domain, long version) {
  private static final int DOMAIN = 1;
  private static final int VERSION = 2;

  static OpsetId parse(ByteString bytes) {
    UnknownFieldSet f = Wire.parse(bytes);
    return new OpsetId(Wire.string(f, DOMAIN), Wire.varint(f, VERSION, 0));
  }

  ByteString toByteString() {
    UnknownFieldSet.Builder b = UnknownFieldSet.newBuilder();
    if (domain != null) b.addField(DOMAIN, Wire.stringField(domain));
    b.addField(VERSION, Wire.varintField(version));
    return b.build().toByteString();
  }

  public boolean standard() {
    return domain == null || domain.isEmpty() || domain.equals("ai.onnx");
  }
}
