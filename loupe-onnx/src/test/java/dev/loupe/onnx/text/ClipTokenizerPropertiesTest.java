package dev.loupe.onnx.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/**
 * Any text at all (any code points, controls, lone surrogates, emoji, CJK) tokenises without failing into the
 * shape the text tower needs: exactly contextLength ids, start first, end last of the real tokens, padding after.
 */
class ClipTokenizerPropertiesTest {
  static final ClipTokenizer CLIP = ClipTokenizerTest.CLIP;

  @Property(tries = 300, seed = "8")
  void everyTextHasTheModelsShape(@ForAll @StringLength(max = 400) String text) {
    ClipTokenizer.Tokens t = CLIP.encode(text);
    assertEquals(77, t.ids().length);
    assertTrue(t.length() >= 2 && t.length() <= 77, "length " + t.length());
    assertEquals(49406, t.ids()[0]);
    assertEquals(49407, t.ids()[t.length() - 1]);
    for (int i = 1; i < t.length() - 1; i++) assertTrue(t.ids()[i] >= 0 && t.ids()[i] < 49406, "id at " + i);
    for (int i = t.length(); i < 77; i++) assertEquals(CLIP.padId(), t.ids()[i]);
    if (t.truncated()) assertEquals(77, t.length(), "a cut text fills the context");
  }
}
