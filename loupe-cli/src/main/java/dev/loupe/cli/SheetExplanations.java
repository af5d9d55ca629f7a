package dev.loupe.cli;

import dev.loupe.core.explain.ContributionGrid;
import dev.loupe.core.explain.SpatialFeatures;
import dev.loupe.core.query.Hit;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.explain.ExplainException;
import dev.loupe.engine.explain.Explainer;
import dev.loupe.engine.explain.Explanation;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.report.ContactSheet;
import dev.loupe.report.ExplainedSheet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The heat maps of {@code search --show OUT.png --explain}: for each query row, each drawn hit's regions against
 * the query and the query's regions against its top hit. A hit whose image file cannot be read again is named on
 * stderr and left plain; the run then ends with exit code 1.
 */
final class SheetExplanations implements AutoCloseable {
  private final Loupe loupe;
  private final Explainer explainer;
  private int failures;

  SheetExplanations(Loupe loupe) throws IOException {
    this.loupe = loupe;
    this.explainer = new Explainer(loupe);
  }

  /** The overlays of one query's row (only the hits a sheet draws are explained). */
  ExplainedSheet.Overlays row(String query, List<Hit> hits, PrintWriter err) throws ImageDecodeException, IOException {
    SpatialFeatures map = explainer.query(loupe.decode(Path.of(query)));
    List<ContributionGrid> grids = new ArrayList<>();
    ContributionGrid queryGrid = null;
    for (Hit h : hits.subList(0, Math.min(hits.size(), ContactSheet.MAX_HITS))) {
      try {
        Explanation e = explainer.explain(map, h);
        grids.add(e.hit());
        if (queryGrid == null) queryGrid = e.query();
      } catch (ExplainException e) {
        failures++;
        grids.add(null);
        err.printf("loupe: %s%n", Printable.escape(e.getMessage()));
      }
    }
    return new ExplainedSheet.Overlays(queryGrid, grids);
  }

  /** How many hits could not be explained. */
  int failures() {
    return failures;
  }

  @Override
  public void close() {
    explainer.close();
  }
}
