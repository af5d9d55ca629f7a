package dev.loupe.cli;

import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.ModelSpec;
import dev.loupe.onnx.download.DownloadFile;
import java.io.PrintWriter;
import java.util.List;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "models", mixinStandardHelpOptions = true,
    description = "Models Loupe knows, where their files are, downloads of catalogue models, and int8 copies of float models.",
    subcommands = {ModelsCommand.ListModels.class, ModelsPullCommand.class, ModelsVerifyCommand.class,
        ModelsQuantizeCommand.class})
final class ModelsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List model specs (built in, plus *.loupe.json specs in model directories): each one's licence, "
          + "and whether its file was found (downloaded) or how to download it.")
  static final class ListModels implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin CommonOptions common;

    @Override
    public Integer call() {
      ModelPaths paths = ModelPaths.fromEnvironment(common.modelDirs);
      ModelCatalog catalog = ModelCatalog.load(paths);
      PrintWriter out = spec.commandLine().getOut();
      for (ModelSpec s : catalog.specs()) {
        Optional<Path> file = paths.find(s.file());
        out.printf("%s%s%n    %s%n    licence: %s%n    %s%n", s.name(),
            defaultMark(s.name()), s.description(),
            s.license() == null ? "not stated" : s.license(), status(s, paths, file));
      }
      for (var e : catalog.ensembles()) {
        out.printf("%s%n    %s%n    ensemble of %s%n", e.name(), e.description() == null ? "" : e.description(),
            e.members().stream().map(m -> m.model() + "*" + m.weight()).toList());
      }
      out.printf("a+b, a*0.7+b*0.3%n    Ensemble of any of the above, on the command line.%n");
      out.printf("pixels[-N]%n    Raw-pixel baseline: the image resized to N x N (default 16), RGB values; "
          + "no model file needed.%n");
      out.printf("Model directories searched: %s%n", paths.describe());
      out.flush();
      return 0;
    }

    private static String defaultMark(String name) {
      if (name.equals(ModelCatalog.DEFAULT_MODEL)) {
        return "  (default; a new index gets its int8 copy " + ModelCatalog.DEFAULT_INDEX_MODEL + ")";
      }
      return name.equals(ModelCatalog.DEFAULT_INDEX_MODEL) ? "  (default for new indexes)" : "";
    }

    /** Found (or downloaded, with every extra file), or how to get it. */
    private static String status(ModelSpec s, ModelPaths paths, Optional<Path> file) {
      List<DownloadFile> downloads = s.downloads();
      if (downloads.isEmpty()) return file.map(p -> "found: " + p).orElse("missing: " + s.file());
      List<DownloadFile> absent = downloads.stream().filter(f -> paths.find(f.file()).isEmpty()).toList();
      if (absent.isEmpty()) return "downloaded: " + file.map(Path::toString).orElse(s.file());
      long bytes = absent.stream().mapToLong(DownloadFile::size).sum();
      return String.format(java.util.Locale.ROOT, "not downloaded (%.1f MB%s): loupe models pull %s", bytes / 1e6,
          downloads.size() == 1 ? "" : " in " + absent.size() + (absent.size() == 1 ? " file" : " files"), s.name());
    }
  }
}
