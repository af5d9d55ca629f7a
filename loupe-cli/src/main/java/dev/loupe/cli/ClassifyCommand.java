package dev.loupe.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.query.LabelScore;
import dev.loupe.engine.query.ZeroShot;
import dev.loupe.image.ImageDecodeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Zero-shot labels: for each image, the softmax over the labels of the image–text similarities times"
        + " the text model's temperature (CLIP: 100), with each label put in a prompt (\"a photo of a {label}\").",
        "Needs an index built with a model that has a text tower (a CLIP model); the index's model embeds the images."})
final class ClassifyCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files to label.")
  List<Path> images = new ArrayList<>();

  @Option(names = "--labels", paramLabel = "A,B,C", description = "The labels, comma-separated.")
  String labels;

  @Option(names = "--labels-file", paramLabel = "FILE", description = "The labels, one per line (UTF-8; blank lines skipped).")
  Path labelsFile;

  @Option(names = "--template", paramLabel = "T", defaultValue = ZeroShot.DEFAULT_TEMPLATE,
      description = "Prompt of each label; {label} is replaced by it (default: ${DEFAULT-VALUE}).")
  String template;

  @Option(names = {"-k", "--top"}, paramLabel = "N", defaultValue = "5",
      description = "Labels shown per image, most probable first (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = {"-f", "--format"}, paramLabel = "FMT", defaultValue = "text",
      description = "text or jsonl (one JSON object per image) (default: ${DEFAULT-VALUE}).")
  String format;

  @Mixin IndexLocation location;

  @Mixin CommonOptions common;

  private static final ObjectMapper JSON = new ObjectMapper(Printable.jsonFactory())
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  /** One image's labels, in the JSON output. */
  record Result(String image, List<LabelScore> labels) {}

  @Override
  public Integer call() throws Exception {
    Path index = location.require(spec);
    OptionChecks.range("--top", top, 1, ZeroShot.MAX_LABELS);
    if (!format.equals("text") && !format.equals("jsonl")) {
      throw new ErrorHandler.UsageException("--format must be text or jsonl, got: " + format);
    }
    if (!template.contains("{label}")) throw new ErrorHandler.UsageException("--template must contain {label}, got: " + template);
    List<String> names = labels();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failures = 0;
    try (Loupe loupe = Loupe.open(index, common.config())) {
      for (Path image : images) {
        List<LabelScore> scores;
        try {
          scores = loupe.classify(image, names, template);
        } catch (ImageDecodeException e) {
          failures++;
          err.printf("loupe: cannot read image %s: %s%n", Printable.escape(image), Printable.escape(e.reason()));
          err.flush();
          continue;
        }
        scores = scores.subList(0, Math.min(top, scores.size()));
        if (format.equals("jsonl")) {
          out.println(JSON.writeValueAsString(new Result(image.toString(), scores)));
        } else {
          out.println(Printable.escape(image));
          for (LabelScore s : scores) {
            out.printf(Locale.ROOT, "  %.4f  %s  (similarity %.4f)%n", s.probability(), Printable.escape(s.label()), s.similarity());
          }
        }
        out.flush();
      }
    }
    return failures == 0 ? 0 : 1;
  }

  /** The labels of --labels or --labels-file, stripped, without blanks or repeats; at least one. */
  private List<String> labels() throws IOException {
    if ((labels == null) == (labelsFile == null)) throw new ErrorHandler.UsageException("give --labels or --labels-file (one of them)");
    List<String> raw = labels != null ? List.of(labels.split(",")) : Files.readAllLines(labelsFile, StandardCharsets.UTF_8);
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String l : raw) {
      if (!l.isBlank()) out.add(l.strip());
    }
    String source = labels != null ? "--labels" : labelsFile.toString();
    if (out.isEmpty()) throw new ErrorHandler.UsageException(source + " has no label (all empty)");
    if (out.size() < 2) throw new ErrorHandler.UsageException(source + " has one label; a choice needs at least two");
    if (out.size() > ZeroShot.MAX_LABELS) {
      throw new ErrorHandler.UsageException(source + " has " + out.size() + " labels, more than " + ZeroShot.MAX_LABELS);
    }
    return List.copyOf(out);
  }
}
