package io.captiond.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test-side SubRip reader: events with start/end in ms and text with ASS/HTML tags removed. */
public record SrtEvents(List<SrtEvents.Event> events) {

  public record Event(long startMs, long endMs, List<String> lines) {

    public String text() {
      return String.join(" ", lines);
    }
  }

  private static final Pattern TIMES =
      Pattern.compile("(\\d+):(\\d+):(\\d+),(\\d+) --> (\\d+):(\\d+):(\\d+),(\\d+)");

  public static SrtEvents parse(String srt) {
    List<Event> events = new ArrayList<>();
    for (String block : srt.replace("\r", "").split("\n\n+")) {
      String[] lines = block.strip().split("\n");
      for (int i = 0; i < lines.length; i++) {
        Matcher m = TIMES.matcher(lines[i]);
        if (m.find()) {
          List<String> text = new ArrayList<>();
          for (int j = i + 1; j < lines.length; j++) {
            String clean = lines[j].replaceAll("\\{[^}]*}", "").replaceAll("<[^>]*>", "").replace('\u00A0', ' ').strip();
            if (!clean.isEmpty()) {
              text.add(clean);
            }
          }
          events.add(new Event(ms(m, 1), ms(m, 5), text));
          break;
        }
      }
    }
    return new SrtEvents(events);
  }

  private static long ms(Matcher m, int group) {
    return Long.parseLong(m.group(group)) * 3_600_000L
        + Long.parseLong(m.group(group + 1)) * 60_000L
        + Long.parseLong(m.group(group + 2)) * 1_000L
        + Long.parseLong(m.group(group + 3));
  }
}
