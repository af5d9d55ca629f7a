package dev.loupe.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.index.Item;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.image.ImageFormat;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /items/{id}} (an item's fields) and {@code GET /items/{id}/image[?size=N]} (its stored image, or a
 * cached JPEG thumbnail fitted into an N-pixel square). Ids are percent-encoded in the path (an id may hold
 * '/': a folder's items are named by their absolute path).
 */
final class ItemsEndpoint {
  private final Indexes indexes;
  private final ThumbnailCache thumbnails;
  private final InferenceGate gate;
  private final ObjectMapper json;
  private final ServerOptions options;

  ItemsEndpoint(Indexes indexes, ThumbnailCache thumbnails, InferenceGate gate, ObjectMapper json, ServerOptions options) {
    this.indexes = indexes;
    this.thumbnails = thumbnails;
    this.gate = gate;
    this.json = json;
    this.options = options;
  }

  void item(Context ctx) throws IOException {
    Item item = find(ctx);
    ctx.contentType("application/json").result(json.writeValueAsBytes(describe(item)));
  }

  /** An item as JSON: the hit's fields (id, path, metadata) plus what the index knows of its file. */
  static Map<String, Object> describe(Item item) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", item.id());
    out.put("path", item.path());
    out.put("contentHash", item.contentHash());
    out.put("size", item.size());
    out.put("modified", item.modified());
    out.put("width", item.width());
    out.put("height", item.height());
    out.put("metadata", new TreeMap<>(item.metadata()));
    return out;
  }

  void image(Context ctx) throws Exception {
    Item item = find(ctx);
    String size = ctx.queryParam("size");
    // The content hash names the bytes: a client may cache them for good (a changed file gets a new hash).
    ctx.header("ETag", "\"" + item.contentHash() + (size == null ? "" : "-" + size) + "\"");
    ctx.header("Cache-Control", "private, max-age=86400");
    if (size == null) {
      // The file is held in memory to check its hash (up to 64 MiB): a slot bounds how many are held at once.
      byte[] bytes = gate.run(() -> ItemFile.read(item));
      ctx.contentType(contentType(bytes)).result(bytes);
      return;
    }
    int box;
    try {
      box = Integer.parseInt(size);
    } catch (NumberFormatException e) {
      throw ApiError.of(400, "size must be an integer, got: " + size);
    }
    if (box < 16 || box > options.maxThumbnailSize()) {
      throw ApiError.bound(400, "max_thumbnail_size", options.maxThumbnailSize(),
          "size must be in 16.." + options.maxThumbnailSize() + " (--max-thumbnail-size), got: " + box);
    }
    // Making a thumbnail decodes a photo: it takes an inference slot, so thumbnails cannot starve searches.
    byte[] jpeg = gate.run(() -> {
      try {
        return thumbnails.get(item.contentHash(), box, () -> ItemFile.read(item), options.maxPixels());
      } catch (ImageDecodeException e) {
        throw ApiError.of(404, "item '" + item.id() + "' cannot be shown: " + e.reason());
      }
    });
    ctx.contentType("image/jpeg").result(jpeg);
  }

  private Item find(Context ctx) throws IOException {
    ServedIndex index = indexes.get(ctx.queryParam("index"));
    String id = ctx.pathParam("id");
    return index.loupe().store().get(id)
        .orElseThrow(() -> ApiError.of(404, "no item with id '" + id + "' in index '" + index.name() + "'"));
  }

  /** The image's media type from its signature (not from a file name, which may lie). */
  static String contentType(byte[] bytes) {
    try {
      return switch (ImageFormat.sniff(bytes, "item")) {
        case JPEG -> "image/jpeg";
        case PNG -> "image/png";
        case GIF -> "image/gif";
        case BMP -> "image/bmp";
        case WEBP -> "image/webp";
        case TIFF -> "image/tiff";
        default -> "application/octet-stream";
      };
    } catch (ImageDecodeException e) {
      return "application/octet-stream";
    }
  }

  static String extension(byte[] bytes) throws ImageDecodeException {
    return ImageFormat.sniff(bytes, "upload").name().toLowerCase(Locale.ROOT).replace("jpeg", "jpg");
  }
}
