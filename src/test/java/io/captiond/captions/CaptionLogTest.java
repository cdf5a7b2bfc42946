package io.captiond.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionLogTest {

  @TempDir
  Path dir;

  @Test
  void appendedFinalsAreReadBackInOrderAfterASequenceNumber() throws Exception {
    Path file = dir.resolve("s/captions.jsonl");
    try (CaptionLog log = new CaptionLog(file)) {
      log.append(caption(2, "one"));
      log.append(caption(5, "two"));
      log.append(caption(9, "three"));
    }
    CaptionLog reader = new CaptionLog(file);
    assertEquals(List.of("two", "three"), reader.readAfter(2).stream().map(CaptionEvent::text).toList());
    assertEquals(9, reader.lastSeq());
  }

  @Test
  void aTornLastLineFromACrashIsSkipped() throws Exception {
    Path file = dir.resolve("captions.jsonl");
    try (CaptionLog log = new CaptionLog(file)) {
      log.append(caption(1, "kept"));
    }
    Files.writeString(file, "{\"seq\":2,\"type\":\"fi", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertEquals(List.of("kept"), new CaptionLog(file).readAfter(0).stream().map(CaptionEvent::text).toList());
  }

  @Test
  void aGarbledLineInTheMiddleIsSkippedAndTheRestKept() throws Exception {
    Path file = dir.resolve("captions.jsonl");
    Files.writeString(file, caption(1, "a").toStoredJson().encode() + "\nnot json\n"
        + caption(3, "b").toStoredJson().encode() + "\n");
    assertEquals(List.of("a", "b"), new CaptionLog(file).readAfter(0).stream().map(CaptionEvent::text).toList());
  }

  @Test
  void partialsAreNeverStored() {
    try (CaptionLog log = new CaptionLog(dir.resolve("c.jsonl"))) {
      assertThrows(IllegalArgumentException.class,
          () -> log.append(new CaptionEvent("s", 1, CaptionEvent.Type.PARTIAL, "x", 0, 1)));
    }
  }

  @Test
  void aMissingLogIsEmpty() throws Exception {
    CaptionLog log = new CaptionLog(dir.resolve("none.jsonl"));
    assertEquals(List.of(), log.readAfter(0));
    assertEquals(0, log.lastSeq());
  }

  private static CaptionEvent caption(long seq, String text) {
    return new CaptionEvent("s", seq, CaptionEvent.Type.FINAL, text, seq * 1000, seq * 1000 + 500);
  }
}
