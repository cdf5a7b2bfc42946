package io.captiond.session;

import io.captiond.files.AtomicFiles;
import io.captiond.files.OwnerOnly;
import io.captiond.bus.Addresses;
import io.captiond.captions.CaptionLog;
import io.captiond.captions.CueLayout;
import io.captiond.ingest.SourceSpec;
import io.captiond.ingest.publish.ClaimReply;
import io.captiond.ingest.publish.PublishClaim;
import io.captiond.media.hls.HlsFolder;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The streams this node knows: creates them (persisting each to {@code <data>/streams/<id>/stream.json}),
 * deploys a {@link StreamSession} for each live one, follows their status reports, and stops them.
 * Owned by one verticle and used only on its event loop.
 */
public final class StreamRegistry {

  private static final Logger LOG = Logger.getLogger(StreamRegistry.class.getName());
  private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

  private final Vertx vertx;
  private final SessionServices services;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, StreamRecord> streams = new LinkedHashMap<>();
  private final Map<String, String> deployments = new LinkedHashMap<>();
  private final RetentionSweep retention;
  // read by the metrics scraper on another thread
  private volatile long liveStreams;

  public StreamRegistry(Vertx vertx, SessionServices services) {
    this(vertx, services, Retention.FOREVER);
  }

  /** @param retention how long streams are kept once over */
  public StreamRegistry(Vertx vertx, SessionServices services, Retention retention) {
    this.vertx = vertx;
    this.services = services;
    this.retention = new RetentionSweep(vertx, retention, this::list,
        id -> services.streamDir(id).resolve("stream.json"), this::delete);
  }

  /** Loads the streams kept on disk and starts following session reports. */
  public Future<Void> start() {
    vertx.eventBus().<StreamStatus>localConsumer(Addresses.STREAM_STATUS, message -> onStatus(message.body()));
    vertx.eventBus().<PublishClaim>localConsumer(Addresses.RTMP_PUBLISH, this::onPublishClaim);
    Gauge.builder("captiond.streams.live", () -> liveStreams).description("Streams receiving media")
        .register(services.meters());
    return vertx.executeBlocking(this::loadPersisted).map(loaded -> {
      loaded.forEach(record -> streams.put(record.id(), record));
      if (!loaded.isEmpty()) {
        LOG.info(() -> "loaded " + loaded.size() + " stream(s) from " + services.dataDir().resolve("streams"));
      }
      retention.start();
      return null;
    });
  }

  public Future<StreamRecord> create(String name, SourceSpec source, String language, String engine) {
    StreamRecord record = new StreamRecord(newId(), name, newKey(), source, language, engine,
        System.currentTimeMillis(), StreamState.WAITING, "", StreamStats.NONE);
    streams.put(record.id(), record);
    return persist(record)
        .compose(v -> vertx.deployVerticle(new StreamSession(record, services)))
        .map(deployment -> {
          deployments.put(record.id(), deployment);
          LOG.info(() -> "stream " + record.id() + " created: '" + name + "' from " + source.type().wireName()
              + " " + source.shownUrl());
          return streams.get(record.id());
        })
        .onFailure(error -> streams.remove(record.id()));
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

  /** Where the stream's HLS re-publication is written. */
  public Path hlsDir(String id) {
    return HlsFolder.of(services.streamDir(id));
  }

  /** Whether the stream's HLS re-publication carries a subtitle rendition. */
  public boolean hasHlsSubtitles(String id) {
    StreamRecord record = streams.get(id);
    return record != null && services.subtitles().enabled()
        && (remuxed(record.source().type()) && services.rtmp().hlsEnabled()
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
    liveStreams = streams.values().stream().filter(s -> s.state() == StreamState.LIVE).count();
    String deployment = deployments.remove(id);
    Future<Void> stopped = deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
    return stopped.compose(v -> vertx.executeBlocking(() -> {
      deleteTree(services.streamDir(id));
      LOG.info(() -> "stream " + id + " deleted");
      return true;
    }));
  }

  /** Stops every session (server shutdown); their streams are kept. */
  public Future<Void> stopAll() {
    List<Future<Void>> undeployed = new ArrayList<>();
    deployments.values().forEach(deployment -> undeployed.add(vertx.undeploy(deployment)));
    deployments.clear();
    return Future.join(undeployed).mapEmpty();
  }

  private void onStatus(StreamStatus status) {
    StreamRecord current = streams.get(status.streamId());
    if (current == null || current.state().isOver()) {
      return;
    }
    StreamRecord updated = current.withStatus(status.state(), status.reason(), status.stats())
        .withDegraded(status.degraded());
    streams.put(updated.id(), updated);
    if (updated.state() != current.state()) {
      liveStreams = streams.values().stream().filter(s -> s.state() == StreamState.LIVE).count();
      persist(updated);
      if (updated.state().isOver()) {
        retention.ended(updated.id());
        String deployment = deployments.remove(updated.id());
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
    Path file = services.streamDir(record.id()).resolve("stream.json");
    return vertx.executeBlocking(() -> {
      // the record holds the stream's publishing key: owner-only from the moment it exists
      boolean created = !Files.isDirectory(file.getParent());
      OwnerOnly.createDirectories(file.getParent());
      if (created) {
        AtomicFiles.syncDirectory(file.getParent().getParent()); // the new stream's folder survives a crash
      }
      AtomicFiles.replaceOwnerOnly(file, record.toJson().encodePrettily());
      return null;
    });
  }

  // A stream that was live when the server stopped cannot resume from where it was: it ended.
  private List<StreamRecord> loadPersisted() throws IOException {
    Path root = services.dataDir().resolve("streams");
    List<StreamRecord> loaded = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return loaded;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.sorted().toList()) {
        Path file = dir.resolve("stream.json");
        if (!Files.isRegularFile(file)) {
          continue;
        }
        try {
          StreamRecord record = StreamRecord.fromJson(new JsonObject(Files.readString(file)));
          if (!record.state().isOver()) {
            record = record.withStatus(StreamState.ENDED, "server restarted while the stream was "
                + record.state().wireName(), record.stats());
          }
          loaded.add(record);
        } catch (RuntimeException e) {
          LOG.warning(() -> "skipping unreadable " + file + ": " + e.getMessage());
        }
      }
    }
    loaded.sort(java.util.Comparator.comparingLong(StreamRecord::createdAtMs));
    return loaded;
  }

  private String newId() {
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
    }
    return id.toString();
  }

  private String newKey() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
