package dev.loupe.bench;

import dev.loupe.engine.catalog.SourceScanner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code bench e2e}: indexing end to end, ImageIO + float vs libvips + float vs libvips + int8 ({@link EndToEndBench}). */
@Command(name = "e2e", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Indexing end to end, side by side: caltech20/train (small photos) and generated 12 MP JPEGs (shared "
            + "photos upscaled to 4032x3024 with grain, quality 92, fixed seed), each indexed by `loupe index` in a "
            + "child JVM with ImageIO + the float model, libvips + float, and libvips + an int8 model made by "
            + "`loupe models quantize` calibrated on caltech20/train. Prints a Markdown table: images/s, the "
            + "ratio to ImageIO + float, decode and inference alone, the no-idle-core bound and peak RSS. Uses "
            + "--shared and --model given before `e2e`."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:a benchmark failed", "2:usage error"})
final class EndToEndCommand implements Callable<Integer> {

  @ParentCommand Bench parent;

  @Spec CommandSpec spec;

  @Option(names = "--large", paramLabel = "N", defaultValue = "60",
      description = "Generated 12 MP JPEGs; 0 skips the large photos (default: ${DEFAULT-VALUE}).")
  int large;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "2",
      description = "`loupe index` runs per setup and photo set, alternating setups; the best rate and the "
          + "largest peak RSS are kept (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench-e2e",
      description = "The bench's own folder: generated photos, the int8 model, logs, scratch indexes "
          + "(default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--int8-model", paramLabel = "NAME",
      description = "Use this int8 model instead of quantizing --model into --out/models.")
  String int8Model;

  @Option(names = "--small", paramLabel = "DIR",
      description = "The small photos, also the int8 model's calibration set (default: the shared caltech20/train).")
  Path small;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the large photos' choice and grain (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (large < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--large must be at least 0, got: " + large);
    if (rounds < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be at least 1, got: " + rounds);
    Path small = this.small != null ? this.small : parent.shared.resolve("data/caltech20/train");
    List<Path> modelDirs = new ArrayList<>(List.of(parent.shared.resolve("models")));
    // One int8 model per calibration folder: a model calibrated on other photos is never reused by mistake.
    Path ownModels = Files.createDirectories(out.resolve("models-" + Integer.toHexString(
        small.toAbsolutePath().normalize().toString().hashCode())));
    modelDirs.add(ownModels);
    String int8 = int8Model != null ? int8Model : quantize(small, ownModels);
    List<EndToEndBench.Setup> setups = List.of(
        new EndToEndBench.Setup("ImageIO + float", "imageio", parent.model),
        new EndToEndBench.Setup("libvips + float", "vips", parent.model),
        new EndToEndBench.Setup("libvips + int8", "vips", int8));
    List<EndToEndBench.PhotoSet> sets = new ArrayList<>();
    Path abs = small.toAbsolutePath().normalize();
    sets.add(EndToEndBench.folder(abs.getParent().getFileName() + "/" + abs.getFileName() + " (small)", small));
    if (large > 0) {
      List<Path> sources = new ArrayList<>(SourceScanner.imagesUnder(small));
      // Every parameter in the folder's name: `loupe index` is given the whole folder, which must hold exactly these.
      Path folder = out.resolve(String.format(java.util.Locale.ROOT, "large-s%d-n%d-%dx%d-q%d", seed, large,
          LargePhotos.WIDTH, LargePhotos.HEIGHT, Math.round(LargePhotos.QUALITY * 100)));
      System.err.println("bench e2e: writing " + large + " 12 MP JPEGs into " + folder + " (once)");
      List<Path> files = LargePhotos.generate(sources, large, seed, folder);
      long bytes = 0;
      for (Path f : files) bytes += Files.size(f);
      sets.add(new EndToEndBench.PhotoSet(String.format(java.util.Locale.ROOT, "%d × 12 MP JPEG (%.1f MB each)",
          files.size(), bytes / 1e6 / files.size()), folder, files));
    }
    String table = new EndToEndBench(modelDirs, setups, out, rounds).run(sets);
    PrintWriter w = spec.commandLine().getOut();
    w.printf("Machine: %d cores, Java %s; int8 model %s%n%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), int8);
    w.println(table);
    w.flush();
    return 0;
  }

  /** {@code loupe models quantize} on the small photos, once: the int8 model is reused when its spec exists. */
  private String quantize(Path calibration, Path models) throws Exception {
    String name = parent.model + "-int8";
    if (!Files.exists(models.resolve(name + ".loupe.json"))) {
      System.err.println("bench e2e: loupe models quantize " + parent.model + " (once)");
      LoupeProcess.run(out.resolve("logs"), "quantize", List.of("models", "quantize", parent.model, "--calibrate",
          calibration.toString(), "--name", name, // written into the first --models folder: the bench's own
          "--models", models.toString(), "--models", parent.shared.resolve("models").toString()), Duration.ofMinutes(10));
    }
    return name;
  }
}
