package dev.loupe.engine.feedback;

import dev.loupe.engine.Loupe;
import dev.loupe.image.ImageDecodeException;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Turns a user's feedback on one query into judgements in the index's log ({@link Loupe#judgements()}), with the
 * query's key and plain vector: for a query image, its content hash and its vector; for "more like this", the
 * item's id and stored vector. Judged items must be in the index.
 */
public final class FeedbackRecorder {
  private final Loupe loupe;
  private final String source;
  private final Clock clock;

  /** @param source who records: {@code cli} or {@code server} */
  public FeedbackRecorder(Loupe loupe, String source, Clock clock) {
    this.loupe = loupe;
    this.source = source;
    this.clock = clock;
  }

  /** Feedback on a query image, given as its bytes ({@code name} only labels errors). */
  public JudgementLog.Appended image(byte[] bytes, String name, List<String> liked, List<String> unliked)
      throws IOException, ImageDecodeException {
    checkItems(liked, unliked);
    float[] vector = loupe.embed(loupe.decode(bytes, name));
    return record(QueryKey.ofImage(bytes), vector, liked, unliked);
  }

  /** Feedback on a "more like this" query of an indexed item. */
  public JudgementLog.Appended item(String id, List<String> liked, List<String> unliked) throws IOException {
    checkItems(liked, unliked);
    float[] vector = loupe.store().vector(id)
        .orElseThrow(() -> new IllegalArgumentException("no item with id '" + id + "' in the index"));
    return record(QueryKey.ofItem(id), vector, liked, unliked);
  }

  private JudgementLog.Appended record(String key, float[] vector, List<String> liked, List<String> unliked)
      throws IOException {
    return loupe.judgements().append(Judgement.of(key, vector, loupe.spec().embedder().name(), liked, unliked, source,
        clock.instant()));
  }

  private void checkItems(List<String> liked, List<String> unliked) throws IOException {
    for (List<String> ids : List.of(liked, unliked)) {
      for (String id : ids) {
        if (loupe.store().get(id).isEmpty()) throw new IllegalArgumentException("no item with id '" + id + "' in the index");
      }
    }
  }

  /** One line for a user when a full log refused judgements, else null. */
  public static String refusedNote(JudgementLog log, JudgementLog.Appended appended) {
    if (appended.refused() == 0) return null;
    return "the judgement log " + log.file() + " is full (" + log.maxRecords() + " records): " + appended.refused()
        + " judgements not recorded; 'loupe learn-ranking' still learns from the ones kept, and moving the file away"
        + " starts a new log";
  }
}
