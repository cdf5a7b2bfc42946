package io.captiond.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captiond.captions.CaptionEvent;
import io.captiond.captions.CaptionLog;
import io.captiond.captions.CueLayout;
import io.captiond.captions.SubtitleFormats;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subtitle files are rendered once per new final, and always as a render of the whole log would be. */
class SubtitleRendersTest {

  @TempDir
  Path dir;

  private final CueLayout.Config layout = CueLayout.Config.defaults();

  @Test
  void anUnchangedLogIsServedFromTheRenderAlreadyMade() throws Exception {
    SubtitleRenders renders = new SubtitleRenders();
    try (CaptionLog log = new CaptionLog(dir.resolve("captions.jsonl"))) {
      for (int seq = 1; seq <= 20; seq++) {
        log.append(finalOf(seq));
      }
      String first = renders.render("s", log, layout, false, "vtt", SubtitleFormats::webVtt);
      for (int i = 0; i < 50; i++) {
        assertEquals(first, renders.render("s", log, layout, false, "vtt", SubtitleFormats::webVtt));
      }
      assertEquals(1, renders.renders("s"));
      assertEquals(whole(log, false), first);
    }
  }

  @Test
  void aNewFinalOrTheStreamsEndMakesANewRenderEqualToAWholeOne() throws Exception {
    SubtitleRenders renders = new SubtitleRenders();
    try (CaptionLog log = new CaptionLog(dir.resolve("captions.jsonl"))) {
      log.append(finalOf(1));
      renders.render("s", log, layout, false, "vtt", SubtitleFormats::webVtt);
      log.append(finalOf(2));
      log.append(finalOf(3));
      assertEquals(whole(log, false), renders.render("s", log, layout, false, "vtt", SubtitleFormats::webVtt));
      assertEquals(2, renders.renders("s"));
      assertEquals(whole(log, true), renders.render("s", log, layout, true, "vtt", SubtitleFormats::webVtt));
      assertEquals(SubtitleFormats.srt(SubtitleFormats.layout(log.readAfter(0), layout, true)),
          renders.render("s", log, layout, true, "srt", SubtitleFormats::srt));
      assertEquals(4, renders.renders("s"));
    }
  }

  private String whole(CaptionLog log, boolean complete) throws Exception {
    return SubtitleFormats.webVtt(SubtitleFormats.layout(log.readAfter(0), layout, complete));
  }

  private static CaptionEvent finalOf(long seq) {
    return new CaptionEvent("s", seq, CaptionEvent.Type.FINAL, "caption number " + seq + " of the stream",
        seq * 3000, seq * 3000 + 2500);
  }
}
