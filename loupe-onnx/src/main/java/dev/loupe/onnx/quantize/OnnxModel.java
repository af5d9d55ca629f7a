package dev.loupe.onnx.quantize;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.util.List;

/**
 * An ONNX {@code ModelProto} read from its protobuf bytes without generated classes: the graph (field 7) and the
 * opset imports (field 8) decoded, everything else (IR version, producer, metadata, functions, ...) kept as read.
 * Only the parts the quantizer rewrites are decoded, down to nodes, initializers and value infos; every field not
 * decoded is carried through unchanged, so {@code parse(bytes).toByteArray()} describes the same model.
 */
public record OnnxModel(OnnxGraph graph, List<OpsetId> opsets, UnknownFieldSet rest) {
  private static final int IR_VERSION = 1;
  private static final int GRAPH = 7;
  private static final int OPSET_IMPORT = 8;

  public OnnxModel {
    opsets = List.copyOf(opsets);
  }

  public static OnnxModel parse(byte[] bytes) {
    UnknownFieldSet f = Wire.parse(ByteString.copyFrom(bytes));
    List<ByteString> graphs = Wire.messages(f, GRAPH);
    if (graphs.size() != 1) throw new OnnxFormatException("not an ONNX model: " + graphs.size() + " graphs");
    return new OnnxModel(OnnxGraph.parse(graphs.getFirst()),
        Wire.messages(f, OPSET_IMPORT).stream().map(OpsetId::parse).toList(), Wire.without(f, GRAPH, OPSET_IMPORT));
  }

  public byte[] toByteArray() {
    return UnknownFieldSet.newBuilder(rest)
        .addField(GRAPH, Wire.messagesField(List.of(graph.toByteString())))
        .addField(OPSET_IMPORT, Wire.messagesField(opsets.stream().map(OpsetId::toByteString).toList()))
        .build().toByteArray();
  }

  /** The ai.onnx opset version the graph is written for. */
  public long opset() {
    return opsets.stream().filter(OpsetId::standard).mapToLong(OpsetId::version).max().orElse(1);
  }

  public OnnxModel withGraph(OnnxGraph newGraph) {
    return new OnnxModel(newGraph, opsets, rest);
  }

  /** The model with an IR version of at least {@code version} (field 1); opset 13 needs IR 7. */
  public OnnxModel withIrVersionAtLeast(long version) {
    if (Wire.varint(rest, IR_VERSION, 0) >= version) return this;
    return new OnnxModel(graph, opsets, UnknownFieldSet.newBuilder(rest).addField(IR_VERSION, Wire.varintField(version)).build());
  }

  /** The model with its ai.onnx opset import set to {@code version}; other domains unchanged. */
  public OnnxModel withOpset(long version) {
    List<OpsetId> others = opsets.stream().filter(o -> !o.standard()).toList();
    List<OpsetId> all = new java.util.ArrayList<>();
    all.add(new OpsetId("", version));
    all.addAll(others);
    return new OnnxModel(graph, all, rest);
  }
}
