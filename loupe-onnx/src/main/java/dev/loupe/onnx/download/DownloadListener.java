package dev.loupe.onnx.download;

import java.nio.file.Path;

/** What a download reports while it runs; the CLI renders it (progress bar or plain lines). All no-ops by default. */
public interface DownloadListener {
  DownloadListener NONE = new DownloadListener() {};

  /** A transfer starts; {@code resumedFrom} bytes are already in the partial file. */
  default void started(DownloadFile file, long resumedFrom) {}

  /** {@code bytes} of the file are now on disk (including resumed bytes). */
  default void progress(DownloadFile file, long bytes) {}

  /** Something the user should know that is not an error (resuming, waiting for another pull, retrying). */
  default void note(DownloadFile file, String message) {}

  /** The file is checked and in place (downloaded now, or already there). */
  default void finished(DownloadFile file, Path target, boolean downloaded) {}
}
