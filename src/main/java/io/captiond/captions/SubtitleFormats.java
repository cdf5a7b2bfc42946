package io.captiond.captions;

import java.util.ArrayList;
import java.util.List;

/** Lays final captions out as cues and renders them as WebVTT (W3C WebVTT) or SubRip files. */
public final class SubtitleFormats {

  private SubtitleFormats() {}

  /**
   * The cues of a stream's finals, as the live layout made them. While the stream goes on
   * ({@code complete} false) the words of the cue still being filled are left out: that cue may
   * still grow, and a published cue should not change.
   */
  public static List<CueLayout.Cue> layout(List<CaptionEvent> finals, CueLayout.Config config, boolean complete) {
    CueLayout layout = new CueLayout(config);
    List<CueLayout.Cue> cues = new ArrayList<>();
    for (CaptionEvent caption : finals) {
      cues.addAll(layout.addCaption(caption.text(), caption.startMs(), caption.endMs()));
    }
    if (complete) {
      cues.addAll(layout.flush());
    }
    return cues;
  }

  public static String webVtt(List<CueLayout.Cue> cues) {
    StringBuilder out = new StringBuilder("WEBVTT\n\n");
    int number = 1;
    for (CueLayout.Cue cue : cues) {
      out.append(number++).append('\n')
          .append(vttTime(cue.startMs())).append(" --> ").append(vttTime(cue.endMs())).append('\n');
      for (String line : cue.lines()) {
        out.append(escapeVtt(line)).append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  public static String srt(List<CueLayout.Cue> cues) {
    StringBuilder out = new StringBuilder();
    int number = 1;
    for (CueLayout.Cue cue : cues) {
      out.append(number++).append('\n')
          .append(srtTime(cue.startMs())).append(" --> ").append(srtTime(cue.endMs())).append('\n');
      for (String line : cue.lines()) {
        out.append(singleLine(line)).append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** {@code hh:mm:ss.ttt}; hours grow past two digits on long streams, as WebVTT allows. */
  public static String vttTime(long ms) {
    return clock(ms, '.');
  }

  static String srtTime(long ms) {
    return clock(ms, ',');
  }

  private static String clock(long ms, char fractionSeparator) {
    long hours = ms / 3_600_000;
    long minutes = ms / 60_000 % 60;
    long seconds = ms / 1000 % 60;
    return String.format("%02d:%02d:%02d%c%03d", hours, minutes, seconds, fractionSeparator, ms % 1000);
  }

  /** WebVTT cue text: '&' and '<' start markup, and a blank line or "-->" would end the cue. */
  public static String escapeVtt(String text) {
    return singleLine(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String singleLine(String text) {
    String line = text.replaceAll("\\s*\\R\\s*", " ").replace("-->", "->").strip();
    return line.isEmpty() ? "-" : line;
  }
}
