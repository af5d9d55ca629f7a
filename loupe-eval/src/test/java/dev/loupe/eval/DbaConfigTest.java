package dev.loupe.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The database-side augmentation and re-ranking levers of an evaluation configuration. */
class DbaConfigTest {
  @Test
  void dbaAndRerankParse() {
    EvalConfig c = EvalConfig.parse("mobilenetv2-tf2-ptq/center/dba=5/dba-alpha=1/qe=3/rerank=200");
    assertTrue(c.levers().center());
    assertEquals(5, c.levers().dbaTop());
    assertEquals(1.0, c.levers().dbaAlpha());
    assertEquals(3, c.query().qeTop());
    assertEquals(200, c.query().rerank());
    assertEquals(new dev.loupe.engine.rerank.KReciprocal(20, 6, 0.3), c.query().rerankMethod(), "the paper's values");
    EvalConfig tuned = EvalConfig.parse("m/rerank=100/rerank-k1=10/rerank-k2=3/rerank-lambda=0.6");
    assertEquals(new dev.loupe.engine.rerank.KReciprocal(10, 3, 0.6), tuned.query().rerankMethod());
    assertEquals(3.0, EvalConfig.parse("mobilenetv2-tf2-ptq/dba=2").levers().dbaAlpha(), "qe's alpha by default");
  }

  /** The stores apply DBA now (BaseItemStoreTestCase checks how); only its combination with views is refused. */
  @Test
  void aSpecAskingForDbaAndAugmentedViewsIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new dev.loupe.core.index.IndexSpec.Levers(false, 2).withDba(3, 1));
    assertTrue(e.getMessage().contains("cannot be combined"), e.getMessage());
  }

  @Test
  void badValuesNameTheConfiguration() {
    for (String bad : new String[] {"m/dba=-1", "m/dba=101", "m/dba-alpha=NaN", "m/rerank=1001", "m/dba=2/augment=2", "m/rerank-lambda=2", "m/rerank-k1=0"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvalConfig.parse(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }
}
