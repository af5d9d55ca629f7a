package dev.loupe.server;

import dev.loupe.engine.LoupeConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The indexes a server answers for, by name; {@code ?index=} picks one, the first is the default. */
final class Indexes implements AutoCloseable {
  private final Map<String, ServedIndex> byName;
  private final ServedIndex first;

  private Indexes(Map<String, ServedIndex> byName) {
    this.byName = byName;
    this.first = byName.values().iterator().next();
  }

  /** Opens every index (read side only); fails, closing those opened, if one cannot be opened. */
  static Indexes open(List<NamedIndex> indexes, LoupeConfig config) throws IOException {
    Map<String, ServedIndex> opened = new LinkedHashMap<>();
    try {
      for (NamedIndex n : indexes) opened.put(n.name(), ServedIndex.open(n, config));
      return new Indexes(opened);
    } catch (IOException | RuntimeException e) {
      for (ServedIndex s : opened.values()) {
        try {
          s.close();
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** The index named {@code name}, or the first when null; an unknown name is a 404 naming the known ones. */
  ServedIndex get(String name) {
    if (name == null || name.isEmpty()) return first;
    ServedIndex s = byName.get(name);
    if (s == null) throw ApiError.of(404, "no index named '" + name + "'; known: " + String.join(", ", byName.keySet()));
    return s;
  }

  List<ServedIndex> all() {
    return new ArrayList<>(byName.values());
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (ServedIndex s : byName.values()) {
      try {
        s.close();
      } catch (IOException e) {
        if (failure == null) failure = e; else failure.addSuppressed(e);
      }
    }
    if (failure != null) throw failure;
  }
}
