package dev.loupe.report;

/**
 * Sizes on a {@link ContactSheet}, in pixels.
 *
 * @param thumbnailSize side of the square box every thumbnail is fitted into (aspect ratio kept), 32..512
 * @param padding space between cells and around the sheet, 0..100
 * @param fontSize size of the label and caption text, 8..48
 */
public record SheetStyle(int thumbnailSize, int padding, int fontSize) {

  /** 160 px boxes, 12 px padding, 13 px text: a row of 1 + 10 thumbnails is about 2000 px wide. */
  public static final SheetStyle DEFAULT = new SheetStyle(160, 12, 13);

  public SheetStyle {
    check("thumbnailSize", thumbnailSize, 32, 512);
    check("padding", padding, 0, 100);
    check("fontSize", fontSize, 8, 48);
  }

  public SheetStyle withThumbnailSize(int value) {
    return new SheetStyle(value, padding, fontSize);
  }

  public SheetStyle withPadding(int value) {
    return new SheetStyle(thumbnailSize, value, fontSize);
  }

  public SheetStyle withFontSize(int value) {
    return new SheetStyle(thumbnailSize, padding, value);
  }

  /** Width of the coloured frame around each box: thick enough to read the colour at a glance. */
  public int frameWidth() {
    return Math.max(3, thumbnailSize / 40);
  }

  /**
   * Height of one text line. Fixed from the font size rather than measured, so that the sheet's pixel size does
   * not depend on which fonts the machine has.
   */
  public int lineHeight() {
    return Math.round(fontSize * 1.5f);
  }

  private static void check(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got: " + value);
    }
  }
}
