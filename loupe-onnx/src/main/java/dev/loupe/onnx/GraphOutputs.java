package dev.loupe.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;

/**
 * Exposes an intermediate tensor of an ONNX model as an extra graph output, so that the pooled penultimate
 * layer of an unmodified hub classifier can serve as an embedding without offline model surgery.
 *
 * <p>Works on the protobuf wire format without generated ONNX classes: {@code ModelProto.graph} is field 7,
 * {@code GraphProto.output} is field 12 and {@code ValueInfoProto.name} is field 1. ONNX Runtime infers the
 * type of an output declared by name only.
 */
final class GraphOutputs {
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_OUTPUT = 12;
  private static final int VALUE_INFO_NAME = 1;

  private GraphOutputs() {}

  /** The model bytes with {@code tensorName} appended to the graph outputs. */
  static byte[] withOutput(byte[] model, String tensorName) throws InvalidProtocolBufferException {
    UnknownFieldSet modelProto = UnknownFieldSet.parseFrom(model);
    UnknownFieldSet.Field graphField = modelProto.getField(MODEL_GRAPH);
    if (graphField.getLengthDelimitedList().size() != 1) {
      throw new InvalidProtocolBufferException("not an ONNX model: no graph");
    }
    UnknownFieldSet graph = UnknownFieldSet.parseFrom(graphField.getLengthDelimitedList().get(0));
    UnknownFieldSet valueInfo = UnknownFieldSet.newBuilder()
        .addField(VALUE_INFO_NAME, UnknownFieldSet.Field.newBuilder()
            .addLengthDelimited(ByteString.copyFromUtf8(tensorName)).build())
        .build();
    UnknownFieldSet.Field outputs = UnknownFieldSet.Field.newBuilder(graph.getField(GRAPH_OUTPUT))
        .addLengthDelimited(valueInfo.toByteString()).build();
    UnknownFieldSet newGraph = UnknownFieldSet.newBuilder(graph).addField(GRAPH_OUTPUT, outputs).build();
    return UnknownFieldSet.newBuilder(modelProto)
        .addField(MODEL_GRAPH, UnknownFieldSet.Field.newBuilder().addLengthDelimited(newGraph.toByteString()).build())
        .build()
        .toByteArray();
  }
}
