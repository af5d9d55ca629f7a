package dev.loupe.cli;

import dev.loupe.core.query.Hit;
import dev.loupe.report.SheetHit;
import dev.loupe.report.SheetRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How search results become a contact sheet: which caption, and how relevance is judged (if at all). */
final class SheetOptions {
  enum Truth { NONE, FOLDER }

  @Option(names = "--truth", defaultValue = "none", paramLabel = "MODE",
      description = "Mark hits relevant (green) or not (red): 'folder' = same parent folder name as the query "
          + "(class folders); 'none' leaves them grey (default: ${DEFAULT-VALUE}).")
  Truth truth;

  @Option(names = "--caption", paramLabel = "FIELD",
      description = "Metadata field to print under each hit (default: its folder name, or its id).")
  String caption;

  SheetRow row(String query, List<Hit> hits) {
    Path q = Path.of(query);
    List<SheetHit> cells = new ArrayList<>();
    for (Hit h : hits) {
      Path p = Path.of(h.path());
      Boolean relevant = truth == Truth.FOLDER ? folder(p).equals(folder(q)) : null;
      cells.add(new SheetHit(p, h.rank(), h.score(), captionOf(h, p), relevant));
    }
    return new SheetRow(q, truth == Truth.FOLDER ? folder(q) : q.getFileName().toString(), cells);
  }

  private String captionOf(Hit h, Path p) {
    if (caption != null && h.metadata().containsKey(caption)) return h.metadata().get(caption);
    if (!h.id().equals(h.path())) return h.id();
    return folder(p);
  }

  private static String folder(Path p) {
    Path parent = p.toAbsolutePath().getParent();
    return parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
  }
}
