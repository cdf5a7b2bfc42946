package io.captiond.asr.pocketsphinx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Pointer;
import io.captiond.settings.SettingException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search settings: their checks, and pocketsphinx's own defaults read from the library. */
class PocketSphinxSearchTest {

  /** {@code arg_t}: name, type (int, padded), default, doc; 32 bytes on LP64. */
  private static final int ARG_SIZE = 32;

  @Test
  void pocketsphinxDefaultsAreTheLibrarysOwn() throws Exception {
    Map<String, String> defaults = libraryDefaults();
    List<String> args = PocketSphinxSearch.pocketsphinxDefaults().arguments();
    for (int i = 0; i < args.size(); i += 2) {
      String name = args.get(i);
      String ours = args.get(i + 1);
      String theirs = defaults.get(name);
      if (ours.equals("yes") || ours.equals("no")) {
        assertEquals(ours.equals("yes"), theirs.equalsIgnoreCase("yes") || theirs.equalsIgnoreCase("true"), name);
      } else {
        assertEquals(Double.parseDouble(theirs), Double.parseDouble(ours), Math.abs(Double.parseDouble(theirs)) * 1e-2,
            name + ": library " + theirs + ", ours " + ours);
      }
    }
  }

  @Test
  void aBeamOutsideZeroToOneIsRefusedNamingItsKey() {
    SettingException e = assertThrows(SettingException.class, () -> PocketSphinxSearch.parse("beam=2"));
    assertEquals(PocketSphinxSearch.BEAM, e.key());
  }

  @Test
  void aTooSmallHmmLimitIsRefusedAndMinusOneMeansNoLimit() {
    assertThrows(SettingException.class, () -> PocketSphinxSearch.parse("maxhmmpf=10"));
    assertEquals(-1, PocketSphinxSearch.parse("maxhmmpf=-1").maxHmmsPerFrame());
  }

  @Test
  void frameDownsamplingBeyondFourIsRefusedNamingItsKey() {
    SettingException e = assertThrows(SettingException.class, () -> PocketSphinxSearch.parse("ds=5"));
    assertEquals(PocketSphinxSearch.DS, e.key());
    assertEquals("1", PocketSphinxSearch.parse("ds=1").arguments().get(PocketSphinxSearch.parse("ds=1").arguments()
        .indexOf("-ds") + 1));
  }

  @Test
  void parsedSettingsBecomePocketsphinxArguments() {
    List<String> args = PocketSphinxSearch.parse("pl_window=10,fwdflat=false").arguments();
    assertEquals("10", args.get(args.indexOf("-pl_window") + 1));
    assertEquals("no", args.get(args.indexOf("-fwdflat") + 1));
  }

  private static Map<String, String> libraryDefaults() throws Exception {
    Pointer table = SphinxNatives.load().pocketsphinx().ps_args();
    Map<String, String> defaults = new HashMap<>();
    for (long at = 0; ; at += ARG_SIZE) {
      Pointer name = table.getPointer(at);
      if (name == null) {
        return defaults;
      }
      Pointer deflt = table.getPointer(at + 16);
      defaults.put(name.getString(0), deflt == null ? "" : deflt.getString(0));
    }
  }
}
