package dev.loupe.parquet;

import dev.loupe.core.index.Item;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads an output folder of loupe-spark ({@link EmbeddingColumns}) without Spark and without a Hadoop file system:
 * Parquet's own {@link LocalInputFile} and plain configuration, one row group in memory at a time. Part files
 * are read in name order.
 *
 * <p>Every problem is one line naming the file and the reason: a folder that is not such an output, a sub-folder
 * without Spark's {@value #SUCCESS} marker (the job did not finish), a part file without a column Loupe writes, a
 * compressed file (Loupe writes its rows uncompressed, so no codec library is needed here). Errors thrown by a
 * {@link RowSink} pass through unchanged: they are about the row, not the file.
 */
public final class EmbeddingReader {
  /** Receives rows one at a time. */
  public interface RowSink {
    void accept(EmbeddingRow row) throws IOException;
  }

  /** A file the Spark job left out, and why. */
  public record Skip(String path, String reason) {}

  /** The marker Spark writes into a folder once every part file of a write is committed. */
  static final String SUCCESS = "_SUCCESS";

  private EmbeddingReader() {}

  /** Hands every row of {@code dir}/{@value EmbeddingColumns#ITEMS} to {@code sink}; returns how many. */
  public static long readRows(Path dir, RowSink sink) throws IOException {
    long n = 0;
    for (Path file : partFiles(dir, EmbeddingColumns.ITEMS)) {
      n += readFile(file, EmbeddingColumns.ALL, EmbeddingReader::row, sink::accept, Long.MAX_VALUE);
    }
    return n;
  }

  /** The first row of an output, if it has any (it names the model the rows were made with). */
  public static java.util.Optional<EmbeddingRow> firstRow(Path dir) throws IOException {
    List<EmbeddingRow> first = new ArrayList<>(1);
    for (Path file : partFiles(dir, EmbeddingColumns.ITEMS)) {
      readFile(file, EmbeddingColumns.ALL, EmbeddingReader::row, first::add, 1);
      if (!first.isEmpty()) return java.util.Optional.of(first.get(0));
    }
    return java.util.Optional.empty();
  }

  /** The skipped files of {@code dir}/{@value EmbeddingColumns#SKIPPED}. */
  public static List<Skip> readSkipped(Path dir) throws IOException {
    List<Skip> out = new ArrayList<>();
    for (Path file : partFiles(dir, EmbeddingColumns.SKIPPED)) {
      readFile(file, List.of(EmbeddingColumns.PATH, EmbeddingColumns.REASON),
          g -> new Skip(string(g, EmbeddingColumns.PATH), string(g, EmbeddingColumns.REASON)), out::add,
          Long.MAX_VALUE);
    }
    return out;
  }

  /**
   * The Parquet part files of a sub-folder, sorted; a folder that is not an output, or whose sub-folder Spark did
   * not finish writing (no {@value #SUCCESS}), is refused: its rows would load as if complete.
   */
  static List<Path> partFiles(Path dir, String sub) throws IOException {
    Path folder = dir.resolve(sub);
    if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString());
    if (!Files.isDirectory(folder)) {
      throw new IOException(dir + ": not an output of loupe spark-embed (no '" + sub + "' folder)");
    }
    if (!Files.isRegularFile(folder.resolve(SUCCESS))) {
      throw new IOException(folder + ": no " + SUCCESS + " file: the Spark job did not finish writing it; run "
          + "loupe spark-embed again into a new folder");
    }
    try (Stream<Path> files = Files.list(folder)) {
      // Spark's _SUCCESS and .crc files sit beside the parts.
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  private interface Sink<T> {
    void accept(T value) throws IOException;
  }

  /**
   * Reads at most {@code limit} rows of one part file, each converted by {@code convert} and handed to
   * {@code sink}. Parquet's and the conversion's complaints name the file; the sink's are its own.
   */
  private static <T> long readFile(Path file, List<String> columns, Function<Group, T> convert, Sink<T> sink,
      long limit) throws IOException {
    long n = 0;
    // Parquet's plain configuration: Hadoop's Configuration would need hadoop-client-runtime (Guava, ...).
    ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    ParquetFileReader reader;
    try {
      reader = ParquetFileReader.open(new LocalInputFile(file), options);
    } catch (RuntimeException e) {
      throw unreadable(file, e);
    }
    try (reader) {
      MessageType schema;
      MessageColumnIO io;
      try {
        schema = reader.getFooter().getFileMetaData().getSchema();
        checkColumns(file, reader, schema, columns);
        io = new ColumnIOFactory().getColumnIO(schema);
      } catch (RuntimeException e) {
        throw unreadable(file, e);
      }
      while (n < limit) {
        PageReadStore pages;
        RecordReader<Group> records;
        try {
          pages = reader.readNextRowGroup();
          if (pages == null) break;
          records = io.getRecordReader(pages, new GroupRecordConverter(schema));
        } catch (RuntimeException e) {
          throw unreadable(file, e);
        }
        for (long i = 0; i < pages.getRowCount() && n < limit; i++) {
          T value;
          try {
            value = convert.apply(records.read());
          } catch (RuntimeException e) {
            throw unreadable(file, e);
          }
          sink.accept(value); // outside the try: a refused row is not a damaged file
          n++;
        }
      }
    }
    return n;
  }

  /** Every column Loupe reads is there, and uncompressed. */
  private static void checkColumns(Path file, ParquetFileReader reader, MessageType schema, List<String> columns)
      throws IOException {
    for (String column : columns) {
      if (!schema.containsField(column)) throw new IOException(file + ": no column '" + column + "'");
    }
    for (BlockMetaData block : reader.getFooter().getBlocks()) {
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        if (chunk.getCodec() != CompressionCodecName.UNCOMPRESSED) {
          throw new IOException(file + ": column " + chunk.getPath() + " is compressed with " + chunk.getCodec()
              + "; Loupe reads the uncompressed rows loupe spark-embed writes");
        }
      }
    }
  }

  /** Parquet's own complaints about a damaged file, or a null where Loupe writes none. */
  private static IOException unreadable(Path file, RuntimeException e) {
    return new IOException(file + ": not a readable Parquet file (" + e.getMessage() + ")", e);
  }

  private static EmbeddingRow row(Group g) {
    Item item = new Item(string(g, EmbeddingColumns.ID), string(g, EmbeddingColumns.PATH),
        string(g, EmbeddingColumns.CONTENT_HASH), g.getLong(EmbeddingColumns.SIZE, 0),
        g.getLong(EmbeddingColumns.MODIFIED, 0), g.getInteger(EmbeddingColumns.WIDTH, 0),
        g.getInteger(EmbeddingColumns.HEIGHT, 0), metadata(g));
    return new EmbeddingRow(item, string(g, EmbeddingColumns.MODEL), string(g, EmbeddingColumns.MODEL_SHA256),
        vector(g));
  }

  private static String string(Group g, String field) {
    if (g.getFieldRepetitionCount(field) == 0) throw new IllegalArgumentException("column '" + field + "' is null");
    return g.getString(field, 0);
  }

  /** Spark's three-level list: vector.list[i].element. */
  private static float[] vector(Group g) {
    if (g.getFieldRepetitionCount(EmbeddingColumns.VECTOR) == 0) {
      throw new IllegalArgumentException("column '" + EmbeddingColumns.VECTOR + "' is null");
    }
    Group list = g.getGroup(EmbeddingColumns.VECTOR, 0);
    int n = list.getFieldRepetitionCount(0);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = list.getGroup(0, i).getFloat(0, 0);
    return v;
  }

  /** Spark's map: metadata.key_value[i].(key, value). */
  private static Map<String, String> metadata(Group g) {
    Map<String, String> out = new HashMap<>();
    if (g.getFieldRepetitionCount(EmbeddingColumns.METADATA) == 0) return out;
    Group map = g.getGroup(EmbeddingColumns.METADATA, 0);
    for (int i = 0; i < map.getFieldRepetitionCount(0); i++) {
      Group kv = map.getGroup(0, i);
      out.put(kv.getString(0, 0), kv.getFieldRepetitionCount(1) == 0 ? "" : kv.getString(1, 0));
    }
    return out;
  }
}
