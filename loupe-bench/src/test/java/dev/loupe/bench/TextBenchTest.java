package dev.loupe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The text table of scripts/bench, end to end on real data. */
class TextBenchTest {

  @Test
  void textPartTrainsAToweronFashionDevAndTimesBothTowers() {
    CommandLine cl = Bench.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute("--shared", SharedData.root().toString(), "--text-items", "30", "--text-queries", "3", "text");
    assertEquals(0, exit, err.toString());
    String table = out.toString();
    assertTrue(table.contains("| text tower"), table);
    assertTrue(table.contains("embed + search p50 ms"), table);
    // 30 products: train-text holds back round(0.2 × 30) = 6 of them.
    assertTrue(Pattern.compile("tfidf-ridge on mobilenetv2-tf2-ptq, fashion-dev titles +\\| 24 \\+ 6 ").matcher(table).find(),
        table);
    assertTrue(Pattern.compile("tfidf-contrastive \\(\\d+ epochs\\) on mobilenetv2-tf2-ptq").matcher(table).find(), table);
    assertTrue(Pattern.compile("minilm-ridge on mobilenetv2-tf2-ptq, fashion-dev titles +\\| 24 \\+ 6 +\\| 384 ").matcher(table).find(),
        table);
    assertTrue(Pattern.compile("minilm-contrastive \\(\\d+ epochs\\) on").matcher(table).find(), table);
    assertTrue(table.contains("clip-tiny-text (random-weights fixture, tiny: not CLIP ViT-B/32)"), table);
    assertTrue(!table.contains("| indexing") && !table.contains("HNSW recall@10"), "only the text table:\n" + table);
  }

  @Test
  void textBoundsAreUsageErrors() {
    CommandLine cl = Bench.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    assertEquals(2, cl.execute("--text-items", "10", "text"));
    assertEquals(2, cl.execute("--text-queries", "0", "text"));
    assertTrue(err.toString().contains("--text-items must be 0 (all) or at least 25, got: 10"), err.toString());
    assertTrue(err.toString().contains("--text-queries must be at least 1, got: 0"), err.toString());
  }
}
