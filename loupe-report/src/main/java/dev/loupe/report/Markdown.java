package dev.loupe.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * GitHub-flavoured Markdown tables for reports. Cells are padded so the table also reads as plain text, and
 * columns whose cells are all numbers are right-aligned so that digits line up.
 */
public final class Markdown {
  private Markdown() {}

  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+([.,]\\d*)?|[.,]\\d+)([eE][-+]?\\d+)?%?");

  /**
   * A table with the given header and rows, ending with a newline. Pipes in cells are escaped and line breaks
   * become spaces (a cell must stay on one line); null cells are empty.
   *
   * @throws IllegalArgumentException if a row has a different number of cells than the header
   */
  public static String table(List<String> header, List<? extends List<?>> rows) {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(rows, "rows");
    if (header.isEmpty()) throw new IllegalArgumentException("a table needs at least one column");
    int n = header.size();
    List<List<String>> cells = new ArrayList<>();
    cells.add(header.stream().map(Markdown::cell).toList());
    for (int r = 0; r < rows.size(); r++) {
      List<?> row = rows.get(r);
      if (row.size() != n) {
        throw new IllegalArgumentException("row " + r + " has " + row.size() + " cells, the header " + n);
      }
      cells.add(row.stream().map(Markdown::cell).toList());
    }
    int[] width = new int[n];
    boolean[] numeric = new boolean[n];
    for (int c = 0; c < n; c++) {
      width[c] = 3; // the separator needs "---"
      boolean anyNumber = false;
      boolean allNumbers = true;
      for (int r = 0; r < cells.size(); r++) {
        String v = cells.get(r).get(c);
        width[c] = Math.max(width[c], v.length());
        if (r > 0 && !v.isEmpty()) {
          boolean isNumber = NUMBER.matcher(v).matches();
          anyNumber |= isNumber;
          allNumbers &= isNumber;
        }
      }
      numeric[c] = anyNumber && allNumbers;
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, cells.get(0), width, numeric);
    out.append('|');
    for (int c = 0; c < n; c++) {
      out.append(' ').append("-".repeat(width[c] - (numeric[c] ? 1 : 0))).append(numeric[c] ? ":" : "").append(" |");
    }
    out.append('\n');
    for (int r = 1; r < cells.size(); r++) appendRow(out, cells.get(r), width, numeric);
    return out.toString();
  }

  private static void appendRow(StringBuilder out, List<String> row, int[] width, boolean[] rightAligned) {
    out.append('|');
    for (int c = 0; c < row.size(); c++) {
      String v = row.get(c);
      String pad = " ".repeat(width[c] - v.length());
      out.append(' ').append(rightAligned[c] ? pad + v : v + pad).append(" |");
    }
    out.append('\n');
  }

  /** Escapes a cell: {@code |} would end it and a line break would end the row. */
  static String cell(Object value) {
    if (value == null) return "";
    return value.toString().replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
