package dev.loupe.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.index.Item;
import dev.loupe.core.io.AtomicFiles;
import dev.loupe.core.io.Checksums;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.image.ImageDecodeException;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /items} (add uploaded images, with metadata) and {@code DELETE /items/{id}}, for clients with the
 * bearer token. Both go through the indexer's writer and its commit ({@link ServedIndex#write}): searches see
 * the change once it is committed, and a crash leaves the last commit intact.
 *
 * <p>An upload is decoded in memory first, with the server's limits, so that a bomb or a non-image never reaches
 * the disk. It is then written into the server's uploads folder ({@code UPLOADS/INDEX/SHA256.EXT}: the file name
 * comes from the bytes, never from the client) and indexed from there.
 */
final class WriteEndpoint {
  /** Images per POST: each is decoded in memory before anything is written. */
  static final int MAX_FILES = 16;
  static final int MAX_ID_CHARS = 512;

  private final Indexes indexes;
  private final InferenceGate gate;
  private final ObjectMapper json;
  private final ServerOptions options;
  private final UploadReader reader;

  WriteEndpoint(Indexes indexes, InferenceGate gate, ObjectMapper json, ServerOptions options) {
    this.indexes = indexes;
    this.gate = gate;
    this.json = json;
    this.options = options;
    this.reader = new UploadReader(options);
  }

  void add(Context ctx) throws Exception {
    ServedIndex index = indexes.get(ctx.queryParam("index"));
    if (!ctx.isMultipart()) throw ApiError.of(415, "POST /items takes multipart/form-data: parts 'image', fields 'id' and 'metadata'");
    List<UploadedFile> files = ctx.uploadedFiles("image");
    if (files.isEmpty()) throw ApiError.of(400, "no part named 'image'");
    if (files.size() > MAX_FILES) {
      throw ApiError.bound(400, "max_files", MAX_FILES, files.size() + " images in one request, over the bound of " + MAX_FILES);
    }
    String id = ctx.formParam("id");
    if (id != null) {
      if (files.size() != 1) throw ApiError.of(400, "'id' names one image; send one image per request to name it");
      if (id.isEmpty() || id.length() > MAX_ID_CHARS || id.codePoints().anyMatch(Character::isISOControl)) {
        throw ApiError.of(400, "id must be 1.." + MAX_ID_CHARS + " characters without control characters");
      }
    }
    Map<String, String> metadata = metadata(ctx.formParam("metadata"));
    List<byte[]> images = new ArrayList<>();
    for (UploadedFile f : files) {
      byte[] bytes = reader.read(f);
      try {
        index.loupe().decode(bytes, f.filename()); // refuses bombs and non-images before anything is written
      } catch (ImageDecodeException e) {
        throw UploadReader.refused(e, options);
      }
      images.add(bytes);
    }
    Path folder = Files.createDirectories(options.uploads().resolve(index.name()));
    List<CatalogEntry> entries = new ArrayList<>();
    List<Path> created = new ArrayList<>();
    for (byte[] bytes : images) {
      Path file = folder.resolve(fileName(bytes));
      if (!Files.exists(file)) created.add(file);
      store(file, bytes);
      entries.add(new CatalogEntry(id != null ? id : file.toAbsolutePath().toString(), file, metadata));
    }
    List<Map<String, Object>> outcomes = new ArrayList<>();
    try {
      index(index, entries, outcomes);
    } catch (Exception e) {
      // Nothing was committed: the files this request created would be orphans.
      for (Path f : created) Files.deleteIfExists(f);
      throw e;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("index", index.name());
    out.put("items", outcomes);
    ctx.status(201).contentType("application/json").result(json.writeValueAsBytes(out));
  }

  private void index(ServedIndex index, List<CatalogEntry> entries, List<Map<String, Object>> outcomes) throws Exception {
    gate.run(() -> writeOrConflict(index, writer -> writer.index(entries, new IndexListener() {
      @Override
      public void done(CatalogEntry entry, Outcome outcome, String reason) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", entry.id());
        o.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
        if (reason != null) o.put("reason", reason);
        synchronized (outcomes) {
          outcomes.add(o);
        }
      }
    })));
  }

  void delete(Context ctx) throws Exception {
    ServedIndex index = indexes.get(ctx.queryParam("index"));
    String id = ctx.pathParam("id");
    Path folder = options.uploads().resolve(index.name()).toAbsolutePath().normalize();
    AtomicBoolean removedFile = new AtomicBoolean();
    Item item = writeOrConflict(index, writer -> {
      Item found = writer.store().get(id)
          .orElseThrow(() -> ApiError.of(404, "no item with id '" + id + "' in index '" + index.name() + "'"));
      writer.store().delete(id);
      writer.store().commit();
      // The upload file goes too, but only a file the server wrote and no other item still shows.
      Path file = Path.of(found.path()).toAbsolutePath().normalize();
      if (file.getParent() != null && file.getParent().equals(folder) && !usedByOthers(writer, found)) {
        removedFile.set(Files.deleteIfExists(file));
      }
      return found;
    });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("index", index.name());
    out.put("deleted", item.id());
    out.put("uploadRemoved", removedFile.get());
    ctx.contentType("application/json").result(json.writeValueAsBytes(out));
  }

  /**
   * Runs a write; a failure to write the index (another process holds its write lock, a full disk) is the
   * client's 409 with the store's one-line reason, and the index keeps its last commit.
   */
  private static <T> T writeOrConflict(ServedIndex index, ServedIndex.WriterWork<T> work) {
    try {
      return index.write(work);
    } catch (IOException e) {
      throw ApiError.of(409, "index '" + index.name() + "' cannot be written now: " + SearchEndpoint.firstLine(e.getMessage()));
    }
  }

  private static boolean usedByOthers(dev.loupe.engine.Loupe writer, Item gone) throws IOException {
    AtomicBoolean used = new AtomicBoolean();
    writer.store().forEach(i -> {
      if (!i.id().equals(gone.id()) && i.path().equals(gone.path())) used.set(true);
    });
    return used.get();
  }

  private Map<String, String> metadata(String field) {
    if (field == null || field.isEmpty()) return Map.of();
    try {
      Map<String, String> m = json.readValue(field, new TypeReference<LinkedHashMap<String, String>>() {});
      if (m == null) return Map.of();
      for (Map.Entry<String, String> e : m.entrySet()) {
        if (e.getKey().isEmpty() || e.getValue() == null) throw ApiError.of(400, "metadata needs non-empty names and string values");
      }
      return m;
    } catch (IOException e) {
      throw ApiError.of(400, "metadata must be a JSON object of string values: " + SearchEndpoint.firstLine(e.getMessage()));
    }
  }

  /** A name made of the bytes' SHA-256 (the same image is stored once) and their format's extension. */
  private static String fileName(byte[] bytes) {
    try {
      return Checksums.sha256(bytes) + "." + ItemsEndpoint.extension(bytes);
    } catch (ImageDecodeException e) {
      throw ApiError.of(400, "cannot read the image: " + e.reason());
    }
  }

  /** Writes the bytes to {@code file} atomically, unless it holds them already. */
  private static void store(Path file, byte[] bytes) throws IOException {
    if (Files.isRegularFile(file)) return;
    AtomicFiles.write(file, bytes, true); // named by its SHA-256: replacing it could only put the same bytes
  }
}
