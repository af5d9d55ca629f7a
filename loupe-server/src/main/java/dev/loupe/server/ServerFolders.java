package dev.loupe.server;

import java.nio.file.Path;

/**
 * The server's own folders (uploads, thumbnails) must not overlap an index folder: a file the index did not write,
 * inside it, would make Loupe refuse to write the index (it never deletes what it did not write), and an index
 * inside the thumbnail cache could be evicted.
 */
final class ServerFolders {
  private ServerFolders() {}

  static void check(ServerOptions options) {
    for (NamedIndex index : options.indexes()) {
      Path idx = index.path().toAbsolutePath().normalize();
      for (Path own : new Path[] {options.uploads(), options.thumbnails()}) {
        Path o = own.toAbsolutePath().normalize();
        if (o.startsWith(idx) || idx.startsWith(o)) {
          throw new IllegalArgumentException("the server's folder " + own + " and index " + index.path()
              + " overlap; put the server's folders (--uploads, --thumbnails) outside every index");
        }
      }
    }
  }
}
