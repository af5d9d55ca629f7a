package dev.loupe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTest {

  @Test
  void tableIsPaddedAndNumbersAlignRight() {
    String t = Markdown.table(List.of("config", "mAP"),
        List.of(List.of("clip | centred", "0.812"), List.of("pixel", "0.12")));
    assertEquals("""
        | config          |   mAP |
        | --------------- | ----: |
        | clip \\| centred | 0.812 |
        | pixel           |  0.12 |
        """, t);
  }

  @Test
  void cellsStayOnOneLineAndNullsAreEmpty() {
    java.util.List<Object> row = new java.util.ArrayList<>();
    row.add("two\nlines");
    row.add(null);
    String t = Markdown.table(List.of("a", "b"), List.of(row));
    assertEquals("| a         | b   |\n| --------- | --- |\n| two lines |     |\n", t);
  }

  @Test
  void everyKindOfLineBreakAndBackslashIsEscaped() {
    // CR, LF and CRLF all end a Markdown row; a trailing backslash would escape the closing pipe.
    String t = Markdown.table(List.of("x"), List.of(List.of("a\r\nb\rc|d\\")));
    assertEquals("| x          |\n| ---------- |\n| a b c\\|d\\\\ |\n", t);
  }

  @Test
  void raggedRowsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Markdown.table(List.of("a", "b"), List.of(List.of("x"))));
  }
}
