package io.captiond.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch holding one window the engine refuses: that window fails alone, the rest of the batch goes on. */
class BatchRunTest {

  /** Throws on the whole batch when any window in it is NaN-marked (start 13 ms), as a model run would. */
  static final class StrictEngine implements BatchAsrEngine {
    final List<Integer> calls = new ArrayList<>();
    final AsrWorkerBatchingTest.FakeBatchEngine fake = new AsrWorkerBatchingTest.FakeBatchEngine("s");

    @Override
    public List<Outcome> transcribeAll(List<AudioWindow> windows, List<TranscribeOptions> options) {
      calls.add(windows.size());
      if (windows.stream().anyMatch(w -> w.startMs() == 13)) {
        throw new IllegalStateException("NaN in the encoder output");
      }
      return fake.transcribeAll(windows, options);
    }

    @Override
    public int maxBatch() {
      return 4;
    }

    @Override
    public long batchWaitMs() {
      return 10;
    }

    @Override
    public String name() {
      return "s";
    }

    @Override
    public WordTiming wordTiming() {
      return WordTiming.DERIVED;
    }

    @Override
    public Transcript transcribe(AudioWindow window, TranscribeOptions options) {
      throw new AssertionError("batched");
    }

    @Override
    public void close() {}
  }

  static AsrRequest request(long startMs, long deadlineMs) {
    return new AsrRequest("stream" + startMs, null, TranscribeOptions.of("en"),
        new AudioWindow(startMs, new short[160]), deadlineMs);
  }

  @Test
  void aBatchWithOneBadWindowFailsOnlyThatWindow() {
    StrictEngine engine = new StrictEngine();
    BatchRun run = new BatchRun(engine, List.of(request(100, AsrRequest.NO_DEADLINE),
        request(13, AsrRequest.NO_DEADLINE), request(300, AsrRequest.NO_DEADLINE)));
    List<BatchAsrEngine.Outcome> outcomes = run.call();
    assertNull(outcomes.get(0).failure());
    assertEquals("s100", outcomes.get(0).transcript().segments().get(0).text());
    assertTrue(outcomes.get(1).failure().getMessage().contains("NaN"), "" + outcomes.get(1));
    assertEquals("s300", outcomes.get(2).transcript().segments().get(0).text());
    assertEquals(List.of(3, 1, 1, 1), engine.calls, "the whole batch, then each window alone");
  }

  @Test
  void windowsPastTheirDeadlineAreLeftOutOfTheBatch() {
    StrictEngine engine = new StrictEngine();
    BatchRun run = new BatchRun(engine, List.of(request(100, System.currentTimeMillis() - 5),
        request(200, AsrRequest.NO_DEADLINE)));
    List<BatchAsrEngine.Outcome> outcomes = run.call();
    assertTrue(outcomes.get(0).failure() instanceof BatchRun.Expired);
    assertEquals("s200", outcomes.get(1).transcript().segments().get(0).text());
    assertEquals(List.of(1), engine.calls);
    assertEquals(1, run.ran());
  }
}
