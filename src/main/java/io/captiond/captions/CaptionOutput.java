package io.captiond.captions;

import io.captiond.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Where one stream's captions go once decided: numbered, finals stored in the {@link CaptionLog}
 * before anyone hears of them, published on the stream's caption address, laid out as cues
 * ({@link CueLayout}) that are published too and handed to each {@link CueTrack} (the HLS subtitle
 * rendition). The one place a new output plugs in.
 *
 * <p>Order: everything goes out through one chain, so a partial or a cue never overtakes a final
 * still being stored. Call on the session's context; the store runs on worker threads.
 *
 * <p>A disk that refuses finals does not stop the stream: they go on live and are held in memory
 * ({@link PendingFinals}, at most {@link #MAX_HELD_FINALS}) until the disk takes them again, in order.
 */
public final class CaptionOutput {

  /** Finals held in memory while the disk refuses them; beyond, the oldest are dropped (counted, logged). */
  public static final int MAX_HELD_FINALS = 10_000;
  /** How long an ending stream waits for held finals to reach the disk before they count as lost. */
  static final long DRAIN_AT_END_MS = 30_000;

  private final Vertx vertx;
  private final String streamId;
  private final CaptionLog log;
  private final CueLayout cues;
  private final Consumer<CaptionEvent> announced;
  private final PendingFinals finals;
  private final List<CueTrack> tracks = new ArrayList<>();
  private final SeqNumbers seq;
  private Future<Void> chain = Future.succeededFuture();
  private long lastFinalEndMs = Long.MIN_VALUE;
  private boolean failed;

  /**
   * @param announced hears each final once stored and published (for the stream's stats)
   * @param storeHealth hears when finals cannot be stored (held in memory) and when they are again
   */
  public CaptionOutput(Vertx vertx, String streamId, Path streamDir, CueLayout.Config cueLayout,
      Consumer<CaptionEvent> announced, StoreHealth storeHealth) {
    this.vertx = vertx;
    this.streamId = streamId;
    this.log = new CaptionLog(streamDir.resolve("captions.jsonl"));
    this.seq = new SeqNumbers(vertx, streamDir.resolve("seq.mark"));
    this.cues = new CueLayout(cueLayout);
    this.announced = announced;
    this.finals = new PendingFinals(vertx, streamId, log, MAX_HELD_FINALS, storeHealth);
  }

  /** Reads where the numbering and the captions' time go on (a restarted stream continues its log). */
  public Future<Void> open() {
    return vertx.executeBlocking(() -> {
      java.util.List<CaptionEvent> stored = log.readAfter(0);
      seq.open(stored.isEmpty() ? 0 : stored.get(stored.size() - 1).seq());
      return stored.stream().mapToLong(CaptionEvent::endMs).max().orElse(Long.MIN_VALUE);
    }).map(lastEnd -> {
      lastFinalEndMs = lastEnd;
      return null;
    });
  }

  /** Where the last stored final ends in stream time ({@code Long.MIN_VALUE} if none): a restart goes on after it. */
  public long lastFinalEndMs() {
    return lastFinalEndMs;
  }

  public void addTrack(CueTrack track) {
    tracks.add(track);
  }

  /** A confirmed caption: stored, then published and laid out as cues. */
  public CaptionEvent confirmed(String text, long startMs, long endMs) {
    CaptionEvent caption = new CaptionEvent(streamId, seq.next(), CaptionEvent.Type.FINAL, text, startMs, endMs);
    chain = chain.compose(v -> finals.store(caption)).<Void>map(v -> {
      publish(caption);
      tracks.forEach(track -> track.confirmed(caption));
      lastFinalEndMs = Math.max(lastFinalEndMs, caption.endMs());
      cues.addCaption(caption.text(), caption.startMs(), caption.endMs()).forEach(this::publishCue);
      announced.accept(caption);
      return null;
    });
    return caption;
  }

  /** A tentative caption: published in order behind any final still being stored. */
  public CaptionEvent tentative(String text, long startMs, long endMs) {
    CaptionEvent caption = new CaptionEvent(streamId, seq.next(), CaptionEvent.Type.PARTIAL, text, startMs, endMs);
    chain = chain.map(v -> {
      publish(caption);
      return null;
    });
    return caption;
  }

  /** The engine has transcribed the audio before {@code streamMs}: the tracks hear it at once. */
  public void transcribed(long streamMs) {
    tracks.forEach(track -> track.transcribed(streamMs));
  }

  /**
   * Closes the cues no later word can change: those up to the last final, or further, up to what
   * {@code quietUntilMs} says when it runs (behind the finals queued before it; {@link Long#MIN_VALUE}
   * for no further). The tracks hear how far cues are known.
   */
  public void settle(LongSupplier quietUntilMs) {
    chain = chain.map(v -> {
      long settled = Math.max(lastFinalEndMs, quietUntilMs.getAsLong());
      if (settled == Long.MIN_VALUE) {
        return null;
      }
      // A segment that is due gets its cues now: the cue being filled closes at its end (the text goes on
      // in the next cue) rather than when the next word no longer fits.
      for (long boundary : DueBoundaries.upTo(tracks, settled)) {
        cues.closeBefore(boundary).forEach(this::publishCue);
      }
      cues.settle(settled).forEach(this::publishCue);
      long known = Math.min(settled, cues.pendingStartMs());
      tracks.forEach(track -> track.settled(known));
      return null;
    });
  }

  /** The source has ended; the captions of its last words may still be coming: the tracks hear it at once. */
  public void sourceEnded() {
    tracks.forEach(CueTrack::sourceEnded);
  }

  /**
   * The stream ended: the last cues go out and the tracks finish once {@code mediaDone} completes.
   * Completes when every track has finished (failed or not): the stream is only over once its media
   * and subtitle files hold the end, since being over stops the ingest, which would cut them short.
   */
  public Future<Void> finish(Future<Void> mediaDone) {
    return chain.transform(done -> finalsStored()).transform(done -> {
      cues.flush().forEach(this::publishCue);
      List<Future<Void>> finished = tracks.stream().map(track -> track.finish(mediaDone)).toList();
      return Future.join(finished).<Void>mapEmpty().otherwiseEmpty();
    });
  }

  /** The stream failed: nothing more is published, the tracks stop. */
  public void fail() {
    failed = true;
    tracks.forEach(CueTrack::close);
  }

  /**
   * The session stops: once {@code upstream} (what may still produce captions) and the output so far
   * are done, the tracks finish after {@code mediaDone}. Completes when all that is done.
   */
  public Future<Void> stop(Future<?> upstream, Future<Void> mediaDone) {
    Future<Void> emitted = Future.join(chain, upstream).transform(done -> finalsStored());
    List<Future<?>> done = new ArrayList<>(List.of(emitted));
    for (CueTrack track : tracks) {
      done.add(Future.join(upstream, emitted).transform(ignored -> track.finish(mediaDone)));
    }
    return Future.join(done).mapEmpty();
  }

  /** Completes once the held finals are stored, or after {@link #DRAIN_AT_END_MS} with them counted as lost. */
  private Future<Void> finalsStored() {
    Promise<Void> stored = Promise.promise();
    long timer = vertx.setTimer(DRAIN_AT_END_MS, id -> {
      finals.abandon();
      stored.tryComplete();
    });
    finals.drained().onComplete(done -> {
      vertx.cancelTimer(timer);
      stored.tryComplete();
    });
    return stored.future();
  }

  /** Closes the store; blocking, call on a worker once stopped. */
  public void closeStore() {
    log.close();
  }

  private void publishCue(CueLayout.Cue cue) {
    tracks.forEach(track -> track.addCue(cue));
    publish(new CaptionEvent(streamId, seq.next(), CaptionEvent.Type.CUE, cue.text(), cue.startMs(), cue.endMs()));
  }

  private void publish(CaptionEvent event) {
    if (!failed) {
      vertx.eventBus().publish(Addresses.captions(streamId), event);
    }
  }
}
