package dev.loupe.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Runs the JMH latency microbenchmarks of {@code dev.loupe.bench.jmh} through JMH's own command line, which
 * prints its result table. Their default run time is set on the benchmark classes (one fork, short iterations).
 */
@Command(name = "jmh", mixinStandardHelpOptions = false,
    description = {
        "JMH latency microbenchmarks: exact distance per metric (scalar vs Lucene's VectorUtil), an exact scan, "
            + "one HNSW search, resizing one photo. Every argument goes to JMH (e.g. `-f 0 -wi 0 -i 1 -r 100ms` "
            + "for a smoke run, `-p size=100000`, a benchmark regex, `-h` for JMH's help)."})
final class JmhCommand implements Callable<Integer> {

  @Parameters(paramLabel = "JMH-ARG", arity = "0..*", description = "Arguments for JMH's command line.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    // Without a pattern JMH runs every benchmark on the classpath: this module's are the only ones there.
    org.openjdk.jmh.Main.main(args.toArray(String[]::new));
    return 0; // JMH's Main exits the JVM itself on a failure
  }
}
