package io.captiond.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkerDirectoryTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final WorkerDirectory directory = new WorkerDirectory(now::get);

  static WorkerInfo worker(String node, int inFlight, String... engines) {
    return new WorkerInfo(node, engines[0], List.of(engines).stream()
        .map(e -> new EngineCatalog.Description(e, "test", "CPU", 1, "-", 0)).toList(), 4, inFlight, 0);
  }

  @Test
  void picksOnlyWorkersThatServeTheEngineAndPrefersTheOneWithMoreRoom() {
    directory.heard(worker("a", 3, "pocketsphinx"));
    directory.heard(worker("b", 1, "pocketsphinx", "whisper-base"));
    directory.heard(worker("c", 0, "whisper-base"));
    assertEquals(Optional.of("b"), directory.pick("pocketsphinx", Set.of()));
    assertEquals(Optional.of("a"), directory.pick("pocketsphinx", Set.of("b")));
    assertEquals(Optional.of("c"), directory.pick("whisper-base", Set.of()));
    assertEquals(Optional.empty(), directory.pick("whisper-large", Set.of()));
    assertEquals(Optional.of("c"), directory.pick(null, Set.of("a", "b")), "no engine: a worker's default");
    assertEquals(Set.of("pocketsphinx", "whisper-base"), directory.served());
  }

  @Test
  void workersWithTheSameRoomTakeTurns() {
    directory.heard(worker("a", 0, "e"));
    directory.heard(worker("b", 0, "e"));
    Set<String> picked = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      picked.add(directory.pick("e", Set.of()).orElseThrow());
    }
    assertEquals(Set.of("a", "b"), picked);
  }

  @Test
  void aSilentWorkerIsNoLongerPickedAndOneThatLeftIsGoneAtOnce() {
    directory.heard(worker("a", 0, "e"));
    directory.heard(worker("b", 0, "e"));
    now.addAndGet(WorkerDirectory.STALE_MS - 100);
    directory.heard(worker("a", 0, "e"));
    now.addAndGet(200);
    assertEquals(List.of("a"), directory.workers().stream().map(WorkerInfo::nodeId).toList(), "b went quiet");
    directory.left("a");
    assertTrue(directory.workers().isEmpty());
    assertEquals(Optional.empty(), directory.pick("e", Set.of()));
  }
}
