package io.captiond.asr;

import java.util.ArrayList;
import java.util.List;

/**
 * One call of a {@link BatchAsrEngine} for the requests a worker gathered, run on a worker thread:
 * requests past their deadline by now are left out (answered {@link Expired}), and a batch the engine
 * throws on as a whole is run again window by window, so that one window the engine refuses fails
 * alone and the rest of its batch goes on.
 */
final class BatchRun {

  /** The window's deadline passed before a thread took it up; it was not transcribed. */
  static final class Expired extends AsrException {
    Expired() {
      super("deadline passed before the window was taken up");
    }
  }

  private final BatchAsrEngine engine;
  private final List<AsrRequest> requests;
  private int ran;

  BatchRun(BatchAsrEngine engine, List<AsrRequest> requests) {
    this.engine = engine;
    this.requests = List.copyOf(requests);
  }

  /** One outcome per request, in order. */
  List<BatchAsrEngine.Outcome> call() {
    long now = System.currentTimeMillis();
    List<Integer> live = new ArrayList<>();
    BatchAsrEngine.Outcome[] outcomes = new BatchAsrEngine.Outcome[requests.size()];
    for (int i = 0; i < requests.size(); i++) {
      if (requests.get(i).expired(now)) {
        outcomes[i] = BatchAsrEngine.Outcome.failed(new Expired());
      } else {
        live.add(i);
      }
    }
    ran = live.size();
    if (!live.isEmpty()) {
      List<BatchAsrEngine.Outcome> got = transcribe(live);
      for (int k = 0; k < live.size(); k++) {
        outcomes[live.get(k)] = got.get(k);
      }
    }
    return List.of(outcomes);
  }

  /** Windows that went to the engine. */
  int ran() {
    return ran;
  }

  private List<BatchAsrEngine.Outcome> transcribe(List<Integer> which) {
    List<AudioWindow> windows = which.stream().map(i -> requests.get(i).window()).toList();
    List<TranscribeOptions> options = which.stream().map(i -> requests.get(i).options()).toList();
    try {
      return engine.transcribeAll(windows, options);
    } catch (RuntimeException e) {
      if (which.size() == 1) {
        return List.of(BatchAsrEngine.Outcome.failed(new AsrException(e.toString(), e)));
      }
      // one bad window must not fail the windows of other streams that shared its batch
      List<BatchAsrEngine.Outcome> alone = new ArrayList<>();
      for (int i : which) {
        alone.addAll(transcribe(List.of(i)));
      }
      return alone;
    }
  }
}
