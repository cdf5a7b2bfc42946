package io.captiond.captions.hls;

import io.captiond.captions.CueLayout;
import io.captiond.media.hls.HlsFolder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Cuts confirmed cues into WebVTT segments on the video's segment boundaries, under the video's
 * media sequence numbers, and decides when each may be published. Pure: time comes in as
 * arguments (stream ms for media, a monotonic {@code nowMs} for the hold-back); one per stream,
 * not thread-safe.
 *
 * <p>A cue goes into every segment it overlaps ({@code start < segment end && end > segment
 * start}), so a cue that spans a boundary is repeated in both; it keeps its own times, and its id
 * (its start) lets players drop the repeat.
 *
 * <p>Hold-back: segment N is published, in order, once the captions before its end are settled
 * ({@link #settledUntil}: every cue that starts before that stream time is known), or once its
 * budget has run out (then as it is), or when the stream has finished. The budget ({@link HoldBackBudget})
 * is {@code holdbackMs} from when the engine had transcribed the segment's audio ({@link #transcribedUntil}),
 * stretched to the measured lag of the settled captions; the first {@code startSegments} segments wait for
 * their captions up to twice the hold-back; {@code maxHoldMs} bounds any wait from when the segment was seen.
 * The published segments slide in a window of {@code windowSegments}, as the video's do.
 *
 * <p>Paced (synced mode, where the listing is the served video's): a segment whose captions are ready is still
 * published no sooner than the stream's {@link SteadyVideoDelay} after it was seen, a delay that rises at once to
 * the longest any segment lately waited for its captions and falls back slowly; so the video reaches players at
 * its own even pace, and a segment that waited longer than the ones before does not eat into the cushion the
 * players started with.
 *
 * <p>A cue that comes after every segment it overlaps went out (the budget ran out first) is not
 * dropped: it travels, with its own times, in the next segment published. Players stay about three
 * segments behind the live edge, so they still show it on time; a cue is never lost from the rendition.
 * When the stream has finished and no segment is left to carry such cues (the last words are
 * confirmed after the video ended), the last segment is published again with them.
 */
public final class SubtitleSegmenter {

  /**
   * @param holdbackMs the longest a segment waits for its captions once its audio is transcribed; 0 publishes
   *     at once
   * @param startSegments the first segments of the stream, which wait at most twice {@code holdbackMs} in all
   * @param maxHoldMs the longest any segment waits from when it was seen (at least {@code holdbackMs})
   * @param videoDelayMs paced: the least delay after which a segment is published once seen, and the one the
   *     stream starts with (at most {@code maxHoldMs}); {@link #NOT_PACED}: each goes once its captions are ready
   */
  public record Config(long holdbackMs, int windowSegments, int startSegments, long maxHoldMs, long videoDelayMs) {

    /** Segments go as soon as their captions are ready (live mode: the video is not listed with them). */
    public static final long NOT_PACED = -1;

    public Config {
      if (holdbackMs < 0 || windowSegments < 1 || startSegments < 0 || maxHoldMs < holdbackMs) {
        throw new IllegalArgumentException("need holdback >= 0, a window of at least one segment, start segments"
            + " >= 0 and a longest hold of at least the hold-back, were " + holdbackMs + " ms, " + windowSegments
            + ", " + startSegments + ", " + maxHoldMs + " ms");
      }
      if (videoDelayMs < NOT_PACED || videoDelayMs > maxHoldMs) {
        throw new IllegalArgumentException("the least video delay is 0.." + maxHoldMs + " ms (the longest hold), or "
            + NOT_PACED + " for none, was " + videoDelayMs);
      }
    }

    /** Not paced. */
    public Config(long holdbackMs, int windowSegments, int startSegments, long maxHoldMs) {
      this(holdbackMs, windowSegments, startSegments, maxHoldMs, NOT_PACED);
    }

    /** Each segment waits at most {@code holdbackMs} from when it was seen, the first ones too; not paced. */
    public Config(long holdbackMs, int windowSegments) {
      this(holdbackMs, windowSegments, 0, holdbackMs);
    }
  }

  /**
   * A video segment as the subtitles follow it.
   *
   * @param timestampMap the {@code X-TIMESTAMP-MAP=...} line tying its stream time to its PTS
   * @param uri where players fetch the video segment: a file name beside the playlist, or absolute
   * @param discontinuitySequence its discontinuity sequence number (RFC 8216 §4.3.3.3); a change from the
   *     previous segment is an {@code EXT-X-DISCONTINUITY}
   */
  public record VideoSegment(long sequence, long startMs, long endMs, String timestampMap, String uri,
      long discontinuitySequence) {
    public VideoSegment {
      Objects.requireNonNull(timestampMap, "timestampMap");
      Objects.requireNonNull(uri, "uri");
      if (endMs < startMs) {
        throw new IllegalArgumentException("segment " + sequence + " ends (" + endMs + ") before it starts ("
            + startMs + ")");
      }
    }

    /** A segment of the local remuxer, by its file name, with no discontinuity. */
    public VideoSegment(long sequence, long startMs, long endMs, String timestampMap) {
      this(sequence, startMs, endMs, timestampMap, String.format(HlsFolder.SEGMENT_TEMPLATE, sequence), 0);
    }
  }

  /** Why a segment was published when it was. */
  public enum Reason {
    /** Its captions were settled. */
    CONFIRMED,
    /** It waited the whole hold-back budget. */
    BUDGET,
    /** The stream finished. */
    END
  }

  /** A WebVTT segment: the video segment it follows and the cues overlapping it. */
  public record Segment(VideoSegment video, List<CueLayout.Cue> cues) {
    public Segment {
      cues = List.copyOf(cues);
    }

    public long sequence() {
      return video.sequence();
    }
  }

  /**
   * A segment just published: how long it was held back in all, why it went, and how long of that it waited for
   * its captions (the rest, paced, it waited for the stream's steady video delay).
   */
  public record Published(Segment segment, long heldMs, Reason reason, long waitedMs) {}

  private final Config config;
  private final HoldBackBudget budget;
  private final SteadyVideoDelay pace;
  private final Deque<WaitingSegment> waiting = new ArrayDeque<>();
  private final Deque<Segment> window = new ArrayDeque<>();
  private final SegmentCues cues = new SegmentCues();
  private final List<CueLayout.Cue> late = new ArrayList<>();
  private long publishedUntilMs = Long.MIN_VALUE;
  private long settledMs = Long.MIN_VALUE;
  private long transcribedMs = Long.MIN_VALUE;
  private long publishedCount;
  private long nextSequence = -1;
  private long resumedUntil = -1;
  private boolean finished;

  public SubtitleSegmenter(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.budget = new HoldBackBudget(config);
    this.pace = config.videoDelayMs() == Config.NOT_PACED ? null
        : new SteadyVideoDelay(config.videoDelayMs(), config.maxHoldMs());
  }

  /**
   * The segments published before a restart (their files are written), oldest first: the window goes on
   * after them, as if they had just been published. Call before any other segment.
   */
  public void resume(List<VideoSegment> published) {
    if (nextSequence >= 0) {
      throw new IllegalStateException("resume before the first video segment, not after " + (nextSequence - 1));
    }
    if (published.isEmpty()) {
      return;
    }
    for (VideoSegment video : published) {
      window.add(new Segment(video, List.of()));
      while (window.size() > config.windowSegments()) {
        window.poll();
      }
    }
    VideoSegment last = published.get(published.size() - 1);
    nextSequence = last.sequence() + 1;
    resumedUntil = last.sequence();
    publishedUntilMs = last.endMs();
    publishedCount = published.size();
  }

  /**
   * A video segment the muxer has finished, seen at {@code nowMs}. Sequence numbers must follow on;
   * a gap (segments missed) starts the window afresh at the new number.
   *
   * @return false if the segment was already known (ignored)
   */
  public boolean addVideo(VideoSegment video, long nowMs) {
    if (nextSequence >= 0 && video.sequence() < nextSequence) {
      return false;
    }
    if (nextSequence >= 0 && video.sequence() > nextSequence) {
      waiting.clear();
      window.clear();
    }
    WaitingSegment segment = new WaitingSegment(video, nowMs);
    if (transcribedMs >= video.endMs()) {
      segment.transcribed(nowMs);
    }
    waiting.add(segment);
    nextSequence = video.sequence() + 1;
    return true;
  }

  /** A confirmed cue (in start order, as the layout makes them). */
  public void addCue(CueLayout.Cue cue) {
    Objects.requireNonNull(cue, "cue");
    long open = waiting.isEmpty() ? publishedUntilMs : waiting.peek().video().startMs();
    if (publishedUntilMs != Long.MIN_VALUE && (cue.endMs() < open || cue.endMs() == open && cue.startMs() < open)) {
      late.add(cue); // every segment it overlaps is out
    } else {
      cues.add(cue);
    }
  }

  /** Every cue that starts before {@code streamMs} has been added. Only moves forward. */
  public void settledUntil(long streamMs) {
    settledMs = Math.max(settledMs, streamMs);
  }

  /**
   * As {@link #settledUntil(long)}, at {@code nowMs}: how long the captions trailed the transcription is measured,
   * and the hold-back after a segment's transcription stretches to it ({@link ConfirmationLag}), up to the longest
   * hold.
   */
  public void settledUntil(long streamMs, long nowMs) {
    settledUntil(streamMs);
    budget.settled(streamMs, nowMs);
  }

  /**
   * The engine has transcribed the audio before {@code streamMs} (its captions may still be tentative), at
   * {@code nowMs}: the hold-back budget of the segments ending there starts. Only moves forward.
   */
  public void transcribedUntil(long streamMs, long nowMs) {
    budget.transcribed(streamMs, nowMs);
    transcribedMs = Math.max(transcribedMs, streamMs);
    for (WaitingSegment segment : waiting) {
      if (segment.video().endMs() > transcribedMs) {
        break;
      }
      segment.transcribed(nowMs);
    }
  }

  /**
   * The source has ended at {@code nowMs} (no media follows), while the engine may still be decoding its last
   * words: the segments still waiting then wait for their captions until {@link #finish} (or until settled), up
   * to the longest hold from now, not by their budget. A cue confirmed after its segment went out would travel
   * in a last segment players have already fetched, and the playlist would end without it.
   */
  public void sourceEnded(long nowMs) {
    budget.sourceEnded(nowMs);
  }

  /** No more cues: every segment may go. */
  public void finish() {
    finished = true;
  }

  public long settledMs() {
    return settledMs;
  }

  /** Publishes, in order, the waiting segments whose time has come; returns them. */
  public List<Published> publish(long nowMs) {
    markReady(nowMs);
    List<Published> published = new ArrayList<>();
    while (!waiting.isEmpty()) {
      WaitingSegment next = waiting.peek();
      long held = nowMs - next.seenAtMs();
      Reason reason = next.ready();
      if (reason == null || !finished && pace != null && held < pace.delayMs()) {
        break;
      }
      waiting.poll();
      List<CueLayout.Cue> content = new ArrayList<>(late);
      late.clear();
      content.addAll(cues.overlapping(next.video()));
      Segment segment = new Segment(next.video(), content);
      publishedUntilMs = Math.max(publishedUntilMs, next.video().endMs());
      window.add(segment);
      // Paced, the segments still waiting at the end go at once, before their turn: the window then keeps the
      // ones players may still be on (a player the window passed jumps ahead, over the cues it had).
      while (window.size() > config.windowSegments() && !(finished && pace != null)) {
        window.poll();
      }
      published.add(new Published(segment, Math.max(0, held), reason, next.waitedMs()));
      publishedCount++;
      if (pace != null) {
        pace.listed(next.video().endMs() - next.video().startMs());
      }
    }
    // (a segment published before a restart is not written again: its cues are not known here)
    if (finished && waiting.isEmpty() && !late.isEmpty() && !window.isEmpty()
        && window.peekLast().sequence() > resumedUntil) {
      Segment last = window.pollLast();
      List<CueLayout.Cue> content = new ArrayList<>(last.cues());
      content.addAll(late);
      late.clear();
      Segment again = new Segment(last.video(), content);
      window.add(again);
      published.add(new Published(again, 0, Reason.END, 0));
    }
    // Cues that end before every segment still to be published can never be needed again.
    cues.forgetEndingBefore(waiting.isEmpty() ? (window.isEmpty() ? Long.MIN_VALUE : window.peekLast().video().endMs())
        : waiting.peek().video().startMs());
    return published;
  }

  /** The published segments of the live window, oldest first. */
  public List<Segment> window() {
    return List.copyOf(window);
  }

  /** The ends of the segments seen but not yet published, in order. */
  public List<Long> waitingEndsMs() {
    if (waiting.isEmpty()) {
      return List.of();
    }
    List<Long> ends = new ArrayList<>(waiting.size());
    for (WaitingSegment segment : waiting) {
      ends.add(segment.video().endMs());
    }
    return ends;
  }

  /** Segments seen but not yet published. */
  public int waitingCount() {
    return waiting.size();
  }

  /**
   * Marks the waiting segments whose captions are ready (or whose wait is over) at {@code nowMs}; paced, the
   * stream's video delay rises to how long each waited. Every waiting segment, not only the next: one that
   * settles while the one before waits for its turn waited only until then.
   */
  private void markReady(long nowMs) {
    long before = publishedCount;
    for (WaitingSegment segment : waiting) {
      Reason reason = segment.ready() != null ? null : finished ? Reason.END
          : settledMs >= segment.video().endMs() ? Reason.CONFIRMED
          : nowMs >= budget.endsAtMs(segment, before) ? Reason.BUDGET
          : null;
      if (reason != null) {
        segment.ready(reason, nowMs);
        if (pace != null && reason != Reason.END) {
          pace.held(segment.waitedMs());
        }
      }
      before++;
    }
  }

  /** The stream's video delay now (paced), or -1 when not paced. */
  public long videoDelayMs() {
    return pace == null ? Config.NOT_PACED : pace.delayMs();
  }

  /**
   * The soonest time (monotonic ms) at which {@link #publish} would mark a waiting segment ready or let one go,
   * unless news comes first; {@link Long#MIN_VALUE} when due already, {@link Long#MAX_VALUE} when nothing waits.
   */
  public long nextDueMs() {
    long due = Long.MAX_VALUE;
    long before = publishedCount;
    for (WaitingSegment segment : waiting) {
      if (segment.ready() == null) {
        boolean now = finished || settledMs >= segment.video().endMs();
        due = Math.min(due, now ? Long.MIN_VALUE : budget.endsAtMs(segment, before));
      } else if (before == publishedCount) { // the next to go: ready, it waits only for its pace
        due = finished || pace == null ? Long.MIN_VALUE : segment.seenAtMs() + pace.delayMs();
      }
      before++;
    }
    return due;
  }

  /** How long a transcribed segment waits for its captions now: the hold-back, stretched to the measured lag. */
  public long holdbackBudgetMs() {
    return budget.afterTranscriptionMs();
  }
}
