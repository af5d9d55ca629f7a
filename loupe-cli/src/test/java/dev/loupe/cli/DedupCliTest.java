package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.loupe.core.image.RgbImage;
import dev.loupe.eval.Distortion;
import dev.loupe.eval.Distortions;
import dev.loupe.image.Augment;
import dev.loupe.image.BufferedImages;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecoder;
import dev.loupe.image.Interpolation;
import dev.loupe.report.SheetStyle;
import dev.loupe.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe dedup} on real photos and the real default model: exact copies under new names, a smaller re-encode and
 * a distorted copy made with the evaluation's own {@link Distortions}, beside other photos of the same class.
 */
class DedupCliTest {
  @TempDir static Path tmp;
  static Path photos;
  static Path index;
  static Path first;
  static Path copy;
  static Path smaller;
  static Path second;
  static Path recompressed;

  @BeforeAll
  static void buildIndex() throws Exception {
    photos = Files.createDirectories(tmp.resolve("photos"));
    Path lotus = SharedData.caltechTrain().resolve("lotus");
    for (String name : List.of("image_0001.jpg", "image_0002.jpg", "image_0004.jpg", "image_0005.jpg", "image_0007.jpg")) {
      Files.copy(lotus.resolve(name), photos.resolve(name));
    }
    first = photos.resolve("image_0002.jpg");
    second = photos.resolve("image_0004.jpg");
    // Same bytes under a new name, newer: the original (older, same pixels) is the best copy.
    copy = Files.copy(first, photos.resolve("copy of first.jpg"));
    Files.setLastModifiedTime(first, FileTime.fromMillis(1_000_000_000_000L));
    Files.setLastModifiedTime(copy, FileTime.fromMillis(1_600_000_000_000L));
    // The original at 80 % of its size, saved again as JPEG (ImageIO's default quality).
    RgbImage image = ImageDecoder.decode(first, DecodeOptions.DEFAULTS).image();
    smaller = photos.resolve("first, smaller.jpg");
    write(Augment.scale(image, 0.8, Interpolation.BILINEAR), smaller);
    // The second photo recompressed by the evaluation's own distortion (quality drawn from 20..60; seed 12 draws
    // 57). At quality 28 (seed 11) this 184x300 photo scores 0.887 against its source, under the default: heavy
    // recompression of a small photo is among what the default misses (docs/quality.md, Duplicates).
    Distortion jpeg = Distortions.of(Distortions.Kind.JPEG, ImageDecoder.decode(second, DecodeOptions.DEFAULTS).image(),
        new Random(12));
    recompressed = photos.resolve("second, " + jpeg.description() + ".png");
    write(jpeg.image(), recompressed);
    index = tmp.resolve("idx");
    CliTest.Run indexed = CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq", photos.toString(), "--index",
        index.toString(), "--models", SharedData.models().toString());
    assertEquals(0, indexed.code(), indexed.err());
  }

  private static void write(RgbImage image, Path file) throws Exception {
    String format = file.toString().endsWith(".png") ? "png" : "jpg";
    assertTrue(ImageIO.write(BufferedImages.toBufferedImage(image), format, file.toFile()));
  }

  @Test
  void theDefaultThresholdGroupsCopiesBestFirstAndLeavesOtherPhotosOfTheClassAlone() throws Exception {
    CliTest.Run run = CliTest.loupe("dedup", "--index", index.toString(), "--format", "json");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("measured default"), run.err());
    JsonNode doc = new ObjectMapper().readTree(run.out());
    assertEquals("default", doc.get("thresholdSource").asText());
    JsonNode groups = doc.get("groups");
    assertEquals(2, groups.size(), run.out());
    // Largest group first: the original (oldest of the two largest), its byte copy, its smaller re-encode.
    JsonNode g = groups.get(0).get("members");
    assertEquals(List.of(first.toString(), copy.toString(), smaller.toString()), paths(g));
    assertEquals(List.of(true, false, false), flags(g, "best"));
    assertEquals(List.of(false, true, false), flags(g, "exact"));
    assertEquals(1.0, g.get(1).get("score").asDouble(), 1e-5, "identical bytes embed identically");
    assertTrue(g.get(2).get("width").asInt() < g.get(0).get("width").asInt());
    // The recompressed copy joins its source; the three other lotus photos join nothing.
    assertEquals(List.of(second.toString(), recompressed.toString()), paths(groups.get(1).get("members")));
    JsonNode summary = doc.get("summary");
    assertEquals(2, summary.get("groups").asInt());
    assertEquals(5, summary.get("items").asInt());
    assertEquals(1, summary.get("exactCopies").asInt());
    long reclaimable = Files.size(copy) + Files.size(smaller) + Files.size(recompressed);
    assertEquals(reclaimable, summary.get("reclaimableBytes").asLong());
  }

  @Test
  void csvHasOneRowPerMemberAndTextEndsWithTheSummary() throws Exception {
    CliTest.Run csv = CliTest.loupe("dedup", "--index", index.toString(), "-f", "csv");
    assertEquals(0, csv.code(), csv.err());
    List<Map<String, String>> rows = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(csv.out())) {
      it.forEachRemaining(rows::add);
    }
    assertEquals(5, rows.size(), csv.out());
    assertEquals(List.of("group", "rank", "id", "path", "best", "exact", "score", "width", "height"),
        List.copyOf(rows.get(0).keySet()));
    assertEquals(Map.of("group", "1", "rank", "2", "path", copy.toString(), "best", "false", "exact", "true"),
        Map.of("group", rows.get(1).get("group"), "rank", rows.get(1).get("rank"), "path", rows.get(1).get("path"),
            "best", rows.get(1).get("best"), "exact", rows.get(1).get("exact")));
    assertTrue(csv.err().lines().toList().getLast().startsWith("2 groups, 5 items in groups, 1 exact copies"),
        csv.err());
    CliTest.Run text = CliTest.loupe("dedup", "--index", index.toString());
    assertEquals(0, text.code(), text.err());
    List<String> lines = text.out().lines().toList();
    assertTrue(lines.getLast().startsWith("2 groups, 5 items in groups, 1 exact copies, "), text.out());
    assertTrue(lines.get(1).startsWith("  best "), text.out());
    assertTrue(lines.get(2).startsWith("  exact 1.0000"), text.out());
    CliTest.Run jsonl = CliTest.loupe("dedup", "--index", index.toString(), "-f", "jsonl");
    assertEquals(2, jsonl.out().lines().count(), jsonl.out());
  }

  @Test
  void exactOnlyGroupsTheByteCopiesAlone() throws Exception {
    CliTest.Run run = CliTest.loupe("dedup", "--index", index.toString(), "--exact-only", "-f", "json");
    assertEquals(0, run.code(), run.err());
    JsonNode groups = new ObjectMapper().readTree(run.out()).get("groups");
    assertEquals(1, groups.size(), run.out());
    assertEquals(List.of(first.toString(), copy.toString()), paths(groups.get(0).get("members")));
    CliTest.Run both = CliTest.loupe("dedup", "--index", index.toString(), "--exact-only", "-t", "0.9");
    assertEquals(2, both.code());
    assertTrue(both.err().contains("--exact-only takes no --threshold"), both.err());
    CliTest.Run bound = CliTest.loupe("dedup", "--index", index.toString(), "-t", "0.9", "--max-items", "3");
    assertEquals(2, bound.code(), bound.err());
    assertTrue(bound.err().contains("--max-items"), bound.err());
  }

  @Test
  void aModelWithoutAMeasuredDefaultAsksForAThreshold() throws Exception {
    // The raw-pixel baseline: a real embedder whose scores no default was measured on.
    Path pixels = tmp.resolve("pixels-idx");
    CliTest.Run indexed = CliTest.loupe("index", "--model", "pixels-16", photos.toString(), "--index", pixels.toString());
    assertEquals(0, indexed.code(), indexed.err());
    CliTest.Run run = CliTest.loupe("dedup", "--index", pixels.toString());
    assertEquals(2, run.code(), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains("no measured default --threshold for model pixels-16") && run.err().contains("--threshold S"),
        run.err());
    CliTest.Run exact = CliTest.loupe("dedup", "--index", pixels.toString(), "--exact-only", "-f", "json");
    assertEquals(0, exact.code(), exact.err());
    assertEquals(1, new ObjectMapper().readTree(exact.out()).get("groups").size(), "exact copies need no threshold");
  }

  @Test
  void showDrawsOneRowPerGroup() throws Exception {
    Path png = tmp.resolve("sheet/groups.png");
    CliTest.Run run = CliTest.loupe("dedup", "--index", index.toString(), "--show", png.toString());
    assertEquals(0, run.code(), run.err());
    BufferedImage sheet = ImageIO.read(png.toFile());
    // SheetLayout's arithmetic: 2 rows; the best copy, then at most 2 other members per row.
    SheetStyle s = SheetStyle.DEFAULT;
    int cell = s.thumbnailSize() + 2 * s.frameWidth();
    int width = s.padding() + cell + Math.max(16, 2 * s.padding()) + (2 - 1) * (cell + s.padding()) + cell + s.padding();
    int height = s.padding() + 2 * (cell + 3 + 2 * s.lineHeight() + s.padding());
    assertEquals(width, sheet.getWidth());
    assertEquals(height, sheet.getHeight());
    CliTest.Run one = CliTest.loupe("dedup", "--index", index.toString(), "--show", png.toString(), "--show-groups", "1");
    assertEquals(0, one.code(), one.err());
    assertEquals(s.padding() + cell + 3 + 2 * s.lineHeight() + s.padding(), ImageIO.read(png.toFile()).getHeight());
    assertFalse(CliTest.loupe("dedup", "--index", index.toString(), "--show-groups", "0").code() == 0);
  }

  private static List<String> paths(JsonNode members) {
    List<String> out = new ArrayList<>();
    members.forEach(m -> out.add(m.get("path").asText()));
    return out;
  }

  private static List<Boolean> flags(JsonNode members, String field) {
    List<Boolean> out = new ArrayList<>();
    members.forEach(m -> out.add(m.get(field).asBoolean()));
    return out;
  }
}
