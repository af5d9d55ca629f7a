package dev.loupe.lucene;

import dev.loupe.core.dba.GalleryAugmentation;
import dev.loupe.core.dba.NeighbourList;
import dev.loupe.core.index.GalleryMean;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemChecks;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.MeanLedger;
import dev.loupe.core.index.VectorChecks;
import dev.loupe.core.query.Centering;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.query.Vectors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.IOUtils;

/**
 * An {@link ItemStore} in a Lucene index directory: one block of documents per item (one per view: the item's
 * own vector, then any extra augmented views, see {@link Views}), one HNSW vector field per embedder, and the
 * {@link IndexSpec} in the commit user data, so documents and the spec that describes them are committed
 * together.
 *
 * <p><b>Reads</b> (size, get, vector, forEach, forEachVector, search) see the last commit, through a {@link
 * SearcherManager} refreshed by {@link #commit} (and {@link #refresh}, for commits by other processes). They are
 * thread-safe.
 *
 * <p><b>Reads</b> ({@link #search}, and size, get, vector, forEach, forEachVector) first pick up newer commits (a
 * cheap, non-blocking {@link SearcherManager#maybeRefresh}, at most every half second), so a long-lived store — a
 * server — sees what other processes commit, whatever it is asked.
 *
 * <p><b>Writes</b> go through one {@link IndexWriter}, opened on the first write: opening a store only to
 * search takes no lock, so {@code loupe search} works while another process indexes. The write lock is a
 * native OS lock, released by the OS when a process dies; a {@code write.lock} file left behind is harmless.
 * A second writer fails at once ({@link IndexUnavailableException.Reason#LOCKED}). Opening the writer verifies
 * every file's checksum first: appending to a damaged index would spread the damage into merged segments.
 * Puts go on while a commit syncs files to disk. A failed write names the index and its first cause (the
 * writer's tragic exception, e.g. No space left on device); damage says how to restore or rebuild.
 *
 * <p><b>Safety of the user's files</b>: an index is created only in a missing or empty directory, and a
 * writer is opened only where no file named like an index file was written by someone else (Lucene deletes
 * unreferenced files by their name; see {@link IndexFiles}).
 *
 * <p><b>close()</b> commits pending writes (like {@code IndexWriter.close()} by default): every put is a
 * complete item, so any prefix of the writes is a valid index state. Callers that want all-or-nothing batches
 * call {@link #commit} at batch ends and must not rely on close for it.
 *
 * <p><b>Search</b> uses the HNSW graph when the request is not exact and the field's similarity ranks like the
 * metric (see {@link #servesApproximately}); otherwise it scans every live vector. Either way each hit's
 * distance is computed exactly from its stored vector, and ties are broken by id. Hits are per item, never the
 * same item twice: an item scores as its closest view. With a {@link Centering} in the request, query and stored
 * vectors are compared centred (an index with the centre lever uses the {@link GalleryMean} of its last
 * commit, read from the commit's user data, unless the request brings its own centring); the graph (built on the
 * raw vectors, which are never rewritten as the mean moves) is searched with the raw query and only proposes a
 * wider pool of candidates, re-ranked exactly in the centred space (see {@link GraphSearch#centredCandidates}).
 *
 * <p><b>Centring</b>: an index with the centre lever commits its {@link GalleryMean} in each commit's user data,
 * atomically with the documents it sums. Its puts, deletes and commits are serialised on the write lock (the
 * mean must sum exactly what a commit contains), which costs some indexing parallelism on centred indexes only.
 */
public final class LuceneItemStore implements ItemStore {

  private final Path dir;
  private final IndexSpec spec;
  private final String vectorField;
  private final VectorSimilarityFunction similarity;
  private final Directory directory;
  private final SearcherManager searchers;
  /** Guards opening and closing the writer, never a commit: puts must go on while a commit syncs. */
  private final Object writeLock = new Object();
  /** Opened on the first write; guarded by {@link #writeLock}. */
  private volatile IndexWriter writer;
  /**
   * The gallery mean of a centred index across the writer's uncommitted writes; null without centring or
   * writer. Guarded by {@link #writeLock}: in a centred index puts, deletes and commits are serialised, so that
   * each commit's mean sums exactly the documents it contains.
   */
  private MeanLedger ledger;
  /** The committed mean of the last searcher asked, by reader version: opening and searching cost no rescan. */
  private volatile CommittedMean committedMean;
  /** Database-side augmentation; null without it. */
  private final GalleryAugmentation augmentation;
  /**
   * Ids put or deleted since the last commit of a DBA index: the next commit recomputes the neighbourhoods they
   * reach. Guarded by {@link #writeLock}; empty after a rollback, which also forgets the writes.
   */
  private final Set<String> changed = new HashSet<>();

  private volatile boolean closed;
  /**
   * How soon searches see other processes' commits. Checking costs a directory listing: 0.1 ms on a small index
   * and 0.4 ms (20 %) of an HNSW query over 100k vectors when done for every search (docs/benchmarks.md).
   * This process's own commits are visible at once.
   */
  static final long REFRESH_INTERVAL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);
  private final java.util.concurrent.atomic.AtomicLong lastRefreshCheck =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

  private record CommittedMean(long version, GalleryMean mean) {}

  private LuceneItemStore(Path dir, IndexSpec spec, Directory directory, IndexWriter writer) throws IOException {
    this.dir = dir;
    this.spec = spec;
    this.vectorField = FieldNames.vector(spec.embedder());
    this.similarity = VectorSimilarities.forEmbedder(spec.embedder());
    this.directory = directory;
    this.writer = writer;
    // Opened on the directory, not the writer: searches see commits only, never uncommitted writes.
    this.searchers = new SearcherManager(directory, null);
    this.augmentation = spec.levers().dbaTop() == 0 ? null : new GalleryAugmentation(spec.levers().dbaTop(),
        spec.levers().dbaAlpha(), spec.metric(), spec.embedder().normalized());
    if (writer != null && centred()) {
      this.ledger = new MeanLedger(GalleryMean.empty(spec.embedder().dimension()), this::vector);
    }
  }

  private boolean centred() {
    return spec.levers().center();
  }

  /**
   * Whether writes and commits are serialised: a centred index commits its mean, a DBA index the augmented
   * vectors of the batch, with exactly the documents the commit contains.
   */
  private boolean serialised() {
    return centred() || augmentation != null;
  }

  /**
   * Creates a new index in {@code dir} (created if missing; must be empty or absent).
   *
   * @throws SpecMismatchException when an index with another spec is there (message lists the differences)
   * @throws FileAlreadyExistsException when an index with this spec is already there; use {@link #open} or
   *     {@link #openOrCreate}
   * @throws IndexUnavailableException when the directory holds other files or an index Loupe cannot read
   */
  public static LuceneItemStore create(Path dir, IndexSpec spec) throws IOException {
    return create(dir, spec, UnaryOperator.identity());
  }

  /**
   * {@link #create(Path, IndexSpec)} with a layer over the index's {@link Directory}, e.g. a rate limiter, or
   * the fault injection of tests (a disk that fills up, a sync that blocks), as Lucene's own tests do.
   */
  public static LuceneItemStore create(Path dir, IndexSpec spec, UnaryOperator<Directory> wrap) throws IOException {
    IndexSpec existing = existingSpec(dir, spec);
    if (existing == null) return createNew(dir, spec, wrap);
    String differences = SpecDifferences.describe(existing, spec);
    if (differences.isEmpty()) {
      throw new FileAlreadyExistsException(dir.toString(), null, "a Loupe index already exists here; open it");
    }
    throw new SpecMismatchException(dir, existing, spec,
        "cannot create an index at " + dir + ": an index with another spec is there (existing vs requested: "
            + differences + ")");
  }

  /** Whether {@code dir} holds a committed Loupe index (throws when it holds one Loupe cannot read). */
  public static boolean exists(Path dir) throws IOException {
    return IndexProbe.inspect(dir).state() == IndexProbe.State.LOUPE;
  }

  /**
   * Opens the index in {@code dir} with the spec it was created with.
   *
   * @throws IndexUnavailableException "no Loupe index at DIR" when there is none, or why it cannot be used
   */
  public static LuceneItemStore open(Path dir) throws IOException {
    return open(dir, UnaryOperator.identity());
  }

  /** {@link #open(Path)} with a layer over the index's {@link Directory} (see {@link #create(Path, IndexSpec, UnaryOperator)}). */
  public static LuceneItemStore open(Path dir, UnaryOperator<Directory> wrap) throws IOException {
    IndexProbe probe = IndexProbe.inspect(dir);
    return switch (probe.state()) {
      case NONE -> throw new IndexUnavailableException(IndexUnavailableException.Reason.ABSENT, dir,
          "no Loupe index at " + dir);
      case FOREIGN -> throw new IndexUnavailableException(IndexUnavailableException.Reason.NOT_LOUPE, dir,
          "no Loupe index at " + dir + " (the directory holds other files)");
      case LOUPE -> openExisting(dir, probe.spec(), wrap);
    };
  }

  /**
   * Opens the index in {@code dir} if there is one with exactly this spec, or creates it.
   *
   * @throws SpecMismatchException when the index there has another spec: its vectors are not comparable
   */
  public static LuceneItemStore openOrCreate(Path dir, IndexSpec spec) throws IOException {
    IndexSpec existing = existingSpec(dir, spec);
    if (existing == null) return createNew(dir, spec, UnaryOperator.identity());
    String differences = SpecDifferences.describe(existing, spec);
    if (!differences.isEmpty()) {
      throw new SpecMismatchException(dir, existing, spec,
          "index " + dir + " was built with another embedder or settings (index vs requested: " + differences
              + "); use a new --index directory for these settings, or delete this index to rebuild it");
    }
    return openExisting(dir, existing, UnaryOperator.identity());
  }

  /**
   * Before creating an index with {@code spec} in {@code dir}: the spec of the Loupe index already there, or
   * null when there is none. Refuses unsupported specs and directories that hold other files.
   */
  private static IndexSpec existingSpec(Path dir, IndexSpec spec) throws IOException {
    checkSupported(spec);
    IndexProbe probe = IndexProbe.inspect(dir);
    return switch (probe.state()) {
      case NONE -> null;
      case FOREIGN -> throw foreignFiles(dir);
      case LOUPE -> probe.spec();
    };
  }

  private static LuceneItemStore createNew(Path dir, IndexSpec spec, UnaryOperator<Directory> wrap)
      throws IOException {
    Files.createDirectories(dir);
    Directory directory = wrap.apply(FSDirectory.open(dir));
    IndexWriter writer = null;
    try {
      // CREATE, not CREATE_OR_APPEND: the probe found no commit and no file but a dead writer's lock.
      writer = openWriter(dir, directory, spec, IndexWriterConfig.OpenMode.CREATE);
      writer.setLiveCommitData(CommitData.of(spec,
          spec.levers().center() ? GalleryMean.empty(spec.embedder().dimension()) : null).entrySet());
      writer.commit();
      return new LuceneItemStore(dir, spec, directory, writer);
    } catch (Throwable t) {
      IOException failure = t instanceof IOException || t instanceof AlreadyClosedException
          ? IndexFailures.onWrite(dir, writer, t) : null;
      IOUtils.closeWhileHandlingException(writer, directory);
      if (failure != null) throw failure;
      throw t;
    }
  }

  private static LuceneItemStore openExisting(Path dir, IndexSpec spec, UnaryOperator<Directory> wrap)
      throws IOException {
    Directory directory = wrap.apply(FSDirectory.open(dir));
    try {
      return new LuceneItemStore(dir, spec, directory, null);
    } catch (Throwable t) {
      IOUtils.closeWhileHandlingException(directory);
      if (IndexFailures.isDamage(t)) throw IndexFailures.damaged(dir, t);
      throw t;
    }
  }

  /**
   * Removes Loupe's own index from {@code dir}, for a rebuild: only files Lucene wrote (see {@link IndexFiles}),
   * under the write lock. Refuses, deleting nothing, when the directory holds anything else or another
   * program's Lucene index. Returns the number of files removed (0 when there is no index).
   */
  public static int deleteIndex(Path dir) throws IOException {
    if (!Files.exists(dir)) return 0;
    if (!Files.isDirectory(dir)) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.NOT_LOUPE, dir,
          dir + " is a file, not an index directory");
    }
    IndexFiles.Listing listing = IndexFiles.list(dir);
    if (!listing.foreign().isEmpty()) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.NOT_LOUPE, dir,
          "cannot rebuild " + dir + ": it holds files Loupe did not write (" + String.join(", ",
              listing.foreign().subList(0, Math.min(3, listing.foreign().size())))
              + (listing.foreign().size() > 3 ? ", ..." : "") + "); move them out or choose another --index");
    }
    try {
      IndexProbe.inspect(dir); // throws NOT_LOUPE for another program's readable index; damage is fine here
    } catch (IndexUnavailableException e) {
      if (e.reason() == IndexUnavailableException.Reason.NOT_LOUPE) throw e;
    }
    int removed = 0;
    try (Directory directory = FSDirectory.open(dir);
        Lock lock = obtainWriteLock(dir, directory)) {
      for (String name : listing.own()) {
        if (name.equals(IndexWriter.WRITE_LOCK_NAME)) continue;
        if (Files.deleteIfExists(dir.resolve(name))) removed++;
      }
      // A scribbled lock file fails every later writer ("Unexpected lock file size"): empty it, under the lock.
      try (FileChannel lockFile = FileChannel.open(dir.resolve(IndexWriter.WRITE_LOCK_NAME), StandardOpenOption.WRITE)) {
        if (lockFile.size() > 0) lockFile.truncate(0);
      }
    }
    return removed;
  }

  private static Lock obtainWriteLock(Path dir, Directory directory) throws IOException {
    try {
      return directory.obtainLock(IndexWriter.WRITE_LOCK_NAME);
    } catch (LockObtainFailedException e) {
      throw IndexFailures.locked(dir, e);
    }
  }

  private static IndexWriter openWriter(Path dir, Directory directory, IndexSpec spec, IndexWriterConfig.OpenMode mode)
      throws IOException {
    IndexWriterConfig config = new IndexWriterConfig()
        .setCodec(new LoupeCodec(spec.hnsw()))
        .setOpenMode(mode)
        // close() commits through commit() itself; the writer must not commit behind the store's back.
        .setCommitOnClose(false)
        // Larger flushed segments mean fewer, bigger HNSW graphs: better recall and fewer merges.
        .setRAMBufferSizeMB(64);
    try {
      return new IndexWriter(directory, config);
    } catch (LockObtainFailedException e) {
      throw IndexFailures.locked(dir, e);
    } catch (IOException | RuntimeException e) {
      if (IndexFailures.isDamage(e)) throw IndexFailures.damaged(dir, e);
      throw e;
    }
  }

  /**
   * Opens the writer of an existing index: refuses when a file that Loupe did not write has an index file's
   * name (the writer would delete it as unreferenced), and verifies every file's checksum, so that damage is
   * reported before new segments (and merges) build on it.
   */
  private static IndexWriter openAppendingWriter(Path dir, Directory directory, IndexSpec spec) throws IOException {
    List<String> endangered = IndexFiles.endangered(IndexFiles.list(dir));
    if (!endangered.isEmpty()) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.NOT_LOUPE, dir,
          "index " + dir + " holds " + endangered.get(0) + ", which Loupe did not write and would delete; move it"
              + " out of the index directory");
    }
    IndexWriter writer = openWriter(dir, directory, spec, IndexWriterConfig.OpenMode.APPEND);
    try (DirectoryReader reader = DirectoryReader.open(writer)) {
      for (LeafReaderContext leaf : reader.leaves()) leaf.reader().checkIntegrity();
      return writer;
    } catch (Throwable t) {
      IOUtils.closeWhileHandlingException(writer);
      if (IndexFailures.isDamage(t)) throw IndexFailures.damaged(dir, t);
      throw t;
    }
  }

  private static void checkSupported(IndexSpec spec) {
    Objects.requireNonNull(spec, "spec");
    int dimension = spec.embedder().dimension();
    if (dimension > HighDimensionVectorsFormat.MAX_DIMENSIONS) {
      throw new IllegalArgumentException("embedder " + spec.embedder().name() + " has " + dimension
          + " dimensions; the Lucene store supports at most " + HighDimensionVectorsFormat.MAX_DIMENSIONS);
    }
  }

  private static IndexUnavailableException foreignFiles(Path dir) {
    return new IndexUnavailableException(IndexUnavailableException.Reason.NOT_LOUPE, dir,
        "cannot create an index at " + dir + ": it holds other files and no Loupe index; choose an empty or new directory");
  }

  // ---------------------------------------------------------------------------------------------------- reads

  @Override
  public IndexSpec spec() {
    return spec;
  }

  /** The index directory. */
  public Path directory() {
    return dir;
  }

  /**
   * Whether a non-exact search under {@code metric} uses the HNSW graph: COSINE, DOT and L2 for a normalized
   * embedder (DOT_PRODUCT field), L2 otherwise (EUCLIDEAN field). Other metrics are always exact scans.
   */
  public boolean servesApproximately(Metric metric) {
    return VectorSimilarities.graphServes(similarity, metric);
  }

  @Override
  public int size() throws IOException {
    refreshQuietly(); // reads see other processes' commits too, as searches do
    IndexSearcher searcher = acquire();
    try {
      // Every live item has exactly one view 0; counting the extra views is cheap when there are none.
      return searcher.getIndexReader().numDocs() - searcher.count(Views.EXTRA);
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public Optional<Item> get(String id) throws IOException {
    refreshQuietly(); // reads see other processes' commits too, as searches do
    IndexSearcher searcher = acquire();
    try {
      int doc = find(searcher, id);
      if (doc < 0) return Optional.empty();
      return Optional.of(ItemDocuments.toItem(searcher.getIndexReader().storedFields().document(doc)));
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public Optional<float[]> vector(String id) throws IOException {
    refreshQuietly(); // reads see other processes' commits too, as searches do
    IndexSearcher searcher = acquire();
    try {
      int doc = find(searcher, id);
      if (doc < 0) return Optional.empty();
      if (augmentation != null) {
        return Optional.ofNullable(DbaFields.raw(searcher.getIndexReader().storedFields().document(doc,
            Set.of(DbaFields.RAW))));
      }
      return Optional.ofNullable(LeafAccess.vector(searcher.getIndexReader(), vectorField, doc));
    } finally {
      searchers.release(searcher);
    }
  }

  /** The vector field's value: the augmented vector under database-side augmentation, else the own vector. */
  @Override
  public Optional<float[]> searchedVector(String id) throws IOException {
    refreshQuietly(); // reads see other processes' commits too, as searches do
    IndexSearcher searcher = acquire();
    try {
      int doc = find(searcher, id);
      if (doc < 0) return Optional.empty();
      return Optional.ofNullable(LeafAccess.vector(searcher.getIndexReader(), vectorField, doc));
    } finally {
      searchers.release(searcher);
    }
  }

  /** The top-level doc number of the live item with this id (its view 0), or -1. */
  private static int find(IndexSearcher searcher, String id) throws IOException {
    Objects.requireNonNull(id, "id");
    TopDocs top = searcher.search(Views.primaryOnly(new TermQuery(new Term(FieldNames.ID, id))), 1);
    return top.scoreDocs.length == 0 ? -1 : top.scoreDocs[0].doc;
  }

  /** Visits every item of the last commit, in index order. */
  @Override
  public void forEach(Consumer<Item> visitor) throws IOException {
    refreshQuietly(); // reads see other processes' commits too, as searches do
    IndexSearcher searcher = acquire();
    try {
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        Bits live = leaf.reader().getLiveDocs();
        StoredFields stored = leaf.reader().storedFields();
        SortedNumericDocValues views = DocValues.getSortedNumeric(leaf.reader(), FieldNames.VIEW);
        for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
          if (live != null && !live.get(doc)) continue;
          if (Views.of(views, doc) != 0) continue;
          visitor.accept(ItemDocuments.toItem(stored.document(doc)));
        }
      }
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * Visits the own vector (view 0) of every item of the last commit, in index order, reading each segment's
   * vectors sequentially. The visitor gets a fresh array it may keep.
   */
  @Override
  public void forEachVector(BiConsumer<String, float[]> visitor) throws IOException {
    Objects.requireNonNull(visitor, "visitor");
    refreshQuietly(); // reads see other processes' commits too, as searches do
    IndexSearcher searcher = acquire();
    try {
      forEachVector(searcher, visitor);
    } finally {
      searchers.release(searcher);
    }
  }

  private void forEachVector(IndexSearcher searcher, BiConsumer<String, float[]> visitor) throws IOException {
    if (augmentation != null) {
      forEachRaw(searcher.getIndexReader(), (id, doc) -> visitor.accept(id, DbaFields.raw(doc)));
      return;
    }
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      FloatVectorValues values = leaf.reader().getFloatVectorValues(vectorField);
      if (values == null) continue;
      Bits live = leaf.reader().getLiveDocs();
      SortedDocValues ids = DocValues.getSorted(leaf.reader(), FieldNames.ID);
      SortedNumericDocValues views = DocValues.getSortedNumeric(leaf.reader(), FieldNames.VIEW);
      KnnVectorValues.DocIndexIterator it = values.iterator();
      for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
        if (live != null && !live.get(doc)) continue;
        if (Views.of(views, doc) != 0) continue;
        // The values object may reuse its buffer; the visitor keeps the array.
        visitor.accept(LeafAccess.id(ids, doc), values.vectorValue(it.index()).clone());
      }
    }
  }

  /** Visits every live item (view 0) of a reader with its DBA stored fields, in index order. */
  private static void forEachRaw(org.apache.lucene.index.IndexReader reader, BiConsumer<String, Document> visitor)
      throws IOException {
    Set<String> fields = Set.of(FieldNames.ID, DbaFields.RAW, DbaFields.NEIGHBOURS);
    for (LeafReaderContext leaf : reader.leaves()) {
      Bits live = leaf.reader().getLiveDocs();
      StoredFields stored = leaf.reader().storedFields();
      for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
        if (live != null && !live.get(doc)) continue;
        Document d = stored.document(doc, fields);
        visitor.accept(d.get(FieldNames.ID), d);
      }
    }
  }

  @Override
  public Optional<GalleryMean> galleryMean() throws IOException {
    if (!centred()) return Optional.empty();
    IndexSearcher searcher = acquire();
    try {
      return Optional.of(committedMean(searcher));
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * The gallery mean committed with the searcher's commit: read from its user data (decoded once per commit), or,
   * for an index written before the mean was committed, summed from its vectors once.
   */
  private GalleryMean committedMean(IndexSearcher searcher) throws IOException {
    DirectoryReader reader = (DirectoryReader) searcher.getIndexReader();
    CommittedMean cached = committedMean;
    if (cached != null && cached.version() == reader.getVersion()) return cached.mean();
    int dimension = spec.embedder().dimension();
    GalleryMean mean = CommitData.meanOf(dir, reader.getIndexCommit().getUserData(), dimension);
    if (mean == null) {
      double[] sum = new double[dimension];
      long[] count = {0};
      forEachVector(searcher, (id, v) -> {
        for (int i = 0; i < dimension; i++) sum[i] += v[i];
        count[0]++;
      });
      mean = new GalleryMean(sum, count[0]);
    }
    committedMean = new CommittedMean(reader.getVersion(), mean);
    return mean;
  }

  @Override
  public List<Hit> search(float[] query, SearchRequest request) throws IOException {
    Objects.requireNonNull(request, "request");
    VectorChecks.checkQuery(spec.embedder(), query);
    refreshQuietly();
    if (request.centering() != null) VectorChecks.checkCentering(spec.embedder(), request.centering());
    Metric metric = request.metric() != null ? request.metric() : spec.metric();
    Query filter = Filters.toQuery(request.filters());
    float[] graphQuery = request.exact() ? null : graphQuery(query, metric);
    IndexSearcher searcher = acquire();
    try {
      // No more hits than documents exist: k sizes heaps and graph beams, so a huge k must not allocate for
      // items the index does not hold (k = 100,000,000 once took 6 GB on 1,912 items).
      int k = Math.min(request.k(), searcher.getIndexReader().numDocs());
      if (k == 0) return List.of();
      // The mean of the same commit as the documents searched: never one commit's mean with another's items.
      Centering centering = request.centering() != null ? request.centering()
          : centred() ? committedMean(searcher).searchCentering().orElse(null) : null;
      QueryDistance distance = new QueryDistance(query, metric, centering);
      List<Candidate> found;
      if (graphQuery != null) {
        int pool = centering == null ? GraphSearch.candidates(k) : GraphSearch.centredCandidates(k);
        pool = GraphSearch.oversampled(pool, spec.hnsw().vectorFormat());
        found = GraphSearch.search(searcher, vectorField, distance, graphQuery, filter, k, pool,
            1 + spec.levers().augmentViews());
      } else {
        found = ExactScan.search(searcher, vectorField, distance, filter, k);
      }
      return toHits(searcher, found, metric, request.minScore());
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * The vector to give the graph, or null when the graph cannot answer. For a DOT_PRODUCT field the query is
   * scaled to unit length: Lucene's dot-product score assumes unit vectors, and the ranking under cosine, dot
   * and L2 against unit documents does not change with the query's length. A zero query has no direction.
   *
   * <p>Under centring the graph is still searched with the raw query; only the exact re-ranking of its (wider)
   * pool centres. The centred ranking is by {@code c·(v - m)/|v - m|} with {@code c = normalize(q - m)}; for
   * unit documents near the top (centred cosine close to 1), its first-order expansion ranks like {@code (c +
   * m/|v - m|)·v}, and with the typical {@code |v - m| ≈ |q - m|} that vector is {@code q/|q - m|}: the raw
   * query already weighs in the mean the way the normalization does, where the centred query {@code c} (ranking
   * by {@code c·(v - m)} alone) ignores it. Measured on fashion-dev
   * (recall@10 of the centred top 10, pool 100): 0.983 with the raw query vs 0.965 with {@code c}; on
   * positive-orthant unit vectors (mean norm 0.97, like post-ReLU CNN features) 0.969 vs 0.941. On a EUCLIDEAN
   * field the centred unit query sits far from every raw document and ranks them by their norm (recall 0.09),
   * while {@code |q - v| = |(q - m) - (v - m)|} compares the centred vectors directly (0.968).
   */
  private float[] graphQuery(float[] query, Metric metric) {
    if (!servesApproximately(metric)) return null;
    if (similarity != VectorSimilarityFunction.DOT_PRODUCT) return query;
    float norm = Vectors.norm(query);
    if (norm == 0) return null;
    float[] unit = query.clone();
    for (int i = 0; i < unit.length; i++) unit[i] /= norm;
    return unit;
  }

  private static List<Hit> toHits(IndexSearcher searcher, List<Candidate> found, Metric metric, float minScore)
      throws IOException {
    StoredFields stored = searcher.getIndexReader().storedFields();
    List<Hit> hits = new ArrayList<>(found.size());
    for (Candidate candidate : found) {
      float score = metric.score(candidate.distance());
      if (score < minScore) continue;
      // The closest view may be an extra view, which stores nothing: the item's fields are on its view 0.
      int doc = candidate.view() == 0 ? candidate.doc() : find(searcher, candidate.id());
      Item item = ItemDocuments.toItem(stored.document(doc));
      hits.add(new Hit(hits.size() + 1, item.id(), item.path(), score, candidate.distance(), item.metadata()));
    }
    return hits;
  }

  // --------------------------------------------------------------------------------------------------- writes

  /**
   * Adds or replaces an item with its views: view 0 is its own vector, the others at most {@code
   * levers.augmentViews} extra views. All views are written as one block that replaces every view of the
   * previous item with this id (however many it had) in one atomic update.
   */
  @Override
  public void put(Item item, List<float[]> views) throws IOException {
    // The graph's candidate pool is sized by the views per item: the checks refuse more than the levers allow.
    VectorChecks.checkItem(spec, item, views);
    ItemChecks.checkTerms(item);
    List<Document> docs = ItemDocuments.toDocuments(item, views, vectorField, similarity);
    // The vector field holds the raw vector until the commit augments it (the item is in the changed set).
    if (augmentation != null) DbaFields.add(docs.get(0), views.get(0), null);
    if (!serialised()) {
      // No lock: IndexWriter takes concurrent updates, also while a commit syncs its files.
      IndexWriter w = writer();
      try {
        w.updateDocuments(new Term(FieldNames.ID, item.id()), docs);
      } catch (IOException | AlreadyClosedException e) {
        throw writeFailure(w, e);
      }
      return;
    }
    synchronized (writeLock) {
      IndexWriter w = writer();
      MeanLedger.Change change = ledger == null ? null : ledger.prepare(item.id(), views.get(0));
      try {
        w.updateDocuments(new Term(FieldNames.ID, item.id()), docs);
      } catch (IOException | AlreadyClosedException e) {
        throw writeFailure(w, e);
      }
      // Only once the writer took the item: a refused or failed put leaves the mean alone.
      if (ledger != null) ledger.apply(change);
      if (augmentation != null) changed.add(item.id());
    }
  }

  /** Removes an item with all its views; no-op when absent. */
  @Override
  public void delete(String id) throws IOException {
    Objects.requireNonNull(id, "id");
    if (!serialised()) {
      IndexWriter w = writer();
      try {
        w.deleteDocuments(new Term(FieldNames.ID, id));
      } catch (IOException | AlreadyClosedException e) {
        throw writeFailure(w, e);
      }
      return;
    }
    synchronized (writeLock) {
      IndexWriter w = writer();
      MeanLedger.Change change = ledger == null ? null : ledger.prepare(id, null);
      try {
        w.deleteDocuments(new Term(FieldNames.ID, id));
      } catch (IOException | AlreadyClosedException e) {
        throw writeFailure(w, e);
      }
      if (ledger != null) ledger.apply(change);
      if (augmentation != null) changed.add(id);
    }
  }

  /**
   * Makes every completed put durable and visible to searches. Does not hold the lock that puts need: the
   * writer lets other threads add documents while it syncs the commit's files (those land in the next commit).
   */
  @Override
  public void commit() throws IOException {
    ensureOpen();
    if (serialised()) {
      // A centred index commits its mean with its documents, a DBA index the augmented vectors of exactly the
      // documents it commits: no put may slip in between.
      synchronized (writeLock) {
        ensureOpen();
        commitWriter();
      }
    } else {
      commitWriter();
    }
    searchers.maybeRefreshBlocking();
  }

  /**
   * Commits the writer's changes, with the pending mean of a centred index in the same commit. Callers of a
   * centred index hold {@link #writeLock}.
   */
  private void commitWriter() throws IOException {
    IndexWriter w = writer;
    if (w == null || !w.hasUncommittedChanges()) return;
    try {
      if (augmentation != null) augment(w);
      if (ledger != null) w.setLiveCommitData(CommitData.of(spec, ledger.pending()).entrySet());
      w.commit();
    } catch (IOException | AlreadyClosedException e) {
      throw writeFailure(w, e);
    }
    if (ledger != null) {
      // The ledger reads committed vectors through the searchers: they must show this commit before it forgets
      // the vectors written in the batch.
      searchers.maybeRefreshBlocking();
      ledger.onCommit();
    }
    if (augmentation != null) changed.clear();
  }

  /**
   * Rewrites, in the writer, the items whose neighbourhoods the uncommitted writes changed with their new
   * augmented vectors and neighbour lists, so that the commit that follows holds raw vectors, augmented vectors
   * and lists together. Reads the pending state through a near-real-time reader of the writer. Should a rewrite
   * fail, the commit is not made and the next one recomputes from the same changed set (recomputing an item
   * twice gives the same result).
   */
  private void augment(IndexWriter w) throws IOException {
    if (changed.isEmpty()) return;
    try (DirectoryReader pending = DirectoryReader.open(w)) {
      Map<String, float[]> raw = new LinkedHashMap<>();
      Map<String, NeighbourList> stored = new HashMap<>();
      forEachRaw(pending, (id, doc) -> {
        raw.put(id, DbaFields.raw(doc));
        NeighbourList list = DbaFields.neighbours(doc);
        if (list != null) stored.put(id, list);
      });
      Map<String, GalleryAugmentation.Update> updates = augmentation.update(raw, stored, changed);
      IndexSearcher searcher = new IndexSearcher(pending);
      for (Map.Entry<String, GalleryAugmentation.Update> u : updates.entrySet()) {
        int doc = find(searcher, u.getKey());
        Item item = ItemDocuments.toItem(pending.storedFields().document(doc));
        List<Document> docs = ItemDocuments.toDocuments(item, List.of(u.getValue().augmented()), vectorField,
            similarity);
        DbaFields.add(docs.get(0), raw.get(u.getKey()), u.getValue().neighbours());
        w.updateDocuments(new Term(FieldNames.ID, u.getKey()), docs);
      }
    }
  }

  /**
   * Discards the writes since the last commit (Lucene's {@link IndexWriter#rollback}, which also releases the
   * write lock until the next write), as if the process had died before committing.
   */
  @Override
  public void rollback() throws IOException {
    synchronized (writeLock) {
      ensureOpen();
      if (writer != null) {
        IndexWriter w = writer;
        writer = null;
        ledger = null;
        changed.clear();
        w.rollback();
      }
    }
  }

  /** A failed write as one line naming the index; a store closed by the caller stays "closed". */
  private IOException writeFailure(IndexWriter w, Exception e) {
    if (closed && e instanceof AlreadyClosedException) ensureOpen();
    return IndexFailures.onWrite(dir, w, e);
  }

  /**
   * Merges the index down to at most {@code maxSegments} segments (1 gives one HNSW graph: the best recall and
   * search speed), after committing pending writes, and commits the result.
   */
  public void forceMerge(int maxSegments) throws IOException {
    if (maxSegments < 1) throw new IllegalArgumentException("maxSegments must be at least 1, got: " + maxSegments);
    IndexWriter w = writer();
    try {
      w.forceMerge(maxSegments, true);
    } catch (IOException | AlreadyClosedException e) {
      throw writeFailure(w, e);
    }
    commit();
  }

  /** Picks up commits made by other processes since the last refresh; true when something new was found. */
  public boolean refresh() throws IOException {
    ensureOpen();
    IndexSearcher before = acquire();
    try {
      searchers.maybeRefreshBlocking();
      IndexSearcher after = acquire();
      try {
        return after != before;
      } finally {
        searchers.release(after);
      }
    } finally {
      searchers.release(before);
    }
  }

  /**
   * Takes the write lock now rather than at the first write, verifying the index's checksums: a caller about to
   * index learns at once that another process is writing, or that the index is damaged.
   */
  @Override
  public void startWriting() throws IOException {
    writer();
  }

  /**
   * Picks up other processes' commits before a search, at most once per {@link #REFRESH_INTERVAL_NANOS} and
   * without waiting: when another thread is refreshing already, this search uses the current view. A failed
   * refresh keeps the current view too (it is still a consistent commit); a later search tries again.
   */
  private void refreshQuietly() {
    long now = System.nanoTime();
    long last = lastRefreshCheck.get();
    if (now - last < REFRESH_INTERVAL_NANOS || !lastRefreshCheck.compareAndSet(last, now)) return;
    try {
      searchers.maybeRefresh();
    } catch (IOException | RuntimeException e) {
      // Keep serving the last good commit; refresh() reports the problem to callers who ask.
    }
  }

  private IndexWriter writer() throws IOException {
    synchronized (writeLock) {
      ensureOpen();
      if (writer == null) {
        IndexWriter w = openAppendingWriter(dir, directory, spec);
        if (centred()) {
          try {
            // Holding the write lock, no other process can commit: the latest commit is the writer's base.
            searchers.maybeRefreshBlocking();
            IndexSearcher searcher = searchers.acquire();
            try {
              ledger = new MeanLedger(committedMean(searcher), this::vector);
            } finally {
              searchers.release(searcher);
            }
          } catch (Throwable t) {
            IOUtils.closeWhileHandlingException(w);
            throw t;
          }
        }
        writer = w;
      }
      return writer;
    }
  }

  // ----------------------------------------------------------------------------------------------------- info

  /** Bytes on disk of the files of the last commit. */
  public long sizeOnDiskBytes() throws IOException {
    IndexSearcher searcher = acquire();
    try {
      long total = 0;
      for (String file : lastCommit(searcher).getFileNames()) {
        try {
          total += directory.fileLength(file);
        } catch (NoSuchFileException e) {
          // A newer commit by another writer already replaced it; count what is still there.
        }
      }
      return total;
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * The user data of the last commit: {@code loupe.format}, {@code loupe.spec} (JSON) and, for a centred index,
   * {@code loupe.mean}.
   */
  public Map<String, String> commitData() throws IOException {
    IndexSearcher searcher = acquire();
    try {
      return new TreeMap<>(lastCommit(searcher).getUserData());
    } finally {
      searchers.release(searcher);
    }
  }

  /** Segments and size on disk of the last commit. */
  @Override
  public Map<String, Object> storageInfo() throws IOException {
    Map<String, Object> info = new java.util.LinkedHashMap<>();
    info.put("store", LuceneStoreProvider.NAME);
    info.put("segments", segmentCount());
    info.put("sizeOnDiskBytes", sizeOnDiskBytes());
    return info;
  }

  /** Commits, then merges every segment into one (one HNSW graph: the best recall and search speed). */
  @Override
  public void optimize() throws IOException {
    commit();
    forceMerge(1);
  }

  /** Number of segments in the last commit (each has its own HNSW graph). */
  public int segmentCount() throws IOException {
    IndexSearcher searcher = acquire();
    try {
      return searcher.getIndexReader().leaves().size();
    } finally {
      searchers.release(searcher);
    }
  }

  private static IndexCommit lastCommit(IndexSearcher searcher) throws IOException {
    return ((DirectoryReader) searcher.getIndexReader()).getIndexCommit();
  }

  private IndexSearcher acquire() throws IOException {
    ensureOpen();
    return searchers.acquire();
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("the store at " + dir + " is closed");
  }

  /** Commits pending writes, then releases the write lock and all files. Idempotent. */
  @Override
  public void close() throws IOException {
    synchronized (writeLock) {
      if (closed) return;
      try {
        if (writer != null) {
          try {
            commitWriter();
          } finally {
            // A writer that died already released its files; closing it again only repeats the failure.
            if (writer.getTragicException() == null) writer.close();
          }
        }
      } finally {
        closed = true;
        IOUtils.close(searchers, directory);
      }
    }
  }

  @Override
  public String toString() {
    return "LuceneItemStore(" + dir + ", " + spec.embedder().name() + ", " + spec.embedder().dimension() + "d, "
        + similarity + ")";
  }
}
