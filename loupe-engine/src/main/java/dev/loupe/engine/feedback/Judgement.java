package dev.loupe.engine.feedback;

import java.time.Instant;
import java.util.Objects;

/**
 * One judged pair: a user said {@code item} is a good (or a bad) answer to a query. The query's vector travels with
 * it, so learning never needs the query image again.
 *
 * @param query the query's key ({@link QueryKey})
 * @param vector the query's plain vector (no test-time views, crops or feedback), as the index's embedder made it
 * @param embedder that embedder's name: a judgement of another model's vector (an index rebuilt with another model)
 *     is not learned from
 * @param item the judged item's id
 * @param good true for a good answer (liked), false for a bad one (unliked)
 * @param time when the judgement was given
 * @param source who recorded it: {@code cli}, {@code server} or {@code simulated}
 */
public record Judgement(String query, float[] vector, String embedder, String item, boolean good, Instant time, String source) {
  public Judgement {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(embedder, "embedder");
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(source, "source");
    if (query.isEmpty()) throw new IllegalArgumentException("a judgement needs a query key");
    if (item.isEmpty()) throw new IllegalArgumentException("a judgement needs an item id");
    if (vector == null || vector.length == 0) throw new IllegalArgumentException("a judgement needs the query's vector");
    for (float x : vector) {
      if (!Float.isFinite(x)) throw new IllegalArgumentException("the query vector of a judgement must be finite");
    }
    vector = vector.clone();
  }

  /** The judgements one feedback gives: each liked item good, each unliked item bad, for one query. */
  public static java.util.List<Judgement> of(String query, float[] vector, String embedder, java.util.List<String> liked,
      java.util.List<String> unliked, String source, Instant time) {
    java.util.List<Judgement> out = new java.util.ArrayList<>();
    for (String id : liked) out.add(new Judgement(query, vector, embedder, id, true, time, source));
    for (String id : unliked) out.add(new Judgement(query, vector, embedder, id, false, time, source));
    return out;
  }

  @Override
  public float[] vector() {
    return vector.clone();
  }
}
