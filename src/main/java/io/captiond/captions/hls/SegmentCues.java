package io.captiond.captions.hls;

import io.captiond.captions.CueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The confirmed cues a {@link SubtitleSegmenter} may still put into a segment, in the order given, and which
 * of them a segment holds. Plain data; not thread-safe.
 */
final class SegmentCues {

  private final List<CueLayout.Cue> cues = new ArrayList<>();

  void add(CueLayout.Cue cue) {
    cues.add(cue);
  }

  /**
   * The cues overlapping {@code video} ({@code start < segment end && end > segment start}), and those of no
   * duration that fall inside it.
   */
  List<CueLayout.Cue> overlapping(SubtitleSegmenter.VideoSegment video) {
    List<CueLayout.Cue> inside = new ArrayList<>();
    for (CueLayout.Cue cue : cues) {
      boolean overlaps = cue.startMs() < video.endMs() && cue.endMs() > video.startMs();
      boolean instant = cue.startMs() == cue.endMs() && cue.startMs() >= video.startMs()
          && cue.startMs() < video.endMs();
      if (overlaps || instant) {
        inside.add(cue);
      }
    }
    return inside;
  }

  /** Cues that end before {@code streamMs} are needed no more. */
  void forgetEndingBefore(long streamMs) {
    cues.removeIf(cue -> cue.endMs() < streamMs);
  }
}
