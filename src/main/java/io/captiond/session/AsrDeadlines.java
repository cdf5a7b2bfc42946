package io.captiond.session;

import io.captiond.asr.AudioWindow;
import io.captiond.asr.WorkerDirectory;

/**
 * How sessions reach the ASR workers: the process's {@link WorkerDirectory} to pick a worker from, and
 * how long a window is given, which follows its length: {@code length × maxRealTimeFactor + floorMs}.
 * A 2 s partial is given up long before a 25 s final, and neither waits a fixed minute.
 *
 * @param directory the workers heard from; never {@code null} (empty: requests go round-robin)
 * @param floorMs the least time any window is given (the round trip and a model's fixed cost)
 * @param maxRealTimeFactor the slowest engine time per second of audio still worth waiting for
 */
public record AsrDeadlines(WorkerDirectory directory, long floorMs, double maxRealTimeFactor) {

  public AsrDeadlines {
    if (floorMs < 1 || !(maxRealTimeFactor > 0)) {
      throw new IllegalArgumentException("floor " + floorMs + " ms and real-time factor " + maxRealTimeFactor
          + " must be positive");
    }
  }

  /** How long {@code window} may take, from the moment it is sent. */
  public long budgetMs(AudioWindow window) {
    return floorMs + Math.round(window.durationMs() * maxRealTimeFactor);
  }
}
