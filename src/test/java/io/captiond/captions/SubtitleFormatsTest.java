package io.captiond.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubtitleFormatsTest {

  private final List<CueLayout.Cue> cues = List.of(
      new CueLayout.Cue(1_500, 3_250, List.of("Fish & <chips>")),
      new CueLayout.Cue(3_723_004, 3_725_000, List.of("two lines", "--> one")));

  @Test
  void webVttHasTheHeaderNumberedCuesTheirLinesAndEscapedText() {
    assertEquals("WEBVTT\n\n"
        + "1\n00:00:01.500 --> 00:00:03.250\nFish &amp; &lt;chips&gt;\n\n"
        + "2\n01:02:03.004 --> 01:02:05.000\ntwo lines\n-&gt; one\n\n", SubtitleFormats.webVtt(cues));
  }

  @Test
  void srtNumbersCuesFromOneWithCommaMilliseconds() {
    assertEquals("1\n00:00:01,500 --> 00:00:03,250\nFish & <chips>\n\n"
        + "2\n01:02:03,004 --> 01:02:05,000\ntwo lines\n-> one\n\n", SubtitleFormats.srt(cues));
  }

  @Test
  void anEmptyStreamIsAValidEmptyWebVtt() {
    assertEquals("WEBVTT\n\n", SubtitleFormats.webVtt(List.of()));
  }

  @Test
  void finalsAreLaidOutAsTheLiveFeedDoesAndTheOpenCueIsHeldBackWhileLive() {
    List<CaptionEvent> finals = List.of(
        new CaptionEvent("s", 1, CaptionEvent.Type.FINAL, "and so my fellow americans", 0, 2_000),
        new CaptionEvent("s", 2, CaptionEvent.Type.FINAL, "ask not", 5_000, 6_000));
    List<CueLayout.Cue> live = SubtitleFormats.layout(finals, CueLayout.Config.defaults(), false);
    List<CueLayout.Cue> ended = SubtitleFormats.layout(finals, CueLayout.Config.defaults(), true);
    assertEquals(1, live.size(), "a silence longer than 1.5 s closed the first cue; the second is still open");
    assertEquals("and so my fellow americans", live.get(0).text());
    assertEquals(2, ended.size());
    assertEquals("ask not", ended.get(1).text());
  }
}
