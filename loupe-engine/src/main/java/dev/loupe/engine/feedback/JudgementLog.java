package dev.loupe.engine.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * The judged pairs of one index, in a file Loupe alone writes in the index folder ({@value #NAME}: hidden, so the
 * store never counts it as a user's file nor deletes it with the index). Append-only JSON lines, one complete
 * judgement per line (query key, the query's vector as base64 little-endian float32, item, good, time, source).
 *
 * <p>Crash safety: each append is one write of whole lines under an exclusive file lock (a second process waits),
 * forced to the device. A process killed mid-write can leave a torn last line; readers skip it with a warning, and
 * the next append first ends it with a newline so the torn bytes never join a new record. Earlier lines are never
 * rewritten.
 *
 * <p>Bound: at most {@link #maxRecords} lines ({@value #MAX_RECORDS} by default, about 70 MB with 1280-d vectors).
 * A full log records nothing more: {@link #append} says how many judgements it refused, and the caller tells the
 * user (learning keeps working on the records kept; moving the file away starts a new log).
 *
 * <p>One process should append through one instance per index (a {@code Loupe} holds one): appends of one instance
 * are serialised, and the file lock serialises processes.
 */
public final class JudgementLog {
  public static final String NAME = ".loupe-judgements.jsonl";
  public static final int MAX_RECORDS = 10_000;
  /** Bounds what a damaged line may make a reader allocate: 65,536 dimensions. */
  static final int MAX_DIMENSION = 1 << 16;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One line as written; field names are the file format. */
  record Line(String query, int dim, String vector, String embedder, String item, boolean good, String time,
      String source) {}

  /**
   * @param recorded judgements written
   * @param unchanged judgements not written because the log's latest judgement of the same query and item already
   *     says the same (a page that searches again with the same feedback, a repeated command)
   * @param refused judgements not written because the log is full
   */
  public record Appended(int recorded, int unchanged, int refused) {}

  private final Path file;
  private final int maxRecords;
  /** Lines counted at a known file size, so an append does not re-read a file nobody else changed. */
  private long countedSize = -1;
  private int countedLines;
  /** The latest judgement in the file of each (embedder, query, item), by {@link #pairKey}, at {@link #countedSize}. */
  private final java.util.Map<String, Boolean> latest = new java.util.HashMap<>();

  public JudgementLog(Path file, int maxRecords) {
    if (maxRecords < 1) throw new IllegalArgumentException("maxRecords must be at least 1, got: " + maxRecords);
    this.file = file;
    this.maxRecords = maxRecords;
  }

  /** The log of an index folder, with the default bound. */
  public static JudgementLog of(Path indexDir) {
    return new JudgementLog(indexDir.resolve(NAME), MAX_RECORDS);
  }

  public Path file() {
    return file;
  }

  public int maxRecords() {
    return maxRecords;
  }

  /** Appends judgements as whole lines, up to the bound. */
  public synchronized Appended append(List<Judgement> judgements) throws IOException {
    if (judgements.isEmpty()) return new Appended(0, 0, 0);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      long size = ch.size();
      int lines = lines(ch, size);
      List<Judgement> changed = new ArrayList<>();
      java.util.Map<String, Boolean> batch = new java.util.HashMap<>(latest);
      for (Judgement j : judgements) {
        Boolean before = batch.put(pairKey(j), j.good());
        if (before == null || before != j.good()) changed.add(j);
      }
      int unchanged = judgements.size() - changed.size();
      int room = Math.max(0, maxRecords - lines);
      int n = Math.min(room, changed.size());
      if (n == 0) return new Appended(0, unchanged, changed.size());
      StringBuilder text = new StringBuilder();
      if (size > 0 && lastByte(ch, size) != '\n') text.append('\n'); // ends a torn line: it stays one bad line
      for (Judgement j : changed.subList(0, n)) {
        text.append(encode(j)).append('\n');
        latest.put(pairKey(j), j.good());
      }
      ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      long at = size;
      while (bytes.hasRemaining()) at += ch.write(bytes, at);
      ch.force(false);
      countedSize = at;
      countedLines = lines + n + (text.charAt(0) == '\n' ? 1 : 0);
      return new Appended(n, unchanged, changed.size() - n);
    }
  }

  /** Every complete judgement, oldest first; damaged lines and a torn last line are skipped with a warning each. */
  public List<Judgement> read(Consumer<String> warnings) throws IOException {
    List<Judgement> out = new ArrayList<>();
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return out;
    }
    int start = 0;
    int number = 0;
    while (start < all.length) {
      int end = start;
      while (end < all.length && all[end] != '\n') end++;
      number++;
      String line = new String(all, start, end - start, StandardCharsets.UTF_8);
      if (end == all.length) {
        warnings.accept(file + ": skipped a torn last line " + number + " (a process was stopped while writing it)");
      } else if (!line.isBlank()) {
        try {
          out.add(decode(line));
        } catch (IllegalArgumentException | JsonProcessingException e) {
          warnings.accept(file + ": skipped damaged line " + number + ": " + firstLine(e.getMessage()));
        }
      }
      start = end + 1;
    }
    return out;
  }

  /**
   * Lines in the file, and the latest judgement of each pair; re-read only when the file changed since this instance
   * last saw it (another process appended, or it is the first append).
   */
  private int lines(FileChannel ch, long size) throws IOException {
    if (size == countedSize) return countedLines;
    if (size > Integer.MAX_VALUE - 8) throw new IOException(file + ": over 2 GB, not a judgement log Loupe wrote");
    ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(size));
    while (all.hasRemaining() && ch.read(all, all.position()) > 0) {
      // reads the whole file: it is bounded by maxRecords lines
    }
    byte[] bytes = all.array();
    int n = 0;
    latest.clear();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') continue;
      n++;
      try {
        Judgement j = decode(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        latest.put(pairKey(j), j.good());
      } catch (IllegalArgumentException | JsonProcessingException e) {
        // a damaged line judges nothing; read() names it
      }
      start = i + 1;
    }
    countedSize = size;
    countedLines = n;
    return n;
  }

  /** The embedder is part of the key: after a rebuild with another model, the same verdict is news to it. */
  private static String pairKey(Judgement j) {
    return j.embedder() + '\u0000' + j.query() + '\u0000' + j.item();
  }

  private static byte lastByte(FileChannel ch, long size) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    ch.read(one, size - 1);
    return one.get(0);
  }

  static String encode(Judgement j) throws JsonProcessingException {
    float[] v = j.vector();
    ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) bytes.putFloat(x);
    return JSON.writeValueAsString(new Line(j.query(), v.length, Base64.getEncoder().encodeToString(bytes.array()),
        j.embedder(), j.item(), j.good(), j.time().toString(), j.source()));
  }

  static Judgement decode(String text) throws JsonProcessingException {
    Line line = JSON.readValue(text, Line.class);
    if (line.dim() < 1 || line.dim() > MAX_DIMENSION) {
      throw new IllegalArgumentException("dim must be in 1.." + MAX_DIMENSION + ", got: " + line.dim());
    }
    if (line.vector() == null || line.time() == null) throw new IllegalArgumentException("no vector or time");
    byte[] raw = Base64.getDecoder().decode(line.vector());
    if (raw.length != line.dim() * Float.BYTES) {
      throw new IllegalArgumentException("vector holds " + raw.length + " bytes, not " + line.dim() + " floats");
    }
    ByteBuffer bytes = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[line.dim()];
    for (int i = 0; i < v.length; i++) v[i] = bytes.getFloat();
    try {
      return new Judgement(line.query(), v, line.embedder(), line.item(), line.good(), Instant.parse(line.time()),
          line.source());
    } catch (java.time.format.DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) return "unreadable";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
