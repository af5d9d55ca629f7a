package dev.loupe.onnx.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.UnknownFieldSet;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading an ONNX file into this package's records and writing it back loses nothing, on every shared model. */
class OnnxModelRoundTripTest {

  static Stream<Path> models() {
    return SharedData.filesUnder(SharedData.models()).stream().filter(p -> p.toString().endsWith(".onnx"));
  }

  @ParameterizedTest
  @MethodSource("models")
  void bytesParseBackToEqualStructures(Path file) throws Exception {
    byte[] original = Files.readAllBytes(file);
    OnnxModel model = OnnxModel.parse(original);
    assertFalse(model.graph().nodes().isEmpty(), file + ": nodes decoded");
    byte[] written = model.toByteArray();
    assertEquals(model, OnnxModel.parse(written), file + ": written bytes parse back to the same model");
    // Generated protobuf writers emit fields in field-number order, as UnknownFieldSet does, so the unchanged
    // model comes back byte for byte: nothing dropped, reordered or re-encoded.
    assertArrayEquals(original, written, file + ": bytes");
  }

  /** A field this package does not decode, at every level it rewrites, survives a rewrite. */
  @Test
  void unknownFieldsSurviveARewrite() throws Exception {
    OnnxModel m = OnnxModel.parse(Files.readAllBytes(
        SharedData.models().resolve("mobilenetv2-tf2-ptq/tf2_mobilenet_v2_1.0_224_ptq_features.onnx")));
    OnnxGraph g = m.graph();
    OnnxNode n = g.nodes().getFirst();
    TensorData t = g.initializers().getFirst();
    ValueInfo in = g.inputs().getFirst();
    List<OnnxNode> nodes = new ArrayList<>(g.nodes());
    nodes.set(0, new OnnxNode(n.name(), n.opType(), n.domain(), n.inputs(), n.outputs(), n.attributes(), tagged(n.rest())));
    List<TensorData> inits = new ArrayList<>(g.initializers());
    inits.set(0, new TensorData(t.name(), t.dataType(), t.dims(), tagged(t.rest())));
    OnnxGraph tg = new OnnxGraph(nodes, inits, List.of(new ValueInfo(in.name(), tagged(in.rest()))), g.outputs(),
        g.valueInfo(), tagged(g.rest()));
    OnnxModel back = OnnxModel.parse(new OnnxModel(tg, m.opsets(), tagged(m.rest())).toByteArray());
    for (UnknownFieldSet rest : List.of(back.rest(), back.graph().rest(), back.graph().nodes().getFirst().rest(),
        back.graph().initializers().getFirst().rest(), back.graph().inputs().getFirst().rest())) {
      assertEquals(List.of(TAG), rest.getField(UNKNOWN).getVarintList());
    }
    // Model-level fields decoded by no record (here the producer name, field 2) come through unchanged.
    assertEquals(m.rest().getField(2), back.rest().getField(2));
  }

  private static final int UNKNOWN = 1000;
  private static final long TAG = 42;

  private static UnknownFieldSet tagged(UnknownFieldSet set) {
    return UnknownFieldSet.newBuilder(set).addField(UNKNOWN, UnknownFieldSet.Field.newBuilder().addVarint(TAG).build()).build();
  }
}
