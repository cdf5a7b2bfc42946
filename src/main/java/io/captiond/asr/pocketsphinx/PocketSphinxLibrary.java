package io.captiond.asr.pocketsphinx;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The part of libpocketsphinx's 0.8/5prealpha C API (pocketsphinx.h) that the engine calls. All
 * pointers are opaque handles owned by the library.
 */
interface PocketSphinxLibrary extends Library {

  /** The soname of the old API; pocketsphinx 5.0 ships libpocketsphinx.so.5 with a different one. */
  String SONAME = "libpocketsphinx.so.3";

  /** {@code arg_t const *}: the argument definitions that cmd_ln_init checks a config against. */
  Pointer ps_args();

  /** Returns NULL when the models cannot be loaded; retains the config. */
  Pointer ps_init(Pointer config);

  int ps_free(Pointer decoder);

  int ps_start_utt(Pointer decoder);

  /** {@code size_t n_samples}: a NativeLong is 64 bits on LP64 Linux, as size_t is. */
  int ps_process_raw(Pointer decoder, short[] data, NativeLong nSamples, int noSearch, int fullUtt);

  int ps_end_utt(Pointer decoder);

  /**
   * Starts a new stream: segment frames ({@link #ps_seg_frames}) count from the start of the stream, which
   * live decoding carries on across utterances; starting one before each utterance makes them count
   * from the utterance's first sample.
   */
  int ps_start_stream(Pointer decoder);

  /** {@code fe_t *}, the decoder's front end (samples to cepstra), owned by the decoder. */
  Pointer ps_get_fe(Pointer decoder);

  /** {@code feat_t *}, the decoder's feature computation (which holds its cepstral mean), owned by the decoder. */
  Pointer ps_get_feat(Pointer decoder);

  /** {@code logmath_t *}, owned by the decoder. */
  Pointer ps_get_logmath(Pointer decoder);

  /** NULL when nothing was recognized; frees itself when {@link #ps_seg_next} reaches the end. */
  Pointer ps_seg_iter(Pointer decoder);

  Pointer ps_seg_next(Pointer segment);

  String ps_seg_word(Pointer segment);

  void ps_seg_frames(Pointer segment, IntByReference startFrame, IntByReference endFrame);

  /** The word's posterior probability as a logmath integer. */
  int ps_seg_prob(Pointer segment, IntByReference acousticScore, IntByReference languageScore,
      IntByReference backoff);
}
