package dev.loupe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code scripts/bench load} end to end with a short window: a real {@code loupe serve} child process over a real
 * index of caltech20/train, wrk on loopback, {@code loupe index} child processes adding items, the facade in
 * process. The numbers mean nothing here (a 3 s window on a busy machine); the counts and the exit code do.
 */
class LoadBenchTest {

  private record Run(int exit, String out, String err) {}

  private static Run load(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = Bench.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 3];
    all[0] = "--shared";
    all[1] = SharedData.root().toString();
    all[2] = "load";
    System.arraycopy(args, 0, all, 3, args.length);
    return new Run(cl.execute(all), out.toString(), err.toString());
  }

  /** The requests and errors columns of the row whose scenario starts with {@code scenario}. */
  private static long[] counts(String table, String scenario) {
    Matcher m = Pattern.compile("^\\| " + Pattern.quote(scenario) + "[^|]*\\| +(\\d+) \\| +(\\d+) \\|", Pattern.MULTILINE)
        .matcher(table);
    assertTrue(m.find(), "a row for '" + scenario + "' in\n" + table);
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // the tool bounds itself; this is the last resort
  void sixteenClientsShrunkToFourForThreeSecondsGetNoErrorsAndTheAddedItemsAreServed() {
    Run r = load("--seconds", "3", "--connections", "4");
    assertEquals(0, r.exit(), r.out() + r.err());
    for (String scenario : new String[] {"HTTP `POST /search` (wrk), 4 connections", "HTTP while `loupe index` adds items",
        "in process (Loupe facade), 4 threads"}) {
      long[] c = counts(r.out(), scenario);
      assertTrue(c[0] > 0, scenario + ": some requests\n" + r.out());
      assertEquals(0, c[1], scenario + ": no errors\n" + r.out());
    }
    // 400 training photos, then whole rounds of the 80 test photos added by `loupe index` during the window.
    Matcher items = Pattern.compile("(\\d+) rounds, (\\d+) items added; the server reports (\\d+) items, (\\d+) expected")
        .matcher(r.out());
    assertTrue(items.find(), r.out());
    int rounds = Integer.parseInt(items.group(1));
    assertTrue(rounds >= 1, r.out());
    assertEquals(80 * rounds, Integer.parseInt(items.group(2)), r.out());
    assertEquals(400 + 80 * rounds, Integer.parseInt(items.group(3)), "the server sees every committed item\n" + r.out());
    assertTrue(r.out().contains("HTTP / in process: "), r.out());
    assertTrue(r.out().contains("--max-inference " + Runtime.getRuntime().availableProcessors() + " --max-queue 4"), r.out());
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aServerThatRefusesEverySearchFailsTheRun() {
    // k = 10 over a server bound of 5: every search is answered 400, which must count as an error.
    Run r = load("--seconds", "1", "--connections", "2", "--serve-arg=--max-k=5");
    assertEquals(1, r.exit(), r.out() + r.err());
    long[] c = counts(r.out(), "HTTP `POST /search` (wrk)");
    assertTrue(c[0] > 0, r.out());
    assertEquals(c[0], c[1], "every request is an error\n" + r.out());
    assertTrue(r.out().contains("the window with indexing was not run"), r.out());
    assertTrue(r.err().contains("bench load: FAILED"), r.err());
  }

  @Test
  void wrksSummaryLineCountsEveryKindOfFailure() {
    LoadResult r = WrkLoad.parse("s", "Running 3s test\nloupe-load requests=100 duration_us=2000000 non200=1 connect=2"
        + " read=3 write=4 timeout=5 p50_us=1500 p99_us=25000\n");
    assertEquals(100, r.requests());
    assertEquals(1 + 2 + 3 + 4 + 5, r.errors());
    assertEquals(50.0, r.requestsPerSecond(), 1e-9); // 100 requests in 2 s
    assertEquals(1.5, r.p50Millis(), 1e-9);
    assertEquals(25.0, r.p99Millis(), 1e-9);
  }
}
