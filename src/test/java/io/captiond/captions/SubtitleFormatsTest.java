package io.captiond.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubtitleFormatsTest {

  private final List<CaptionEvent> finals = List.of(
      new CaptionEvent("s", 3, CaptionEvent.Type.FINAL, "Fish & <chips>", 1_500, 3_250),
      new CaptionEvent("s", 7, CaptionEvent.Type.FINAL, "two\nlines --> one", 3_723_004, 3_725_000));

  @Test
  void webVttHasTheHeaderCueTimingsAndEscapedText() {
    assertEquals("WEBVTT\n\n"
        + "3\n00:00:01.500 --> 00:00:03.250\nFish &amp; &lt;chips&gt;\n\n"
        + "7\n01:02:03.004 --> 01:02:05.000\ntwo lines -&gt; one\n\n", SubtitleFormats.webVtt(finals));
  }

  @Test
  void srtNumbersCuesFromOneWithCommaMilliseconds() {
    assertEquals("1\n00:00:01,500 --> 00:00:03,250\nFish & <chips>\n\n"
        + "2\n01:02:03,004 --> 01:02:05,000\ntwo lines -> one\n\n", SubtitleFormats.srt(finals));
  }

  @Test
  void anEmptyStreamIsAValidEmptyWebVtt() {
    assertEquals("WEBVTT\n\n", SubtitleFormats.webVtt(List.of()));
  }
}
