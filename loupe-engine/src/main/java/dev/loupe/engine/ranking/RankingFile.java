package dev.loupe.engine.ranking;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The learned ranking of an index, {@value #NAME} in its folder: a hidden name, so the store never counts it as a
 * user's file; written to a temporary file and moved over the old one (a reader sees one ranking or the other).
 */
public final class RankingFile {
  public static final String NAME = ".loupe-ranking.json";
  /** A ranking file is a few hundred bytes; anything this large is not one. */
  private static final long MAX_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private RankingFile() {}

  public static Path of(Path indexDir) {
    return indexDir.resolve(NAME);
  }

  public static Path write(Path indexDir, LearnedRanking ranking) throws IOException {
    Path target = of(indexDir);
    AtomicFiles.write(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(ranking), true);
    return target;
  }

  /** The index's learned ranking, if any; a damaged file fails with one line naming it. */
  public static Optional<LearnedRanking> read(Path indexDir) throws IOException {
    Path file = of(indexDir);
    try {
      if (Files.size(file) > MAX_BYTES) throw new IOException(file + ": not a learned ranking (larger than 1 MB)");
      return Optional.of(JSON.readValue(Files.readAllBytes(file), LearnedRanking.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (com.fasterxml.jackson.core.JacksonException | IllegalArgumentException e) {
      throw new IOException(file + ": damaged learned ranking (" + e.getMessage().lines().findFirst().orElse("")
          + "); run 'loupe learn-ranking' again or remove the file", e);
    }
  }
}
