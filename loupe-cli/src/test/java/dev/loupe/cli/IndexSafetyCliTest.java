package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.cli.CliTest.Run;
import dev.loupe.lucene.LuceneItemStore;
import dev.loupe.testing.SharedData;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's files are never deleted; a second writer, a damaged index and a lost commit point each fail with
 * one line and the right exit code; {@code loupe check} finds damage and {@code --rebuild} repairs it.
 */
class IndexSafetyCliTest {
  static final String MODELS = SharedData.models().toString();
  /** The raw-pixel embedder: real decoding, no model inference to wait for. */
  static final String MODEL = "pixels-16";

  static Path photos(Path dir, int n) throws Exception {
    Files.createDirectories(dir);
    for (Path f : SharedData.filesUnder(SharedData.caltechTest()).subList(0, n)) {
      Files.copy(f, dir.resolve(SharedData.labelOf(f) + "_" + f.getFileName()));
    }
    return dir;
  }

  static Run index(Path source, Path index, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("index", source.toString(), "--index", index.toString(),
        "--models", MODELS, "--model", MODEL));
    args.addAll(List.of(more));
    return CliTest.loupe(args.toArray(String[]::new));
  }

  static void assertOneLine(Run r, String expectedPart) {
    List<String> lines = r.err().lines().filter(l -> l.startsWith("loupe: error:")).toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).contains(expectedPart), r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void aPhotoAlbumNamedLikeIndexFilesIsRefusedAndKept(@TempDir Path tmp) throws Exception {
    Path album = Files.createDirectories(tmp.resolve("album"));
    Path first = SharedData.filesUnder(SharedData.caltechTest()).get(0);
    Files.copy(first, album.resolve("_dsc_0001.jpg"));
    Files.copy(SharedData.filesUnder(SharedData.caltechTest()).get(1), album.resolve("_dsc_0002.jpg"));
    Path notes = Files.createDirectories(tmp.resolve("notes"));
    Files.writeString(notes.resolve("_notes.txt"), "call the framer");
    Path other = photos(tmp.resolve("other"), 4);

    Run same = index(album, album);
    assertEquals(2, same.code(), same.err());
    assertOneLine(same, "is the folder being indexed");
    Run inside = index(album, album.resolve("idx"));
    assertEquals(2, inside.code(), inside.err());
    assertOneLine(inside, "is inside the folder being indexed");

    Run intoAlbum = index(other, album);
    assertEquals(1, intoAlbum.code(), intoAlbum.err());
    assertOneLine(intoAlbum, "holds other files");
    Run intoNotes = index(other, notes);
    assertEquals(1, intoNotes.code(), intoNotes.err());
    Run rebuildAlbum = index(other, album, "--rebuild");
    assertEquals(1, rebuildAlbum.code(), rebuildAlbum.err());
    assertOneLine(rebuildAlbum, "files Loupe did not write");

    assertEquals(List.of("_dsc_0001.jpg", "_dsc_0002.jpg"), names(album));
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(album.resolve("_dsc_0001.jpg")));
    assertEquals("call the framer", Files.readString(notes.resolve("_notes.txt")));
  }

  @Test
  void aSecondWriterFailsAtOnceWhileSearchesGoOn(@TempDir Path tmp) throws Exception {
    Path photos = photos(tmp.resolve("photos"), 8);
    Path index = tmp.resolve("idx");
    assertEquals(0, index(photos, index).code());
    try (LuceneItemStore writer = LuceneItemStore.open(index)) {
      writer.startWriting(); // as a running `loupe index` holds it
      Run second = index(photos, index);
      assertEquals(1, second.code(), second.err());
      assertOneLine(second, "index " + index + " is being written by another process");
      Run search = CliTest.loupe("search", "--index", index.toString(), "--models", MODELS, "-k", "3",
          SharedData.filesUnder(photos).get(0).toString());
      assertEquals(0, search.code(), search.err());
      assertTrue(search.out().lines().filter(l -> l.contains(photos.toString())).count() >= 3, search.out());
    }
  }

  @Test
  void checkFindsZeroedBytesAndRebuildRepairs(@TempDir Path tmp) throws Exception {
    Path photos = photos(tmp.resolve("photos"), 20);
    Path index = tmp.resolve("idx");
    assertEquals(0, index(photos, index).code());
    Run healthy = CliTest.loupe("check", "--index", index.toString());
    assertEquals(0, healthy.code(), healthy.err());
    assertTrue(healthy.out().startsWith("ok: " + index + " (20 documents in "), healthy.out());

    Path largest;
    try (Stream<Path> files = Files.list(index)) {
      largest = files.filter(p -> p.getFileName().toString().startsWith("_"))
          .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
    try (FileChannel channel = FileChannel.open(largest, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(16), Files.size(largest) / 2);
    }
    Run damaged = CliTest.loupe("check", "--index", index.toString());
    assertEquals(1, damaged.code(), damaged.err());
    assertOneLine(damaged, "index " + index + " is damaged (");
    assertTrue(damaged.err().contains("--rebuild"), damaged.err());

    Run append = index(photos, index);
    assertEquals(1, append.code(), append.err());
    assertOneLine(append, "is damaged");

    Run rebuilt = index(photos, index, "--rebuild");
    assertEquals(0, rebuilt.code(), rebuilt.err());
    assertTrue(rebuilt.out().startsWith("indexed 20, unchanged 0"), rebuilt.out());
    assertEquals(0, CliTest.loupe("check", "--index", index.toString()).code());
  }

  @Test
  void aLostCommitPointIsNotASilentFreshStart(@TempDir Path tmp) throws Exception {
    Path photos = photos(tmp.resolve("photos"), 8);
    Path index = tmp.resolve("idx");
    assertEquals(0, index(photos, index).code());
    for (String name : names(index)) if (name.startsWith("segments_")) Files.delete(index.resolve(name));
    List<String> left = names(index);
    Run r = index(photos, index);
    assertEquals(1, r.code(), r.err());
    assertOneLine(r, "no commit point");
    assertEquals(left, names(index));
    Run check = CliTest.loupe("check", "--index", index.toString());
    assertEquals(1, check.code(), check.err());
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
