package dev.loupe.lucene;

import dev.loupe.core.index.IndexSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * {@code loupe check}: whether an index is whole. Lucene's {@link CheckIndex} reads every file and verifies its
 * checksum and structure (postings, stored fields, doc values, vectors and their HNSW graphs); then Loupe's own
 * invariants: a spec in the commit, and a vector field with the spec's dimension and similarity in every
 * segment. Runs under the write lock, like CheckIndex itself, so a concurrent writer cannot delete files
 * mid-check; while another process indexes, the check says so and fails.
 */
public final class IndexCheck {
  private IndexCheck() {}

  /**
   * What the check found.
   *
   * @param problems one line each; empty when the index is healthy
   * @param documents live Lucene documents (items and their augmented views), -1 when unknown
   * @param segments segments of the last commit, -1 when unknown
   */
  public record Report(Path directory, List<String> problems, long documents, int segments) {
    public Report {
      problems = List.copyOf(problems);
    }

    public boolean healthy() {
      return problems.isEmpty();
    }
  }

  public static Report run(Path dir) throws IOException {
    IndexSpec spec;
    try {
      IndexProbe probe = IndexProbe.inspect(dir);
      if (probe.state() != IndexProbe.State.LOUPE) {
        throw new IndexUnavailableException(IndexUnavailableException.Reason.ABSENT, dir, "no Loupe index at " + dir);
      }
      spec = probe.spec();
    } catch (IndexUnavailableException e) {
      if (e.reason() != IndexUnavailableException.Reason.DAMAGED) throw e;
      return new Report(dir, List.of(e.getMessage()), -1, -1);
    }
    try (Directory directory = FSDirectory.open(dir); Lock lock = obtainLock(dir, directory)) {
      List<String> problems = new ArrayList<>();
      CheckIndex.Status status = luceneCheck(directory, lock, problems);
      if (!problems.isEmpty()) {
        return new Report(dir, List.of(IndexFailures.damagedMessage(dir, String.join("; ", problems))), -1,
            status == null ? -1 : status.numSegments);
      }
      long documents;
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        documents = reader.numDocs();
        problems.addAll(vectorFieldProblems(reader, spec));
      }
      problems.addAll(centringProblems(status.userData, spec));
      List<String> lines = problems.isEmpty() ? List.of()
          : List.of(IndexFailures.damagedMessage(dir, String.join("; ", problems)));
      return new Report(dir, lines, documents, status.numSegments);
    }
  }

  private static Lock obtainLock(Path dir, Directory directory) throws IOException {
    try {
      return directory.obtainLock(IndexWriter.WRITE_LOCK_NAME);
    } catch (LockObtainFailedException e) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.LOCKED, dir,
          "index " + dir + " is being written by another process; check it when that process has finished", e);
    }
  }

  /** Lucene's full check (checksums and structure); its findings go to {@code problems}, one per segment. */
  private static CheckIndex.Status luceneCheck(Directory directory, Lock lock, List<String> problems)
      throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (CheckIndex checker = new CheckIndex(directory, lock)) {
      checker.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_INTEGRITY_CHECKS);
      checker.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8), false);
      checker.setThreadCount(1);
      CheckIndex.Status status = checker.checkIndex();
      if (status.clean) return status;
      if (status.missingSegments) problems.add("cannot read its commit point " + status.segmentsFileName);
      for (CheckIndex.Status.SegmentInfoStatus segment : status.segmentInfos) {
        if (segment.error != null) {
          problems.add("segment " + segment.name + ": " + IndexProbe.oneLine(rootMessage(segment.error)));
        }
      }
      if (problems.isEmpty()) problems.add("Lucene's CheckIndex found problems: " + lastLines(log));
      return status;
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) c = c.getCause();
    return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
  }

  private static String lastLines(ByteArrayOutputStream log) {
    List<String> lines = log.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    return String.join(" ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).trim();
  }

  /** Every segment with documents has the spec's vector field, with its dimension and similarity. */
  private static List<String> vectorFieldProblems(DirectoryReader reader, IndexSpec spec) {
    String field = FieldNames.vector(spec.embedder());
    int dimension = spec.embedder().dimension();
    VectorSimilarityFunction similarity = VectorSimilarities.forEmbedder(spec.embedder());
    List<String> problems = new ArrayList<>();
    for (LeafReaderContext leaf : reader.leaves()) {
      if (leaf.reader().maxDoc() == 0) continue;
      FieldInfo info = leaf.reader().getFieldInfos().fieldInfo(field);
      if (info == null) {
        problems.add("a segment has no vector field " + field);
      } else if (info.getVectorDimension() != dimension || info.getVectorSimilarityFunction() != similarity) {
        problems.add("a segment stores " + info.getVectorDimension() + "-d " + info.getVectorSimilarityFunction()
            + " vectors where the spec says " + dimension + "-d " + similarity);
      }
    }
    return problems;
  }

  /**
   * Hook for the gallery-mean centring state kept in the commit user data (a running sum and count, written by
   * the store when {@code levers.center} is on): check here that it is present, parses, has the embedder's
   * dimension, and counts the live items. Nothing to check until that state is part of the commit.
   */
  static List<String> centringProblems(Map<String, String> userData, IndexSpec spec) {
    return List.of();
  }
}
