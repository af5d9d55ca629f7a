package dev.loupe.cli;

import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.ModelSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "models", mixinStandardHelpOptions = true,
    description = "Models Loupe knows and where their files are.",
    subcommands = {ModelsCommand.ListModels.class})
final class ModelsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List model specs (built in, plus *.loupe.json specs in model directories) and whether each file was found.")
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
        out.printf("%s%s%n    %s%n    %s%n", s.name(), s.name().equals(ModelCatalog.DEFAULT_MODEL) ? "  (default)" : "",
            s.description(), file.map(p -> "found: " + p).orElse("missing: " + s.file()));
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
  }
}
