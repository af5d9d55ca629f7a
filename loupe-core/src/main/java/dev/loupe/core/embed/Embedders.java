package dev.loupe.core.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens embedders by name. {@code a+b} or {@code a*0.7+b*0.3} is an {@link EnsembleEmbedder} of the named members
 * and weights; any other name goes to the {@link EmbedderProvider}s found on the class path, in order, and the
 * first that knows the name opens it. An unknown name fails with every known name and how to add a model.
 */
public final class Embedders {
  private static final Pattern MEMBER = Pattern.compile("([^*+]+)(?:\\*([0-9]*\\.?[0-9]+))?");

  private final List<EmbedderProvider> providers;
  private final EmbedderSettings settings;

  public Embedders(List<EmbedderProvider> providers, EmbedderSettings settings) {
    this.providers = List.copyOf(providers);
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The providers on the class path (each module that brings embedders registers one). */
  public static Embedders load(EmbedderSettings settings) {
    List<EmbedderProvider> found = new ArrayList<>();
    ServiceLoader.load(EmbedderProvider.class, Embedders.class.getClassLoader()).forEach(found::add);
    return new Embedders(found, settings);
  }

  public EmbedderSettings settings() {
    return settings;
  }

  public List<EmbedderProvider> providers() {
    return providers;
  }

  /** Every name the providers answer to, in provider order. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (EmbedderProvider p : providers) names.addAll(p.names(settings));
    return names;
  }

  /** Opens the named embedder with the settings' intra-op threads. */
  public Embedder open(String name) {
    Objects.requireNonNull(name, "name");
    if (name.contains("+") || name.contains("*")) return openEnsemble(name);
    for (EmbedderProvider p : providers) {
      Optional<Embedder> embedder = p.open(name, settings, this);
      if (embedder.isPresent()) return embedder.get();
    }
    throw new IllegalArgumentException(unknown(name));
  }

  /** Opens the named embedder with {@code intraOpThreads} threads per model call. */
  public Embedder open(String name, int intraOpThreads) {
    return new Embedders(providers, settings.withIntraOpThreads(intraOpThreads)).open(name);
  }

  private String unknown(String name) {
    if (providers.isEmpty()) {
      return "unknown embedder '" + name + "': no embedder provider is on the class path; add loupe-onnx or"
          + " loupe-image (they register dev.loupe.core.embed.EmbedderProvider services)";
    }
    List<String> families = providers.stream().map(EmbedderProvider::family).toList();
    return "unknown embedder '" + name + "'; known: " + String.join(", ", names()) + ", or an ensemble a+b"
        + " (providers: " + String.join(", ", families) + "). To add a model, put its .onnx file and a"
        + " NAME.loupe.json spec in a model directory (--models DIR, LOUPE_MODELS, or " + settings.modelCache()
        + "); see docs/models.md";
  }

  private Embedder openEnsemble(String name) {
    List<EnsembleEmbedder.Member> members = new ArrayList<>();
    try {
      for (String part : name.split("\\+")) {
        Matcher m = MEMBER.matcher(part.trim());
        if (!m.matches()) {
          throw new IllegalArgumentException("bad ensemble member '" + part + "' in '" + name
              + "'; write NAME or NAME*WEIGHT, joined with '+'");
        }
        double weight = m.group(2) == null ? 1.0 : Double.parseDouble(m.group(2));
        members.add(new EnsembleEmbedder.Member(open(m.group(1).trim()), weight));
      }
      return new EnsembleEmbedder(members);
    } catch (RuntimeException e) {
      members.forEach(member -> member.embedder().close());
      throw e;
    }
  }

  /** Opens a named ensemble of {@code (member name, weight)} pairs; closes what it opened when one fails. */
  public Embedder openEnsemble(String name, List<java.util.Map.Entry<String, Double>> memberWeights) {
    List<EnsembleEmbedder.Member> members = new ArrayList<>();
    try {
      for (var m : memberWeights) members.add(new EnsembleEmbedder.Member(open(m.getKey()), m.getValue()));
      return new EnsembleEmbedder(name, members);
    } catch (RuntimeException e) {
      members.forEach(member -> member.embedder().close());
      throw e;
    }
  }
}
