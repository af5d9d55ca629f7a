package dev.loupe.cli;

import dev.loupe.engine.dedup.DuplicateGroup;
import dev.loupe.engine.dedup.DuplicateMember;
import dev.loupe.report.ContactSheet;
import dev.loupe.report.SheetHit;
import dev.loupe.report.SheetRow;
import dev.loupe.report.SheetStyle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code loupe dedup --show}: one contact-sheet row per group, the best copy in the query column (blue frame), the
 * other members after it with their score to it; exact copies framed green and captioned "exact". Written like
 * {@code loupe search --sheet} (same style and caps).
 */
final class DedupSheet {
  /** Rows a sheet draws at most. */
  static final int MAX_GROUPS = ContactSheet.MAX_ROWS;

  private DedupSheet() {}

  static void write(List<DuplicateGroup> groups, int maxGroups, Path png) throws IOException {
    ContactSheet.write(rows(groups.subList(0, Math.min(maxGroups, groups.size()))), png, SheetStyle.DEFAULT);
  }

  static List<SheetRow> rows(List<DuplicateGroup> groups) {
    List<SheetRow> rows = new ArrayList<>();
    for (DuplicateGroup g : groups) {
      DuplicateMember best = g.best();
      List<SheetHit> hits = new ArrayList<>();
      for (int i = 1; i < g.members().size(); i++) {
        DuplicateMember m = g.members().get(i);
        // Green = byte-identical (safe to delete); grey = a near-duplicate, for the user to judge.
        hits.add(new SheetHit(Path.of(m.path()), i, m.score(), m.exact() ? "exact" : size(m), m.exact() ? true : null));
      }
      rows.add(new SheetRow(Path.of(best.path()), "best " + size(best), hits));
    }
    return rows;
  }

  private static String size(DuplicateMember m) {
    return String.format(Locale.ROOT, "%dx%d", m.width(), m.height());
  }
}
