package io.captiond.asr.pocketsphinx;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/** The part of libsphinxbase's C API (cmd_ln.h, logmath.h, ngram_model.h) that the engine calls. */
interface SphinxBaseLibrary extends Library {

  String SONAME = "libsphinxbase.so.3";

  /**
   * {@code cmd_ln_init(inout, defn, strict, ...)}: the variadic tail is key/value strings ending in
   * NULL. The library copies the strings, so JNA's temporary copies may go after the call.
   */
  Pointer cmd_ln_init(Pointer inout, Pointer definitions, int strict, Object... keysAndValues);

  int cmd_ln_free_r(Pointer config);

  double logmath_exp(Pointer logmath, int logValue);

  /**
   * {@code cmn_live_set(cmn_t *, mfcc_t const *)}: the live cepstral mean becomes {@code mean}, as if
   * learnt from 500 frames. {@code mfcc_t} is float in Debian's (floating-point) build.
   */
  void cmn_live_set(Pointer cmn, float[] mean);

  /** {@code cmn_live_get(cmn_t *, mfcc_t *)}: the live cepstral mean now. */
  void cmn_live_get(Pointer cmn, float[] mean);

  /** {@code fe_start_utt(fe_t *)}: resets the front end for a new utterance. */
  int fe_start_utt(Pointer fe);

  /**
   * {@code fe_process_utt(fe, spch, nsamps, mfcc_t ***cep_block, int32 *nframes)}: the cepstra of whole
   * frames, in a block the caller frees with {@link #ckd_free_2d}.
   */
  int fe_process_utt(Pointer fe, short[] samples, NativeLong count, PointerByReference cepstra, IntByReference frames);

  /** {@code fe_end_utt(fe, mfcc_t *out_cepvector, int32 *out_nframes)}: the last partial frame, if any. */
  int fe_end_utt(Pointer fe, float[] lastFrame, IntByReference frames);

  void ckd_free_2d(Pointer block);

  /** {@code logmath_init(base, shift, use_table)}: a log table; freed with {@link #logmath_free}. */
  Pointer logmath_init(double base, int shift, int useTable);

  int logmath_free(Pointer logmath);

  /**
   * {@code ngram_model_read(config, file_name, NGRAM_AUTO (0), lmath)}: an n-gram model in any format
   * sphinxbase reads; NULL when it cannot. Freed with {@link #ngram_model_free}.
   */
  Pointer ngram_model_read(Pointer config, String fileName, int fileType, Pointer logmath);

  int ngram_model_free(Pointer model);

  /** The model's id of {@code word}, or {@link #ngram_unknown_wid} when the model does not know it. */
  int ngram_wid(Pointer model, String word);

  int ngram_unknown_wid(Pointer model);

  /** {@code FILE *}; NULL turns all of sphinxbase's and pocketsphinx's logging off, process-wide. */
  void err_set_logfp(Pointer stream);
}
