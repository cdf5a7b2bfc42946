package io.captiond.translate;

import io.captiond.captions.CueLayout;
import io.captiond.captions.CueTrack;
import io.captiond.captions.DueBoundaries;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * One target language of one stream: units wait here, in order, and go to their engine (a
 * {@link UnitTranslator}: the translation workers, or Whisper on the ASR workers) one request at a time
 * (so nothing is translated twice or overtaken); each answer is numbered, stored in the language's
 * {@link TranslationLog}, then published and laid out as cues for the language's {@link CueTrack}s. Call on
 * the session's context.
 *
 * <p>Failures: a service that cannot be reached, is busy or misses the deadline (or no worker has the
 * engine) is down: the units stay, the language is reported degraded and the request is tried again with
 * back-off; once it answers, the waiting units catch up {@code maxBatch} at a time. A unit the engine
 * refuses or fails is retried alone {@code retries} times, then skipped: a logged, counted gap. While down,
 * at most {@code maxBacklog} units wait; beyond, the oldest is skipped the same way. A unit whose audio is
 * gone ({@link WhisperTranslator#AUDIO_GONE}) is skipped at once.
 */
final class LanguageTrack {

  static final long FIRST_RETRY_MS = 250;
  static final long LAST_RETRY_MS = 4_000;
  private static final Logger LOG = Logger.getLogger(LanguageTrack.class.getName());

  /** A unit waiting for its translation, with the source finals it came from. */
  static final class Waiting {
    final TranslationUnit unit;
    final List<Long> sources;
    final long closedNanos;
    int attempts;

    Waiting(TranslationUnit unit, List<Long> sources, long closedNanos) {
      this.unit = unit;
      this.sources = List.copyOf(sources);
      this.closedNanos = closedNanos;
    }
  }

  private final Vertx vertx;
  private final String streamId;
  private final LanguagePair pair;
  private final UnitTranslator translator;
  private final TranslationLog log;
  private final TranslationSettings settings;
  private final TranslationMetrics metrics;
  private final BiConsumer<String, String> health;
  private final CueLayout cues;
  private final List<CueTrack> tracks = new ArrayList<>();
  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
  private final List<Promise<Void>> drained = new ArrayList<>();
  private final Gauge backlogGauge;
  private int inFlight;
  private boolean alone;
  private long retryMs = FIRST_RETRY_MS;
  private long retryTimer = -1;
  private long seq;
  private boolean closed;
  private boolean down;
  private boolean storing;
  /** The log's last number is known ({@link #open}). */
  private boolean opened;
  private long gaps;
  /** The latest tentative unit not yet sent, and whether one is with the engine (at most one at a time). */
  private TranslationUnit tentativeNext;
  private boolean tentativeInFlight;
  /** Where the last published final ends: a tentative answer from before it is stale. */
  private long finalsUntilMs = Long.MIN_VALUE;

  /** @param health hears the language degraded (a detail) or well again ({@code null}) */
  LanguageTrack(Vertx vertx, String streamId, LanguagePair pair, UnitTranslator translator, TranslationLog log,
      TranslationSettings settings, CueLayout.Config layout, TranslationMetrics metrics,
      BiConsumer<String, String> health) {
    this.vertx = vertx;
    this.streamId = streamId;
    this.pair = pair;
    this.translator = translator;
    this.log = log;
    this.settings = settings;
    this.metrics = metrics;
    this.health = health;
    this.cues = new CueLayout(layout);
    this.backlogGauge = metrics.backlog(streamId, pair.target(), queue::size);
  }

  String language() {
    return pair.target();
  }

  /**
   * Reads where the numbering goes on. Until then nothing is numbered: no unit goes to the engine and no cue or
   * tentative text goes out, or it would take a number the log already holds (after a restart) or that the log's
   * numbering would hand out again.
   */
  Future<Void> open() {
    return vertx.executeBlocking(log::lastSeq).<Void>map(last -> {
      seq = last;
      return null;
    }).onComplete(done -> {
      opened = true; // an unreadable log numbers from 0, as a new one
      pump();
    });
  }

  void addTrack(CueTrack track) {
    tracks.add(track);
  }

  List<CueTrack> tracks() {
    return tracks;
  }

  /** Units skipped so far. */
  long gaps() {
    return gaps;
  }

  void add(TranslationUnit unit, List<Long> sources, long closedNanos) {
    if (closed) {
      return;
    }
    queue.addLast(new Waiting(unit, sources, closedNanos));
    while (queue.size() - inFlight > settings.maxBacklog()) {
      // the first unit not in flight: those in flight stay until answered
      Waiting oldest = new ArrayList<>(queue).get(inFlight);
      queue.remove(oldest);
      skip(oldest, "more than " + settings.maxBacklog() + " units waiting");
    }
    pump();
  }

  private void pump() {
    if (!opened || inFlight > 0 || retryTimer >= 0 && !closed) {
      return;
    }
    if (queue.isEmpty() || closed) {
      drained.forEach(Promise::tryComplete);
      drained.clear();
      return;
    }
    List<Waiting> batch = new ArrayList<>(queue).subList(0,
        alone ? 1 : Math.min(translator.maxBatch(settings.maxBatch()), queue.size()));
    inFlight = batch.size();
    Future<List<TranslationUnit>> answer;
    try {
      answer = translator.translate(batch.stream().map(w -> w.unit).toList());
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(done -> {
      if (closed) {
        return;
      }
      if (done.succeeded() && done.result().size() == batch.size()) {
        translated(batch, done.result());
      } else if (done.succeeded()) {
        inFlight = 0;
        failed(batch, TranslationWorkerVerticle.ENGINE_FAILED, "answer of the wrong length");
      } else {
        inFlight = 0;
        int code = done.cause() instanceof ReplyException reply
            ? reply.failureType() == ReplyFailure.RECIPIENT_FAILURE ? reply.failureCode()
            : reply.failureType() == ReplyFailure.TIMEOUT ? TranslationWorkerVerticle.DEADLINE
            : TranslationWorkerVerticle.NO_ENGINE
            : TranslationWorkerVerticle.ENGINE_FAILED;
        failed(batch, code, done.cause().getMessage());
      }
    });
  }

  /** Numbers the translations, stores them, then publishes them; the next request goes once they are out. */
  private void translated(List<Waiting> batch, List<TranslationUnit> units) {
    List<TranslatedCaption> finals = new ArrayList<>(units.size());
    for (int i = 0; i < units.size(); i++) {
      TranslationUnit unit = units.get(i);
      finals.add(new TranslatedCaption(streamId, pair.target(), ++seq, true, batch.get(i).sources, unit.text().strip(),
          batch.get(i).unit.startMs(), batch.get(i).unit.endMs()));
    }
    storing = true; // no cue goes out meanwhile: it would take a seq above these finals and overtake them
    store(finals).onComplete(stored -> {
      storing = false;
      if (closed) {
        return;
      }
      long now = System.nanoTime();
      List<CueLayout.Cue> laidOut = new ArrayList<>();
      for (int i = 0; i < finals.size(); i++) {
        queue.pollFirst();
        publish(finals.get(i));
        finalsUntilMs = Math.max(finalsUntilMs, finals.get(i).endMs());
        metrics.lag(pair.target(), now - batch.get(i).closedNanos);
        laidOut.addAll(cues.addCaption(finals.get(i).text(), finals.get(i).startMs(), finals.get(i).endMs()));
      }
      // the cues after every final of the batch: numbered after them, they never overtake one
      laidOut.forEach(this::publishCue);
      metrics.units(pair.target(), finals.size());
      inFlight = 0;
      alone = false;
      retryMs = FIRST_RETRY_MS;
      if (down) {
        down = false;
        LOG.info(() -> "stream " + streamId + ": translation into " + pair.target() + " is back; " + queue.size()
            + " units to catch up");
        health.accept(pair.target(), null);
      }
      pump();
    });
  }

  /**
   * The open unit with the source's tentative text: translated (only the latest one waits while another is with
   * the engine) and published as a tentative caption, unless a final has covered it meanwhile. Never stored; the
   * engine being down or failing it loses nothing but this one.
   */
  void tentative(TranslationUnit unit) {
    if (closed || down || !translator.translatesText()) {
      return;
    }
    tentativeNext = unit;
    if (!tentativeInFlight) {
      sendTentative();
    }
  }

  private void sendTentative() {
    TranslationUnit unit = tentativeNext;
    tentativeNext = null;
    if (unit == null || closed) {
      return;
    }
    tentativeInFlight = true;
    Future<List<TranslationUnit>> answer;
    try {
      answer = translator.translate(List.of(unit));
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(done -> {
      tentativeInFlight = false;
      if (closed) {
        return;
      }
      if (done.succeeded() && done.result().size() == 1 && opened && !storing && unit.startMs() >= finalsUntilMs) {
        publish(new TranslatedCaption(streamId, pair.target(), ++seq, false, List.of(),
            done.result().get(0).text().strip(), unit.startMs(), unit.endMs(), true));
      }
      sendTentative();
    });
  }

  /** Completes once stored; a failed write is tried again (the finals were not announced yet). */
  private Future<Void> store(List<TranslatedCaption> finals) {
    return vertx.<Void>executeBlocking(() -> {
      for (TranslatedCaption caption : finals) {
        log.append(caption);
      }
      return null;
    }).recover(error -> {
      LOG.warning(() -> "stream " + streamId + ": cannot store translations into " + pair.target() + " ("
          + error.getMessage() + "); trying again");
      Promise<Void> later = Promise.promise();
      vertx.setTimer(LAST_RETRY_MS, id -> later.complete());
      return later.future().compose(v -> closed ? Future.succeededFuture() : store(finals));
    });
  }

  private void failed(List<Waiting> batch, int code, String why) {
    metrics.failure(pair.target(), code);
    boolean serviceDown = code == TranslationWorkerVerticle.UNREACHABLE || code == TranslationWorkerVerticle.BUSY
        || code == TranslationWorkerVerticle.DEADLINE || code == TranslationWorkerVerticle.NO_ENGINE;
    if (serviceDown) {
      if (!down) {
        LOG.warning(() -> "stream " + streamId + ": translation into " + pair.target() + " unavailable (" + code
            + ": " + why + "); source captions go on, units wait");
      }
      down = true;
      health.accept(pair.target(), "translation into " + pair.target() + " unavailable (" + why + "): "
          + queue.size() + " unit(s) waiting" + (gaps > 0 ? ", " + gaps + " skipped" : ""));
      retryLater(Math.min(LAST_RETRY_MS, retryMs * 2));
      return;
    }
    Waiting head = batch.get(0);
    if (code == WhisperTranslator.AUDIO_GONE) {
      queue.remove(head); // no attempt can hear it again
      skip(head, why);
      vertx.runOnContext(v -> pump());
      return;
    }
    alone = true;
    if (batch.size() == 1 && ++head.attempts > settings.retries()) {
      queue.remove(head);
      alone = false;
      skip(head, "failed " + head.attempts + " time(s): " + why);
    }
    retryLater(FIRST_RETRY_MS);
  }

  private void retryLater(long nextMs) {
    long wait = retryMs;
    retryMs = nextMs;
    retryTimer = vertx.setTimer(wait, id -> {
      retryTimer = -1;
      pump();
    });
  }

  private void skip(Waiting waiting, String why) {
    gaps++;
    metrics.gap(pair.target());
    LOG.warning(() -> "stream " + streamId + ": translation gap in " + pair.target() + ": unit "
        + waiting.unit.startMs() + "-" + waiting.unit.endMs() + " ms (source " + waiting.sources + ") skipped, "
        + why + ": \"" + waiting.unit.text() + "\"");
  }

  /**
   * Closes the cues no later translation can change: up to {@code boundMs} (how far the source is settled
   * and cut into units), and before the first unit still waiting.
   */
  void settle(long boundMs) {
    long settled = queue.isEmpty() ? boundMs : Math.min(boundMs, queue.peekFirst().unit.startMs());
    if (settled == Long.MIN_VALUE || closed || storing || !opened) {
      return;
    }
    for (long boundary : DueBoundaries.upTo(tracks, settled)) {
      cues.closeBefore(boundary).forEach(this::publishCue);
    }
    cues.settle(settled).forEach(this::publishCue);
    long known = Math.min(settled, cues.pendingStartMs());
    tracks.forEach(track -> track.settled(known));
  }

  /**
   * The stream ended: waits up to {@code drainMs} for the waiting units (those left then are gaps), then the
   * last cues go out and the tracks finish once {@code mediaDone} completes.
   */
  Future<Void> finish(Future<Void> mediaDone, long drainMs) {
    Promise<Void> emptied = Promise.promise();
    drained.add(emptied);
    pump();
    long timer = vertx.setTimer(drainMs, id -> emptied.tryComplete());
    return emptied.future().compose(v -> {
      vertx.cancelTimer(timer);
      queue.forEach(waiting -> skip(waiting, "the stream ended before it was translated"));
      queue.clear();
      cues.flush().forEach(this::publishCue);
      closed = true;
      vertx.cancelTimer(retryTimer);
      return Future.join(tracks.stream().map(track -> track.finish(mediaDone)).toList()).mapEmpty();
    });
  }

  /** Stops at once (the language was dropped, or the stream failed): nothing more is sent or published. */
  void close() {
    closed = true;
    vertx.cancelTimer(retryTimer);
    tracks.forEach(CueTrack::close);
    metrics.remove(backlogGauge);
    drained.forEach(Promise::tryComplete);
  }

  /** Closes the log; blocking, call on a worker once stopped. */
  void closeLog() {
    log.close();
  }

  private void publishCue(CueLayout.Cue cue) {
    tracks.forEach(track -> track.addCue(cue));
    publish(new TranslatedCaption(streamId, pair.target(), ++seq, false, List.of(), cue.text(), cue.startMs(),
        cue.endMs()));
  }

  private void publish(TranslatedCaption caption) {
    vertx.eventBus().publish(TranslationAddresses.captions(streamId, pair.target()), caption);
  }
}
