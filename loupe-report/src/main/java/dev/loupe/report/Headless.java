package dev.loupe.report;

/** Makes Java2D render without a display (servers, CI, the CLI over ssh). */
final class Headless {
  private Headless() {}

  /**
   * Sets {@code java.awt.headless=true} unless the application chose a value. Must run before the first AWT class
   * asks for the graphics environment; the classes that render call it from their static initialisers.
   */
  static void ensure() {
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
  }
}
