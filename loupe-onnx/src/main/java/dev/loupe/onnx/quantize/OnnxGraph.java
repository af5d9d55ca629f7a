package dev.loupe.onnx.quantize;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.util.List;

/**
 * An ONNX {@code GraphProto}: nodes 1, initializers 5, inputs 11, outputs 12, value_info 13 decoded; name, doc
 * string, sparse initializers, quantization annotations and any later field kept as read in {@code rest}.
 */
public record OnnxGraph(List<OnnxNode> nodes, List<TensorData> initializers, List<ValueInfo> inputs,
    List<ValueInfo> outputs, List<ValueInfo> valueInfo, UnknownFieldSet rest) {
  private static final int NODE = 1;
  private static final int INITIALIZER = 5;
  private static final int INPUT = 11;
  private static final int OUTPUT = 12;
  private static final int VALUE_INFO = 13;

  public OnnxGraph {
    nodes = List.copyOf(nodes);
    initializers = List.copyOf(initializers);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    valueInfo = List.copyOf(valueInfo);
  }

  static OnnxGraph parse(ByteString bytes) {
    UnknownFieldSet f = Wire.parse(bytes);
    return new OnnxGraph(
        Wire.messages(f, NODE).stream().map(OnnxNode::parse).toList(),
        Wire.messages(f, INITIALIZER).stream().map(TensorData::parse).toList(),
        Wire.messages(f, INPUT).stream().map(ValueInfo::parse).toList(),
        Wire.messages(f, OUTPUT).stream().map(ValueInfo::parse).toList(),
        Wire.messages(f, VALUE_INFO).stream().map(ValueInfo::parse).toList(),
        Wire.without(f, NODE, INITIALIZER, INPUT, OUTPUT, VALUE_INFO));
  }

  ByteString toByteString() {
    UnknownFieldSet.Builder b = UnknownFieldSet.newBuilder(rest);
    if (!nodes.isEmpty()) b.addField(NODE, Wire.messagesField(nodes.stream().map(OnnxNode::toByteString).toList()));
    if (!initializers.isEmpty()) {
      b.addField(INITIALIZER, Wire.messagesField(initializers.stream().map(TensorData::toByteString).toList()));
    }
    if (!inputs.isEmpty()) b.addField(INPUT, Wire.messagesField(inputs.stream().map(ValueInfo::toByteString).toList()));
    if (!outputs.isEmpty()) b.addField(OUTPUT, Wire.messagesField(outputs.stream().map(ValueInfo::toByteString).toList()));
    if (!valueInfo.isEmpty()) {
      b.addField(VALUE_INFO, Wire.messagesField(valueInfo.stream().map(ValueInfo::toByteString).toList()));
    }
    return b.build().toByteString();
  }

  public OnnxGraph withNodes(List<OnnxNode> newNodes) {
    return new OnnxGraph(newNodes, initializers, inputs, outputs, valueInfo, rest);
  }

  public OnnxGraph with(List<OnnxNode> newNodes, List<TensorData> newInitializers) {
    return new OnnxGraph(newNodes, newInitializers, inputs, outputs, valueInfo, rest);
  }

  public OnnxGraph withInterface(List<ValueInfo> newInputs, List<ValueInfo> newOutputs, List<ValueInfo> newValueInfo) {
    return new OnnxGraph(nodes, initializers, newInputs, newOutputs, newValueInfo, rest);
  }
}
