package io.captiond.asr.pocketsphinx;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.Optional;

/**
 * The live cepstral mean of one decoder: what its front end subtracts from every frame of an utterance
 * fed as it arrives. The decoder learns it from the utterances it heard, starting from the model's
 * {@code -cmninit}, which is far from most channels; read after an utterance and set before the next one
 * of the same stream, it follows the stream from decoder to decoder.
 *
 * <p>sphinxbase exports {@code cmn_live_get/set} but not the way from a decoder to its {@code cmn_t}:
 * that pointer is read from {@code feat_t} at its offset in sphinxbase 0.8/5prealpha on LP64, and
 * used only if the structure around it reads as expected (13 cepstra, one stream, the model's
 * {@code -cmninit} as the first mean). Anything else (another build) leaves the means alone.
 */
final class CepstralMean {

  /** Cepstra per frame ({@code -ncep} of the CMU models). */
  static final int CEPSTRA = 13;
  private static final long FEAT_CEPSIZE = 16;
  private static final long FEAT_N_STREAM = 20;
  private static final long FEAT_CMN_STRUCT = 88;
  private static final long CMN_VECLEN = 28;

  private final SphinxBaseLibrary sphinxbase;
  private final Pointer fe;
  private final Pointer cmn;

  private CepstralMean(SphinxBaseLibrary sphinxbase, Pointer fe, Pointer cmn) {
    this.sphinxbase = sphinxbase;
    this.fe = fe;
    this.cmn = cmn;
  }

  /** The decoder's mean, if this build's structures are the ones expected. */
  static Optional<CepstralMean> of(SphinxNatives natives, Pointer decoder) {
    Pointer fe = natives.pocketsphinx().ps_get_fe(decoder);
    Pointer feat = natives.pocketsphinx().ps_get_feat(decoder);
    if (fe == null || feat == null || feat.getInt(FEAT_CEPSIZE) != CEPSTRA || feat.getInt(FEAT_N_STREAM) != 1) {
      return Optional.empty();
    }
    Pointer cmn = feat.getPointer(FEAT_CMN_STRUCT);
    if (cmn == null || cmn.getInt(CMN_VECLEN) != CEPSTRA) {
      return Optional.empty();
    }
    CepstralMean mean = new CepstralMean(natives.sphinxbase(), fe, cmn);
    float c0 = mean.get()[0];
    // The CMU models' -cmninit starts with the mean log energy, 40 or so: a float there, not garbage.
    return c0 > 1 && c0 < 200 ? Optional.of(mean) : Optional.empty();
  }

  /**
   * The mean of the samples' cepstra, as a whole-window decode normalizes by: through the decoder's own
   * front end, between utterances (each utterance starts the front end afresh). Empty for samples
   * shorter than a frame.
   */
  Optional<float[]> of(short[] samples) {
    if (sphinxbase.fe_start_utt(fe) < 0) {
      return Optional.empty();
    }
    PointerByReference block = new PointerByReference();
    IntByReference frames = new IntByReference();
    int ok = sphinxbase.fe_process_utt(fe, samples, new NativeLong(samples.length), block, frames);
    sphinxbase.fe_end_utt(fe, new float[CEPSTRA], new IntByReference());
    Pointer rows = block.getValue();
    try {
      int n = frames.getValue();
      if (ok < 0 || rows == null || n < 1) {
        return Optional.empty();
      }
      // ckd_calloc_2d: the row pointers, the first of which starts one contiguous block of all rows.
      float[] all = rows.getPointer(0).getFloatArray(0, n * CEPSTRA);
      double[] sum = new double[CEPSTRA];
      for (int f = 0; f < n; f++) {
        for (int c = 0; c < CEPSTRA; c++) {
          sum[c] += all[f * CEPSTRA + c];
        }
      }
      float[] mean = new float[CEPSTRA];
      for (int c = 0; c < CEPSTRA; c++) {
        mean[c] = (float) (sum[c] / n);
      }
      return Optional.of(mean);
    } finally {
      if (rows != null) {
        sphinxbase.ckd_free_2d(rows);
      }
    }
  }

  float[] get() {
    float[] vec = new float[CEPSTRA];
    sphinxbase.cmn_live_get(cmn, vec);
    return vec;
  }

  void set(float[] vec) {
    if (vec.length != CEPSTRA) {
      throw new IllegalArgumentException("a cepstral mean has " + CEPSTRA + " values, got " + vec.length);
    }
    sphinxbase.cmn_live_set(cmn, vec);
  }
}
