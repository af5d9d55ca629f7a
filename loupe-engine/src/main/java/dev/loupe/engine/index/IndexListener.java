package dev.loupe.engine.index;

import dev.loupe.core.index.Item;
import dev.loupe.engine.catalog.CatalogEntry;

/** Hears what an indexing run does, for progress bars and logs. Called from worker threads. */
public interface IndexListener {
  /** What happened to one entry. */
  enum Outcome { INDEXED, UNCHANGED, SKIPPED }

  IndexListener NONE = new IndexListener() {};

  default void started(int total) {}

  /** One entry is done; {@code reason} says why when it was skipped, else null. */
  default void done(CatalogEntry entry, Outcome outcome, String reason) {}

  default void removed(Item item) {}

  default void finished(IndexSummary summary) {}
}
