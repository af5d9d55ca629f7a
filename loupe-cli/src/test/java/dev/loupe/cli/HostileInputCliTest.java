package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile new user found: file names that forge output lines, unbounded -k, options that slip through
 * or are blamed on internal fields, empty --index, silent skips and misleading messages.
 */
class HostileInputCliTest {
  @TempDir static Path tmp;
  static Path photos;
  static Path index;
  static CliTest.Run indexRun;
  static final String MODELS = SharedData.models().toString();
  /** A real photo whose name, printed raw, would forge a "skipped" line of Loupe's own. */
  static final String EVIL = "evil\nskipped x: fake.jpg";

  @BeforeAll
  static void buildIndex() throws Exception {
    photos = Files.createDirectories(tmp.resolve("photos"));
    List<Path> lotus = SharedData.filesUnder(SharedData.caltechTrain().resolve("lotus"));
    for (Path f : lotus.subList(0, 4)) Files.copy(f, photos.resolve("lotus-" + f.getFileName()));
    for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve("airplanes")).subList(0, 4)) {
      Files.copy(f, photos.resolve("airplane-" + f.getFileName()));
    }
    Files.copy(lotus.get(5), photos.resolve(EVIL));
    Files.write(photos.resolve("bad\nline.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00});
    index = tmp.resolve("idx");
    indexRun = CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq",
        photos.toString(), "--index", index.toString(), "--models", MODELS);
    assertEquals(0, indexRun.code(), indexRun.err());
    assertTrue(indexRun.out().startsWith("indexed 9, unchanged 0, skipped 1, removed 0"), indexRun.out());
  }

  /** No line of the output starts with what followed a line break in a file name. */
  static void assertNoForgedLines(String output) {
    for (String line : output.lines().toList()) {
      assertFalse(line.startsWith("skipped x") || line.startsWith("line.jpg") || line.startsWith("such.jpg"),
          "a forged line: " + line + "\nin:\n" + output);
    }
  }

  @Test
  void skippedLinesEscapeControlCharacters() {
    assertTrue(indexRun.err().contains("skipped " + photos + "/bad\\nline.jpg: "), indexRun.err());
    assertNoForgedLines(indexRun.err());
  }

  @Test
  void searchTextEscapesControlCharactersAndJsonKeepsTheNameIntact() throws Exception {
    Path query = photos.resolve(EVIL);
    CliTest.Run text = CliTest.loupe("search", "-i", index.toString(), "-k", "3", query.toString(), "--models", MODELS);
    assertEquals(0, text.code(), text.err());
    List<String> lines = text.out().lines().toList();
    assertEquals(4, lines.size(), "the query line and three hits:\n" + text.out());
    String escaped = photos + "/evil\\nskipped x: fake.jpg";
    assertEquals(escaped, lines.get(0));
    assertTrue(lines.get(1).endsWith("  " + escaped), "the photo finds itself first: " + lines.get(1));
    assertNoForgedLines(text.out());

    CliTest.Run jsonl = CliTest.loupe("search", "-i", index.toString(), "-k", "3", "-f", "jsonl", query.toString(),
        "--models", MODELS);
    assertEquals(1, jsonl.out().lines().count(), "Jackson escapes the line break: one line per query");
    JsonNode node = new ObjectMapper().readTree(jsonl.out());
    assertEquals(query.toString(), node.get("query").asText(), "JSON gives the name back exactly");
    assertEquals(query.toAbsolutePath().toString(), node.get("hits").get(0).get("path").asText());
  }

  @Test
  void errorsEscapeControlCharacters() {
    CliTest.Run missing = CliTest.loupe("search", "-i", index.toString(), tmp.resolve("no\nsuch.jpg").toString(),
        "--models", MODELS);
    assertEquals(1, missing.code());
    assertEquals(1, missing.err().lines().count(), missing.err());
    assertTrue(missing.err().contains("no\\nsuch.jpg"), missing.err());
    CliTest.Run noIndex = CliTest.loupe("info", "-i", tmp.resolve("no\nsuch.idx").toString());
    assertEquals(1, noIndex.code());
    assertEquals(1, noIndex.err().lines().count(), noIndex.err());
  }

  /**
   * Catalogue ids and metadata come from a file too: a CSI (U+009B, which some terminals obey like ESC [) and a
   * right-to-left override (U+202E, which reorders what follows on the line) are escaped in text and in JSON,
   * where Jackson alone would write them raw.
   */
  @Test
  void catalogueMetadataIsEscapedInTextAndJson() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("meta"));
    Files.copy(SharedData.filesUnder(SharedData.caltechTrain().resolve("lotus")).get(0), dir.resolve("p0.jpg"));
    String caption = "\u009b31mred\u202etxt.exe\u007f";
    Files.writeString(dir.resolve("c.csv"), "id,image,caption\nid\u009b1,p0.jpg," + caption + "\n", StandardCharsets.UTF_8);
    Path idx = tmp.resolve("meta.idx");
    assertEquals(0, CliTest.loupe("index", dir.resolve("c.csv").toString(), "-i", idx.toString(), "-m", "pixels-8").code());
    String query = dir.resolve("p0.jpg").toString();
    CliTest.Run text = CliTest.loupe("search", "-i", idx.toString(), query);
    assertEquals(0, text.code(), text.err());
    assertTrue(text.out().contains("  id=id\\x9b1  caption=\\x9b31mred\\u202etxt.exe\\x7f"), text.out());
    CliTest.Run jsonl = CliTest.loupe("search", "-i", idx.toString(), "-f", "jsonl", query);
    assertTrue(jsonl.out().contains("\"caption\":\"\\u009b31mred\\u202etxt.exe\\u007f\""), jsonl.out());
    for (String raw : List.of("\u009b", "\u202e", "\u007f")) assertFalse(jsonl.out().contains(raw), jsonl.out());
    JsonNode hit = new ObjectMapper().readTree(jsonl.out()).get("hits").get(0);
    assertEquals(caption, hit.get("metadata").get("caption").asText(), "JSON gives the value back exactly");
    assertEquals("id\u009b1", hit.get("id").asText());
  }

  @Test
  void kIsBoundedAndNeverMoreThanTheIndexHolds() throws Exception {
    CliTest.Run huge = CliTest.loupe("search", "-i", index.toString(), "-k", "100000000", photos.resolve(EVIL).toString(),
        "--models", MODELS);
    assertEquals(2, huge.code(), huge.err());
    assertEquals("loupe: error: --top must be in 1.." + SearchCommand.MAX_TOP + ", got: 100000000\n", huge.err());
    CliTest.Run zero = CliTest.loupe("search", "-i", index.toString(), "-k", "0", "x.jpg", "--models", MODELS);
    assertEquals(2, zero.code());
    assertTrue(zero.err().contains("--top must be in 1.."), zero.err());
    CliTest.Run max = CliTest.loupe("search", "-i", index.toString(), "-k", String.valueOf(SearchCommand.MAX_TOP),
        "--crops", "5", "--qe", "2", "-f", "jsonl", photos.resolve(EVIL).toString(), "--models", MODELS);
    assertEquals(0, max.code(), max.err());
    assertEquals(9, new ObjectMapper().readTree(max.out()).get("hits").size(), "every item, once");
    CliTest.Run eval = CliTest.loupe("eval", photos.toString(), "-k", "1,100000000", "--models", MODELS);
    assertEquals(2, eval.code(), eval.err());
    assertTrue(eval.err().contains("-k must be in 1.." + SearchCommand.MAX_TOP + ", got: 100000000"), eval.err());
  }

  @Test
  void badOptionValuesAreUsageErrorsNamingTheOption() {
    String idx = tmp.resolve("never-created").toString();
    String[][] cases = {
        {"--augment", "-1"}, {"--hnsw-m", "1"}, {"--hnsw-ef-construction", "1"}, {"--commit-every", "0"},
        {"--batch-size", "0"}, {"--threads", "0"}, {"--max-pixels", "0"}};
    for (String[] c : cases) {
      CliTest.Run r = CliTest.loupe("index", photos.toString(), "-i", idx, c[0], c[1], "--models", MODELS);
      assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
      assertEquals("loupe: error: " + c[0] + " must be ", r.err().substring(0, ("loupe: error: " + c[0] + " must be ").length()),
          r.err());
    }
    assertFalse(Files.exists(tmp.resolve("never-created")), "a refused command creates nothing");
    String[][] searchCases = {{"--qe-alpha", "NaN"}, {"--qe-alpha", "-1"}, {"--qe", "-1"}, {"--tta", "65"},
        {"--crops", "0"}, {"--min-score", "NaN"}, {"--rerank", "-1"}, {"--rerank", "1001"}};
    for (String[] c : searchCases) {
      CliTest.Run r = CliTest.loupe("search", "-i", index.toString(), c[0], c[1], photos.resolve(EVIL).toString(),
          "--models", MODELS);
      assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
      assertTrue(r.err().startsWith("loupe: error: " + c[0] + " must be "), r.err());
    }
  }

  @Test
  void anEmptyIndexOptionOrLoupeIndexIsAUsageError() throws Exception {
    CliTest.Run empty = CliTest.loupe("search", "--index", "", "x.jpg");
    assertEquals(2, empty.code(), empty.err());
    assertTrue(empty.err().contains("--index"), empty.err());
    assertEquals(2, CliTest.loupe("index", photos.toString(), "--index", " ").code());
    // LOUPE_INDEX can only be set for a new process.
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "info"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(tmp.toFile());
    pb.environment().put("LOUPE_INDEX", "");
    Process child = pb.start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, child.exitValue(), output);
    assertTrue(output.contains("LOUPE_INDEX"), output);
  }

  @Test
  void infoPrintsItsFieldsInOneFixedOrder() throws Exception {
    CliTest.Run json = CliTest.loupe("info", "-i", index.toString(), "--json");
    assertEquals(0, json.code(), json.err());
    JsonNode node = new ObjectMapper().readTree(json.out());
    assertEquals(List.of("index", "items", "embedder", "dimension", "normalized", "metric", "hnsw", "levers",
        "centring", "fingerprint", "store", "segments", "sizeOnDiskBytes", "decoder"), names(node));
    assertEquals(List.of("items", "meanNorm", "searches"), names(node.get("centring")));
    assertEquals(List.of("m", "efConstruction", "quantized", "vectorFormat"), names(node.get("hnsw")));
    assertEquals(List.of("center", "augmentViews"), names(node.get("levers")));
    List<String> fingerprint = names(node.get("fingerprint"));
    assertTrue(fingerprint.size() > 3, fingerprint.toString());
    assertEquals(fingerprint.stream().sorted().toList(), fingerprint, "fingerprint keys sorted");
    CliTest.Run text = CliTest.loupe("info", "-i", index.toString());
    List<String> keys = text.out().lines().map(l -> l.split(" ")[0]).toList();
    assertEquals(List.of("index", "items", "embedder", "dimension", "normalized", "metric"), keys.subList(0, 6));
    assertTrue(text.out().contains("hnsw             {m=16, efConstruction=100, quantized=true, vectorFormat=int4}"), text.out());
    // A new index is centred by default (docs/quality.md, "The default for a new index").
    assertTrue(text.out().contains("levers           {center=true, augmentViews=0}"), text.out());
    assertEquals(fingerprint, keys.subList(9, 9 + fingerprint.size()));
  }

  static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void aDanglingLinkIsNamedAndAFolderWithoutImagesIsSaidSo() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("links"));
    Files.copy(SharedData.filesUnder(SharedData.caltechTrain().resolve("lotus")).get(0), dir.resolve("real.jpg"));
    Path link = Files.createSymbolicLink(dir.resolve("gone.jpg"), tmp.resolve("deleted.jpg"));
    CliTest.Run r = CliTest.loupe("index", dir.toString(), "-i", tmp.resolve("links.idx").toString(), "-m", "pixels-8");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("skipped " + link + ": a link to a missing file (" + tmp.resolve("deleted.jpg") + ")"),
        r.err());

    Path empty = Files.createDirectories(tmp.resolve("no-images"));
    Files.writeString(empty.resolve("notes.txt"), "not an image");
    CliTest.Run search = CliTest.loupe("search", "-i", index.toString(), empty.toString(), "--models", MODELS);
    assertEquals(1, search.code(), search.err());
    assertTrue(search.err().startsWith("loupe: no image files in folder " + empty + " (looked for bmp, gif, jfif, jpe, jpeg,"),
        search.err());
    assertEquals("", search.out());
  }

  @Test
  void catalogueRowsAreSkippedNamedAndCountedAndOutsidePathsNeedAllowOutside() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("catalogue"));
    List<Path> lotus = SharedData.filesUnder(SharedData.caltechTrain().resolve("lotus"));
    for (int i = 0; i < 3; i++) Files.copy(lotus.get(i), dir.resolve("p" + i + ".jpg"));
    Files.copy(lotus.get(3), tmp.resolve("outside.jpg"));
    Path csv = Files.writeString(dir.resolve("products.csv"),
        "id,image,colour\n\na,p0.jpg,red\n,,\nb,p0.jpg,blue\nc,p1.jpg,green\nc,p2.jpg,white\nd,../outside.jpg,grey\n");
    CliTest.Run r = CliTest.loupe("index", csv.toString(), "-i", tmp.resolve("cat.idx").toString(), "-m", "pixels-8");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("indexed 2, unchanged 0, skipped 3, removed 0"), r.out());
    assertTrue(r.err().contains(csv + ": 2 blank rows ignored"), r.err());
    assertTrue(r.err().contains("skipped id 'b' of " + csv), r.err());
    assertTrue(r.err().contains("duplicate id 'c'"), r.err());
    assertTrue(r.err().contains("skipped " + csv + " line 8: image path '../outside.jpg' leaves the catalogue's folder"),
        r.err());

    CliTest.Run allowed = CliTest.loupe("index", csv.toString(), "-i", tmp.resolve("cat2.idx").toString(), "-m",
        "pixels-8", "--allow-outside");
    assertEquals(0, allowed.code(), allowed.err());
    assertTrue(allowed.out().startsWith("indexed 3, unchanged 0, skipped 2,"), allowed.out());

    // --metadata: paths may leave the folder (the files read are those found in the folders given); a second
    // row for one image is named.
    Path meta = Files.writeString(Files.createDirectories(tmp.resolve("labels")).resolve("meta.csv"),
        "id,image,colour\nm0,../catalogue/p0.jpg,red\nm1,../catalogue/p0.jpg,blue\nm2,../catalogue/p1.jpg,green\n");
    CliTest.Run labelled = CliTest.loupe("index", dir.toString(), "--metadata", meta.toString(), "-i",
        tmp.resolve("cat5.idx").toString(), "-m", "pixels-8");
    assertEquals(0, labelled.code(), labelled.err());
    assertTrue(labelled.err().contains("ignored id 'm1': its image " + dir.resolve("p0.jpg") + " already has the row of id 'm0'"),
        labelled.err());
    assertTrue(labelled.err().contains("metadata: 2 of 3 images matched a row of " + meta), labelled.err());

    Path twice = Files.writeString(dir.resolve("twice.csv"), "id,image,colour,colour\na,p0.jpg,red,blue\n");
    CliTest.Run repeated = CliTest.loupe("index", twice.toString(), "-i", tmp.resolve("cat3.idx").toString(), "-m", "pixels-8");
    assertEquals(1, repeated.code());
    assertEquals("loupe: error: " + twice + ": column 'colour' appears twice in the header; rename one of them\n",
        repeated.err());
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");
    CliTest.Run none = CliTest.loupe("index", empty.toString(), "-i", tmp.resolve("cat4.idx").toString(), "-m", "pixels-8");
    assertEquals(1, none.code());
    assertTrue(none.err().startsWith("loupe: error: " + empty + " is empty"), none.err());
  }
}
