package dev.loupe.onnx.download;

import java.io.IOException;

/** A download that failed; the message is one line naming the file or URL, the reason and what to do. */
public final class DownloadException extends IOException {
  public DownloadException(String message) {
    super(message);
  }

  public DownloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
