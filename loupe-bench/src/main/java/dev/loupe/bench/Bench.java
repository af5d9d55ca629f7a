package dev.loupe.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs Loupe's benchmarks and prints Markdown tables (docs/benchmarks.md is made from this output).
 *
 * <pre>scripts/bench [--shared DIR] [--model NAME] [--vectors N] [--rounds N] [indexing] [search]</pre>
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of("..", "shared");
    String model = "mobilenetv2-tf2-ptq";
    int vectors = 100_000;
    int rounds = 2;
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--shared" -> shared = Path.of(args[++i]);
        case "--model" -> model = args[++i];
        case "--vectors" -> vectors = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "indexing", "search" -> parts.add(args[i]);
        default -> {
          System.err.println("usage: bench [--shared DIR] [--model NAME] [--vectors N] [--rounds N] [indexing] [search]");
          System.exit(2);
        }
      }
    }
    if (parts.isEmpty()) parts = List.of("indexing", "search");
    List<Path> modelDirs = List.of(shared.resolve("models"));
    System.out.printf("Machine: %d cores, Java %s, %s%n%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), System.getProperty("os.arch"));
    if (parts.contains("indexing")) {
      System.out.println(new IndexingBench(shared.resolve("data/caltech20"), model, modelDirs, rounds).run());
    }
    if (parts.contains("search")) {
      System.out.println(new SearchBench(shared, model, modelDirs, vectors).run());
    }
  }
}
