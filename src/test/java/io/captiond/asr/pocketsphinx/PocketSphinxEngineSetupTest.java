package io.captiond.asr.pocketsphinx;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AsrException;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.TranscribeOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PocketSphinxEngineSetupTest {

  private static final Path NOWHERE = Path.of("/nonexistent/captiond-test");
  private static final PocketSphinxSettings DEBIAN = PocketSphinxSettings.defaults();

  @Test
  void namesAMissingAcousticModelAndThePackagesToInstall() {
    PocketSphinxSettings config = new PocketSphinxSettings(NOWHERE.resolve("en-us"),
        DEBIAN.languageModel(), DEBIAN.dictionary(), 1);

    AsrException error = assertThrows(AsrException.class, () -> new PocketSphinxEngine(config));

    assertTrue(error.getMessage().contains(NOWHERE.resolve("en-us").toString()), error.getMessage());
    assertTrue(error.getMessage().contains("libpocketsphinx3 pocketsphinx-en-us"), error.getMessage());
  }

  @Test
  void namesAMissingLanguageModel() {
    Path missing = NOWHERE.resolve("en-us.lm.bin");
    PocketSphinxSettings config = new PocketSphinxSettings(DEBIAN.acousticModelDir(), missing, DEBIAN.dictionary(), 1);

    AsrException error = assertThrows(AsrException.class, () -> new PocketSphinxEngine(config));

    assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
  }

  @Test
  void namesAMissingDictionary() {
    Path missing = NOWHERE.resolve("cmudict-en-us.dict");
    PocketSphinxSettings config = new PocketSphinxSettings(DEBIAN.acousticModelDir(), DEBIAN.languageModel(), missing, 1);

    AsrException error = assertThrows(AsrException.class, () -> new PocketSphinxEngine(config));

    assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
  }

  @Test
  void saysWhatToInstallWhenTheNativeLibraryIsMissing() {
    AsrException error = assertThrows(AsrException.class,
        () -> SphinxNatives.load("libpocketsphinx-not-installed.so.3", SphinxBaseLibrary.SONAME));

    assertTrue(error.getMessage().contains("libpocketsphinx-not-installed.so.3"), error.getMessage());
    assertTrue(error.getMessage().contains("libpocketsphinx3 pocketsphinx-en-us"), error.getMessage());
  }

  @Test
  void rejectsAnEmptyPool() {
    assertThrows(IllegalArgumentException.class, () -> DEBIAN.withPoolSize(0));
  }

  @Test
  void refusesToTranscribeAfterCloseAndClosesTwiceQuietly() throws Exception {
    PocketSphinxEngine engine = new PocketSphinxEngine(DEBIAN.withPoolSize(1));
    engine.transcribe(new AudioWindow(0, SpokenAudio.silence(500)), TranscribeOptions.of("en"));
    assertEquals(1, engine.decodersAlive());

    engine.close();

    assertEquals(0, engine.decodersAlive());
    assertThrows(IllegalStateException.class,
        () -> engine.transcribe(new AudioWindow(0, SpokenAudio.silence(500)), TranscribeOptions.of("en")));
    assertDoesNotThrow(engine::close);
  }
}
