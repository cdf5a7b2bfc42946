package io.captiond.captions;

import io.captiond.files.AtomicFiles;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * One stream's sequence numbers, for every event it publishes (finals, partials, cues). Only finals are
 * stored, yet a viewer may have seen a later partial or cue and come back with {@code since} = its number:
 * numbers reused after a crash would hide new finals from it. So a mark kept on disk stays a block ahead of
 * the numbers given out, and a restarted stream goes on above the mark: numbers only grow, across crashes
 * too, with a jump of at most {@link #BLOCK} at each restart.
 *
 * <p>{@link #open} blocks (call on a worker); {@link #next} runs on the stream's context and moves the mark
 * on a worker, half a block before it is reached.
 */
final class SeqNumbers {

  static final long BLOCK = 10_000;
  private static final Logger LOG = Logger.getLogger(SeqNumbers.class.getName());

  private final Vertx vertx;
  private final Path mark;
  private long seq;
  private long reserved;
  private boolean reserving;

  SeqNumbers(Vertx vertx, Path mark) {
    this.vertx = vertx;
    this.mark = mark;
  }

  /**
   * Goes on above {@code lastStored} and above the mark left by an earlier run; blocking. A disk that
   * refuses the mark does not stop the stream (its finals are held, see {@link PendingFinals}): the mark
   * is tried again half a block on.
   */
  void open(long lastStored) throws IOException {
    long left = read();
    seq = Math.max(lastStored, left);
    try {
      write(seq + BLOCK);
      reserved = seq + BLOCK;
    } catch (IOException e) {
      LOG.warning(() -> mark + ": cannot write the sequence mark: " + e.getMessage());
      reserved = seq + BLOCK / 2;
    }
  }

  long next() {
    seq++;
    if (!reserving && reserved - seq < BLOCK / 2) {
      reserving = true;
      long upTo = seq + BLOCK;
      vertx.executeBlocking(() -> {
        write(upTo);
        return null;
      }).onComplete(written -> {
        reserving = false;
        if (written.succeeded()) {
          reserved = upTo;
        } else {
          LOG.warning(() -> mark + ": cannot move the sequence mark: " + written.cause().getMessage());
        }
      });
    }
    return seq;
  }

  private long read() throws IOException {
    try {
      return Long.parseLong(Files.readString(mark, StandardCharsets.UTF_8).strip());
    } catch (NoSuchFileException e) {
      return 0;
    } catch (NumberFormatException e) {
      LOG.warning(() -> mark + ": unreadable sequence mark, going on from the stored captions");
      return 0;
    }
  }

  private void write(long upTo) throws IOException {
    Files.createDirectories(mark.getParent());
    AtomicFiles.replace(mark, Long.toString(upTo));
  }
}
