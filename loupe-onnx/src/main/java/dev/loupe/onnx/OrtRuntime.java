package dev.loupe.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process-wide ONNX Runtime environment, created once on a thread with a large stack: ORT 1.29 can crash
 * the JVM while setting up its environment on a default 1 MB stack when the classpath string is long.
 */
public final class OrtRuntime {
  private static final long STACK_BYTES = 64L << 20;

  private OrtRuntime() {}

  public static OrtEnvironment environment() {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "loupe");
        env.setTelemetry(false); // ORT_DISABLE_TELEMETRY=1 covers start-up; this covers embedding programs
        result.set(env);
      } catch (Throwable e) {
        result.set(e);
      }
    }, "ort-init", STACK_BYTES);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting ONNX Runtime", e);
    }
    if (result.get() instanceof OrtEnvironment env) return env;
    throw new IllegalStateException("ONNX Runtime could not start: " + result.get(), (Throwable) result.get());
  }

  /**
   * A session for a model's bytes with every graph optimisation, {@code intraOpThreads} threads per call and no
   * inter-op parallelism: callers run one call per core themselves.
   */
  public static OrtSession session(OrtEnvironment env, byte[] model, int intraOpThreads) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
      options.setInterOpNumThreads(1);
      return env.createSession(model, options);
    }
  }
}
