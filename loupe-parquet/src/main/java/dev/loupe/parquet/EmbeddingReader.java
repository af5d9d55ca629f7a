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
 * <p>Every problem is one line naming the file and the reason: a folder that is not such an output, a part file
 * without a column Loupe writes, a compressed file (Loupe writes its rows uncompressed, so no codec library is
 * needed here).
 */
public final class EmbeddingReader {
  /** Receives rows one at a time. */
  public interface RowSink {
    void accept(EmbeddingRow row) throws IOException;
  }

  /** A file the Spark job left out, and why. */
  public record Skip(String path, String reason) {}

  private EmbeddingReader() {}

  /** Hands every row of {@code dir}/{@value EmbeddingColumns#ITEMS} to {@code sink}; returns how many. */
  public static long readRows(Path dir, RowSink sink) throws IOException {
    long n = 0;
    for (Path file : partFiles(dir, EmbeddingColumns.ITEMS)) {
      n += readFile(file, EmbeddingColumns.ALL, g -> sink.accept(row(g)), Long.MAX_VALUE);
    }
    return n;
  }

  /** The first row of an output, if it has any (it names the model the rows were made with). */
  public static java.util.Optional<EmbeddingRow> firstRow(Path dir) throws IOException {
    List<EmbeddingRow> first = new ArrayList<>(1);
    for (Path file : partFiles(dir, EmbeddingColumns.ITEMS)) {
      readFile(file, EmbeddingColumns.ALL, g -> first.add(row(g)), 1);
      if (!first.isEmpty()) return java.util.Optional.of(first.get(0));
    }
    return java.util.Optional.empty();
  }

  /** The skipped files of {@code dir}/{@value EmbeddingColumns#SKIPPED}; an output without that folder has none. */
  public static List<Skip> readSkipped(Path dir) throws IOException {
    List<Skip> out = new ArrayList<>();
    if (!Files.isDirectory(dir.resolve(EmbeddingColumns.SKIPPED))) return out;
    for (Path file : partFiles(dir, EmbeddingColumns.SKIPPED)) {
      readFile(file, List.of(EmbeddingColumns.PATH, EmbeddingColumns.REASON),
          g -> out.add(new Skip(string(g, EmbeddingColumns.PATH), string(g, EmbeddingColumns.REASON))), Long.MAX_VALUE);
    }
    return out;
  }

  /** The Parquet part files of a sub-folder, sorted; a folder that is not an output is refused. */
  static List<Path> partFiles(Path dir, String sub) throws IOException {
    Path folder = dir.resolve(sub);
    if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString());
    if (!Files.isDirectory(folder)) {
      throw new IOException(dir + ": not an output of loupe spark-embed (no '" + sub + "' folder)");
    }
    try (Stream<Path> files = Files.list(folder)) {
      // Spark's _SUCCESS and .crc files sit beside the parts.
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  private interface GroupSink {
    void accept(Group g) throws IOException;
  }

  /** Reads at most {@code limit} rows of one part file. */
  private static long readFile(Path file, List<String> columns, GroupSink sink, long limit) throws IOException {
    long n = 0;
    // Parquet's plain configuration: Hadoop's Configuration would need hadoop-client-runtime (Guava, ...).
    ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
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
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
      PageReadStore pages;
      while (n < limit && (pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount() && n < limit; i++) {
          sink.accept(records.read());
          n++;
        }
      }
    } catch (RuntimeException e) { // Parquet's own complaints about a damaged file
      throw new IOException(file + ": not a readable Parquet file (" + e.getMessage() + ")", e);
    }
    return n;
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
