package io.captiond.media;

import java.util.ArrayDeque;

/**
 * Remembers when (wall clock) the audio up to each stream time arrived, so that the lag of a
 * caption can be measured as "announced at" minus "its last audio arrived at". The clock it keeps:
 * the wall time (epoch ms, as the lag is reported) at which each stream time arrived. Keeps a
 * bounded history; pure, single-threaded.
 */
public final class ArrivalClock {

  private record Mark(long streamEndMs, long wallMs) {}

  private final ArrayDeque<Mark> marks = new ArrayDeque<>();
  private final int capacity;

  public ArrivalClock(int capacity) {
    this.capacity = capacity;
  }

  public void arrived(long streamEndMs, long wallMs) {
    if (marks.size() == capacity) {
      marks.removeFirst();
    }
    marks.addLast(new Mark(streamEndMs, wallMs));
  }

  /** Wall time at which audio reaching {@code streamMs} had arrived, or -1 if it is older than the history. */
  public long arrivalOf(long streamMs) {
    for (Mark mark : marks) {
      if (mark.streamEndMs >= streamMs) {
        return mark == marks.peekFirst() && streamMs < mark.streamEndMs - 1000 ? -1 : mark.wallMs;
      }
    }
    Mark last = marks.peekLast();
    return last == null ? -1 : last.wallMs;
  }
}
