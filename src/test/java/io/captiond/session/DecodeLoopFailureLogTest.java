package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AudioWindow;
import io.captiond.asr.Transcript;
import io.captiond.asr.WordTiming;
import io.captiond.logging.RepeatThrottle;
import io.captiond.testing.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a stream whose recognizer keeps failing writes to the log: the first window in full, then counts. */
class DecodeLoopFailureLogTest {

  private static final String NO_HANDLERS = "No handlers for address asr.transcribe";

  private final AtomicLong now = new AtomicLong(1_000);
  private final List<DecodeJob> gaps = new ArrayList<>();
  private final Logger logger = Logger.getLogger(DecodeLoop.class.getName());
  private final CaptionPolicy policy = new CaptionPolicy() {
    @Override
    public List<DecodeJob> onAudio(short[] samples) {
      return List.of();
    }

    @Override
    public List<DecodeJob> onSpeechStart(long sample) {
      return List.of();
    }

    @Override
    public List<DecodeJob> onSpeechEnd(long sample) {
      return List.of();
    }

    @Override
    public List<DecodeJob> onEndOfStream() {
      return List.of();
    }

    @Override
    public List<CaptionUpdate> onTranscript(DecodeJob job, Transcript transcript) {
      return List.of();
    }

    @Override
    public void onSkipped(DecodeJob job) {}

    @Override
    public String prompt() {
      return "";
    }
  };
  private final DecodeLoop loop = new DecodeLoop("s", policy, 16, (job, prompt, attempt) -> {}, new DecodeLoop.Listener() {
    @Override
    public void transcribed(DecodeJob job, List<CaptionUpdate> updates) {}

    @Override
    public void gap(DecodeJob job, String why) {
      gaps.add(job);
    }
  }, now::get);
  private LogCapture capture;
  private List<String> lines;

  @BeforeEach
  void capture() {
    logger.setUseParentHandlers(false);
    capture = LogCapture.of(DecodeLoop.class);
    lines = capture.messages();
  }

  @AfterEach
  void release() {
    capture.close();
    logger.setUseParentHandlers(true);
  }

  @Test
  void theFirstFailedWindowIsLoggedInFullAndTheRestOfTheIntervalIsCountedOnly() {
    for (int window = 0; window < 5; window++) {
      failTwice(window * 2_000L, NO_HANDLERS);
      now.addAndGet(1_000);
    }
    assertEquals(List.of("stream s: window at 0 ms failed (" + NO_HANDLERS + "), retrying once",
        "stream s: gap in captions from 0 to 10 ms: " + NO_HANDLERS), lines);
    assertEquals(5, gaps.size(), "every gap is still heard");
    assertEquals(5, loop.gaps());
  }

  @Test
  void aFailureThatGoesOnGetsOneSummaryLinePerInterval() {
    for (int window = 0; window < 25; window++) {
      failTwice(window * 2_000L, NO_HANDLERS);
      now.addAndGet(1_000);
      loop.logHeldFailuresIfDue();
    }
    assertEquals(4, lines.size(), lines.toString());
    assertEquals("stream s: 9 more windows failed the same way in the last 10 s, 9 of them left as gaps in captions"
        + " (the first 10 s ago); the latest: " + NO_HANDLERS, lines.get(2));
    assertTrue(lines.get(3).startsWith("stream s: 10 more windows failed the same way in the last 10 s, 10 of them left as gaps"
        + " in captions (the first 20 s ago)"), lines.get(3));
    assertEquals(25, loop.gaps());
  }

  @Test
  void aDifferentFailureAndARecoveryAreLoggedAtOnce() {
    failTwice(0, NO_HANDLERS);
    failTwice(2_000, NO_HANDLERS);
    failTwice(4_000, "Timed out after waiting 3000(ms) for a reply");
    assertEquals(List.of("stream s: window at 0 ms failed (" + NO_HANDLERS + "), retrying once",
        "stream s: gap in captions from 0 to 10 ms: " + NO_HANDLERS,
        "stream s: 1 more window failed the same way in the last 0 s, 1 of them left as gaps in captions"
            + " (the first 0 s ago); the latest: " + NO_HANDLERS,
        "stream s: window at 4000 ms failed (Timed out after waiting 3000(ms) for a reply), retrying once",
        "stream s: gap in captions from 4000 to 4010 ms: Timed out after waiting 3000(ms) for a reply"), lines);

    lines.clear();
    failTwice(6_000, "Timed out after waiting 2000(ms) for a reply");
    DecodeJob heard = job(8_000);
    loop.offer(List.of(heard));
    loop.succeeded(heard, new Transcript(List.of(), "en", WordTiming.ALIGNED));
    assertEquals(List.of("stream s: 1 more window failed the same way in the last 0 s, 1 of them left as gaps in"
        + " captions (the first 0 s ago); the latest: Timed out after waiting 2000(ms) for a reply",
        "stream s: windows transcribed again after 4 given up"), lines);
  }

  @Test
  void aGapThatFailedOtherwiseThanItsFirstTryIsLoggedInFull() {
    failTwice(0, NO_HANDLERS);
    DecodeJob job = job(2_000);
    loop.offer(List.of(job));
    loop.failed(job, NO_HANDLERS);
    loop.failed(job, "no ASR worker could take the window: tried [a]");
    assertEquals("stream s: gap in captions from 2000 to 2010 ms: no ASR worker could take the window: tried [a]",
        lines.get(lines.size() - 1));
    assertEquals(3, lines.size(), lines.toString());
  }

  @Test
  void whatIsHeldIsLoggedWhenTheStreamStops() {
    failTwice(0, NO_HANDLERS);
    failTwice(2_000, NO_HANDLERS);
    loop.logHeldFailures();
    assertEquals(3, lines.size());
    assertTrue(lines.get(2).startsWith("stream s: 1 more window failed the same way"), lines.get(2));
    assertTrue(RepeatThrottle.INTERVAL_MS >= 1_000);
  }

  private void failTwice(long startMs, String why) {
    DecodeJob job = job(startMs);
    loop.offer(List.of(job));
    loop.failed(job, why);
    loop.failed(job, why);
  }

  private static DecodeJob job(long startMs) {
    return new DecodeJob(DecodeJob.Kind.FINAL, 1, new AudioWindow(startMs, new short[160]));
  }
}
