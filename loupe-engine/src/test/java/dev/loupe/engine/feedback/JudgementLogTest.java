package dev.loupe.engine.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.engine.Loupe;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The judgement log of a real index: appends, reopening, a torn last line, the bound. */
class JudgementLogTest {
  @TempDir static Path tmp;
  static Path index;
  static final Path QUERY = SharedData.caltechTest().resolve("bonsai/image_0001.jpg");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

  @BeforeAll
  static void build() throws Exception {
    index = CaltechIndex.build(tmp.resolve("idx"));
  }

  /** A fresh log in the index folder for each test: they must not see each other's judgements. */
  private static void clear() throws Exception {
    Files.deleteIfExists(index.resolve(JudgementLog.NAME));
  }

  @Test
  void judgementsAreAppendedAndSurviveReopen() throws Exception {
    clear();
    float[] vector;
    try (Loupe loupe = Loupe.open(index, CaltechIndex.config())) {
      var recorder = new FeedbackRecorder(loupe, "cli", CLOCK);
      var appended = recorder.image(Files.readAllBytes(QUERY), QUERY.toString(), List.of("bonsai/image_0002.jpg"),
          List.of("lotus/image_0002.jpg"));
      assertEquals(new JudgementLog.Appended(2, 0, 0), appended);
      recorder.item("ewer/image_0002.jpg", List.of("ewer/image_0005.jpg"), List.of());
      vector = loupe.embed(loupe.decode(QUERY));
    }
    try (Loupe loupe = Loupe.open(index, CaltechIndex.config())) {
      List<String> warnings = new ArrayList<>();
      List<Judgement> read = loupe.judgements().read(warnings::add);
      assertEquals(List.of(), warnings);
      assertEquals(3, read.size());
      Judgement first = read.get(0);
      assertEquals(QueryKey.ofImage(Files.readAllBytes(QUERY)), first.query());
      assertEquals("bonsai/image_0002.jpg", first.item());
      assertTrue(first.good());
      assertEquals("cli", first.source());
      assertEquals(CLOCK.instant(), first.time());
      assertArrayEquals(vector, first.vector(), "the query's own vector, bit for bit");
      assertEquals(CaltechIndex.MODEL, first.embedder());
      assertEquals("lotus/image_0002.jpg", read.get(1).item());
      assertTrue(!read.get(1).good());
      assertEquals("id:ewer/image_0002.jpg", read.get(2).query());
      assertArrayEquals(loupe.store().vector("ewer/image_0002.jpg").orElseThrow(), read.get(2).vector());
    }
  }

  @Test
  void aTornLastLineIsSkippedAndNeverJoinsTheNextRecord() throws Exception {
    clear();
    try (Loupe loupe = Loupe.open(index, CaltechIndex.config())) {
      var recorder = new FeedbackRecorder(loupe, "cli", CLOCK);
      recorder.item("ewer/image_0002.jpg", List.of("ewer/image_0005.jpg"), List.of("watch/image_0003.jpg"));
      Path file = loupe.judgements().file();
      String whole = Files.readAllLines(file).get(0);
      // A process killed in the middle of writing its line.
      Files.writeString(file, whole.substring(0, whole.length() / 2), StandardOpenOption.APPEND);
      List<String> warnings = new ArrayList<>();
      assertEquals(2, loupe.judgements().read(warnings::add).size());
      assertEquals(1, warnings.size());
      assertTrue(warnings.get(0).contains("torn last line 3"), warnings.get(0));
      // The next append (another process's log object: no cached state) ends the torn line first.
      new JudgementLog(file, JudgementLog.MAX_RECORDS).append(
          Judgement.of("id:ewer/image_0002.jpg", loupe.store().vector("ewer/image_0002.jpg").orElseThrow(),
              CaltechIndex.MODEL, List.of("ewer/image_0004.jpg"), List.of(), "cli", CLOCK.instant()));
      warnings.clear();
      List<Judgement> read = loupe.judgements().read(warnings::add);
      assertEquals(List.of("ewer/image_0005.jpg", "watch/image_0003.jpg", "ewer/image_0004.jpg"),
          read.stream().map(Judgement::item).toList());
      assertEquals(1, warnings.size());
      assertTrue(warnings.get(0).contains("damaged line 3"), warnings.get(0));
    }
  }

  @Test
  void aFullLogRecordsNoMoreAndSaysHowManyItRefused() throws Exception {
    clear();
    try (Loupe loupe = Loupe.open(index, CaltechIndex.config())) {
      JudgementLog small = new JudgementLog(loupe.judgements().file(), 3);
      float[] v = loupe.store().vector("ewer/image_0002.jpg").orElseThrow();
      assertEquals(new JudgementLog.Appended(2, 0, 0),
          small.append(Judgement.of("id:ewer/image_0002.jpg", v, CaltechIndex.MODEL, List.of("a", "b"), List.of(), "cli", CLOCK.instant())));
      JudgementLog.Appended second =
          small.append(Judgement.of("id:ewer/image_0002.jpg", v, CaltechIndex.MODEL, List.of("c"), List.of("d"), "cli", CLOCK.instant()));
      assertEquals(new JudgementLog.Appended(1, 0, 1), second);
      assertEquals(List.of("a", "b", "c"), small.read(w -> {}).stream().map(Judgement::item).toList());
      assertTrue(FeedbackRecorder.refusedNote(small, second).contains("is full (3 records): 1 judgements not recorded"));
    }
  }

  @Test
  void theSameFeedbackAgainIsNotRecordedTwiceButAChangeOfMindIs() throws Exception {
    clear();
    try (Loupe loupe = Loupe.open(index, CaltechIndex.config())) {
      var recorder = new FeedbackRecorder(loupe, "server", CLOCK);
      List<String> liked = List.of("ewer/image_0005.jpg");
      List<String> unliked = List.of("watch/image_0003.jpg");
      assertEquals(new JudgementLog.Appended(2, 0, 0), recorder.item("ewer/image_0002.jpg", liked, unliked));
      // A web page searching again with the same lists, or the same command run twice.
      assertEquals(new JudgementLog.Appended(0, 2, 0), recorder.item("ewer/image_0002.jpg", liked, unliked));
      // Another process's log object learns what the file already says.
      JudgementLog other = new JudgementLog(loupe.judgements().file(), JudgementLog.MAX_RECORDS);
      float[] v = loupe.store().vector("ewer/image_0002.jpg").orElseThrow();
      assertEquals(new JudgementLog.Appended(1, 1, 0), other.append(Judgement.of("id:ewer/image_0002.jpg", v,
          CaltechIndex.MODEL, List.of("ewer/image_0005.jpg", "watch/image_0003.jpg"), List.of(), "cli", CLOCK.instant())));
      List<Judgement> read = loupe.judgements().read(w -> {});
      assertEquals(3, read.size());
      assertTrue(read.get(2).good(), "the change of mind about watch/image_0003.jpg is the latest record");
      // The same verdict made with another model's vector (an index rebuilt with --model) is news to that model.
      assertEquals(new JudgementLog.Appended(1, 0, 0), other.append(Judgement.of("id:ewer/image_0002.jpg", v,
          "another-model", List.of("ewer/image_0005.jpg"), List.of(), "cli", CLOCK.instant())));
    }
  }

  @Test
  void feedbackOnAnItemNotInTheIndexIsRefused() throws Exception {
    clear();
    try (Loupe loupe = Loupe.open(index, CaltechIndex.config())) {
      var e = assertThrows(IllegalArgumentException.class, () -> new FeedbackRecorder(loupe, "cli", CLOCK)
          .item("ewer/image_0002.jpg", List.of("no/such.jpg"), List.of()));
      assertEquals("no item with id 'no/such.jpg' in the index", e.getMessage());
      assertTrue(Files.notExists(loupe.judgements().file()));
    }
  }
}
