package io.captiond.asr.pocketsphinx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.Fixtures;
import io.captiond.testing.WavFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dictionary cut to the language model's words: every pronunciation of a known word is kept byte for byte,
 * nothing else; and with Debian's model a decoder that loads the cut one hears exactly what one with the whole
 * dictionary hears, word for word and frame for frame.
 */
class LmDictionaryTest {

  @TempDir
  Path dir;

  @Test
  void keepsEveryPronunciationOfAKnownWordAndNothingElse() throws Exception {
    Path whole = dir.resolve("whole.dict");
    byte[] cafe = "caf\u00e9 K AE F EY\n".getBytes(StandardCharsets.UTF_8);
    Files.write(whole, concat("read R EH D\nread(2) R IY D\nreader R IY D ER\n\n  \nsmile(s) S M AY L\n"
        .getBytes(StandardCharsets.US_ASCII), cafe));
    Path cut = dir.resolve("cut.dict");
    LmDictionary.Cut result = LmDictionary.cut(whole, cut, Set.of("read", "smile(s)", "caf\u00c3\u00a9")::contains);
    assertEquals(5, result.read(), "blank lines are no entries");
    assertEquals(4, result.kept());
    String kept = new String(Files.readAllBytes(cut), StandardCharsets.ISO_8859_1);
    assertTrue(kept.startsWith("read R EH D\nread(2) R IY D\nsmile(s) S M AY L\n"), kept);
    assertFalse(kept.contains("reader"), kept);
    byte[] written = Files.readAllBytes(cut);
    byte[] tail = java.util.Arrays.copyOfRange(written, written.length - cafe.length, written.length);
    assertTrue(java.util.Arrays.equals(cafe, tail), "bytes pass through whatever the encoding");
  }

  @Test
  void aVariantSuffixIsDigitsInBrackets() {
    assertEquals("read", LmDictionary.baseWord("read(2)"));
    assertEquals("read", LmDictionary.baseWord("read(12)"));
    assertEquals("smile(s)", LmDictionary.baseWord("smile(s)"));
    assertEquals("(2)", LmDictionary.baseWord("(2)"));
    assertEquals("a()", LmDictionary.baseWord("a()"));
  }

  @Test
  void aDictionaryWithNoWordOfTheModelIsRefused() throws Exception {
    Path whole = dir.resolve("whole.dict");
    Files.writeString(whole, "bonjour B OW N ZH UW R\n");
    IOException refused = assertThrows(IOException.class,
        () -> LmDictionary.cut(whole, dir.resolve("cut.dict"), word -> false));
    assertTrue(refused.getMessage().contains("one language"), refused.getMessage());
  }

  @Test
  void aModelSphinxbaseCannotReadFallsBackToTheWholeDictionary() throws Exception {
    Path notAModel = Files.writeString(dir.resolve("broken.lm"), "this is no language model");
    Path whole = PocketSphinxSettings.defaults().dictionary();
    assertEquals(whole, LmDictionary.cutOrWhole(SphinxNatives.load(), notAModel, whole));
  }

  @Test
  void debiansModelDecodesTheSameWithTheCutDictionary() throws Exception {
    PocketSphinxSettings settings = PocketSphinxSettings.defaults();
    SphinxNatives natives = SphinxNatives.load();
    Path cut = dir.resolve("cut.dict");
    LmDictionary.Cut result = LmDictionary.write(natives, settings.languageModel(), settings.dictionary(), cut);
    assertEquals(134_723, result.read());
    assertEquals(79_420, result.kept());

    short[] jfk = WavFile.read16kMono(Fixtures.jfkWav());
    List<DecodedWord> whole;
    try (Decoder decoder = Decoder.create(natives, settings)) {
      whole = decoder.decode(jfk);
    }
    List<DecodedWord> withCut;
    try (Decoder decoder = Decoder.create(natives, settings.withDictionary(cut))) {
      withCut = decoder.decode(jfk);
    }
    assertFalse(whole.isEmpty());
    assertEquals(whole, withCut, "the same words, frames and probabilities");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
