package dev.loupe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options of scripts/bench: parsed by picocli, usage errors exit 2 with a message, before any work. */
class BenchCommandLineTest {

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Bench.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryOptionAndTheJmhSubcommand() {
    Run r = run("--help");
    assertEquals(0, r.exit());
    for (String s : new String[] {"--shared", "--model", "--vectors", "--rounds", "--text-items", "--text-queries", "indexing, search, text", "jmh", "load", "vectors"}) {
      assertTrue(r.out().contains(s), s + " in\n" + r.out());
    }
  }

  @Test
  void unknownOptionsAndPartsAreUsageErrors() {
    Run option = run("--bogus");
    assertEquals(2, option.exit());
    assertTrue(option.err().contains("Unknown option: '--bogus'"), option.err());
    Run part = run("indexing", "nonsense");
    assertEquals(2, part.exit());
    assertTrue(part.err().contains("nonsense"), part.err());
  }

  @Test
  void boundsAreCheckedBeforeAnyBenchmarkRuns() {
    Run rounds = run("--rounds", "0", "indexing");
    assertEquals(2, rounds.exit());
    assertTrue(rounds.err().contains("--rounds must be at least 1, got: 0"), rounds.err());
    Run vectors = run("--vectors", "-5", "search");
    assertEquals(2, vectors.exit());
    assertTrue(vectors.err().contains("--vectors must be at least 0, got: -5"), vectors.err());
    assertEquals("", rounds.out() + vectors.out(), "nothing printed on stdout");
  }

  @Test
  void loadBoundsAreUsageErrorsBeforeAnyServerStarts() {
    Run seconds = run("load", "--seconds", "0");
    assertEquals(2, seconds.exit());
    assertTrue(seconds.err().contains("--seconds must be at least 1, got: 0"), seconds.err());
    Run connections = run("load", "--connections", "0");
    assertEquals(2, connections.exit());
    assertTrue(connections.err().contains("--connections must be at least 1, got: 0"), connections.err());
    Run help = run("load", "--help");
    assertEquals(0, help.exit());
    for (String s : new String[] {"--seconds", "--connections", "-k", "--wrk", "--serve-arg"}) {
      assertTrue(help.out().contains(s), s + " in\n" + help.out());
    }
  }

  @Test
  void vectorsOptionsAreCheckedBeforeAnyWork() {
    Run help = run("vectors", "--help");
    assertEquals(0, help.exit());
    for (String s : new String[] {"--vectors", "--queries", "--threads", "--out", "--libraries", "lucene-bit1", "jvector",
        "hnswlib"}) {
      assertTrue(help.out().contains(s), s + " in\n" + help.out());
    }
    Run small = run("vectors", "--vectors", "999");
    assertEquals(2, small.exit());
    assertTrue(small.err().contains("--vectors must be at least 1000, got: 999"), small.err());
    Run threads = run("vectors", "--threads", "1,0");
    assertEquals(2, threads.exit());
    assertTrue(threads.err().contains("--threads must be at least 1, got: 0"), threads.err());
    Run library = run("vectors", "--libraries", "lucene-float,faiss");
    assertEquals(2, library.exit());
    assertTrue(library.err().contains("unknown library 'faiss'; valid names: lucene-float"), library.err());
    assertEquals("", small.out() + threads.out() + library.out(), "nothing printed on stdout");
  }

  @Test
  void everythingAfterJmhIsLeftForJmh() {
    CommandLine cl = Bench.commandLine();
    CommandLine.ParseResult parsed = cl.parseArgs("jmh", "-f", "0", "-wi", "0", "Distance", "-p", "metric=dot");
    JmhCommand jmh = parsed.subcommand().commandSpec().commandLine().getCommand();
    assertEquals(java.util.List.of("-f", "0", "-wi", "0", "Distance", "-p", "metric=dot"), jmh.args);
  }
}
