package dev.loupe.server;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * An index the server answers for, by name: {@code ?index=NAME} picks it.
 *
 * @param name letters, digits, '.', '_' and '-' (it appears in URLs and metric labels)
 * @param path the index folder
 */
public record NamedIndex(String name, Path path) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public NamedIndex {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("an index name is 1-64 letters, digits, '.', '_' or '-', got: " + name);
    }
  }

  /** {@code NAME=PATH}, or a bare {@code PATH} named by its folder name. */
  public static NamedIndex parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq > 0) return new NamedIndex(spec.substring(0, eq), Path.of(spec.substring(eq + 1)));
    Path path = Path.of(spec);
    Path name = path.toAbsolutePath().normalize().getFileName();
    if (name == null) throw new IllegalArgumentException("cannot name the index at " + spec + "; give NAME=PATH");
    return new NamedIndex(name.toString(), path);
  }
}
