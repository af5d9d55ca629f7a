package dev.loupe.engine.embed;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EnsembleEmbedder;
import dev.loupe.image.pixel.PixelEmbedder;
import dev.loupe.onnx.ModelCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens embedders by name:
 *
 * <ul>
 *   <li>{@code pixels} or {@code pixels-N}: the raw-pixel baseline at N x N (default 16);
 *   <li>{@code a+b} or {@code a*0.7+b*0.3}: an {@link EnsembleEmbedder} of the named members and weights;
 *   <li>the name of an ensemble declared in a {@code NAME.ensemble.json} spec of a model directory;
 *   <li>anything else: a model of the catalogue.
 * </ul>
 */
public final class Embedders {
  private static final Pattern PIXELS = Pattern.compile("pixels(?:-(\\d+))?");
  private static final Pattern MEMBER = Pattern.compile("([^*+]+)(?:\\*([0-9]*\\.?[0-9]+))?");
  private final ModelCatalog catalog;

  public Embedders(ModelCatalog catalog) {
    this.catalog = catalog;
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  /**
   * @param name embedder name
   * @param intraOpThreads ONNX Runtime threads per model call
   */
  public Embedder open(String name, int intraOpThreads) {
    if (name.contains("+") || name.contains("*")) return openEnsemble(name, intraOpThreads);
    var declared = catalog.ensemble(name);
    if (declared.isPresent()) {
      List<EnsembleEmbedder.Member> members = new ArrayList<>();
      try {
        for (var m : declared.get().members()) {
          members.add(new EnsembleEmbedder.Member(open(m.model(), intraOpThreads), m.weight()));
        }
        return new EnsembleEmbedder(name, members);
      } catch (RuntimeException e) {
        members.forEach(member -> member.embedder().close());
        throw e;
      }
    }
    Matcher m = PIXELS.matcher(name);
    if (m.matches()) {
      return new PixelEmbedder(m.group(1) == null ? PixelEmbedder.DEFAULT_SIZE : Integer.parseInt(m.group(1)));
    }
    return catalog.open(name, intraOpThreads);
  }

  private Embedder openEnsemble(String name, int intraOpThreads) {
    List<EnsembleEmbedder.Member> members = new ArrayList<>();
    try {
      for (String part : name.split("\\+")) {
        Matcher m = MEMBER.matcher(part.trim());
        if (!m.matches()) {
          throw new IllegalArgumentException("bad ensemble member '" + part + "' in '" + name
              + "'; write NAME or NAME*WEIGHT, joined with '+'");
        }
        double weight = m.group(2) == null ? 1.0 : Double.parseDouble(m.group(2));
        members.add(new EnsembleEmbedder.Member(open(m.group(1), intraOpThreads), weight));
      }
      return new EnsembleEmbedder(members);
    } catch (RuntimeException e) {
      members.forEach(member -> member.embedder().close());
      throw e;
    }
  }
}
