package io.captiond.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log cut anywhere (a crash, a full disk) reads back every whole line, and takes appends again cleanly. */
class CaptionLogTornTailTest {

  private static final List<String> TEXTS = List.of("plain words", "déjà vu, naïve café", "日本語の字幕です",
      "emoji 🎤🎶 and more");

  @TempDir
  Path dir;

  @Test
  void aLogCutAtEveryByteOfItsLastLineReadsBackAllCompleteLines() throws Exception {
    Path whole = dir.resolve("whole.jsonl");
    try (CaptionLog log = new CaptionLog(whole)) {
      for (int i = 0; i < TEXTS.size(); i++) {
        log.append(caption(i + 1, TEXTS.get(i)));
      }
    }
    byte[] bytes = Files.readAllBytes(whole);
    int lastLineStart = lastLineStart(bytes);
    Path cut = dir.resolve("cut.jsonl");
    for (int length = lastLineStart; length <= bytes.length; length++) {
      Files.write(cut, Arrays.copyOf(bytes, length));
      List<String> expected = length == bytes.length ? TEXTS : TEXTS.subList(0, TEXTS.size() - 1);
      assertEquals(expected, texts(new CaptionLog(cut)), "cut after " + length + " of " + bytes.length + " bytes");
    }
  }

  @Test
  void anAppendAfterATornTailStartsOnItsOwnLineAtEveryCut() throws Exception {
    Path whole = dir.resolve("whole.jsonl");
    try (CaptionLog log = new CaptionLog(whole)) {
      for (int i = 0; i < TEXTS.size(); i++) {
        log.append(caption(i + 1, TEXTS.get(i)));
      }
    }
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.jsonl");
    for (int length = lastLineStart(bytes); length < bytes.length; length++) {
      Files.write(cut, Arrays.copyOf(bytes, length));
      try (CaptionLog log = new CaptionLog(cut)) {
        log.append(caption(9, "after the crash"));
      }
      List<String> expected = new java.util.ArrayList<>(TEXTS.subList(0, TEXTS.size() - 1));
      expected.add("after the crash");
      assertEquals(expected, texts(new CaptionLog(cut)), "cut after " + length + " bytes, then appended");
    }
  }

  private static int lastLineStart(byte[] bytes) {
    int start = bytes.length - 1; // past the last line's newline
    while (start > 0 && bytes[start - 1] != '\n') {
      start--;
    }
    return start;
  }

  @Test
  void theLastLineHoldsMultiByteCharacters() throws Exception {
    Path file = dir.resolve("c.jsonl");
    try (CaptionLog log = new CaptionLog(file)) {
      log.append(caption(1, TEXTS.get(TEXTS.size() - 1)));
    }
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(true, bytes.length > new String(bytes, StandardCharsets.UTF_8).length(), "some cuts split a character");
  }

  private static List<String> texts(CaptionLog log) throws Exception {
    return log.readAfter(0).stream().map(CaptionEvent::text).toList();
  }

  private static CaptionEvent caption(long seq, String text) {
    return new CaptionEvent("s", seq, CaptionEvent.Type.FINAL, text, seq * 1000, seq * 1000 + 500);
  }
}
