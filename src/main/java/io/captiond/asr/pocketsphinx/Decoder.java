package io.captiond.asr.pocketsphinx;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.captiond.asr.AsrException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One native pocketsphinx decoder with its own copy of the models: a window decoded whole
 * ({@link #decode}), or one utterance fed as it arrives ({@link UtteranceDecoder}). Not thread-safe:
 * the pool, or the utterance's session, hands it to one caller at a time.
 */
final class Decoder implements UtteranceDecoder {

  private final PocketSphinxLibrary pocketsphinx;
  private final SphinxBaseLibrary sphinxbase;
  private final Pointer config;
  private final Pointer decoder;
  private final Pointer logmath;
  private boolean freed;
  private boolean inUtterance;
  private Dither dither = new Dither();
  private final Optional<CepstralMean> liveMean;

  private Decoder(SphinxNatives natives, Pointer config, Pointer decoder) {
    this.pocketsphinx = natives.pocketsphinx();
    this.sphinxbase = natives.sphinxbase();
    this.config = config;
    this.decoder = decoder;
    this.logmath = pocketsphinx.ps_get_logmath(decoder);
    this.liveMean = CepstralMean.of(natives, decoder);
  }

  /** Serialized process-wide: model loading is slow anyway and touches sphinxbase's global state. */
  static synchronized Decoder create(SphinxNatives natives, PocketSphinxSettings settings) throws AsrException {
    List<Object> args = new ArrayList<>(List.of(
        "-hmm", settings.acousticModelDir().toString(),
        "-lm", settings.languageModel().toString(),
        "-dict", settings.dictionary().toString(),
        // The voice-activity filter drops silent frames before the search, which shifts every
        // later word's frame numbers; keep all frames so that word times stay true.
        "-remove_silence", "no"));
    args.addAll(settings.search().arguments());
    args.add(null);
    Pointer config = natives.sphinxbase().cmd_ln_init(null, natives.pocketsphinx().ps_args(), 1, args.toArray());
    if (config == null) {
      throw new AsrException("pocketsphinx rejected its configuration for " + settings);
    }
    Pointer decoder = natives.pocketsphinx().ps_init(config);
    if (decoder == null) {
      natives.sphinxbase().cmd_ln_free_r(config);
      throw new AsrException("pocketsphinx could not load its models from " + settings
          + " (are they the files of one model?)");
    }
    return new Decoder(natives, config, decoder);
  }

  /** Decodes the samples as one utterance and returns its best path in order. */
  List<DecodedWord> decode(short[] samples) throws AsrException {
    if (freed) {
      throw new IllegalStateException("decoder already freed");
    }
    if (pocketsphinx.ps_start_utt(decoder) < 0) {
      throw new AsrException("pocketsphinx could not start an utterance");
    }
    // full_utt=1: the whole window at once, so cepstral mean normalization sees all of it.
    short[] dithered = Dither.apply(samples);
    int frames = pocketsphinx.ps_process_raw(decoder, dithered, new NativeLong(dithered.length), 0, 1);
    int ended = pocketsphinx.ps_end_utt(decoder);
    if (frames < 0 || ended < 0) {
      throw new AsrException("pocketsphinx failed to decode " + samples.length + " samples");
    }
    return bestPath();
  }

  @Override
  public void begin() throws AsrException {
    requireAlive();
    dither = new Dither();
    if (pocketsphinx.ps_start_stream(decoder) < 0 || pocketsphinx.ps_start_utt(decoder) < 0) {
      throw new AsrException("pocketsphinx could not start an utterance");
    }
    inUtterance = true;
  }

  /** full_utt=0: frames are searched as they come; cepstral mean normalization follows the audio live. */
  @Override
  public void process(short[] samples) throws AsrException {
    requireAlive();
    if (samples.length > 0) {
      short[] dithered = dither.next(samples);
      if (pocketsphinx.ps_process_raw(decoder, dithered, new NativeLong(dithered.length), 0, 0) < 0) {
        throw new AsrException("pocketsphinx failed to decode " + samples.length + " samples");
      }
    }
  }

  @Override
  public List<DecodedWord> hypothesis() {
    requireAlive();
    return bestPath();
  }

  @Override
  public List<DecodedWord> finish() throws AsrException {
    requireAlive();
    inUtterance = false;
    if (pocketsphinx.ps_end_utt(decoder) < 0) {
      throw new AsrException("pocketsphinx failed to end an utterance");
    }
    return bestPath();
  }

  @Override
  public void abandon() {
    if (inUtterance && !freed) {
      inUtterance = false;
      pocketsphinx.ps_end_utt(decoder);
    }
  }

  @Override
  public Optional<float[]> channelMean() {
    requireAlive();
    return liveMean.map(CepstralMean::get);
  }

  @Override
  public void normalizeBy(float[] mean) {
    requireAlive();
    if (inUtterance) {
      throw new IllegalStateException("the mean is set between utterances");
    }
    liveMean.ifPresent(m -> m.set(mean));
  }

  /** Dithered as the utterance will be, so that digital silence does not drag the mean to log(0). */
  @Override
  public Optional<float[]> meanOf(short[] samples) {
    requireAlive();
    if (inUtterance) {
      throw new IllegalStateException("the front end is in use by an utterance");
    }
    return liveMean.flatMap(m -> m.of(Dither.apply(samples)));
  }

  private void requireAlive() {
    if (freed) {
      throw new IllegalStateException("decoder already freed");
    }
  }

  private List<DecodedWord> bestPath() {
    List<DecodedWord> words = new ArrayList<>();
    IntByReference startFrame = new IntByReference();
    IntByReference endFrame = new IntByReference();
    IntByReference unused = new IntByReference();
    // ps_seg_next frees the iterator when it returns NULL, so the loop must run to the end.
    for (Pointer seg = pocketsphinx.ps_seg_iter(decoder); seg != null; seg = pocketsphinx.ps_seg_next(seg)) {
      String token = pocketsphinx.ps_seg_word(seg);
      pocketsphinx.ps_seg_frames(seg, startFrame, endFrame);
      int logPosterior = pocketsphinx.ps_seg_prob(seg, unused, unused, unused);
      double probability = Math.min(1.0, Math.max(0.0, sphinxbase.logmath_exp(logmath, logPosterior)));
      words.add(new DecodedWord(token, startFrame.getValue(), endFrame.getValue(), probability));
    }
    return words;
  }

  @Override
  public void close() {
    if (!freed) {
      freed = true;
      pocketsphinx.ps_free(decoder);
      sphinxbase.cmd_ln_free_r(config);
    }
  }
}
