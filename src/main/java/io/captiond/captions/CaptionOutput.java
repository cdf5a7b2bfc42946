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
 */
public final class CaptionOutput {

  private final Vertx vertx;
  private final String streamId;
  private final CaptionLog log;
  private final CueLayout cues;
  private final Consumer<CaptionEvent> announced;
  private final Consumer<Throwable> storeFailed;
  private final List<CueTrack> tracks = new ArrayList<>();
  private Future<Void> chain = Future.succeededFuture();
  private long seq;
  private long lastFinalEndMs = Long.MIN_VALUE;
  private boolean failed;

  /**
   * @param announced hears each final once stored and published (for the stream's stats)
   * @param storeFailed hears that a final could not be stored: the stream cannot go on
   */
  public CaptionOutput(Vertx vertx, String streamId, Path streamDir, CueLayout.Config cueLayout,
      Consumer<CaptionEvent> announced, Consumer<Throwable> storeFailed) {
    this.vertx = vertx;
    this.streamId = streamId;
    this.log = new CaptionLog(streamDir.resolve("captions.jsonl"));
    this.cues = new CueLayout(cueLayout);
    this.announced = announced;
    this.storeFailed = storeFailed;
  }

  /** Reads where the numbering goes on (a restarted stream continues its log). */
  public Future<Void> open() {
    return vertx.executeBlocking(log::lastSeq).map(last -> {
      seq = last;
      return null;
    });
  }

  public void addTrack(CueTrack track) {
    tracks.add(track);
  }

  /** A confirmed caption: stored, then published and laid out as cues. */
  public CaptionEvent confirmed(String text, long startMs, long endMs) {
    CaptionEvent caption = new CaptionEvent(streamId, ++seq, CaptionEvent.Type.FINAL, text, startMs, endMs);
    chain = chain.compose(v -> vertx.executeBlocking(() -> {
      log.append(caption);
      return null;
    })).<Void>map(v -> {
      publish(caption);
      lastFinalEndMs = Math.max(lastFinalEndMs, caption.endMs());
      cues.addCaption(caption.text(), caption.startMs(), caption.endMs()).forEach(this::publishCue);
      announced.accept(caption);
      return null;
    }).recover(error -> {
      storeFailed.accept(error);
      return Future.succeededFuture();
    });
    return caption;
  }

  /** A tentative caption: published in order behind any final still being stored. */
  public CaptionEvent tentative(String text, long startMs, long endMs) {
    CaptionEvent caption = new CaptionEvent(streamId, ++seq, CaptionEvent.Type.PARTIAL, text, startMs, endMs);
    chain = chain.map(v -> {
      publish(caption);
      return null;
    });
    return caption;
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
      tracks.stream().flatMap(track -> track.dueBoundariesMs().stream()).filter(boundary -> boundary <= settled)
          .sorted().distinct().forEach(boundary -> cues.closeBefore(boundary).forEach(this::publishCue));
      cues.settle(settled).forEach(this::publishCue);
      long known = Math.min(settled, cues.pendingStartMs());
      tracks.forEach(track -> track.settled(known));
      return null;
    });
  }

  /** The stream ended: the last cues go out and the tracks finish once {@code mediaDone} completes. */
  public Future<Void> finish(Future<Void> mediaDone) {
    Promise<Void> finished = Promise.promise();
    chain.onComplete(done -> {
      cues.flush().forEach(this::publishCue);
      tracks.forEach(track -> track.finish(mediaDone));
      finished.complete();
    });
    return finished.future();
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
    Future<Void> emitted = chain;
    List<Future<?>> done = new ArrayList<>(List.of(emitted));
    for (CueTrack track : tracks) {
      done.add(Future.join(upstream, emitted).transform(ignored -> track.finish(mediaDone)));
    }
    return Future.join(done).mapEmpty();
  }

  /** Closes the store; blocking, call on a worker once stopped. */
  public void closeStore() {
    log.close();
  }

  private void publishCue(CueLayout.Cue cue) {
    tracks.forEach(track -> track.addCue(cue));
    publish(new CaptionEvent(streamId, ++seq, CaptionEvent.Type.CUE, cue.text(), cue.startMs(), cue.endMs()));
  }

  private void publish(CaptionEvent event) {
    if (!failed) {
      vertx.eventBus().publish(Addresses.captions(streamId), event);
    }
  }
}
