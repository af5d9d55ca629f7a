package dev.loupe.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One neighbour shown on a {@link ContactSheet} row.
 *
 * @param image the neighbour's image file
 * @param rank 1-based rank, printed as {@code #rank}
 * @param score similarity score, printed with three decimals
 * @param caption one line under the thumbnail (class label, metadata...); null or blank shows the file name
 * @param relevant whether the hit is correct for the query: frames it green (true), red (false) or grey (null =
 *     unknown, e.g. no ground truth)
 */
public record SheetHit(Path image, int rank, float score, String caption, Boolean relevant) {

  public SheetHit {
    Objects.requireNonNull(image, "image");
    if (rank < 1) throw new IllegalArgumentException("rank must be 1-based, got: " + rank);
  }

  /** A hit without ground truth (grey frame). */
  public static SheetHit unjudged(Path image, int rank, float score, String caption) {
    return new SheetHit(image, rank, score, caption, null);
  }
}
