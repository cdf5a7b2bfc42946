package io.captiond.loadtest;

import java.io.IOException;
import java.util.List;

/**
 * Reads a step's cue figures from the server's {@code /metrics}: once before its streams are created and
 * once after the drain, when the streams have ended (a stream's last subtitle segment is listed as it ends,
 * after the publisher's reconnect grace), waiting at most {@link #ENDING_MS} for that.
 */
final class CueProbe {

  /** How long the cue figures wait after the drain for the streams to end (the grace is 10 s by default). */
  static final long ENDING_MS = 25_000;

  private final String before;

  private CueProbe(String before) {
    this.before = before;
  }

  /** The first reading: call before the step's streams are created. */
  static CueProbe start(ServerApi api) {
    return new CueProbe(scrape(api));
  }

  /** The step's figures; a pull step has no HLS output, so nothing to wait for. */
  CueFigures finish(ServerApi api, ServerProcess server, List<LiveStream> streams, boolean pull, Deadline step)
      throws IOException {
    int ended = pull ? 0 : awaitEnded(api, server, streams, step.within("streams ending", ENDING_MS));
    return CueFigures.of(before, scrape(api)).withStreamsEnded(ended);
  }

  /** Waits, at most until {@code deadline}, for the streams to end; returns how many did. */
  private static int awaitEnded(ServerApi api, ServerProcess server, List<LiveStream> streams, Deadline deadline)
      throws IOException {
    while (true) {
      int ended = 0;
      for (LiveStream stream : streams) {
        stream.poll(api);
        ended += stream.ended() ? 1 : 0;
      }
      StepRunner.checkServer(server);
      if (ended == streams.size() || deadline.passed()) {
        if (ended < streams.size()) {
          System.out.println("  " + (streams.size() - ended) + " streams not ended after " + ENDING_MS / 1000
              + " s: the cues of their last segments are not counted");
        }
        return ended;
      }
      deadline.sleep(500);
    }
  }

  /** The server's {@code /metrics}, or nothing (its figures left out) when it cannot be read. */
  private static String scrape(ServerApi api) {
    try {
      return api.metrics();
    } catch (IOException e) {
      System.err.println("  could not read /metrics: " + e.getMessage());
      return "";
    }
  }
}
