package io.captiond.asr.pocketsphinx;

import com.sun.jna.Native;
import io.captiond.asr.AsrException;

/** The two native libraries, loaded once per process on first use. */
record SphinxNatives(PocketSphinxLibrary pocketsphinx, SphinxBaseLibrary sphinxbase) {

  private static SphinxNatives loaded;

  static synchronized SphinxNatives load() throws AsrException {
    if (loaded == null) {
      loaded = load(PocketSphinxLibrary.SONAME, SphinxBaseLibrary.SONAME);
    }
    return loaded;
  }

  /** Loads by soname, so that only the runtime packages are needed, not the -dev symlinks. */
  static SphinxNatives load(String pocketsphinxName, String sphinxbaseName) throws AsrException {
    try {
      SphinxNatives natives = new SphinxNatives(
          Native.load(pocketsphinxName, PocketSphinxLibrary.class),
          Native.load(sphinxbaseName, SphinxBaseLibrary.class));
      // Not "-logfn /dev/null" per decoder: each ps_init given -logfn fopens a new log and fcloses
      // the process-wide one that other threads may be writing to mid-decode. Off once, here, instead.
      natives.sphinxbase().err_set_logfp(null);
      return natives;
    } catch (UnsatisfiedLinkError e) {
      throw new AsrException("pocketsphinx native libraries " + pocketsphinxName + " and "
          + sphinxbaseName + " could not be loaded (" + e.getMessage() + "); "
          + PocketSphinxSettings.INSTALL_HINT, e);
    }
  }
}
