package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AudioWindow;
import org.junit.jupiter.api.Test;

class DecodeQueueTest {

  private final DecodeQueue queue = new DecodeQueue(2);

  @Test
  void runsOneJobAtATimeInOrder() {
    queue.offer(job(DecodeJob.Kind.FINAL, 0));
    queue.offer(job(DecodeJob.Kind.FINAL, 1));
    DecodeJob first = queue.start().orElseThrow();
    assertEquals(0, first.window().startMs());
    assertTrue(queue.start().isEmpty(), "one in flight");
    queue.finished();
    assertEquals(1, queue.start().orElseThrow().window().startMs());
    queue.finished();
    assertTrue(queue.idle());
  }

  @Test
  void aNewPartialReplacesWaitingPartialsButNotFinals() {
    queue.offer(job(DecodeJob.Kind.PARTIAL, 0));
    queue.offer(job(DecodeJob.Kind.FINAL, 1));
    queue.offer(job(DecodeJob.Kind.PARTIAL, 2));
    queue.offer(job(DecodeJob.Kind.PARTIAL, 3));
    assertEquals(2, queue.depth());
    assertEquals(1, queue.start().orElseThrow().window().startMs());
    queue.finished();
    assertEquals(3, queue.start().orElseThrow().window().startMs());
  }

  @Test
  void tooManyWaitingFinalsDropTheOldestAndCountIt() {
    queue.offer(job(DecodeJob.Kind.FINAL, 0));
    queue.offer(job(DecodeJob.Kind.FINAL, 1));
    queue.offer(job(DecodeJob.Kind.FINAL, 2));
    assertEquals(1, queue.droppedFinals());
    assertEquals(1, queue.start().orElseThrow().window().startMs());
  }

  private static DecodeJob job(DecodeJob.Kind kind, long startMs) {
    return new DecodeJob(kind, 1, new AudioWindow(startMs, new short[16]));
  }
}
