package dev.loupe.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.core.dba.DatabaseAugmentation;
import dev.loupe.core.dba.Neighbour;
import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.core.query.Vectors;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecoder;
import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The augmented vector of one item, on real vectors, against the formula written out. */
class DatabaseAugmentationTest {
  @Test
  void weightedMeanOfTheItemAndItsTopNeighbours() throws Exception {
    Embedders factory = Embedders.load(new EmbedderSettings(List.of(SharedData.models()), SharedData.models(), 1));
    try (Embedder tf2 = factory.open("mobilenetv2-tf2-ptq", 1)) {
      List<Path> train = SharedData.filesUnder(SharedData.caltechTrain());
      float[] self = tf2.embed(ImageDecoder.decode(train.get(0), DecodeOptions.DEFAULTS).image());
      float[] a = tf2.embed(ImageDecoder.decode(train.get(1), DecodeOptions.DEFAULTS).image());
      float[] b = tf2.embed(ImageDecoder.decode(train.get(2), DecodeOptions.DEFAULTS).image());
      float[] c = tf2.embed(ImageDecoder.decode(train.get(3), DecodeOptions.DEFAULTS).image());
      float sa = Vectors.dot(self, a), sb = Vectors.dot(self, b);
      List<Neighbour> neighbours = List.of(new Neighbour("a", sa, a), new Neighbour("b", sb, b),
          new Neighbour("c", Vectors.dot(self, c), c));
      float[] expected = new float[self.length];
      double wa = Math.pow(sa, 3), wb = Math.pow(sb, 3);
      for (int i = 0; i < expected.length; i++) expected[i] = (float) (self[i] + wa * a[i] + wb * b[i]);
      Vectors.normalizeInPlace(expected);
      assertArrayEquals(expected, DatabaseAugmentation.augment(self, neighbours, 2, 3, true), 1e-5f,
          "the first two neighbours, weighed score^3, the item 1");
      // Not unit length: the weighted mean keeps the scale (alpha 0: a plain mean of the item and one neighbour).
      float[] mean = DatabaseAugmentation.augment(self, neighbours, 1, 0, false);
      for (int i = 0; i < mean.length; i += 97) assertEquals((self[i] + a[i]) / 2, mean[i], 1e-6f);
      assertArrayEquals(self, DatabaseAugmentation.augment(self, neighbours, 0, 3, true), 1e-6f, "no neighbours");
    }
  }
}
