package dev.loupe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.image.RgbImage;
import dev.loupe.image.ImageDecoder;
import dev.loupe.testing.SharedData;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactSheetTest {

  // Real caltech20 photos: a portrait (200x300) and a landscape (393x165) one to check the letterboxing.
  static final Path PORTRAIT = SharedData.caltechTest().resolve("chair/image_0002.jpg");
  static final Path LANDSCAPE = SharedData.caltechTest().resolve("airplanes/image_0003.jpg");
  static final Path BONSAI = SharedData.caltechTest().resolve("bonsai/image_0001.jpg");
  static final Path BONSAI_2 = SharedData.caltechTest().resolve("bonsai/image_0004.jpg");
  static final Path MOTORBIKE = SharedData.caltechTest().resolve("Motorbikes/image_0001.jpg");
  static final Path MOTORBIKE_2 = SharedData.caltechTest().resolve("Motorbikes/image_0004.jpg");
  static final Path BUTTERFLY = SharedData.caltechTest().resolve("butterfly/image_0001.jpg");

  @TempDir static Path tmp;
  static Path unreadable;
  static Path png;
  static BufferedImage sheet;
  static SheetLayout layout;

  /**
   * Row 0: bonsai query; hits: relevant bonsai, irrelevant motorbike, unknown butterfly, an unreadable file,
   * the portrait chair. Row 1: airplane query; hits: landscape airplane (relevant) and four others.
   */
  static List<SheetRow> rows() {
    return List.of(
        new SheetRow(BONSAI, "bonsai", List.of(
            new SheetHit(BONSAI_2, 1, 0.912f, "bonsai", true),
            new SheetHit(MOTORBIKE, 2, 0.801f, "Motorbikes", false),
            new SheetHit(BUTTERFLY, 3, 0.777f, "butterfly", null),
            new SheetHit(unreadable, 4, 0.650f, "broken", false),
            new SheetHit(PORTRAIT, 5, 0.600f, "chair", false))),
        new SheetRow(LANDSCAPE, "airplanes", List.of(
            new SheetHit(LANDSCAPE, 1, 1.000f, "airplanes", true),
            new SheetHit(MOTORBIKE_2, 2, 0.700f, "Motorbikes", false),
            new SheetHit(MOTORBIKE, 3, 0.690f, null, null),
            new SheetHit(PORTRAIT, 4, 0.500f, "a very long caption that cannot possibly fit under a thumbnail", null),
            new SheetHit(BONSAI, 5, 0.400f, "bonsai", false))));
  }

  @BeforeAll
  static void writeSheet() throws Exception {
    unreadable = tmp.resolve("broken.jpg");
    Files.writeString(unreadable, "this is not a JPEG", StandardCharsets.US_ASCII);
    png = tmp.resolve("nested/dir/sheet.png"); // parents do not exist yet
    ContactSheet.write(rows(), png, SheetStyle.DEFAULT);
    sheet = ImageIO.read(png.toFile());
    layout = ContactSheet.layout(rows(), SheetStyle.DEFAULT);
  }

  @Test
  void sheetHasTheExpectedSize() {
    // Default style: frame 4, cell 168 wide, 168 + 3 + 2 * 20 = 211 high, padding 12, query gap 24.
    // Width: 12 + 168 + 24 + 5 * 168 + 4 * 12 + 12 = 1104. Height: 12 + 2 * (211 + 12) = 458.
    assertEquals(1104, sheet.getWidth());
    assertEquals(458, sheet.getHeight());
    assertEquals(2, layout.rows());
    assertEquals(5, layout.hitColumns());
    assertFalse(layout.footer());
  }

  @Test
  void framesAreColouredByRelevance() {
    assertFrame(0, 0, ContactSheet.QUERY);
    assertFrame(0, 1, ContactSheet.RELEVANT);
    assertFrame(0, 2, ContactSheet.IRRELEVANT);
    assertFrame(0, 3, ContactSheet.UNKNOWN);
    assertFrame(0, 4, ContactSheet.IRRELEVANT);
    assertFrame(1, 0, ContactSheet.QUERY);
    assertFrame(1, 1, ContactSheet.RELEVANT);
    assertFrame(1, 3, ContactSheet.UNKNOWN);
  }

  /** All four sides of the frame around cell (row, col) are the colour, and the background outside is white. */
  private static void assertFrame(int row, int col, Color colour) {
    int x0 = layout.cellX(col);
    int y0 = layout.cellY(row);
    int w = layout.cellWidth();
    int h = layout.framedHeight();
    int f = layout.frame();
    String where = "cell (" + row + ", " + col + ")";
    assertColour(colour, x0 + 1, y0 + h / 2, where + " left side");
    assertColour(colour, x0 + w - f + 1, y0 + h / 2, where + " right side");
    assertColour(colour, x0 + w / 2, y0 + 1, where + " top side");
    assertColour(colour, x0 + w / 2, y0 + h - 2, where + " bottom side");
    assertColour(Color.WHITE, x0 - 2, y0 + h / 2, where + " outside");
  }

  @Test
  void unreadableFileBecomesAGreyTile() {
    int bx = layout.boxX(4);
    int by = layout.boxY(0);
    assertColour(ContactSheet.UNREADABLE, bx + 2, by + 2, "unreadable tile corner");
    assertColour(ContactSheet.UNREADABLE, bx + 157, by + 157, "unreadable tile corner");
    // The word "unreadable" is written across the middle: some dark pixels there.
    int dark = 0;
    for (int y = by + 60; y < by + 100; y++) {
      for (int x = bx; x < bx + 160; x++) if (luma(sheet.getRGB(x, y)) < 80) dark++;
    }
    assertTrue(dark > 30, "text on the unreadable tile, dark pixels: " + dark);
  }

  @Test
  void portraitIsPillarboxedNotStretched() throws Exception {
    RgbImage src = ImageDecoder.decode(PORTRAIT).image();
    int[] fit = Thumbnails.fittedSize(src.width(), src.height(), 160);
    assertEquals(160, fit[1]);
    assertEquals(src.width() * 160.0 / src.height(), fit[0], 1.0, "aspect ratio kept");
    int bx = layout.boxX(5);
    int by = layout.boxY(0);
    int left = (160 - fit[0]) / 2;
    // Beside the picture, left and right, the whole box height is letterbox grey.
    for (int y = by; y < by + 160; y++) {
      for (int x = bx; x < bx + left; x++) assertColour(ContactSheet.LETTERBOX, x, y, "left band");
      for (int x = bx + left + fit[0]; x < bx + 160; x++) assertColour(ContactSheet.LETTERBOX, x, y, "right band");
    }
    assertPictureMatches(PORTRAIT, bx + left, by);
  }

  @Test
  void landscapeIsLetterboxedNotStretched() throws Exception {
    RgbImage src = ImageDecoder.decode(LANDSCAPE).image();
    int[] fit = Thumbnails.fittedSize(src.width(), src.height(), 160);
    assertEquals(160, fit[0]);
    assertEquals(src.height() * 160.0 / src.width(), fit[1], 1.0, "aspect ratio kept");
    int bx = layout.boxX(1);
    int by = layout.boxY(1);
    int top = (160 - fit[1]) / 2;
    for (int x = bx; x < bx + 160; x++) {
      for (int y = by; y < by + top; y++) assertColour(ContactSheet.LETTERBOX, x, y, "top band");
      for (int y = by + top + fit[1]; y < by + 160; y++) assertColour(ContactSheet.LETTERBOX, x, y, "bottom band");
    }
    assertPictureMatches(LANDSCAPE, bx, by + top);
  }

  /** The sheet holds exactly the fitted thumbnail at (x, y): the picture fills its fitted size, nothing stretched. */
  private static void assertPictureMatches(Path file, int x, int y) {
    BufferedImage thumb = Thumbnails.load(file, 160).image();
    for (int ty = 0; ty < thumb.getHeight(); ty++) {
      for (int tx = 0; tx < thumb.getWidth(); tx++) {
        assertEquals(thumb.getRGB(tx, ty) & 0xFFFFFF, sheet.getRGB(x + tx, y + ty) & 0xFFFFFF,
            "pixel (" + tx + ", " + ty + ") of " + file.getFileName());
      }
    }
  }

  @Test
  void labelsAreDrawnUnderTheCells() {
    // The two text lines under each drawn cell contain dark text pixels; the gap between rows does not.
    for (int row = 0; row < 2; row++) {
      for (int col = 0; col <= 5; col++) {
        int top = layout.cellY(row) + layout.framedHeight() + SheetLayout.TEXT_GAP;
        int ink = 0;
        for (int y = top; y < top + 2 * SheetStyle.DEFAULT.lineHeight(); y++) {
          for (int x = layout.cellX(col); x < layout.cellX(col) + layout.cellWidth(); x++) {
            if (luma(sheet.getRGB(x, y)) < 160) ink++;
          }
        }
        assertTrue(ink > 40, "text under cell (" + row + ", " + col + "), ink pixels: " + ink);
      }
    }
  }

  @Test
  void bigPhotosAreDecodedSubsampledAndFitted() throws Exception {
    Path big = tmp.resolve("big.png");
    BufferedImage img = new BufferedImage(4000, 1000, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 4000; x++) img.setRGB(x, 500, 0xFF0000);
    ImageIO.write(img, "png", big.toFile());
    Thumbnail t = Thumbnails.load(big, 160);
    assertTrue(t.readable());
    assertEquals(160, t.image().getWidth());
    assertEquals(40, t.image().getHeight());
  }

  @Test
  void fittedSizeKeepsAspectRatioAndNeverVanishes() {
    assertArrayEquals(new int[] {160, 160}, Thumbnails.fittedSize(20, 20, 160)); // small images are enlarged
    assertArrayEquals(new int[] {1, 160}, Thumbnails.fittedSize(1, 5000, 160));
    assertArrayEquals(new int[] {160, 1}, Thumbnails.fittedSize(5000, 1, 160));
    assertArrayEquals(new int[] {160, 120}, Thumbnails.fittedSize(4000, 3000, 160));
  }

  private static void assertArrayEquals(int[] expected, int[] actual) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
  }

  @Test
  void largeSheetsAreCappedWithAFooter() {
    List<SheetHit> hits = new ArrayList<>();
    for (int i = 1; i <= 30; i++) hits.add(SheetHit.unjudged(BONSAI, i, 0.5f, null));
    List<SheetRow> many = Collections.nCopies(70, new SheetRow(BONSAI, null, hits));
    SheetLayout capped = ContactSheet.layout(many, SheetStyle.DEFAULT);
    assertEquals(ContactSheet.MAX_ROWS, capped.rows());
    assertEquals(ContactSheet.MAX_HITS, capped.hitColumns());
    assertTrue(capped.footer());
    assertTrue((long) capped.width() * capped.height() <= ContactSheet.MAX_PIXELS);
    // With the largest boxes the pixel budget, not the row cap, limits the rows.
    SheetLayout big = ContactSheet.layout(many, SheetStyle.DEFAULT.withThumbnailSize(512));
    assertTrue(big.rows() < ContactSheet.MAX_ROWS && big.rows() >= 1, "rows: " + big.rows());
    assertTrue((long) big.width() * big.height() <= ContactSheet.MAX_PIXELS);
  }

  @Test
  void aRowWithoutHitsIsJustTheQuery() throws Exception {
    Path out = tmp.resolve("single.png");
    ContactSheet.write(List.of(new SheetRow(PORTRAIT, null, List.of())), out, SheetStyle.DEFAULT);
    BufferedImage img = ImageIO.read(out.toFile());
    assertEquals(12 + 168 + 12, img.getWidth());
    assertEquals(12 + 211 + 12, img.getHeight());
  }

  private static void assertColour(Color expected, int x, int y, String what) {
    int actual = sheet.getRGB(x, y) & 0xFFFFFF;
    assertEquals(Integer.toHexString(expected.getRGB() & 0xFFFFFF), Integer.toHexString(actual),
        what + " at (" + x + ", " + y + ")");
  }

  private static int luma(int rgb) {
    return (299 * ((rgb >> 16) & 0xFF) + 587 * ((rgb >> 8) & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
  }

  @Test
  void textIsTruncatedWithAnEllipsis() {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    var g = scratch.createGraphics();
    g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 13));
    var fm = g.getFontMetrics();
    String longText = "a very long caption that cannot possibly fit under a thumbnail";
    String fitted = Text.fit(fm, longText, 168);
    assertNotEquals(longText, fitted);
    assertTrue(fitted.endsWith(Text.ELLIPSIS) || fitted.endsWith("..."), fitted);
    assertTrue(fm.stringWidth(fitted) <= 168, fitted);
    assertEquals("short", Text.fit(fm, "short", 168));
    g.dispose();
  }
}
