package io.captiond.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.util.logging.Logger;

/**
 * The process's ONNX Runtime environment, made with one shared intra-op thread pool of
 * {@link #sharedThreads()} threads: as many as a node's {@code whisper.threads} asks
 * ({@link #sizeSharedPool}), by default one per CPU the JVM may use.
 *
 * <p>By default every session has a pool of its own whose workers spin for a while after each run. A
 * Whisper live step runs three sessions in a row (encoder, prompt decoder, step decoder) and a node
 * runs several steps at once, so on a small machine the pools' workers contend for the same cores: on
 * 2 CPUs the shared pool made a 10 s live step of the synthetic tiny model 1.23-1.30x faster alone and
 * 1.16-1.26x with two at once ({@code load-tests/results/whisper-thread-pool-2026-12-02.md},
 * {@code ThreadPoolComparison}). By default it is sized by the CPUs the JVM sees, which honour a
 * container's CPU limit, where ONNX Runtime's own default counts the host's cores.
 *
 * <p>ONNX Runtime allows one environment per process, and only the first request decides whether it has
 * the shared pool: every caller in captiond goes through {@link #get()}. Where something else made the
 * environment first, there is no shared pool and {@link #useThreads} gives sessions pools of their own.
 */
public final class OnnxEnvironment {

  private static final Logger LOG = Logger.getLogger(OnnxEnvironment.class.getName());

  private static OrtEnvironment environment;
  private static boolean sharedPool;
  private static int poolThreads = Runtime.getRuntime().availableProcessors();

  private OnnxEnvironment() {}

  /** The environment, made on the first call. */
  public static synchronized OrtEnvironment get() {
    if (environment == null) {
      try (OrtEnvironment.ThreadingOptions threads = new OrtEnvironment.ThreadingOptions()) {
        threads.setGlobalIntraOpNumThreads(poolThreads);
        threads.setGlobalInterOpNumThreads(1); // sessions run their nodes in sequence: no inter-op pool
        environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "captiond", threads);
        sharedPool = true;
      } catch (IllegalStateException e) {
        LOG.warning(() -> "ONNX Runtime's environment was made before captiond's: no shared thread pool ("
            + e.getMessage() + ")");
        environment = OrtEnvironment.getEnvironment();
      } catch (OrtException e) {
        throw new IllegalStateException("cannot make ONNX Runtime's environment: " + e.getMessage(), e);
      }
    }
    return environment;
  }

  /**
   * Sizes the shared pool before the environment is made (a node's start calls it first thing); 0: one
   * thread per CPU available to the JVM. The environment keeps the pool it was made with: once made, a
   * request for another size is logged and ignored.
   */
  public static synchronized void sizeSharedPool(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("a pool of " + threads + " threads");
    }
    int size = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    if (environment == null) {
      poolThreads = size;
    } else if (size != poolThreads) {
      LOG.warning(() -> "ONNX Runtime's shared pool already has " + poolThreads + " threads; " + size
          + " asked too late (sessions asking for " + size + " get pools of their own)");
    }
  }

  /** The shared pool's threads. */
  public static synchronized int sharedThreads() {
    return poolThreads;
  }

  /** Whether {@link #useThreads} puts sessions asking for {@code intraOpThreads} on the shared pool. */
  public static synchronized boolean sharesPool(int intraOpThreads) {
    get();
    return sharedPool && (intraOpThreads <= 0 || intraOpThreads == poolThreads);
  }

  /**
   * Sets where sessions made with {@code options} run their parallel work: on the shared pool when
   * {@code intraOpThreads} is 0 (the default) or its size; else on a pool of their own of that size
   * (0 without a shared pool: ONNX Runtime's default size).
   */
  public static void useThreads(OrtSession.SessionOptions options, int intraOpThreads) throws OrtException {
    if (sharesPool(intraOpThreads)) {
      options.disablePerSessionThreads();
    } else if (intraOpThreads > 0) {
      options.setIntraOpNumThreads(intraOpThreads);
    }
  }
}
