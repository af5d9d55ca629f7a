package dev.loupe.cli;

import dev.loupe.onnx.download.DownloadFile;
import dev.loupe.onnx.download.DownloadListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows download progress on stderr: a progress bar in MB on a terminal, plain lines (every 10%) when piped, as
 * {@link ProgressReporter} does for indexing. One file at a time: a pull downloads its files in turn.
 */
final class DownloadProgress implements DownloadListener, AutoCloseable {
  private static final double MB = 1024 * 1024;

  private final PrintWriter err;
  private final boolean terminal = ProgressReporter.stderrIsTerminal();
  private ProgressBar bar;
  private int lastDecile;

  DownloadProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void started(DownloadFile file, long resumedFrom) {
    close();
    if (terminal) {
      bar = new ProgressBarBuilder().setTaskName(file.file()).setInitialMax(file.size()).setUnit(" MB", (long) MB)
          .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
          .setUpdateIntervalMillis(250).startsFrom(resumedFrom, java.time.Duration.ZERO).build();
    } else {
      err.printf("downloading %s from %s (%.1f MB)%n", file.file(), file.url(), file.size() / MB);
      err.flush();
    }
    lastDecile = (int) (10 * resumedFrom / file.size());
  }

  @Override
  public synchronized void progress(DownloadFile file, long bytes) {
    if (bar != null) {
      bar.stepTo(bytes);
      return;
    }
    int decile = (int) (10 * bytes / file.size());
    if (decile > lastDecile) {
      lastDecile = decile;
      err.printf("%s %d%% (%.1f of %.1f MB)%n", file.file(), decile * 10, bytes / MB, file.size() / MB);
      err.flush();
    }
  }

  @Override
  public synchronized void note(DownloadFile file, String message) {
    err.printf("%s%s: %s%n", bar != null ? "\r" : "", file.file(), message);
    err.flush();
  }

  @Override
  public synchronized void finished(DownloadFile file, Path target, boolean downloaded) {
    close();
    err.printf("%s %s (size and SHA-256 checked)%n", downloaded ? "downloaded" : "already there:", Printable.escape(target.toString()));
    err.flush();
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
