package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.testing.SharedData;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's text and JSON outputs, compared with snapshot files in {@code src/test/resources/snapshots/}: any
 * change to what a user or a script reads (columns, field names and order, wording, numbers) shows up as a diff
 * to review.
 *
 * <p>Fixed data: real photos from {@code ../shared} (caltech20, copied under fixed names), the real default
 * model and the raw-pixel embedder. What legitimately varies is normalised before comparing: the temporary
 * folder becomes {@code <tmp>}, the shared folder {@code <shared>}, the home folder {@code <home>}, model
 * directories from the environment {@code <environment>}, sizes on disk {@code <size>}, timings
 * {@code <seconds>}; JSON numbers are rounded to 4 decimals, as the text output prints them (ONNX Runtime may
 * differ in the last bits between CPUs).
 *
 * <p>After an intended change, refresh the snapshots and review the diff with {@code git diff}:
 * <pre>
 * ./scripts/test -pl loupe-cli -am -Dtest=CliSnapshotTest -Dloupe.snapshots.update=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class CliSnapshotTest {
  static final Path SNAPSHOTS = Path.of("src/test/resources/snapshots");
  static final boolean UPDATE = Boolean.getBoolean("loupe.snapshots.update");
  static final String MODELS = SharedData.models().toString();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  static Path index;
  static Path labelled;
  static List<String> queries;

  @BeforeAll
  static void buildIndex() throws Exception {
    // Five photos of each of three classes, under names that do not depend on the data set's numbering.
    Path photos = tmp.resolve("photos");
    labelled = tmp.resolve("labelled");
    for (String cls : List.of("airplanes", "lotus", "watch")) {
      List<Path> files = SharedData.filesUnder(SharedData.caltechTrain().resolve(cls));
      for (int i = 0; i < 5; i++) {
        Files.copy(files.get(i), Files.createDirectories(photos.resolve(cls)).resolve(cls + "-" + i + ".jpg"));
        if (i < 4) Files.copy(files.get(i), Files.createDirectories(labelled.resolve(cls)).resolve(cls + "-" + i + ".jpg"));
      }
    }
    index = tmp.resolve("photos.idx");
    // One thread: two workers would each flush a segment, and the segment count in info would vary by run.
    CliTest.Run r = CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq",
        photos.toString(), "-i", index.toString(), "--models", MODELS, "--threads", "1");
    assertEquals(0, r.code(), r.err());
    queries = List.of(SharedData.caltechTest().resolve("lotus/image_0003.jpg").toString(),
        SharedData.caltechTest().resolve("watch/image_0002.jpg").toString());
  }

  @Test
  void searchText() throws IOException {
    check("search.txt", run(search("-k", "4")));
  }

  @Test
  void searchJson() throws IOException {
    check("search.json", json(run(search("-k", "3", "-f", "json"))));
  }

  @Test
  void searchJsonl() throws IOException {
    StringBuilder out = new StringBuilder();
    for (String line : run(search("-k", "2", "-f", "jsonl")).split("\n")) {
      out.append(JSON.writeValueAsString(round(JSON.readTree(line)))).append('\n');
    }
    check("search.jsonl", out.toString());
  }

  @Test
  void searchWithNoMatch() throws IOException {
    check("search-min-score.txt", run(search("-k", "3", "--min-score", "0.99")));
  }

  @Test
  void infoText() throws IOException {
    // The decoder line names the machine's libvips version (or why it is not used).
    check("info.txt", run("info", "-i", index.toString()).replaceAll("(?m)^(sizeOnDiskBytes +)\\d+$", "$1<size>")
        .replaceAll("(?m)^(decoder +).+$", "$1<decoder>"));
  }

  @Test
  void infoJson() throws IOException {
    check("info.json", json(run("info", "-i", index.toString(), "--json"))
        .replaceAll("\"sizeOnDiskBytes\" : \\d+", "\"sizeOnDiskBytes\" : \"<size>\"")
        .replaceAll("\"decoder\" : \".*\"", "\"decoder\" : \"<decoder>\""));
  }

  @Test
  void evalText() throws IOException {
    String table = run("eval", labelled.toString(), "-c", "mobilenetv2-tf2-ptq", "-c", "pixels-8/l1", "-k", "1,3",
        "--models", MODELS);
    // The last column is the wall time of each configuration.
    check("eval.txt", table.replaceAll("(?m)\\| +[0-9.]+ \\|$", "| <seconds> |"));
  }

  @Test
  void evalJson() throws IOException {
    String out = run("eval", labelled.toString(), "-c", "mobilenetv2-tf2-ptq", "-c", "pixels-8/l1", "-k", "1,3", "-f",
        "json", "--models", MODELS);
    JsonNode root = JSON.readTree(out);
    root.findParents("seconds").forEach(p -> ((ObjectNode) p).put("seconds", "<seconds>"));
    check("eval.json", json(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root)));
  }

  @Test
  void modelsList() throws IOException {
    // The directories searched after --models come from the environment (LOUPE_MODELS, the home folder).
    String searched = dev.loupe.onnx.ModelPaths.fromEnvironment(List.of(SharedData.models())).describe();
    check("models-list.txt", run("models", "list", "--models", MODELS).replace(normalise(searched),
        "<shared>/models, <environment>"));
  }

  static String[] search(String... options) {
    List<String> args = new ArrayList<>(List.of("search", "-i", index.toString(), "--models", MODELS));
    args.addAll(List.of(options));
    args.addAll(queries);
    return args.toArray(String[]::new);
  }

  /** Runs the command, which must succeed, and returns its stdout with the varying folders named. */
  static String run(String... args) {
    CliTest.Run r = CliTest.loupe(args);
    assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
    return normalise(r.out());
  }

  static String normalise(String out) {
    return out.replace(tmp.toAbsolutePath().toString(), "<tmp>")
        .replace(tmp.toString(), "<tmp>")
        .replace(SharedData.root().toString(), "<shared>")
        .replace(System.getProperty("user.home"), "<home>");
  }

  /** Pretty JSON with every number rounded to 4 decimals. */
  static String json(String out) throws IOException {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(round(JSON.readTree(out))) + "\n";
  }

  static JsonNode round(JsonNode node) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      fields.forEachRemaining(entries::add);
      for (Map.Entry<String, JsonNode> e : entries) ((ObjectNode) node).set(e.getKey(), round(e.getValue()));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, round(node.get(i)));
    } else if (node.isFloatingPointNumber()) {
      return DoubleNode.valueOf(BigDecimal.valueOf(node.asDouble()).setScale(4, RoundingMode.HALF_EVEN).doubleValue());
    }
    return node;
  }

  /** Compares with the snapshot, or writes it with -Dloupe.snapshots.update=true. */
  static void check(String name, String actual) throws IOException {
    Path file = SNAPSHOTS.resolve(name);
    if (UPDATE) {
      Files.createDirectories(SNAPSHOTS);
      Files.writeString(file, actual);
      return;
    }
    assertTrue(Files.exists(file), "no snapshot " + file.toAbsolutePath() + "; create it with "
        + "-Dloupe.snapshots.update=true (see CliSnapshotTest's javadoc)");
    assertEquals(Files.readString(file), actual, "output differs from snapshot " + name
        + "; if the change is intended, refresh with -Dloupe.snapshots.update=true and review the diff");
  }
}
