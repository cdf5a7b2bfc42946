package io.captiond.asr.pocketsphinx;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** The part of libsphinxbase's C API (cmd_ln.h, logmath.h) that the engine calls. */
interface SphinxBaseLibrary extends Library {

  String SONAME = "libsphinxbase.so.3";

  /**
   * {@code cmd_ln_init(inout, defn, strict, ...)}: the variadic tail is key/value strings ending in
   * NULL. The library copies the strings, so JNA's temporary copies may go after the call.
   */
  Pointer cmd_ln_init(Pointer inout, Pointer definitions, int strict, Object... keysAndValues);

  int cmd_ln_free_r(Pointer config);

  double logmath_exp(Pointer logmath, int logValue);

  /** {@code FILE *}; NULL turns all of sphinxbase's and pocketsphinx's logging off, process-wide. */
  void err_set_logfp(Pointer stream);
}
