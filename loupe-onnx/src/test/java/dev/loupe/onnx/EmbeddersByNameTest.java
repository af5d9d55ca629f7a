package dev.loupe.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderProvider;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.testing.SharedData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Embedders are found through the providers registered as services, not a hard-coded switch. */
class EmbeddersByNameTest {
  private static final EmbedderSettings SETTINGS =
      new EmbedderSettings(List.of(SharedData.models()), SharedData.models(), 1);

  @Test
  void bothProvidersAreFoundAsServices() {
    List<String> families = Embedders.load(SETTINGS).providers().stream().map(EmbedderProvider::family).toList();
    assertTrue(families.contains("onnx") && families.contains("pixels"), "providers on the class path: " + families);
  }

  @Test
  void modelsPixelsAndEnsemblesOpenByName() {
    Embedders embedders = Embedders.load(SETTINGS);
    try (Embedder model = embedders.open("mobilenetv2-tf2-ptq");
        Embedder pixels = embedders.open("pixels-8");
        Embedder pair = embedders.open("pixels-8+mobilenetv2-tf2-ptq*0.5")) {
      assertEquals(1280, model.dimension());
      assertEquals(192, pixels.dimension());
      assertEquals(1280 + 192, pair.dimension());
      assertEquals("pixels-8+mobilenetv2-tf2-ptq*0.5", pair.descriptor().name());
    }
  }

  @Test
  void anUnknownNameListsTheKnownOnesAndHowToAddAModel() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Embedders.load(SETTINGS).open("resnet-9000"));
    String m = e.getMessage();
    assertTrue(m.contains("unknown embedder 'resnet-9000'"), m);
    assertTrue(m.contains("mobilenetv2-tf2-ptq") && m.contains("squeezenet1.1") && m.contains("pixels-N"), m);
    assertTrue(m.contains("NAME.loupe.json") && m.contains("--models"), m);
  }

  @Test
  void withoutProvidersTheErrorSaysWhatToAdd() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Embedders(List.of(), SETTINGS).open("mobilenetv2-tf2-ptq"));
    assertTrue(e.getMessage().contains("no embedder provider is on the class path"), e.getMessage());
  }
}
