package dev.loupe.cli;

import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.ModelSpec;
import dev.loupe.onnx.download.DownloadFile;
import dev.loupe.onnx.download.Downloader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "pull", mixinStandardHelpOptions = true,
    description = {"Download catalogue models (and their extra files, e.g. a CLIP text tower and tokenizer) into "
        + "the first --models directory, else the model cache ($XDG_CACHE_HOME/loupe/models or "
        + "~/.cache/loupe/models). Resumes a partial download; checks size and SHA-256 before moving each file "
        + "into place. Proxies from HTTPS_PROXY, HTTP_PROXY and NO_PROXY.",
        "Prints the path of each checked file on stdout; progress goes to stderr."})
final class ModelsPullCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "NAME", description = "Catalogue model names (see loupe models list).")
  List<String> names;

  @Override
  public Integer call() throws Exception {
    ModelPaths paths = ModelPaths.fromEnvironment(common.modelDirs);
    ModelCatalog catalog = ModelCatalog.load(paths);
    // Check every name before downloading anything: a typo in the third name must not cost two downloads first.
    List<ModelSpec> specs = new ArrayList<>();
    for (String name : names) {
      ModelSpec s = catalog.find(name).orElseThrow(() -> new ErrorHandler.UsageException("unknown model '" + name
          + "'; known models: " + String.join(", ", catalog.specs().stream().map(ModelSpec::name).toList())));
      if (s.downloads().isEmpty()) {
        throw new ErrorHandler.UsageException("model '" + name + "' has no download URL in its spec; put its file "
            + s.file() + " in a --models directory");
      }
      specs.add(s);
    }
    Path into = common.modelDirs.isEmpty() ? paths.userCache() : common.modelDirs.getFirst();
    Downloader downloader = Downloader.fromEnvironment(System.getenv());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (DownloadProgress progress = new DownloadProgress(err)) {
      for (ModelSpec s : specs) {
        err.printf("%s: licence %s%n", s.name(), s.license() == null ? "not stated" : s.license());
        err.flush();
        for (DownloadFile f : s.downloads()) {
          out.println(Printable.escape(downloader.pull(f, into, progress).toString()));
          out.flush();
        }
      }
    }
    return 0;
  }
}
