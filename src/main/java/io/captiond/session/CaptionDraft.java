package io.captiond.session;

import io.captiond.asr.AudioWindow;
import io.captiond.asr.Segment;
import io.captiond.asr.Transcript;

/**
 * The text and time span a decoded window contributes to a caption: the transcript's text, timed by
 * its segments where they fall inside the window, otherwise by the window itself.
 */
record CaptionDraft(String text, long startMs, long endMs) {

  static CaptionDraft of(AudioWindow window, Transcript transcript) {
    String text = transcript.text();
    long start = window.startMs();
    long end = window.endMs();
    if (!transcript.segments().isEmpty()) {
      Segment first = transcript.segments().get(0);
      Segment last = transcript.segments().get(transcript.segments().size() - 1);
      start = clamp(first.startMs(), window.startMs(), window.endMs());
      end = clamp(last.endMs(), start, window.endMs());
      if (end == start) {
        end = window.endMs();
      }
    }
    return new CaptionDraft(text, start, end);
  }

  boolean isEmpty() {
    return text.isBlank();
  }

  private static long clamp(long value, long min, long max) {
    return Math.max(min, Math.min(max, value));
  }
}
