package dev.loupe.onnx.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
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
    Map<String, Integer> ops = new TreeMap<>();
    for (OnnxNode n : model.graph().nodes()) ops.merge(n.domain() + ":" + n.opType(), 1, Integer::sum);
    System.out.println(file.getFileName() + " opset " + model.opsets() + " " + ops + " inits " + model.graph().initializers().size()
        + " inputs " + model.graph().inputs().stream().map(ValueInfo::name).limit(3).toList());
  }
}
