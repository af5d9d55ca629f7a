package dev.loupe.cli;

import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.index.ImportedVector;
import dev.loupe.engine.index.IndexSummary;
import dev.loupe.engine.index.VectorImporter;
import dev.loupe.parquet.EmbeddingReader;
import dev.loupe.parquet.EmbeddingRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code loupe index --from-parquet DIR}: loads the rows of {@code loupe spark-embed} into an index. A new index
 * is created for the rows' model (unless {@code --model} names one); the rows' model and model checksum must be
 * the index's. The files the Spark job skipped are named, one line each, and counted as skipped.
 */
final class ParquetImport {
  private ParquetImport() {}

  static IndexSummary run(Path rows, Path index, LoupeConfig config, Consumer<String> warn) throws IOException {
    String source = "--from-parquet " + rows;
    EmbeddingRow first = EmbeddingReader.firstRow(rows)
        .orElseThrow(() -> new IllegalArgumentException(source + ": no rows to load"));
    // A new index is made for the rows' model; an existing one keeps its own, and the importer compares.
    boolean exists = Loupe.exists(index, config);
    LoupeConfig forRows = config.model() == null && !exists ? config.withModel(first.model()) : config;
    List<EmbeddingReader.Skip> skipped = EmbeddingReader.readSkipped(rows);
    IllegalArgumentException refused = null;
    try (Loupe loupe = Loupe.openOrCreate(index, forRows)) {
      VectorImporter importer = new VectorImporter(source, loupe.store(), config.indexing().commitEvery());
      try {
        importer.checkModel(first.model(), first.modelSha256());
      } catch (IllegalArgumentException e) {
        if (exists) throw e;
        refused = e;
      }
      if (refused == null) {
        EmbeddingReader.readRows(rows, row ->
            importer.add(new ImportedVector(row.item(), row.model(), row.modelSha256(), row.vector())));
        for (EmbeddingReader.Skip skip : skipped) warn.accept("skipped " + skip.path() + ": " + skip.reason());
        return importer.finish(skipped.size());
      }
    }
    // This run made the index and it holds nothing: none is left behind for rows it refuses.
    Loupe.deleteIndex(index, forRows);
    throw refused;
  }
}
