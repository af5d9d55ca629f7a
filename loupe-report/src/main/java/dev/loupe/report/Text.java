package dev.loupe.report;

import java.awt.FontMetrics;

/** Text fitting for fixed-width cells. */
final class Text {
  private Text() {}

  static final String ELLIPSIS = "\u2026";

  /**
   * {@code text} if it fits in {@code maxWidth} pixels, else its longest prefix that fits followed by an ellipsis
   * (a single "…" or "..." in fonts without that glyph). Never wider than {@code maxWidth} unless even the ellipsis
   * alone is wider.
   */
  static String fit(FontMetrics fm, String text, int maxWidth) {
    if (text == null) return "";
    if (fm.stringWidth(text) <= maxWidth) return text;
    String ellipsis = fm.getFont().canDisplayUpTo(ELLIPSIS) == -1 ? ELLIPSIS : "...";
    // Binary search on the prefix length: string widths grow with length (kerning aside, close enough).
    int lo = 0;
    int hi = text.length();
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (fm.stringWidth(prefix(text, mid) + ellipsis) <= maxWidth) lo = mid;
      else hi = mid - 1;
    }
    return prefix(text, lo).stripTrailing() + ellipsis;
  }

  // Never split a surrogate pair.
  private static String prefix(String text, int length) {
    if (length > 0 && length < text.length() && Character.isHighSurrogate(text.charAt(length - 1))) length--;
    return text.substring(0, length);
  }

  /** Baseline that centres a line of this font vertically in a band of {@code height} starting at {@code top}. */
  static int baseline(FontMetrics fm, int top, int height) {
    return top + (height - (fm.getAscent() + fm.getDescent())) / 2 + fm.getAscent();
  }
}
