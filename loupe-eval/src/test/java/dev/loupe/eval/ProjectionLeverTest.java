package dev.loupe.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The projection levers as {@code loupe eval -c} writes them. */
class ProjectionLeverTest {
  @Test
  void projectAndClassesParse() {
    assertEquals(ProjectionLever.NONE, EvalConfig.parse("mobilenetv2-tf2-ptq/center").projection());
    assertEquals(new ProjectionLever(true, -1, ProjectionLever.Classes.ALL),
        EvalConfig.parse("mobilenetv2-tf2-ptq/project").projection());
    EvalConfig c = EvalConfig.parse("mobilenetv2-tf2-ptq/center/project=64/classes=unseen");
    assertEquals(new ProjectionLever(true, 64, ProjectionLever.Classes.UNSEEN), c.projection());
    assertTrue(c.levers().center());
    assertEquals(new ProjectionLever(false, -1, ProjectionLever.Classes.SEEN),
        EvalConfig.parse("mobilenetv2-tf2-ptq/classes=seen").projection());
    var e = assertThrows(IllegalArgumentException.class, () -> EvalConfig.parse("mobilenetv2-tf2-ptq/classes=some"));
    assertTrue(e.getMessage().contains("classes=seen|unseen"), e.getMessage());
  }
}
