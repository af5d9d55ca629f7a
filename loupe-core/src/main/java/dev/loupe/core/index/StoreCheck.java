package dev.loupe.core.index;

import java.nio.file.Path;
import java.util.List;

/**
 * What verifying an index found ({@code loupe check}).
 *
 * @param location the index checked
 * @param problems one line each, naming what is damaged and what to do; empty when the index is healthy
 * @param summary what was checked, for a healthy index (e.g. "200 documents in 1 segment")
 */
public record StoreCheck(Path location, List<String> problems, String summary) {
  public StoreCheck {
    problems = List.copyOf(problems);
  }

  public boolean healthy() {
    return problems.isEmpty();
  }
}
