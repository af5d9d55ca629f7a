package dev.loupe.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code bench load}: the server under load ({@link LoadBench}); exits 1 when any request failed. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "The server under load: a real `loupe serve` over an index of caltech20/train, `wrk` posting the "
            + "caltech20/test photos to POST /search on N connections for a fixed time, then the same while "
            + "`loupe index` processes add items, and the same searches through the Loupe facade in process with "
            + "N threads. Prints a Markdown table (requests, errors, req/s, p50/p99 ms) and the HTTP / in-process "
            + "ratio. Needs wrk (apt-get install wrk). Uses --shared and --model given before `load`."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no errors, every added item served", "1:errors, missing items or a failure", "2:usage error"})
final class LoadCommand implements Callable<Integer> {

  @ParentCommand Bench parent;

  @Spec CommandSpec spec;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "60",
      description = "Length of each measured window (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--connections", paramLabel = "N", defaultValue = "16",
      description = "Concurrent HTTP connections, and threads in process (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "-k", paramLabel = "K", defaultValue = "10",
      description = "Hits per search, as `loupe search -k` (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--wrk", paramLabel = "CMD", defaultValue = "wrk",
      description = "The wrk executable (default: ${DEFAULT-VALUE}).")
  String wrk;

  @Option(names = "--serve-arg", paramLabel = "ARG",
      description = "One more argument for `loupe serve` (repeatable), e.g. --serve-arg=--max-k=5.")
  List<String> serveArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (seconds < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be at least 1, got: " + seconds);
    if (connections < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--connections must be at least 1, got: " + connections);
    }
    if (k < 1) throw new CommandLine.ParameterException(spec.commandLine(), "-k must be at least 1, got: " + k);
    // Every child (loupe serve, loupe index, wrk) is killed by the code that started it; this covers Ctrl-C,
    // which skips those finally blocks: no server is left listening after the command.
    Thread killChildren = new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly));
    Runtime.getRuntime().addShutdownHook(killChildren);
    LoadBench.Report report;
    try {
      report = new LoadBench(parent.shared, parent.model, seconds, connections, k, wrk, serveArgs).run();
    } finally {
      Runtime.getRuntime().removeShutdownHook(killChildren);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(report.markdown());
    out.flush();
    if (!report.passed()) spec.commandLine().getErr().println("bench load: FAILED: errors or items not served (see above)");
    return report.passed() ? 0 : 1;
  }
}
