package dev.loupe.onnx.quantize;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.util.List;
import java.util.Optional;

/**
 * An ONNX {@code NodeProto}: inputs 1, outputs 2, name 3, op_type 4, attributes 5, domain 7 decoded; the rest
 * (doc_string, ...) kept as read. A null name or domain is absent from the file (an empty one was written empty);
 * the default domain is ai.onnx either way.
 */
public record OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
    List<OnnxAttribute> attributes, UnknownFieldSet rest) {
  private static final int INPUT = 1;
  private static final int OUTPUT = 2;
  private static final int NAME = 3;
  private static final int OP_TYPE = 4;
  private static final int ATTRIBUTE = 5;
  private static final int DOMAIN = 7;

  public OnnxNode {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = List.copyOf(attributes);
  }

  /** A new node in the default (ai.onnx) domain. */
  public static OnnxNode of(String name, String opType, List<String> inputs, List<String> outputs,
      List<OnnxAttribute> attributes) {
    return new OnnxNode(name, opType, null, inputs, outputs, attributes, UnknownFieldSet.getDefaultInstance());
  }

  static OnnxNode parse(ByteString bytes) {
    UnknownFieldSet f = Wire.parse(bytes);
    return new OnnxNode(Wire.string(f, NAME), Wire.string(f, OP_TYPE), Wire.string(f, DOMAIN),
        Wire.strings(f, INPUT), Wire.strings(f, OUTPUT),
        Wire.messages(f, ATTRIBUTE).stream().map(OnnxAttribute::parse).toList(),
        Wire.without(f, INPUT, OUTPUT, NAME, OP_TYPE, ATTRIBUTE, DOMAIN));
  }

  ByteString toByteString() {
    UnknownFieldSet.Builder b = UnknownFieldSet.newBuilder(rest);
    if (!inputs.isEmpty()) b.addField(INPUT, Wire.stringsField(inputs));
    if (!outputs.isEmpty()) b.addField(OUTPUT, Wire.stringsField(outputs));
    if (name != null) b.addField(NAME, Wire.stringField(name));
    if (opType != null) b.addField(OP_TYPE, Wire.stringField(opType));
    if (!attributes.isEmpty()) {
      b.addField(ATTRIBUTE, Wire.messagesField(attributes.stream().map(OnnxAttribute::toByteString).toList()));
    }
    if (domain != null) b.addField(DOMAIN, Wire.stringField(domain));
    return b.build().toByteString();
  }

  /** True for an operator of the standard ai.onnx domain called {@code op}. */
  public boolean is(String op) {
    return op.equals(opType) && (domain == null || domain.isEmpty() || domain.equals("ai.onnx"));
  }

  public Optional<OnnxAttribute> attribute(String attributeName) {
    return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
  }

  /** The input at {@code i}, or "" when absent (ONNX marks a skipped optional input with an empty name). */
  public String input(int i) {
    return i < inputs.size() ? inputs.get(i) : "";
  }

  public OnnxNode withInputs(List<String> newInputs) {
    return new OnnxNode(name, opType, domain, newInputs, outputs, attributes, rest);
  }

  public OnnxNode withAttributes(List<OnnxAttribute> newAttributes) {
    return new OnnxNode(name, opType, domain, inputs, outputs, newAttributes, rest);
  }
}
