package dev.loupe.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.onnx.download.DownloadFile;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every downloadable file of the built-in catalogue agrees with ../shared/models/HUB.md, where each value was
 * read from its published source: the revision in the URL, the byte size and the SHA-256.
 */
class HubCatalogTest {
  static final Pattern URL = Pattern.compile("https://huggingface\\.co/([^/]+/[^/]+)/resolve/([0-9a-f]{40})/(.+)");
  static final Pattern REVISION_ROW = Pattern.compile("\\| ([^ |]+/[^ |]+) \\| `([0-9a-f]{40})` \\|");
  static final Pattern FILE_ROW = Pattern.compile("\\| ([^ |]+/[^ |]+) `([^`]+)` \\| ([0-9,]+) \\| ([0-9a-f]{64}) \\|");

  record HubFile(long size, String sha256) {}

  static final Map<String, String> REVISIONS = new HashMap<>();
  static final Map<String, HubFile> FILES = new HashMap<>();

  static {
    try {
      for (String line : Files.readAllLines(SharedData.models().resolve("HUB.md"))) {
        Matcher r = REVISION_ROW.matcher(line);
        if (r.lookingAt()) REVISIONS.put(r.group(1), r.group(2));
        Matcher f = FILE_ROW.matcher(line);
        if (f.lookingAt()) {
          FILES.put(f.group(1) + " " + f.group(2), new HubFile(Long.parseLong(f.group(3).replace(",", "")), f.group(4)));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void hubTableWasParsed() {
    // 8 repositories and 18 files in HUB.md: a parser that silently matched nothing would prove nothing below.
    assertEquals(8, REVISIONS.size(), REVISIONS.toString());
    assertEquals(18, FILES.size(), FILES.keySet().toString());
  }

  @Test
  void everyDownloadableFileMatchesHubMd() {
    int checked = 0;
    for (ModelSpec spec : ModelCatalog.builtIn()) {
      for (DownloadFile file : spec.downloads()) {
        Matcher m = URL.matcher(file.url().toString());
        assertTrue(m.matches(), spec.name() + ": URL not at a pinned hub revision: " + file.url());
        String repo = m.group(1);
        assertEquals(REVISIONS.get(repo), m.group(2), spec.name() + ": revision of " + repo);
        HubFile hub = FILES.get(repo + " " + m.group(3));
        assertNotNull(hub, spec.name() + ": " + repo + " " + m.group(3) + " is not in HUB.md");
        assertEquals(hub.size(), file.size(), spec.name() + ": size of " + file.url());
        assertEquals(hub.sha256(), file.sha256(), spec.name() + ": SHA-256 of " + file.url());
        checked++;
      }
      if (spec.url() != null) {
        assertEquals(REVISIONS.get(spec.repository()), spec.revision(), spec.name() + ": revision field");
        assertTrue(spec.url().startsWith("https://huggingface.co/" + spec.repository() + "/resolve/" + spec.revision() + "/"),
            spec.name() + ": url " + spec.url() + " is not in repository " + spec.repository());
      }
    }
    // 7 models + 2 text towers + the tokenizer twice.
    assertEquals(11, checked);
  }

  @Test
  void theIssueModelsAreAllThere() {
    Set<String> names = ModelCatalog.builtIn().stream().map(ModelSpec::name).collect(Collectors.toSet());
    for (String n : List.of("resnet18", "resnet50", "clip-vit-b32", "clip-vit-b32-quantized", "mobileclip-s0",
        "siglip-base16", "dinov2-small")) {
      assertTrue(names.contains(n), n + " missing from " + names);
    }
    ModelSpec clip = ModelCatalog.builtIn().stream().filter(s -> s.name().equals("clip-vit-b32")).findFirst().orElseThrow();
    assertEquals(List.of("clip-vit-b32/vision_model.onnx", "clip-vit-b32/text_model.onnx", "clip-vit-b32/tokenizer.json"),
        clip.downloads().stream().map(DownloadFile::file).toList());
    ModelSpec mobileclip = ModelCatalog.builtIn().stream().filter(s -> s.name().equals("mobileclip-s0")).findFirst().orElseThrow();
    assertTrue(mobileclip.license().contains("research use only"), mobileclip.license());
  }

  @Test
  void aHubModelNotDownloadedSaysHowToPullIt(@org.junit.jupiter.api.io.TempDir Path empty) {
    ModelCatalog catalog = ModelCatalog.load(new ModelPaths(List.of(empty), empty));
    ModelLoadException e = org.junit.jupiter.api.Assertions.assertThrows(ModelLoadException.class,
        () -> catalog.open("dinov2-small", 1));
    assertTrue(e.getMessage().contains("loupe models pull dinov2-small"), e.getMessage());
  }

  @Test
  void everyFileNameIsUniquePerDirectory() {
    // Two models may share a file (the CLIP tokenizer) only when they pin the same bytes.
    Map<String, DownloadFile> seen = new HashMap<>();
    for (ModelSpec spec : ModelCatalog.builtIn()) {
      for (DownloadFile f : spec.downloads()) {
        DownloadFile before = seen.putIfAbsent(f.file(), f);
        if (before != null) assertEquals(before, f, "two catalogue files at " + f.file() + " differ");
      }
    }
  }
}
