package io.captiond.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captiond.asr.pocketsphinx.PocketSphinxSearch;
import org.junit.jupiter.api.Test;

/** The pocketsphinx.* search keys, read and checked. */
class PocketSphinxSearchSettingsTest {

  @Test
  void theDocumentedDefaultsAreTheEnginesDefaults() {
    assertEquals(PocketSphinxSearch.defaults(), Engines.pocketsphinxSearch(Config.defaults()));
  }

  @Test
  void aBeamOutsideZeroToOneIsRefusedNamingItsKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Engines.pocketsphinxSearch(Config.defaults().with(PocketSphinxSearch.BEAM, 2.0)));
    assertEquals(PocketSphinxSearch.BEAM, e.key());
  }

  @Test
  void aLookaheadBeyondTenIsRefusedNamingItsKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Engines.pocketsphinxSearch(Config.defaults().with(PocketSphinxSearch.PL_WINDOW, 11)));
    assertEquals(PocketSphinxSearch.PL_WINDOW, e.key());
  }

  @Test
  void frameDownsamplingOfZeroIsRefusedNamingItsKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Engines.pocketsphinxSearch(Config.defaults().with(PocketSphinxSearch.DS, 0)));
    assertEquals(PocketSphinxSearch.DS, e.key());
  }
}
