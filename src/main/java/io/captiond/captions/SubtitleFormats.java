package io.captiond.captions;

import java.util.List;

/** Renders final captions as WebVTT (W3C WebVTT) and SubRip files. */
public final class SubtitleFormats {

  private SubtitleFormats() {}

  public static String webVtt(List<CaptionEvent> finals) {
    StringBuilder out = new StringBuilder("WEBVTT\n\n");
    for (CaptionEvent cue : finals) {
      out.append(cue.seq()).append('\n')
          .append(vttTime(cue.startMs())).append(" --> ").append(vttTime(cue.endMs())).append('\n')
          .append(escapeVtt(cue.text())).append("\n\n");
    }
    return out.toString();
  }

  public static String srt(List<CaptionEvent> finals) {
    StringBuilder out = new StringBuilder();
    int number = 1;
    for (CaptionEvent cue : finals) {
      out.append(number++).append('\n')
          .append(srtTime(cue.startMs())).append(" --> ").append(srtTime(cue.endMs())).append('\n')
          .append(singleParagraph(cue.text())).append("\n\n");
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

  // WebVTT cue text: '&' and '<' start markup, and a blank line or "-->" would end the cue.
  private static String escapeVtt(String text) {
    return singleParagraph(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String singleParagraph(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ").replace("-->", "->").strip();
  }
}
