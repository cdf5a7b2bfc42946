package io.captiond.asr.pocketsphinx;

import io.captiond.asr.AsrEngine;
import io.captiond.asr.AsrException;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.LanguageSupport;
import io.captiond.asr.Segment;
import io.captiond.asr.StreamingAsrEngine;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.Transcript;
import io.captiond.asr.UtteranceFeed;
import io.captiond.asr.Word;
import io.captiond.asr.WordTiming;
import io.captiond.media.Pcm16k;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * CMU pocketsphinx (the Debian 0.8/5prealpha library) in process through JNA: the low-accuracy
 * English engine that works with nothing but Debian packages installed. Safe for concurrent calls:
 * each window decoded whole borrows one decoder from a bounded pool; each utterance fed as it arrives
 * ({@link #feed}) holds a decoder of its own while it is open ({@link FeedSessions}).
 */
public final class PocketSphinxEngine implements StreamingAsrEngine {

  public static final String NAME = "pocketsphinx";
  public static final String LANGUAGE = "en";

  /** pocketsphinx's default frame rate is 100 frames a second. */
  static final long FRAME_MS = 10;
  /** An utterance not fed for this long is dropped (its stream went away, or moved to another worker). */
  static final long FEED_IDLE_MS = 30_000;
  /** The longest utterance fed: twice the longest a policy asks for, so that a resent one still fits. */
  static final long FEED_MAX_MS = 60_000;

  private final DecoderPool pool;
  private final FeedSessions feeds;
  private final ExecutorService loader;
  private final LanguageSupport languages;
  /** The dictionary cut to the language model's words, deleted on close; null when the whole one is used. */
  private final Path cutDictionary;

  /**
   * Checks the model files, loads the native libraries and the decoders the mode starts with: the windowed
   * pool, or the streaming decoders kept ready; at least one, so that a broken install fails here with a
   * message that says what to install.
   */
  public PocketSphinxEngine(PocketSphinxSettings settings) throws AsrException {
    settings.requireModelFiles();
    SphinxNatives natives = SphinxNatives.load();
    Path dictionary = LmDictionary.cutOrWhole(natives, settings.languageModel(), settings.dictionary());
    this.cutDictionary = dictionary.equals(settings.dictionary()) ? null : dictionary;
    PocketSphinxSettings config = settings.withDictionary(dictionary);
    PocketSphinxSettings windows = config.withSearch(config.search().everyFrame());
    this.pool = new DecoderPool(config.poolSize(), () -> Decoder.create(natives, windows));
    this.languages = LanguageSupport.only(config.language());
    this.loader = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "captiond-pocketsphinx-loader");
      thread.setDaemon(true);
      return thread;
    });
    DecoderSupply supply = new DecoderSupply(config.openUtterances(), config.readyDecoders(), loader,
        () -> Decoder.create(natives, config));
    this.feeds = new FeedSessions(supply, config.openUtterances(), FEED_IDLE_MS, Pcm16k.msToSamples(FEED_MAX_MS),
        System::currentTimeMillis);
    try {
      if (config.mode() == PocketSphinxSettings.Mode.WINDOWED) {
        pool.prime();
      } else {
        supply.prime();
      }
    } catch (AsrException | RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The model's one language; pocketsphinx cannot detect. */
  @Override
  public LanguageSupport languages() {
    return languages;
  }

  @Override
  public WordTiming wordTiming() {
    return WordTiming.ALIGNED;
  }

  /** The prompt is ignored: an n-gram decoder has no way to take preceding text. */
  @Override
  public Transcript transcribe(AudioWindow window, TranscribeOptions options) throws AsrException {
    pool.requireOpen();
    requireEnglish(options);
    if (window.samples().length == 0) {
      return Transcript.empty(LANGUAGE, WordTiming.ALIGNED);
    }
    return transcript(decode(window.samples()), window.startMs(), window.endMs());
  }

  /** The prompt is ignored, as for whole windows; an empty piece just asks for the hypothesis so far. */
  @Override
  public Transcript feed(UtteranceFeed feed, AudioWindow window, TranscribeOptions options) throws AsrException {
    pool.requireOpen();
    requireEnglish(options);
    FeedSessions.Heard heard = feeds.feed(feed, window);
    return transcript(heard.words(), heard.startMs(), heard.endMs());
  }

  private static Transcript transcript(List<DecodedWord> decoded, long startMs, long endMs) {
    List<Word> words = new ArrayList<>();
    for (DecodedWord entry : decoded) {
      SpokenForms.of(entry.token()).ifPresent(text -> words.add(timed(text, entry, startMs, endMs)));
    }
    if (words.isEmpty()) {
      return Transcript.empty(LANGUAGE, WordTiming.ALIGNED);
    }
    String text = words.stream().map(Word::text).collect(Collectors.joining(" "));
    Segment segment = Segment.of(text, words.get(0).startMs(), words.get(words.size() - 1).endMs(), words);
    return new Transcript(List.of(segment), LANGUAGE, WordTiming.ALIGNED);
  }

  private List<DecodedWord> decode(short[] samples) throws AsrException {
    Decoder decoder = borrow();
    try {
      List<DecodedWord> decoded = decoder.decode(samples);
      pool.giveBack(decoder);
      return decoded;
    } catch (AsrException | RuntimeException e) {
      pool.discard(decoder);
      throw e;
    }
  }

  private Decoder borrow() throws AsrException {
    try {
      return pool.borrow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AsrException("interrupted while waiting for a free pocketsphinx decoder", e);
    }
  }

  private static Word timed(String text, DecodedWord entry, long startMs, long endMs) {
    long start = Math.min(startMs + entry.startFrame() * FRAME_MS, endMs);
    long end = Math.min(startMs + (entry.endFrame() + 1) * FRAME_MS, endMs);
    return new Word(text, start, Math.max(start, end), entry.probability());
  }

  private static void requireEnglish(TranscribeOptions options) throws AsrException {
    String language = options.language();
    if (language != null && !language.equalsIgnoreCase(LANGUAGE)) {
      throw new AsrException("pocketsphinx has only an English model; asked for language " + language);
    }
  }

  /** How many native decoders exist now; never more than the configured pool size. */
  int decodersAlive() {
    return pool.alive();
  }

  /** Utterances fed and not yet finished. */
  int openUtterances() {
    return feeds.open();
  }

  /** Decoders for utterances fed as they arrive, loaded and waiting for one. */
  int feedDecodersIdle() {
    return feeds.decodersIdle();
  }

  @Override
  public void close() {
    feeds.close();
    pool.close();
    loader.shutdownNow();
    LmDictionary.deleteQuietly(cutDictionary);
  }
}
