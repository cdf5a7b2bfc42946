package io.captiond.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The messages one logger writes while a test runs (java.util.logging); close it to stop listening. */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final Level levelBefore;
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      messages.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private LogCapture(Logger logger, Level level) {
    this.logger = logger;
    this.levelBefore = logger.getLevel();
    if (level != null) {
      logger.setLevel(level);
    }
    logger.addHandler(handler);
  }

  /** Listens to the logger named after {@code source}, as the classes here name theirs. */
  public static LogCapture of(Class<?> source) {
    return new LogCapture(Logger.getLogger(source.getName()), null);
  }

  /** The same, with the logger set to {@code level} (e.g. FINE) until closed. */
  public static LogCapture of(Class<?> source, Level level) {
    return new LogCapture(Logger.getLogger(source.getName()), level);
  }

  /** The messages so far, and those to come: a live, thread-safe list. */
  public List<String> messages() {
    return messages;
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setLevel(levelBefore);
  }
}
