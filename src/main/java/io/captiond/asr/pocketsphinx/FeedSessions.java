package io.captiond.asr.pocketsphinx;

import io.captiond.asr.AsrException;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.StreamingAsrEngine.ResyncException;
import io.captiond.asr.UtteranceFeed;
import io.captiond.media.Pcm16k;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The utterances open on this node, each with its own decoder that holds the search so far, so that
 * every sample is decoded once however often the hypothesis is asked for. A piece that continues an
 * utterance at the offset its decoder has reached is decoded; audio it repeats (a piece re-sent whole)
 * is skipped; an utterance not held here, or a piece beyond a gap, is answered with a
 * {@link ResyncException} (the session then sends the utterance from its start).
 *
 * <p>Bounded: at most {@code maxOpen} decoders (each holds its own copy of the models); when all are
 * held, the utterance fed least recently gives its decoder up (it resyncs if it comes back). An
 * utterance not fed for {@code idleMs} is dropped on the next call; one fed past {@code maxSamples}
 * is refused. Safe for concurrent calls: pieces of different utterances decode in parallel, and a decoder
 * loading for one utterance ({@link DecoderSupply}) holds up no other.
 */
final class FeedSessions implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(FeedSessions.class.getName());

  interface Factory {
    UtteranceDecoder create() throws AsrException;
  }

  /**
   * What an utterance's decoder heard so far.
   *
   * @param startMs stream time of the utterance's first sample
   * @param endMs stream time just after its last sample fed
   */
  record Heard(List<DecodedWord> words, long startMs, long endMs) {}

  private static final class Session {
    final String key;
    final long startMs;
    /** Null until one is lent or loaded for it; the session is busy until then. */
    UtteranceDecoder decoder;
    /** Its decoder heard nothing before this utterance. */
    boolean fresh;
    /** Samples held back until there are enough to estimate the utterance's mean; null once decoding began. */
    short[] held = new short[0];
    long fed;
    /** Samples sent, repeats included, and pieces: with {@link #fed}, what a FINE log line says at its end. */
    long received;
    int pieces;
    long lastUsedMs;
    boolean busy;

    Session(String key, long startMs) {
      this.key = key;
      this.startMs = startMs;
    }

    void lend(DecoderSupply.Lent lent) {
      decoder = lent.decoder();
      fresh = lent.fresh();
    }
  }

  /** Throwaway decodes of a new decoder's first piece; each moves the live mean further its way. */
  static final int WARM_UP_ROUNDS = 4;
  /**
   * An utterance's first samples are held back, undecoded, until there are this many (or it ends), so that
   * its mean is estimated from two seconds rather than from whatever its first piece holds.
   */
  static final int MEAN_SAMPLES = 32_000;
  /** Sources whose mean is kept, per decoder: streams that paused come back to their own channel's. */
  private static final int MEANS_PER_DECODER = 4;

  private final int maxOpen;
  private final long idleMs;
  private final long maxSamples;
  private final LongSupplier clockMs;
  private final DecoderSupply decoders;
  private final Map<String, Session> open = new HashMap<>();
  /** The live cepstral mean each source's last utterance left, for the sources heard most recently. */
  private final Map<String, float[]> means = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
      return size() > MEANS_PER_DECODER * maxOpen;
    }
  };
  private boolean closed;

  /** No decoder kept ready: each is loaded when an utterance needs it. */
  FeedSessions(int maxOpen, long idleMs, long maxSamples, LongSupplier clockMs, Factory factory) {
    this(new DecoderSupply(maxOpen, 0, Runnable::run, factory, clockMs), maxOpen, idleMs, maxSamples, clockMs);
  }

  /** @param decoders where the utterances' decoders come from, at most {@code maxOpen} */
  FeedSessions(DecoderSupply decoders, int maxOpen, long idleMs, long maxSamples, LongSupplier clockMs) {
    if (maxOpen < 1 || idleMs < 1 || maxSamples < 1) {
      throw new IllegalArgumentException("open utterances " + maxOpen + ", idle " + idleMs + " ms and max samples "
          + maxSamples + " must be positive");
    }
    this.maxOpen = maxOpen;
    this.idleMs = idleMs;
    this.maxSamples = maxSamples;
    this.clockMs = clockMs;
    this.decoders = decoders;
  }

  /** Feeds {@code window}, the utterance's samples from {@code feed.offset()} on; ends it if {@code feed.last()}. */
  Heard feed(UtteranceFeed feed, AudioWindow window) throws AsrException {
    Session session = take(feed, window);
    if (session.decoder == null) {
      obtainDecoder(session);
    }
    boolean done = feed.last();
    session.received += window.samples().length;
    session.pieces++;
    try {
      int skip = (int) Math.min(session.fed - feed.offset(), window.samples().length);
      short[] fresh = Arrays.copyOfRange(window.samples(), skip, window.samples().length);
      if (session.fed + fresh.length > maxSamples) {
        done = true;
        throw new AsrException("utterance " + feed.key() + " would hold " + (session.fed + fresh.length)
            + " samples, more than the " + maxSamples + " allowed");
      }
      session.fed += fresh.length;
      if (session.held != null) {
        session.held = concat(session.held, fresh);
        if (session.held.length < MEAN_SAMPLES && !feed.last() && session.decoder.channelMean().isPresent()) {
          return new Heard(List.of(), session.startMs, session.startMs + Pcm16k.samplesToMs(session.fed));
        }
        fresh = session.held;
        session.held = null;
        normalize(session.decoder, source(feed.key()), fresh, session.fresh);
        session.decoder.begin();
      }
      session.decoder.process(fresh);
      List<DecodedWord> words = feed.last() ? session.decoder.finish() : session.decoder.hypothesis();
      return new Heard(words, session.startMs, session.startMs + Pcm16k.samplesToMs(session.fed));
    } catch (AsrException | RuntimeException e) {
      done = true;
      throw e;
    } finally {
      release(session, done);
    }
  }

  private static short[] concat(short[] a, short[] b) {
    short[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  /** Utterances open now. */
  synchronized int open() {
    return open.size();
  }

  /** Decoders alive now, held or idle; never more than {@code maxOpen}. */
  int decodersAlive() {
    return decoders.alive();
  }

  /** Decoders loaded and waiting for an utterance. */
  int decodersIdle() {
    return decoders.idleCount();
  }

  private synchronized Session take(UtteranceFeed feed, AudioWindow window) throws AsrException {
    if (closed) {
      throw new IllegalStateException("pocketsphinx engine is closed");
    }
    expireIdle();
    Session session = open.get(feed.key());
    while (session != null && session.busy) {
      // A piece re-sent while the first attempt still decodes (the client's deadline passed on a slow
      // machine): it waits, then its audio up to what was fed is skipped, and it answers for both.
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AsrException("interrupted waiting for utterance " + feed.key() + " to be free");
      }
      if (closed) {
        throw new IllegalStateException("pocketsphinx engine is closed");
      }
      session = open.get(feed.key());
    }
    if (session != null && feed.offset() > session.fed) {
      drop(session);
      throw new ResyncException("utterance " + feed.key() + " has " + session.fed
          + " samples here; a piece from sample " + feed.offset() + " leaves a gap");
    }
    if (session == null) {
      if (feed.offset() != 0) {
        throw new ResyncException("utterance " + feed.key() + " is not open here; a piece from sample "
            + feed.offset() + " cannot begin it");
      }
      session = new Session(feed.key(), window.startMs());
      session.lastUsedMs = clockMs.getAsLong();
      open.put(feed.key(), session);
      decoders.idle(source(feed.key())).ifPresent(session::lend);
    }
    session.busy = true;
    return session;
  }

  private synchronized void release(Session session, boolean done) {
    session.busy = false;
    if (done && LOG.isLoggable(Level.FINE)) {
      // Whether a stream's decoder hears more than its speech: compare fed with the utterance's length.
      LOG.fine("utterance " + session.key + " ended: " + Pcm16k.samplesToMs(session.fed) + " ms decoded, "
          + Pcm16k.samplesToMs(session.received) + " ms sent in " + session.pieces + " pieces");
    }
    notifyAll(); // a piece of the same utterance may be waiting for it
    session.lastUsedMs = clockMs.getAsLong();
    if ((done || closed) && open.get(session.key) == session) {
      open.remove(session.key);
      recycle(session);
    }
  }

  private static String source(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }

  /**
   * Sets the live cepstral mean the utterance is normalized by. The model was trained with each
   * utterance normalized by its own mean, which a live decode cannot know ahead: the mean of its first
   * piece alone depends on the words in it, and the mean its stream's utterances left so far (whichever
   * decoder heard them) lags. Half of each (the utterance's first {@link #MEAN_SAMPLES}, held back until
   * then) was measured closest to whole-window decoding on the load
   * harness's speech and jfk (PocketSphinxModesBenchmark, finals only, 32 ms chunks: WER 0.347 against
   * 0.463 and 0.372); a stream's
   * first utterance takes its first piece's. So the words do not depend on which decoder an utterance
   * gets or what it heard before. Decoders that cannot tell their mean are warmed up instead, once.
   */
  private void normalize(UtteranceDecoder decoder, String source, short[] firstPiece, boolean fresh)
      throws AsrException {
    Optional<float[]> mean = decoder.meanOf(firstPiece);
    float[] known;
    synchronized (this) {
      known = means.get(source);
    }
    if (mean.isPresent() && known != null) {
      float[] blended = mean.get();
      for (int i = 0; i < blended.length && i < known.length; i++) {
        blended[i] = (blended[i] + known[i]) / 2;
      }
    }
    if (mean.isEmpty() && known != null) {
      mean = Optional.of(known);
    }
    if (mean.isPresent()) {
      decoder.normalizeBy(mean.get());
    } else if (fresh) {
      warmUp(decoder, firstPiece);
    }
  }

  /**
   * A new decoder normalizes cepstra live by a mean it has learnt from the utterances it decoded before,
   * which starts from the model's training data: far from most channels (jfk fed to a new decoder: 68%
   * words wrong, 23% once it had heard it). Heard first as throwaway utterances, the first piece moves
   * that mean most of the way to its channel, once per decoder.
   */
  private static void warmUp(UtteranceDecoder decoder, short[] samples) throws AsrException {
    if (samples.length == 0) {
      return;
    }
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      decoder.begin();
      decoder.process(samples);
      decoder.abandon();
    }
  }

  /**
   * For a new utterance that found no idle decoder (an idle one, preferably the one that heard its source
   * last, is lent in {@link #take}): one loading or loaded now, outside the lock, else the decoder of the
   * utterance fed least recently.
   */
  private void obtainDecoder(Session session) throws AsrException {
    try {
      Optional<DecoderSupply.Lent> lent = decoders.obtain();
      synchronized (this) {
        if (lent.isPresent()) {
          session.lend(lent.get());
        } else {
          session.decoder = evictLeastRecentlyFed();
        }
      }
    } catch (AsrException | RuntimeException e) {
      synchronized (this) {
        open.remove(session.key, session);
        session.busy = false;
        notifyAll();
      }
      throw e;
    }
  }

  private UtteranceDecoder evictLeastRecentlyFed() throws AsrException {
    Session oldest = null;
    for (Session s : open.values()) {
      if (!s.busy && (oldest == null || s.lastUsedMs < oldest.lastUsedMs)) {
        oldest = s;
      }
    }
    if (oldest == null) {
      throw new AsrException("all " + maxOpen + " utterance decoders are decoding");
    }
    open.remove(oldest.key);
    oldest.decoder.abandon();
    return oldest.decoder;
  }

  private void expireIdle() {
    long now = clockMs.getAsLong();
    open.values().removeIf(s -> {
      boolean expired = !s.busy && now - s.lastUsedMs > idleMs;
      if (expired) {
        recycle(s);
      }
      return expired;
    });
  }

  private void drop(Session session) {
    open.remove(session.key);
    recycle(session);
  }

  /** Frees the session's decoder; the mean it leaves is its stream's, unless it never began decoding. */
  private void recycle(Session session) {
    UtteranceDecoder decoder = session.decoder;
    String key = session.key;
    decoder.abandon();
    if (session.held == null) {
      decoder.channelMean().ifPresent(mean -> means.put(source(key), mean));
    }
    decoders.giveBack(decoder, source(key));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    notifyAll(); // pieces waiting for a busy utterance give up
    decoders.close();
    open.values().removeIf(s -> {
      if (!s.busy) {
        s.decoder.abandon();
        decoders.discard(s.decoder);
      }
      return !s.busy;
    });
  }
}
