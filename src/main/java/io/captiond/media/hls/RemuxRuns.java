package io.captiond.media.hls;

import java.util.ArrayList;
import java.util.List;

/**
 * The runs of a stream's HLS output: each time the remuxer starts again on the same folder (the server
 * restarted) it goes on with the media sequence after the last segment listed, behind an
 * {@code EXT-X-DISCONTINUITY} (RFC 8216 §4.3.2.3: timestamps start afresh). A run is known by its
 * first media sequence number; the list is kept in {@link #FILE} beside the playlists, one number a
 * line, so the Discontinuity Sequence Number of any segment (§4.3.3.3) is still known once the
 * discontinuity has left the window: FFmpeg's muxer writes no {@code EXT-X-DISCONTINUITY-SEQUENCE}.
 * Pure and immutable; the text form is {@link #text()} and {@link #parse}.
 */
public final class RemuxRuns {

  /** The file in the HLS folder (not served: only playlists and segments are). */
  public static final String FILE = "runs";

  private static final String SEQUENCE_TAG = "#EXT-X-MEDIA-SEQUENCE:";
  private static final String DISCONTINUITY_SEQUENCE_TAG = "#EXT-X-DISCONTINUITY-SEQUENCE:";

  /** One run, from segment 0: a stream never restarted. */
  public static final RemuxRuns FIRST = new RemuxRuns(List.of(0L));

  private final List<Long> starts;

  private RemuxRuns(List<Long> starts) {
    this.starts = List.copyOf(starts);
  }

  /** The runs of {@code text} ({@link #text()}); {@code null}, empty or unreadable text is {@link #FIRST}. */
  public static RemuxRuns parse(String text) {
    if (text == null) {
      return FIRST;
    }
    List<Long> starts = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      long start;
      try {
        start = Long.parseLong(line.strip());
      } catch (NumberFormatException e) {
        return FIRST; // a torn file: one run, as if never restarted
      }
      if (start < 0 || !starts.isEmpty() && start <= starts.get(starts.size() - 1)) {
        return FIRST;
      }
      starts.add(start);
    }
    return starts.isEmpty() ? FIRST : new RemuxRuns(starts);
  }

  /** One number a line, oldest first. */
  public String text() {
    StringBuilder text = new StringBuilder();
    starts.forEach(start -> text.append(start).append('\n'));
    return text.toString();
  }

  /**
   * A new run from {@code sequence}, the segment after the last one listed: runs from there on (a
   * run whose segments were never listed) give way to it. From 0 it is the first run again.
   */
  public RemuxRuns startAt(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("a media sequence number is >= 0, was " + sequence);
    }
    List<Long> kept = new ArrayList<>(starts.stream().filter(start -> start < sequence).toList());
    kept.add(sequence);
    return new RemuxRuns(kept);
  }

  /** The first media sequence number of the newest run. */
  public long currentStart() {
    return starts.get(starts.size() - 1);
  }

  /** The first media sequence number of the run {@code sequence} belongs to. */
  public long runStartOf(long sequence) {
    long found = starts.get(0);
    for (long start : starts) {
      if (start <= sequence) {
        found = start;
      }
    }
    return found;
  }

  /** The Discontinuity Sequence Number of segment {@code sequence}: the runs begun after the first, up to it. */
  public long discontinuitySequence(long sequence) {
    return starts.stream().skip(1).filter(start -> start <= sequence).count();
  }

  /**
   * {@code playlist} (a media playlist the muxer wrote) with the {@code EXT-X-DISCONTINUITY-SEQUENCE} tag it
   * lacks once discontinuities have left its window: the runs begun before its first segment (§4.3.3.3;
   * a run beginning at the first segment keeps its own {@code EXT-X-DISCONTINUITY}). A playlist that has
   * the tag, or needs none, comes back unchanged.
   */
  public String withDiscontinuitySequence(String playlist) {
    if (starts.size() < 2 || playlist.contains(DISCONTINUITY_SEQUENCE_TAG)) {
      return playlist;
    }
    int at = playlist.indexOf(SEQUENCE_TAG);
    if (at < 0) {
      return playlist;
    }
    int lineEnd = playlist.indexOf('\n', at);
    long first;
    try {
      first = Long.parseLong(playlist.substring(at + SEQUENCE_TAG.length(),
          lineEnd < 0 ? playlist.length() : lineEnd).strip());
    } catch (NumberFormatException e) {
      return playlist;
    }
    long removed = starts.stream().skip(1).filter(start -> start < first).count();
    if (removed == 0) {
      return playlist;
    }
    String tag = DISCONTINUITY_SEQUENCE_TAG + removed + "\n";
    return lineEnd < 0 ? playlist + "\n" + tag : playlist.substring(0, lineEnd + 1) + tag
        + playlist.substring(lineEnd + 1);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RemuxRuns runs && runs.starts.equals(starts);
  }

  @Override
  public int hashCode() {
    return starts.hashCode();
  }

  @Override
  public String toString() {
    return "runs from " + starts;
  }
}
