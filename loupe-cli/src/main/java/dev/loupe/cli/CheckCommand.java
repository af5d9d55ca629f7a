package dev.loupe.cli;

import dev.loupe.core.index.StoreCheck;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Verify an index: every file's checksum and structure (Lucene's CheckIndex), and Loupe's own "
        + "spec and vector fields. Reads the whole index; waits for no writer (fails while one is indexing).",
        "Exit code 0 when the index is healthy, 1 when it is damaged or cannot be checked."})
final class CheckCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin IndexLocation location;

  @Option(names = {"-v", "--verbose"}, description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Path index = location.require(spec);
    StoreCheck report = Loupe.check(index, LoupeConfig.defaults());
    if (!report.healthy()) {
      PrintWriter err = spec.commandLine().getErr();
      report.problems().forEach(p -> err.println("loupe: error: " + p));
      err.flush();
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("ok: %s (%s)%n", index, report.summary());
    out.flush();
    return 0;
  }
}
