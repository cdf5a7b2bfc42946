package io.captiond.captions.cea608;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Meters captions onto video frames: every frame carries exactly one pair for each 608 field (CC1
 * on field 1; padding 0x80 0x80 when there is nothing to send, and always on field 2) and the
 * rest of its {@code cc_count} triplets for DTVCC, so a cue never outruns the 608 channel (two
 * characters a frame, 60 a second at 30 fps). Cues queue behind each other in order; each is
 * told its pacing delay. Call {@link #nextFrame} once per video frame, in order, from frame 0.
 * Not thread-safe; one per output stream.
 */
public final class CaptionPacer {

  private record Slot(long frame, CcTriplet triplet) {}

  private final FrameRate rate;
  private final long maxBacklogFrames;
  private final ArrayDeque<Slot> field1 = new ArrayDeque<>();
  private final ArrayDeque<Slot> dtvcc = new ArrayDeque<>();
  private long frame;
  private long next608Frame;
  private long next708Frame;
  private int next708Slot;

  /** @param maxBacklogFrames how late a cue may be shown before it is refused */
  public CaptionPacer(FrameRate rate, long maxBacklogFrames) {
    if (maxBacklogFrames < 1) {
      throw new IllegalArgumentException("the backlog must allow at least one frame, was " + maxBacklogFrames);
    }
    this.rate = rate;
    this.maxBacklogFrames = maxBacklogFrames;
  }

  /**
   * Queues a cue's 608 pairs and its DTVCC triplets for stream time {@code atMs}. The triplets are
   * asked for only once the cue is accepted, so a refused cue leaves the 708 service's state alone.
   *
   * @throws CaptionBacklogException when the cue would be shown more than the backlog allows late;
   *     nothing is queued then
   */
  public PacedCue schedule(Cea608Burst burst, Supplier<List<CcTriplet>> dtvccTriplets, long atMs) {
    if (burst.isEmpty()) {
      return PacedCue.NOTHING;
    }
    long due = Math.max(frame, rate.frameAtOrAfter(atMs));
    long first = Math.max(due, next608Frame);
    long shown = first + burst.shownAt();
    if (shown - due > maxBacklogFrames) {
      throw new CaptionBacklogException(shown - due, maxBacklogFrames);
    }
    long at = first;
    for (Cea608Pair pair : burst.pairs()) {
      field1.add(new Slot(at++, CcTriplet.field(CcTriplet.FIELD_1, pair)));
    }
    next608Frame = Math.max(next608Frame, at);
    scheduleDtvcc(dtvccTriplets.get(), due);
    return new PacedCue(due, first, shown, rate.durationMs(shown - due));
  }

  private void scheduleDtvcc(List<CcTriplet> triplets, long due) {
    int perFrame = rate.ccCount() - 2;
    if (due > next708Frame) {
      next708Frame = due;
      next708Slot = 0;
    }
    for (CcTriplet triplet : triplets) {
      if (next708Slot == perFrame) {
        next708Frame++;
        next708Slot = 0;
      }
      dtvcc.add(new Slot(next708Frame, triplet));
      next708Slot++;
    }
  }

  /** The {@code cc_data()} of the next frame. */
  public CcData nextFrame() {
    int count = rate.ccCount();
    CcTriplet[] triplets = new CcTriplet[count];
    triplets[0] = due(field1) ? field1.poll().triplet() : CcTriplet.field(CcTriplet.FIELD_1, Cea608Pair.PADDING);
    triplets[1] = CcTriplet.FIELD_2_PADDING;
    for (int i = 2; i < count; i++) {
      triplets[i] = due(dtvcc) ? dtvcc.poll().triplet() : CcTriplet.DTVCC_PADDING;
    }
    frame++;
    return new CcData(List.of(triplets));
  }

  /** The index of the frame {@link #nextFrame} will fill. */
  public long frame() {
    return frame;
  }

  /** Frames until everything queued has been sent. */
  public long backlogFrames() {
    return Math.max(0, Math.max(next608Frame, dtvcc.isEmpty() ? 0 : next708Frame + 1) - frame);
  }

  private boolean due(ArrayDeque<Slot> queue) {
    return !queue.isEmpty() && queue.peek().frame() <= frame;
  }
}
