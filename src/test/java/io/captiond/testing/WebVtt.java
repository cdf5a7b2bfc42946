package io.captiond.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict reader of the WebVTT files captiond serves, for checking them in tests. */
public final class WebVtt {

  /** One cue: its times in milliseconds and its text. */
  public record Cue(String id, long startMs, long endMs, String text) {}

  private static final Pattern TIMING = Pattern.compile(
      "^(\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3}) --> (\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3})$");

  private WebVtt() {}

  /** Parses {@code text}; throws AssertionError where it is not valid WebVTT. */
  public static List<Cue> parse(String text) {
    String[] blocks = text.replace("\r\n", "\n").split("\n\n+");
    if (!blocks[0].startsWith("WEBVTT") || (blocks[0].length() > 6 && !Character.isWhitespace(blocks[0].charAt(6)))) {
      throw new AssertionError("WebVTT must start with 'WEBVTT', got: " + blocks[0]);
    }
    List<Cue> cues = new ArrayList<>();
    for (int i = 1; i < blocks.length; i++) {
      if (blocks[i].isBlank()) {
        continue;
      }
      String[] lines = blocks[i].split("\n");
      int timingLine = lines[0].contains("-->") ? 0 : 1;
      if (timingLine >= lines.length) {
        throw new AssertionError("cue without timing: " + blocks[i]);
      }
      Matcher m = TIMING.matcher(lines[timingLine]);
      if (!m.matches()) {
        throw new AssertionError("bad cue timing line: " + lines[timingLine]);
      }
      long start = ms(m, 1);
      long end = ms(m, 5);
      if (end < start) {
        throw new AssertionError("cue ends before it starts: " + lines[timingLine]);
      }
      StringBuilder body = new StringBuilder();
      for (int l = timingLine + 1; l < lines.length; l++) {
        body.append(l > timingLine + 1 ? "\n" : "").append(lines[l]);
      }
      cues.add(new Cue(timingLine == 1 ? lines[0] : "", start, end,
          body.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")));
    }
    return cues;
  }

  private static long ms(Matcher m, int group) {
    return Long.parseLong(m.group(group)) * 3_600_000 + Long.parseLong(m.group(group + 1)) * 60_000
        + Long.parseLong(m.group(group + 2)) * 1000 + Long.parseLong(m.group(group + 3));
  }
}
