package dev.loupe.image;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The few libvips calls Loupe needs, as Foreign Function &amp; Memory downcalls (no wrapper library resolves from
 * our mirror). One instance per process, created by {@link #load()} through a holder: {@code vips_init} must run
 * once, and the method handles are immutable afterwards.
 *
 * <p>Callers own every {@code VipsImage*} they get and release it with {@link #unref}; buffers from
 * {@link #writeToMemory} are released with {@link #free}. Failures return {@code NULL}/non-zero as in C; the
 * reason is then taken with {@link #takeError()}.
 */
final class LibVips {
  /** Oldest libvips accepted: 8.12 added the loaders' {@code fail_on} option, which rejects truncated files. */
  static final int MIN_MAJOR = 8;
  static final int MIN_MINOR = 12;

  /** VipsInterpretation.VIPS_INTERPRETATION_sRGB (vips/image.h). */
  static final int INTERPRETATION_SRGB = 22;
  /** VipsBandFormat.VIPS_FORMAT_UCHAR. */
  static final int FORMAT_UCHAR = 0;

  // Library file names tried in order; the system property lets a user point at a build in a non-standard place.
  private static final String[] NAMES = {"libvips.so.42", "libvips.42.dylib", "libvips-42.dll", "libvips.so"};

  /** libvips loaded and initialised, or why not; computed once per process. */
  record Availability(LibVips lib, String version, String problem) {
    boolean available() {
      return lib != null;
    }
  }

  private static final class Holder {
    static final Availability AVAILABILITY = probe();
  }

  static Availability load() {
    return Holder.AVAILABILITY;
  }

  // The error buffer is one process-wide string that every failing call appends to: reading and clearing it must
  // not interleave between threads, or one file's reason would be cut from another's.
  private static final ReentrantLock ERROR_LOCK = new ReentrantLock();

  private final MethodHandle errorBuffer;
  private final MethodHandle errorClear;
  private final MethodHandle findLoadBuffer;
  private final MethodHandle newFromBuffer;
  private final MethodHandle getWidth;
  private final MethodHandle getHeight;
  private final MethodHandle getBands;
  private final MethodHandle getInt;
  private final MethodHandle autorot;
  private final MethodHandle iccTransform;
  private final MethodHandle getTypeof;
  private final MethodHandle colourspace;
  private final MethodHandle cast;
  private final MethodHandle writeToMemory;
  private final MethodHandle objectUnref;
  private final MethodHandle gFree;

  private LibVips(SymbolLookup lookup) {
    Linker linker = Linker.nativeLinker();
    errorBuffer = handle(linker, lookup, "vips_error_buffer", FunctionDescriptor.of(ADDRESS));
    errorClear = handle(linker, lookup, "vips_error_clear", FunctionDescriptor.ofVoid());
    findLoadBuffer = handle(linker, lookup, "vips_foreign_find_load_buffer",
        FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG));
    // VipsImage *vips_image_new_from_buffer(const void *buf, size_t len, const char *option_string, ...): NULL ends.
    newFromBuffer = handle(linker, lookup, "vips_image_new_from_buffer",
        FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS), Linker.Option.firstVariadicArg(3));
    getWidth = handle(linker, lookup, "vips_image_get_width", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    getHeight = handle(linker, lookup, "vips_image_get_height", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    getBands = handle(linker, lookup, "vips_image_get_bands", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    getInt = handle(linker, lookup, "vips_image_get_int",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    autorot = handle(linker, lookup, "vips_autorot",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), Linker.Option.firstVariadicArg(2));
    // int vips_icc_transform(VipsImage *in, VipsImage **out, const char *output_profile, ...) with "embedded" TRUE.
    iccTransform = handle(linker, lookup, "vips_icc_transform",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS),
        Linker.Option.firstVariadicArg(3));
    // GType vips_image_get_typeof(const VipsImage *image, const char *name): 0 when the field is absent.
    getTypeof = handle(linker, lookup, "vips_image_get_typeof", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
    colourspace = handle(linker, lookup, "vips_colourspace",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), Linker.Option.firstVariadicArg(3));
    cast = handle(linker, lookup, "vips_cast",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), Linker.Option.firstVariadicArg(3));
    writeToMemory = handle(linker, lookup, "vips_image_write_to_memory",
        FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    objectUnref = handle(linker, lookup, "g_object_unref", FunctionDescriptor.ofVoid(ADDRESS));
    gFree = handle(linker, lookup, "g_free", FunctionDescriptor.ofVoid(ADDRESS));
  }

  private static MethodHandle handle(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd,
      Linker.Option... options) {
    MemorySegment symbol = lookup.find(name)
        .orElseThrow(() -> new UnsatisfiedLinkError("libvips has no symbol " + name));
    return linker.downcallHandle(symbol, fd, options);
  }

  private static Availability probe() {
    String override = System.getProperty("loupe.vips.library");
    return probe(override != null ? new String[] {override} : NAMES);
  }

  /** Loads the first of {@code names} that exists and initialises it; package-private for tests of "missing". */
  static Availability probe(String[] names) {
    List<String> tried = new ArrayList<>();
    for (String name : names) {
      SymbolLookup lookup;
      try {
        // The global arena: the library stays loaded for the life of the process, like vips_init's state.
        lookup = SymbolLookup.libraryLookup(name, Arena.global());
      } catch (IllegalArgumentException e) {
        tried.add(name);
        continue;
      }
      try {
        return init(lookup);
      } catch (Throwable e) {
        return new Availability(null, null, "libvips (" + name + ") failed to initialise: " + e.getMessage());
      }
    }
    return new Availability(null, null, "libvips is not installed (tried " + String.join(", ", tried)
        + "); install it with: apt-get install libvips42");
  }

  private static Availability init(SymbolLookup lookup) throws Throwable {
    Linker linker = Linker.nativeLinker();
    MethodHandle version = handle(linker, lookup, "vips_version", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    int major = (int) version.invokeExact(0);
    int minor = (int) version.invokeExact(1);
    int micro = (int) version.invokeExact(2);
    String text = major + "." + minor + "." + micro;
    if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
      return new Availability(null, text, "libvips " + text + " is older than " + MIN_MAJOR + "." + MIN_MINOR
          + " (needed for fail_on, which rejects truncated files)");
    }
    MethodHandle vipsInit = handle(linker, lookup, "vips_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    try (Arena arena = Arena.ofConfined()) {
      if ((int) vipsInit.invokeExact(arena.allocateFrom("loupe")) != 0) {
        return new Availability(null, text, "libvips " + text + ": vips_init failed");
      }
    }
    // The operation cache keeps recent results (and the buffers they point into) alive for reuse; Loupe decodes
    // each file once, so caching only costs memory that no limit of ours would see.
    MethodHandle cacheMax = handle(linker, lookup, "vips_cache_set_max", FunctionDescriptor.ofVoid(JAVA_INT));
    cacheMax.invokeExact(0);
    silenceWarnings(linker, lookup);
    // Loupe already decodes one file per worker thread; libvips' own worker pool per image would oversubscribe.
    MethodHandle concurrency = handle(linker, lookup, "vips_concurrency_set", FunctionDescriptor.ofVoid(JAVA_INT));
    concurrency.invokeExact(1);
    return new Availability(new LibVips(lookup), text, null);
  }

  // GLogLevelFlags: G_LOG_LEVEL_WARNING | MESSAGE | INFO | DEBUG.
  private static final int QUIET_LEVELS = (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7);

  /**
   * libvips logs a warning on stderr for every damaged file it reads ("VIPS-WARNING **: not enough data", several
   * lines per file), around Loupe's one line per skipped file. What a failure means reaches Loupe through the
   * error buffer; the warnings of the "VIPS" log domain go to a handler that drops them.
   */
  private static void silenceWarnings(Linker linker, SymbolLookup lookup) throws Throwable {
    MethodHandle setHandler = handle(linker, lookup, "g_log_set_handler",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    MethodHandle drop = MethodHandles.lookup().findStatic(LibVips.class, "dropLog",
        MethodType.methodType(void.class, MemorySegment.class, int.class, MemorySegment.class, MemorySegment.class));
    MemorySegment stub = linker.upcallStub(drop, FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, ADDRESS),
        Arena.global());
    int unusedHandlerId = (int) setHandler.invokeExact(Arena.global().allocateFrom("VIPS"), QUIET_LEVELS, stub,
        MemorySegment.NULL);
  }

  @SuppressWarnings("unused") // called from native code through the upcall stub
  private static void dropLog(MemorySegment domain, int level, MemorySegment message, MemorySegment data) {}

  /** Takes and clears libvips' error text, flattened to one line; "unknown libvips error" when there is none. */
  String takeError() {
    ERROR_LOCK.lock();
    try {
      MemorySegment text = (MemorySegment) errorBuffer.invokeExact();
      String s = text.equals(MemorySegment.NULL) ? "" : text.reinterpret(64 * 1024).getString(0);
      errorClear.invokeExact();
      s = s.strip();
      return s.isEmpty() ? "unknown libvips error" : s;
    } catch (Throwable e) {
      throw rethrow(e);
    } finally {
      ERROR_LOCK.unlock();
    }
  }

  /** The loader's type name for these bytes ("VipsForeignLoadJpegBuffer"), or null when libvips knows no loader for them. */
  String findLoader(MemorySegment buffer) {
    try {
      MemorySegment name = (MemorySegment) findLoadBuffer.invokeExact(buffer, buffer.byteSize());
      return name.equals(MemorySegment.NULL) ? null : name.reinterpret(256).getString(0);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** A lazy image: libvips reads the header now, the pixels only when asked. NULL on failure. */
  MemorySegment newFromBuffer(MemorySegment buffer, MemorySegment options) {
    try {
      return (MemorySegment) newFromBuffer.invokeExact(buffer, buffer.byteSize(), options, MemorySegment.NULL);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  int width(MemorySegment image) {
    try {
      return (int) getWidth.invokeExact(image);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  int height(MemorySegment image) {
    try {
      return (int) getHeight.invokeExact(image);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  int bands(MemorySegment image) {
    try {
      return (int) getBands.invokeExact(image);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** An integer metadata field, or {@code fallback} when the image has none. */
  int intField(MemorySegment image, String name, int fallback) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(JAVA_INT);
      int rc = (int) getInt.invokeExact(image, arena.allocateFrom(name), out);
      if (rc != 0) {
        takeError(); // a missing field is not an error of the decode
        return fallback;
      }
      return out.get(JAVA_INT, 0);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** {@code vips_autorot}: the image turned upright by its EXIF orientation (a copy when already upright). */
  MemorySegment autorot(MemorySegment image, Arena arena) {
    try {
      MemorySegment out = arena.allocate(ADDRESS);
      int rc = (int) autorot.invokeExact(image, out, MemorySegment.NULL);
      return rc == 0 ? out.get(ADDRESS, 0) : MemorySegment.NULL;
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** Whether the image carries an embedded ICC profile. */
  boolean hasIccProfile(MemorySegment image) {
    try (Arena arena = Arena.ofConfined()) {
      return (long) getTypeof.invokeExact(image, arena.allocateFrom("icc-profile-data")) != 0;
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** From the embedded ICC profile to libvips' built-in sRGB profile, 8 bits. NULL on failure. */
  MemorySegment iccToSrgb(MemorySegment image, Arena arena) {
    try {
      MemorySegment out = arena.allocate(ADDRESS);
      int rc = (int) iccTransform.invokeExact(image, out, arena.allocateFrom("srgb"),
          arena.allocateFrom("embedded"), 1, MemorySegment.NULL);
      return rc == 0 ? out.get(ADDRESS, 0) : MemorySegment.NULL;
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** {@code vips_colourspace(in, &out, sRGB)}: grey, 16-bit, CMYK, Lab... to 8-bit sRGB. NULL on failure. */
  MemorySegment toSrgb(MemorySegment image, Arena arena) {
    try {
      MemorySegment out = arena.allocate(ADDRESS);
      int rc = (int) colourspace.invokeExact(image, out, INTERPRETATION_SRGB, MemorySegment.NULL);
      return rc == 0 ? out.get(ADDRESS, 0) : MemorySegment.NULL;
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** {@code vips_cast(in, &out, UCHAR)}, clipping. NULL on failure. */
  MemorySegment toUchar(MemorySegment image, Arena arena) {
    try {
      MemorySegment out = arena.allocate(ADDRESS);
      int rc = (int) cast.invokeExact(image, out, FORMAT_UCHAR, MemorySegment.NULL);
      return rc == 0 ? out.get(ADDRESS, 0) : MemorySegment.NULL;
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /**
   * Computes the image into a fresh g_malloc'd buffer of {@code size} bytes (band-interleaved rows); this is
   * where the pixels are decoded. NULL on failure. Free with {@link #free}.
   */
  MemorySegment writeToMemory(MemorySegment image, long expectedSize, Arena arena) {
    try {
      MemorySegment size = arena.allocate(JAVA_LONG);
      MemorySegment data = (MemorySegment) writeToMemory.invokeExact(image, size);
      if (data.equals(MemorySegment.NULL)) return data;
      if (size.get(JAVA_LONG, 0) != expectedSize) {
        free(data);
        throw new IllegalStateException("libvips wrote " + size.get(JAVA_LONG, 0) + " bytes, expected " + expectedSize);
      }
      return data.reinterpret(expectedSize);
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  void unref(MemorySegment object) {
    if (object == null || object.equals(MemorySegment.NULL)) return;
    try {
      objectUnref.invokeExact(object);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  void free(MemorySegment buffer) {
    if (buffer == null || buffer.equals(MemorySegment.NULL)) return;
    try {
      gFree.invokeExact(buffer);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  // invokeExact declares Throwable; the downcalls themselves throw nothing checked.
  private static RuntimeException rethrow(Throwable e) {
    if (e instanceof RuntimeException r) return r;
    if (e instanceof Error err) throw err;
    return new IllegalStateException(e);
  }
}
