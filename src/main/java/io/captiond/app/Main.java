package io.captiond.app;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar captiond.jar [--config FILE]}: runs a node until it is interrupted. Exit code 2
 * and a message naming the key when the configuration is bad; 1 when start-up fails otherwise.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("java.util.logging.manager") == null) {
      // keeps the log open while the shutdown hook drains (the JDK's own hook would close it first)
      System.setProperty("java.util.logging.manager", ShutdownLogManager.class.getName());
    }
    if (System.getProperty("java.util.logging.config.file") == null) {
      // one line per record, before the first logger reads the format
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
    }
    Path configFile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> {
          if (i + 1 >= args.length) {
            usage("--config needs a file");
          }
          configFile = Path.of(args[++i]);
        }
        case "-h", "--help" -> {
          System.out.println(USAGE);
          return;
        }
        default -> usage("unknown argument " + args[i]);
      }
    }
    String fromEnv = System.getenv(Config.ENV_CONFIG_FILE);
    if (configFile == null && fromEnv != null && !fromEnv.isBlank()) {
      configFile = Path.of(fromEnv);
    }
    Captiond node;
    try {
      node = Captiond.start(Config.load(configFile, System.getenv()));
    } catch (ConfigException e) {
      System.err.println("captiond: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    } catch (Exception e) {
      System.err.println("captiond: failed to start: " + e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM and Ctrl-C run the hook: a drained stop, bounded by node.drain_ms (Captiond#shutdown)
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.shutdown();
      stopped.countDown();
      if (java.util.logging.LogManager.getLogManager() instanceof ShutdownLogManager logs) {
        logs.resetAfterShutdown();
      }
    }, "captiond-shutdown"));
    stopped.await();
  }

  private static final String USAGE = """
      usage: java -jar captiond.jar [--config FILE]
        --config FILE   YAML overrides of the embedded defaults (conf/captiond.yaml documents every key);
                        also from CAPTIOND_CONFIG. Any key can be set as CAPTIOND_<KEY_PATH>,
                        e.g. CAPTIOND_HTTP_PORT=8081.""";

  private static void usage(String problem) {
    System.err.println("captiond: " + problem + "\n" + USAGE);
    System.exit(2);
  }
}
