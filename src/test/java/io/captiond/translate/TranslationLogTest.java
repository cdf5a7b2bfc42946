package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslationLogTest {

  @TempDir
  Path dir;

  @Test
  void readsBackWhatItStoredAfterAGivenSeq() throws Exception {
    try (TranslationLog log = TranslationLog.in(dir, "es")) {
      log.append(unit(1, "hola"));
      log.append(unit(2, "¿qué tal?"));
      assertEquals(List.of(unit(2, "¿qué tal?")), log.readAfter(1));
      assertEquals(2, log.lastSeq());
    }
  }

  @Test
  void aLogCutAtAnyByteOfItsLastLineReadsBackAndTakesTheNextAppend() throws Exception {
    Path file = dir.resolve("captions.es.jsonl");
    try (TranslationLog log = new TranslationLog(file)) {
      log.append(unit(1, "hola"));
      log.append(unit(2, "¿qué tal, señor?"));
    }
    byte[] whole = Files.readAllBytes(file);
    int lastLineStart = new String(whole, java.nio.charset.StandardCharsets.ISO_8859_1).lastIndexOf('\n', whole.length - 2) + 1;
    for (int cut = lastLineStart; cut < whole.length; cut++) {
      Files.write(file, whole);
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(cut);
      }
      try (TranslationLog log = new TranslationLog(file)) {
        assertEquals(List.of(unit(1, "hola")), log.readAfter(0), "cut at byte " + cut);
        log.append(unit(3, "adiós"));
        assertEquals(List.of(unit(1, "hola"), unit(3, "adiós")), log.readAfter(0), "appended after a cut at " + cut);
      }
    }
  }

  private static TranslatedCaption unit(long seq, String text) {
    return new TranslatedCaption("s1", "es", seq, true, List.of(seq), text, seq * 1_000, seq * 1_000 + 800);
  }
}
