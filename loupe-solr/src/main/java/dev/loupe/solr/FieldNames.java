package dev.loupe.solr;

/**
 * Names of the fields of Loupe's Solr schema ({@code configset/schema.xml}), and the escaping of a catalogue
 * column into a dynamic field name: Solr field names are safest as letters, digits and underscores, so every
 * other character (the underscore included) becomes {@code _XXXX}, its UTF-16 code in hex.
 */
final class FieldNames {
  private FieldNames() {}

  static final String ID = "id";
  static final String KIND = "loupe_kind";
  static final String PATH = "path";
  static final String CONTENT_HASH = "content_hash";
  static final String SIZE = "size";
  static final String MODIFIED = "modified";
  static final String WIDTH = "width";
  static final String HEIGHT = "height";
  static final String VECTOR = "vector";
  static final String META = "meta_";
  static final String SPEC = "spec_";

  static final String ITEM_KIND = "item";
  static final String SPEC_KIND = "spec";
  /** The id of the document holding the index spec; refused as an item id. */
  static final String SPEC_ID = "loupe:index-spec";

  static String escape(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        out.append(c);
      } else {
        out.append('_').append(String.format("%04x", (int) c));
      }
    }
    return out.toString();
  }

  static String unescape(String field) {
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '_' && i + 5 <= field.length()) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 5), 16));
        i += 4;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The field a filter key is matched against: the item's id and path, else its metadata column. */
  static String filterField(String key) {
    return switch (key) {
      case "id" -> ID;
      case "path" -> PATH;
      default -> META + escape(key);
    };
  }
}
