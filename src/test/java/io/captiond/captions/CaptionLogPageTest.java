package io.captiond.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long caption log is read in bounded pages that together are exactly what reading it whole gives. */
class CaptionLogPageTest {

  @TempDir
  Path dir;

  @Test
  void pagesOfAnySizeTogetherHoldEveryFinalOnceInOrder() throws Exception {
    try (CaptionLog log = new CaptionLog(dir.resolve("captions.jsonl"))) {
      for (int seq = 1; seq <= 300; seq++) {
        log.append(finalOf(seq, "sentence number " + seq + " ".repeat(seq % 7)));
      }
      List<CaptionEvent> whole = log.readAfter(0);
      for (int pageBytes : new int[] {1, 50, 1000, 1 << 20}) {
        assertEquals(whole, readInPages(log, 0, pageBytes), "pages of " + pageBytes + " bytes");
      }
      assertEquals(log.readAfter(250), readInPages(log, 250, 333));
    }
  }

  @Test
  void aTornTailEndsTheLastPageAndIsNotReadAsACaption() throws Exception {
    Path file = dir.resolve("captions.jsonl");
    try (CaptionLog log = new CaptionLog(file)) {
      log.append(finalOf(1, "one"));
      log.append(finalOf(2, "two"));
    }
    Files.write(file, "{\"seq\":3,\"ty".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    CaptionLog log = new CaptionLog(file);
    CaptionLog.Page page = log.readPage(0, 0, 1 << 16);
    assertEquals(2, page.events().size());
    assertTrue(page.atEnd());
    CaptionLog.Page after = log.readPage(0, page.next(), 1 << 16);
    assertEquals(List.of(), after.events());
    assertTrue(after.atEnd());
    assertEquals(page.next(), after.next(), "a torn tail is not stepped over");
  }

  @Test
  void aMissingLogIsOnePageOfNothing() throws Exception {
    CaptionLog.Page page = new CaptionLog(dir.resolve("none.jsonl")).readPage(0, 0, 100);
    assertEquals(List.of(), page.events());
    assertTrue(page.atEnd());
  }

  private static List<CaptionEvent> readInPages(CaptionLog log, long afterSeq, int pageBytes) throws Exception {
    List<CaptionEvent> all = new ArrayList<>();
    long from = 0;
    CaptionLog.Page page;
    int pages = 0;
    do {
      page = log.readPage(afterSeq, from, pageBytes);
      all.addAll(page.events());
      from = page.next();
      pages++;
    } while (!page.atEnd() && pages < 100_000);
    return all;
  }

  static CaptionEvent finalOf(long seq, String text) {
    return new CaptionEvent("s", seq, CaptionEvent.Type.FINAL, text, seq * 1000, seq * 1000 + 800);
  }
}
