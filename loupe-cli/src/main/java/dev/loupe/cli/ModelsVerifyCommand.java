package dev.loupe.cli;

import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.ModelSpec;
import dev.loupe.onnx.download.DownloadFile;
import dev.loupe.onnx.download.FileCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Re-check the size and SHA-256 of downloaded model files against the catalogue: every "
        + "downloaded model, or only NAME (which must then be downloaded).",
        "Prints one line per file (ok, or the problem and the file); exit code 1 when a file does not match."})
final class ModelsVerifyCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this model.")
  String name;

  @Override
  public Integer call() throws Exception {
    ModelPaths paths = ModelPaths.fromEnvironment(common.modelDirs);
    ModelCatalog catalog = ModelCatalog.load(paths);
    List<ModelSpec> specs;
    if (name != null) {
      ModelSpec s = catalog.find(name).orElseThrow(() -> new ErrorHandler.UsageException("unknown model '" + name + "'"));
      if (s.downloads().isEmpty()) throw new ErrorHandler.UsageException("model '" + name + "' has no download in its spec");
      specs = List.of(s);
    } else {
      specs = catalog.specs().stream().filter(s -> !s.downloads().isEmpty()).toList();
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int bad = 0;
    int checked = 0;
    for (ModelSpec s : specs) {
      for (DownloadFile f : s.downloads()) {
        Optional<Path> found = paths.find(f.file());
        if (found.isEmpty()) {
          if (name != null) {
            err.printf("%s: %s is not downloaded; run: loupe models pull %s%n", s.name(), f.file(), s.name());
            bad++;
          }
          continue;
        }
        checked++;
        Optional<String> problem = FileCheck.problem(found.get(), f);
        if (problem.isPresent()) {
          bad++;
          err.printf("%s: %s: %s%n", s.name(), Printable.escape(found.get().toString()), problem.get());
        } else {
          out.printf("ok %s %s%n", s.name(), Printable.escape(found.get().toString()));
        }
      }
    }
    if (checked == 0 && name == null) err.println("no downloaded catalogue models found in " + paths.describe());
    out.flush();
    err.flush();
    return bad == 0 ? 0 : 1;
  }
}
