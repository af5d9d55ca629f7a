package dev.loupe.report;

/**
 * Where everything goes on a contact sheet. Pure arithmetic on the style and the counts, so the sheet's size is
 * known before anything is decoded, and tests can find the frames.
 *
 * <p>A cell is a square box ({@link SheetStyle#thumbnailSize()}) inside a coloured frame, with two text lines
 * under it. Column 0 is the query; a wider gap with a divider separates it from the hit columns.
 *
 * @param rows rows drawn
 * @param hitColumns hit columns drawn (the most hits in any drawn row)
 * @param footer whether a footer line says that rows or hits were left out
 */
record SheetLayout(SheetStyle style, int rows, int hitColumns, boolean footer) {

  static final int TEXT_GAP = 3;

  int frame() {
    return style.frameWidth();
  }

  int cellWidth() {
    return style.thumbnailSize() + 2 * frame();
  }

  int framedHeight() {
    return style.thumbnailSize() + 2 * frame();
  }

  int cellHeight() {
    return framedHeight() + TEXT_GAP + 2 * style.lineHeight();
  }

  /** Space between the query column and the first hit: at least 16 px so the divider stands apart. */
  int queryGap() {
    return Math.max(16, 2 * style.padding());
  }

  /** Left edge of the frame of column {@code col} (0 = query). */
  int cellX(int col) {
    if (col == 0) return style.padding();
    return style.padding() + cellWidth() + queryGap() + (col - 1) * (cellWidth() + style.padding());
  }

  /** Top edge of the frame of row {@code row}. */
  int cellY(int row) {
    return style.padding() + row * (cellHeight() + style.padding());
  }

  /** Left edge of the image box (inside the frame) of column {@code col}. */
  int boxX(int col) {
    return cellX(col) + frame();
  }

  /** Top edge of the image box (inside the frame) of row {@code row}. */
  int boxY(int row) {
    return cellY(row) + frame();
  }

  /** x of the divider between the query column and the hits. */
  int dividerX() {
    return style.padding() + cellWidth() + queryGap() / 2;
  }

  int width() {
    int lastColumn = hitColumns;
    return cellX(lastColumn) + cellWidth() + style.padding();
  }

  int height() {
    int h = cellY(rows);
    return footer ? h + style.lineHeight() + style.padding() : h;
  }

  /** Top of the footer line. */
  int footerY() {
    return cellY(rows);
  }
}
