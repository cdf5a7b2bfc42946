package io.captiond.session;

import io.captiond.bus.Addresses;
import io.captiond.captions.CaptionLog;
import io.captiond.captions.CueLayout;
import io.captiond.ingest.SourceSpec;
import io.captiond.ingest.publish.ClaimReply;
import io.captiond.ingest.publish.PublishClaim;
import io.captiond.media.hls.HlsFolder;
import io.captiond.translate.TranslationAddresses;
import io.captiond.translate.TranslationDirectory;
import io.captiond.translate.TranslationLog;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The streams this node knows: creates them (persisting each to {@code <data>/streams/<id>/stream.json}),
 * deploys a {@link StreamSession} for each live one, follows their status reports, and stops them.
 * Owned by one verticle and used only on its event loop.
 */
public final class StreamRegistry {

  private static final Logger LOG = Logger.getLogger(StreamRegistry.class.getName());

  private final Vertx vertx;
  private final SessionServices services;
  private final StreamIds ids = new StreamIds();
  private final Map<String, StreamRecord> streams = new LinkedHashMap<>();
  private final Map<String, String> deployments = new LinkedHashMap<>();
  private final Map<String, StreamSession> sessions = new LinkedHashMap<>();
  private final RetentionSweep retention;
  private final StatsCheckpoints checkpoints = new StatsCheckpoints();
  private final List<java.util.function.BiConsumer<String, String>> overListeners = new ArrayList<>();
  // read by the metrics scraper on another thread
  private volatile long liveStreams;
  // the node is stopping: what sessions report now is not kept, so their streams resume on restart
  private boolean closing;

  public StreamRegistry(Vertx vertx, SessionServices services) {
    this(vertx, services, Retention.FOREVER);
  }

  /** @param retention how long streams are kept once over */
  public StreamRegistry(Vertx vertx, SessionServices services, Retention retention) {
    this.vertx = vertx;
    this.services = services;
    this.retention = new RetentionSweep(vertx, retention, this::list,
        id -> services.streamDir(id).resolve(StreamFiles.RECORD), this::delete);
  }

  /** Loads the streams kept on disk and starts following session reports. */
  public Future<Void> start() {
    vertx.eventBus().<StreamStatus>localConsumer(Addresses.STREAM_STATUS, message -> onStatus(message.body()));
    vertx.eventBus().<PublishClaim>localConsumer(Addresses.RTMP_PUBLISH, this::onPublishClaim);
    Gauge.builder("captiond.streams.live", () -> liveStreams).description("Streams receiving media")
        .register(services.meters());
    return vertx.executeBlocking(() -> StreamFiles.loadAll(services.dataDir().resolve("streams"))).compose(loaded -> {
      loaded.forEach(record -> streams.put(record.id(), record));
      if (!loaded.isEmpty()) {
        LOG.info(() -> "loaded " + loaded.size() + " stream(s) from " + services.dataDir().resolve("streams"));
      }
      retention.start();
      Future<Void> directory = services.translationDirectory() == null ? Future.<Void>succeededFuture()
          : services.translationDirectory().start();
      return directory.compose(v -> resumeAll(loaded));
    });
  }

  /**
   * Streams that were waiting or live when the node stopped come back as they were: same id, key and
   * numbering, waiting for their source again ({@link Resumption} says which can and why not).
   */
  private Future<Void> resumeAll(List<StreamRecord> loaded) {
    List<Future<?>> resumed = new ArrayList<>();
    for (StreamRecord record : loaded) {
      if (record.state().isOver()) {
        continue;
      }
      Optional<String> refused = Resumption.refusal(record.source());
      StreamRecord next = refused.map(why -> record.withStatus(StreamState.ENDED, why, record.stats()))
          .orElseGet(() -> record.withStatus(StreamState.WAITING, Resumption.RESUMED, record.stats()));
      streams.put(next.id(), next);
      if (refused.isPresent()) {
        LOG.info(() -> "stream " + next.id() + " not resumed: " + next.reason());
        retention.ended(next.id());
        resumed.add(persist(next));
        continue;
      }
      LOG.info(() -> "stream " + next.id() + " resumes after a restart: waiting for its "
          + next.source().type().wireName() + " source again");
      resumed.add(persist(next).compose(v -> deploy(next)).onFailure(error -> LOG.warning(() ->
          "stream " + next.id() + " could not resume: " + error.getMessage())).otherwiseEmpty());
    }
    return Future.join(resumed).mapEmpty();
  }

  private Future<String> deploy(StreamRecord record) {
    StreamSession session = new StreamSession(record, services);
    return vertx.deployVerticle(session).onSuccess(deployment -> {
      deployments.put(record.id(), deployment);
      sessions.put(record.id(), session);
    });
  }

  public Future<StreamRecord> create(String name, SourceSpec source, String language, String engine) {
    return create(name, source, language, engine, List.of());
  }

  /** @param translations languages to translate the captions into, checked by the caller */
  public Future<StreamRecord> create(String name, SourceSpec source, String language, String engine,
      List<String> translations) {
    StreamRecord record = new StreamRecord(ids.newId(), name, ids.newKey(), source, language, engine,
        System.currentTimeMillis(), StreamState.WAITING, "", StreamStats.NONE, Map.of(), translations);
    streams.put(record.id(), record);
    return persist(record)
        .compose(v -> deploy(record))
        .map(deployment -> {
          LOG.info(() -> "stream " + record.id() + " created: '" + name + "' from " + source.type().wireName()
              + " " + source.shownUrl());
          return streams.get(record.id());
        })
        .onFailure(error -> streams.remove(record.id()));
  }

  /**
   * Translates the stream's captions into {@code translations} from now on (checked by the caller): kept with
   * the stream and told to its session. Empty when the stream is unknown.
   */
  public Future<Optional<StreamRecord>> translate(String id, List<String> translations) {
    StreamRecord current = streams.get(id);
    if (current == null) {
      return Future.succeededFuture(Optional.empty());
    }
    StreamRecord updated = current.withTranslations(translations);
    streams.put(id, updated);
    if (deployments.containsKey(id)) {
      vertx.eventBus().send(TranslationAddresses.languages(id), new io.vertx.core.json.JsonArray(translations),
          new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true));
    }
    return persist(updated).map(v -> Optional.of(streams.getOrDefault(id, updated)));
  }

  /** How many translations one stream may ask for ({@code translate.max_languages}). */
  public int maxTranslations() {
    return services.translation() == null ? 0 : services.translation().maxLanguages();
  }

  /** The ASR workers of the cluster, as last heard (the {@code whisper} translation engine runs on them). */
  public io.captiond.asr.WorkerDirectory asrWorkers() {
    return services.asr().directory();
  }

  /** Which engines offer which language pairs, as last heard from the translation nodes. */
  public TranslationDirectory translations() {
    return services.translationDirectory();
  }

  /** A reader of the stream's stored translated finals in {@code language}. */
  public TranslationLog translatedCaptions(String id, String language) {
    return TranslationLog.in(services.streamDir(id), language);
  }

  public Collection<StreamRecord> list() {
    return List.copyOf(streams.values());
  }

  public Optional<StreamRecord> get(String id) {
    return Optional.ofNullable(streams.get(id));
  }

  /** How finals are laid out as cues, for the subtitle files. */
  public CueLayout.Config cueLayout() {
    return services.cues();
  }

  /** The stream's folder: its record, captions, HLS and viewer access are kept there. */
  public Path streamDir(String id) {
    return services.streamDir(id);
  }

  /**
   * Calls {@code listener} with a stream's id and why (its state's wire name, or {@code deleted}) when the stream
   * ends, fails or is deleted: its viewers can be told. On this registry's event loop.
   */
  public void whenOver(java.util.function.BiConsumer<String, String> listener) {
    overListeners.add(listener);
  }

  /** Where the stream's HLS re-publication is written. */
  public Path hlsDir(String id) {
    return HlsFolder.of(services.streamDir(id));
  }

  /** Whether the stream's HLS re-publication carries a subtitle rendition. */
  public boolean hasHlsSubtitles(String id) {
    StreamRecord record = streams.get(id);
    return record != null && services.subtitles().enabled()
        && (remuxed(record.source().type()) && services.rtmp().hlsEnabled() && services.rtmp().decodeAudio()
        || record.source().type() == SourceSpec.Type.HLS);
  }

  /** Sources whose media this node re-publishes as HLS itself. */
  private static boolean remuxed(SourceSpec.Type type) {
    return type == SourceSpec.Type.RTMP || type == SourceSpec.Type.SRT;
  }

  /** The UDP port the stream's SRT listener takes publishers on, while it listens on this node. */
  public java.util.OptionalInt srtPort(String id) {
    return services.srt().portOf(id);
  }

  /** A reader of the stream's stored final captions. */
  public CaptionLog captions(String id) {
    return new CaptionLog(services.streamDir(id).resolve("captions.jsonl"));
  }

  /** Stops the stream's session and forgets the stream with its captions. False if unknown. */
  public Future<Boolean> delete(String id) {
    StreamRecord removed = streams.remove(id);
    if (removed == null) {
      return Future.succeededFuture(false);
    }
    retention.forget(id);
    checkpoints.forget(id);
    overListeners.forEach(listener -> listener.accept(id, "deleted"));
    liveStreams = streams.values().stream().filter(s -> s.state() == StreamState.LIVE).count();
    String deployment = deployments.remove(id);
    sessions.remove(id);
    Future<Void> stopped = deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
    return stopped.compose(v -> vertx.executeBlocking(() -> {
      StreamFiles.delete(services.streamDir(id));
      LOG.info(() -> "stream " + id + " deleted");
      return true;
    }));
  }

  /**
   * Server shutdown, first step: every session stops taking media and decodes its open speech to the end
   * (its last finals and cues go out), then each stream is kept as it is, to resume on restart. Completes
   * when all are done or after {@code boundMs}, whichever comes first.
   */
  public Future<Void> drainAll(long boundMs) {
    io.vertx.core.Context here = vertx.getOrCreateContext();
    List<Future<Void>> drained = new ArrayList<>();
    sessions.values().forEach(session -> drained.add(session.drain()));
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, boundMs), id -> {
      LOG.warning(() -> "shutdown: streams still draining after " + boundMs + " ms; stopping them as they are");
      done.tryComplete();
    });
    // the sessions answer on their own contexts: the registry goes on on its own
    Future.join(drained).onComplete(all -> here.runOnContext(v -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    }));
    return done.future().compose(v -> {
      closing = true;
      List<Future<Void>> persisted = new ArrayList<>();
      streams.values().forEach(record -> persisted.add(persist(record)));
      return Future.join(persisted).mapEmpty();
    });
  }

  /** Stops every session (server shutdown); their streams are kept, and those not over resume on restart. */
  public Future<Void> stopAll() {
    closing = true;
    List<Future<Void>> undeployed = new ArrayList<>();
    // a node closing undeploys the sessions itself, maybe before this verticle
    deployments.values().stream().filter(vertx.deploymentIDs()::contains)
        .forEach(deployment -> undeployed.add(vertx.undeploy(deployment)));
    deployments.clear();
    sessions.clear();
    return Future.join(undeployed).mapEmpty();
  }

  private void onStatus(StreamStatus status) {
    StreamRecord current = streams.get(status.streamId());
    if (current == null || current.state().isOver() || closing) {
      return;
    }
    if (current.state() == status.state() && Objects.equals(current.reason(), status.reason())
        && current.stats().equals(status.stats()) && current.degraded().equals(status.degraded())) {
      return; // nothing new
    }
    StreamRecord updated = current.withStatus(status.state(), status.reason(), status.stats(), status.degraded());
    streams.put(updated.id(), updated);
    long nowMs = System.nanoTime() / 1_000_000;
    if (updated.state() == current.state() && !updated.stats().equals(current.stats())
        && checkpoints.due(updated.id(), nowMs)) {
      persist(updated); // its totals go on from here after a crash
    }
    if (updated.state() != current.state()) {
      liveStreams = streams.values().stream().filter(s -> s.state() == StreamState.LIVE).count();
      persist(updated);
      checkpoints.written(updated.id(), nowMs);
      if (updated.state().isOver()) {
        checkpoints.forget(updated.id());
        retention.ended(updated.id());
        overListeners.forEach(listener -> listener.accept(updated.id(), updated.state().wireName()));
        String deployment = deployments.remove(updated.id());
        sessions.remove(updated.id());
        if (deployment != null) {
          vertx.undeploy(deployment);
        }
      }
    }
  }

  /**
   * An RTMP publisher wants to publish with a key: the key names a stream here; whether it may
   * publish now is for that stream's session to say, so the claim goes on to it.
   */
  private void onPublishClaim(io.vertx.core.eventbus.Message<PublishClaim> message) {
    byte[] key = message.body().key().getBytes(StandardCharsets.UTF_8);
    StreamRecord record = streams.values().stream()
        .filter(s -> s.source().type() == SourceSpec.Type.RTMP
            && java.security.MessageDigest.isEqual(key, s.key().getBytes(StandardCharsets.UTF_8)))
        .findFirst().orElse(null);
    if (record == null) {
      message.reply(new ClaimReply.Refused("unknown stream key"));
      return;
    }
    if (record.state().isOver() || !deployments.containsKey(record.id())) {
      message.reply(new ClaimReply.Refused("stream " + record.id() + " is "
          + record.state().wireName() + (record.reason().isEmpty() ? "" : " (" + record.reason() + ")")));
      return;
    }
    vertx.eventBus().<ClaimReply>request(Addresses.rtmpPublish(record.id()), message.body(),
            new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true).setSendTimeout(4_000))
        .onComplete(reply -> message.reply(reply.succeeded() ? reply.result().body()
            : new ClaimReply.Refused("stream " + record.id() + " did not answer: " + reply.cause().getMessage())));
  }

  private Future<Void> persist(StreamRecord record) {
    return vertx.executeBlocking(() -> {
      StreamFiles.write(services.streamDir(record.id()), record);
      return null;
    });
  }
}
