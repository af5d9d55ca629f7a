package dev.loupe.onnx.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Downloads catalogue files into a model directory, safely: bytes go to {@code FILE.part} (resumed with an HTTP
 * Range request after a dropped connection or an interrupted run), the size and SHA-256 are checked, and only
 * then is the file moved atomically to its name, so a model file under its final name is always complete and
 * checked. A mismatch deletes the partial file. Concurrent pulls of the same file (threads or processes) take
 * turns on a lock of {@code FILE.lock}; the second finds the first's checked file and does not download again.
 * The lock is on a sibling file rather than on the {@code .part} itself because the {@code .part} is renamed
 * or deleted at the end, and a waiter would then hold a lock on a file that no longer has that name.
 */
public final class Downloader {
  private static final int BUFFER = 1 << 16;

  private final HttpClient client;
  private final int maxAttempts;
  private final Duration lockWait;
  private final Duration responseTimeout;

  /**
   * @param client the HTTP client (its proxy selector and connect timeout apply)
   * @param maxAttempts transfers tried per file before giving up (resuming each time), at least 1
   * @param lockWait how long to wait for another pull of the same file to finish
   * @param responseTimeout how long to wait for the response headers of each request
   */
  public Downloader(HttpClient client, int maxAttempts, Duration lockWait, Duration responseTimeout) {
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, got: " + maxAttempts);
    this.client = client;
    this.maxAttempts = maxAttempts;
    this.lockWait = lockWait;
    this.responseTimeout = responseTimeout;
  }

  /** A downloader with proxies from the environment (see {@link EnvProxySelector}), following redirects. */
  public static Downloader fromEnvironment(Map<String, String> env) {
    HttpClient client = HttpClient.newBuilder()
        .proxy(new EnvProxySelector(env))
        .followRedirects(HttpClient.Redirect.NORMAL) // the hubs redirect file URLs to their CDN
        .connectTimeout(Duration.ofSeconds(30))
        .build();
    return new Downloader(client, 3, Duration.ofHours(1), Duration.ofMinutes(2));
  }

  /**
   * Makes {@code directory/file.file()} a checked copy of {@code file}, downloading it unless it is already
   * there.
   *
   * @return the checked file
   * @throws DownloadException one line naming the file or URL, the reason and what to do
   */
  public Path pull(DownloadFile file, Path directory, DownloadListener listener) throws DownloadException {
    Path target = file.in(directory);
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new DownloadException("cannot create model folder " + target.getParent() + ": " + reason(e)
          + "; pass --models DIR to pull into a writable folder");
    }
    if (alreadyThere(file, target, listener)) return target;
    Path part = sibling(target, ".part");
    Path lockFile = sibling(target, ".lock");
    try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock ignored = acquire(lockChannel, file, lockFile, listener)) {
      // Another pull may have finished the file while this one waited for the lock.
      if (alreadyThere(file, target, listener)) return target;
      fetch(file, part, listener);
      Optional<String> problem = FileCheck.problem(part, file);
      if (problem.isPresent()) {
        Files.deleteIfExists(part);
        throw new DownloadException(problem.get() + " for " + file.file() + " from " + file.url()
            + "; deleted the partial file " + part);
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      listener.finished(file, target, true);
      return target;
    } catch (DownloadException e) {
      throw e;
    } catch (IOException e) {
      throw new DownloadException("cannot write " + part + ": " + reason(e)
          + "; pass --models DIR to pull into a writable folder", e);
    }
  }

  /** True when the target is a checked copy; a different file under that name is never overwritten. */
  private static boolean alreadyThere(DownloadFile file, Path target, DownloadListener listener)
      throws DownloadException {
    if (!Files.exists(target)) return false;
    Optional<String> problem;
    try {
      problem = FileCheck.problem(target, file);
    } catch (IOException e) {
      throw new DownloadException("cannot read " + target + ": " + reason(e), e);
    }
    if (problem.isPresent()) {
      throw new DownloadException(target + " exists but is not the catalogue's file (" + problem.get()
          + "); move it away, then pull again");
    }
    listener.finished(file, target, false);
    return true;
  }

  private FileLock acquire(FileChannel channel, DownloadFile file, Path lockFile, DownloadListener listener)
      throws IOException {
    long deadline = System.nanoTime() + lockWait.toNanos();
    boolean told = false;
    while (true) {
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) return lock;
      } catch (OverlappingFileLockException e) {
        // Another thread of this process holds it: wait like for another process.
      }
      if (!told) {
        listener.note(file, "waiting for another pull of " + file.file() + " to finish");
        told = true;
      }
      if (System.nanoTime() > deadline) {
        throw new DownloadException("another pull of " + file.file() + " has held " + lockFile + " for more than "
            + lockWait.toMinutes() + " minutes; try again later");
      }
      sleep(100);
    }
  }

  private void fetch(DownloadFile file, Path part, DownloadListener listener) throws DownloadException {
    for (int attempt = 1; ; attempt++) {
      try {
        transfer(file, part, listener);
        return;
      } catch (DownloadException e) {
        throw e;
      } catch (ConnectException | HttpConnectTimeoutException e) {
        throw new DownloadException("cannot reach " + file.url() + " (" + reason(e) + "); download the file elsewhere"
            + " and put it in a --models directory as " + file.file(), e);
      } catch (IOException e) {
        if (attempt >= maxAttempts) {
          throw new DownloadException("download of " + file.url() + " failed " + attempt + " times (" + reason(e)
              + "); run the pull again to resume from " + part + ", or download the file elsewhere and put it in a"
              + " --models directory as " + file.file(), e);
        }
        listener.note(file, "connection lost (" + reason(e) + "), resuming (attempt " + (attempt + 1) + " of "
            + maxAttempts + ")");
      }
    }
  }

  /** One request: resumes from the partial file's length when the server honours Range, else starts over. */
  private void transfer(DownloadFile file, Path part, DownloadListener listener) throws IOException {
    long have = Files.exists(part) ? Files.size(part) : 0;
    if (have > file.size()) have = 0; // not a prefix of this file: start over
    if (have == file.size()) return;  // complete from an earlier run; the caller checks it
    HttpRequest.Builder request = HttpRequest.newBuilder(file.url()).GET().timeout(responseTimeout);
    if (have > 0) request.header("Range", "bytes=" + have + "-");
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownloadException("interrupted while downloading " + file.url() + "; the partial file " + part
          + " is kept for the next pull");
    }
    try (InputStream in = response.body()) {
      int status = response.statusCode();
      boolean resume = status == 206 && have > 0
          && response.headers().firstValue("Content-Range").orElse("").startsWith("bytes " + have + "-");
      if (status == 206 && !resume) {
        Files.deleteIfExists(part);
        throw new IOException("server answered a different range than asked");
      }
      if (status == 416) {
        Files.deleteIfExists(part);
        throw new IOException("server refused to resume");
      }
      if (status != 200 && status != 206) {
        throw new DownloadException("HTTP " + status + " from " + file.url() + "; download the file elsewhere and"
            + " put it in a --models directory as " + file.file());
      }
      long done = resume ? have : 0;
      if (resume) listener.note(file, "resuming at byte " + have);
      listener.started(file, done);
      try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          resume ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) > 0) {
          done += n;
          if (done > file.size()) {
            out.close();
            Files.deleteIfExists(part);
            throw new DownloadException("size mismatch: " + file.url() + " sent more than the expected " + file.size()
                + " bytes; deleted the partial file " + part);
          }
          ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
          while (bytes.hasRemaining()) out.write(bytes);
          listener.progress(file, done);
        }
      }
    }
  }

  private static Path sibling(Path target, String suffix) {
    return target.resolveSibling(target.getFileName() + suffix);
  }

  /** A short reason: JDK network exceptions often carry no message, only a cause that names the problem. */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
        return "host not found";
      }
      if (t instanceof java.nio.file.AccessDeniedException) return "permission denied";
      if (t instanceof java.nio.file.FileSystemException fse) {
        return fse.getReason() != null ? fse.getReason() : fse.getClass().getSimpleName();
      }
      String m = t.getMessage();
      if (m != null && !m.isBlank()) return m.lines().findFirst().orElse(m);
      if (t.getCause() == null) return t.getClass().getSimpleName();
    }
    return e.getClass().getSimpleName();
  }

  private static void sleep(long millis) throws DownloadException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownloadException("interrupted while waiting for another pull");
    }
  }
}
