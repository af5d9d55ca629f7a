package dev.loupe.cli;

import dev.loupe.core.index.Item;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.engine.index.IndexSummary;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows indexing progress on stderr: a progress bar on a terminal, plain lines (every 10%) when piped. Skipped
 * files are always named, one line each.
 */
final class ProgressReporter implements IndexListener, AutoCloseable {
  private final PrintWriter err;
  private final String task;
  private final boolean terminal = stderrIsTerminal();
  private final AtomicInteger done = new AtomicInteger();
  private volatile int total;
  private volatile ProgressBar bar;

  /**
   * A progress bar only on an interactive terminal. System.console() alone is not enough: from JDK 22 it exists
   * even when output is redirected, so Console.isTerminal() (JDK 22+, looked up reflectively as Loupe
   * compiles for 21) must agree too.
   */
  static boolean stderrIsTerminal() {
    java.io.Console console = System.console();
    if (console == null || System.getenv("CI") != null) return false;
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console exists only when attached to a terminal
    }
  }

  ProgressReporter(PrintWriter err, String task) {
    this.err = err;
    this.task = task;
  }

  @Override
  public void started(int count) {
    total = count;
    if (terminal && count > 0) {
      bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(count).setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250).build();
    } else {
      err.printf("%s %d images%n", task, count);
      err.flush();
    }
  }

  @Override
  public void done(CatalogEntry entry, Outcome outcome, String reason) {
    if (outcome == Outcome.SKIPPED) {
      synchronized (this) {
        err.printf("%sskipped %s: %s%n", bar != null ? "\r" : "", Printable.escape(entry.file()),
            Printable.escape(reason));
        err.flush();
      }
    }
    int n = done.incrementAndGet();
    if (bar != null) {
      bar.step();
    } else if (total >= 20 && n % Math.max(1, total / 10) == 0) {
      err.printf("%s %d/%d%n", task, n, total);
      err.flush();
    }
  }

  @Override
  public void removed(Item item) {
    err.printf("removed %s (file gone)%n", Printable.escape(item.path()));
    err.flush();
  }

  @Override
  public void finished(IndexSummary summary) {
    close();
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
