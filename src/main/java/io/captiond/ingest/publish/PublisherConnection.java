package io.captiond.ingest.publish;

import io.captiond.bus.Addresses;
import io.captiond.ingest.rtmp.AudioPacket;
import io.captiond.ingest.rtmp.PublishDecision;
import io.captiond.ingest.rtmp.PublishListener;
import io.captiond.ingest.rtmp.PublishRevokedException;
import io.captiond.ingest.rtmp.UnsupportedCodec;
import io.captiond.ingest.rtmp.VideoPacket;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One RTMP connection as a would-be publisher of a stream: asks the registry for the stream behind
 * its key (an event-bus request; the connection waits with reading paused), then feeds the media
 * into the granted {@link PublisherFeed}. Called on the connection's event loop; the grant arrives
 * on a Vert.x thread, hence the two volatile fields (each side writes its own, then reads the
 * other's, so a grant racing a disconnect is always ended).
 */
final class PublisherConnection implements PublishListener {

  /** The one RTMP application streams are published to: rtmp://host/live/key. */
  static final String APP = "live";

  private final Vertx vertx;
  private final String remote;
  private final long authorizeTimeoutMs;
  private volatile PublisherFeed feed;
  private volatile boolean closed;

  PublisherConnection(Vertx vertx, String remote, long authorizeTimeoutMs) {
    this.vertx = vertx;
    this.remote = remote;
    this.authorizeTimeoutMs = authorizeTimeoutMs;
  }

  @Override
  public CompletionStage<PublishDecision> onPublish(String app, String streamKey) {
    if (!APP.equals(app)) {
      // the app is named once, in the connection's close line, quoted and cut (PeerText)
      return CompletableFuture.completedFuture(PublishDecision.reject("unknown application;"
          + " publish to rtmp://<host>/" + APP + "/<stream key>"));
    }
    if (feed != null) {
      return CompletableFuture.completedFuture(PublishDecision.reject(
          "this connection already publishes"));
    }
    CompletableFuture<PublishDecision> decision = new CompletableFuture<>();
    vertx.eventBus().<ClaimReply>request(Addresses.RTMP_PUBLISH, new PublishClaim(app, streamKey,
            remote), new DeliveryOptions().setLocalOnly(true).setSendTimeout(authorizeTimeoutMs))
        .onComplete(reply -> {
          if (reply.failed()) {
            decision.complete(PublishDecision.reject("publish could not be authorized: "
                + reply.cause().getMessage()));
          } else if (reply.result().body() instanceof ClaimReply.Granted granted) {
            feed = granted.feed();
            if (closed) {
              granted.feed().end("connection closed before the publish was accepted");
            }
            decision.complete(PublishDecision.accept());
          } else if (reply.result().body() instanceof ClaimReply.Refused refused) {
            decision.complete(PublishDecision.reject(refused.reason()));
          }
        });
    return decision;
  }

  @Override
  public void onMetaData(Map<String, Object> metaData) {
    PublisherFeed current = feed;
    if (current != null) {
      current.metaData(metaData);
    }
  }

  @Override
  public void onAudio(AudioPacket packet) {
    PublisherFeed current = feed;
    if (current != null) {
      current.audio(packet);
    }
  }

  @Override
  public void onVideo(VideoPacket packet) {
    PublisherFeed current = feed;
    if (current != null) {
      current.video(packet);
    }
  }

  /** Captions need the audio: a publisher of audio we cannot decode is told so and closed. */
  @Override
  public void onUnsupportedCodec(UnsupportedCodec codec) {
    if (codec.track() == UnsupportedCodec.Track.AUDIO && feed != null) {
      throw new PublishRevokedException("audio codec " + codec.codec() + " (" + codec.description()
          + ") cannot be captioned; publish AAC audio");
    }
  }

  @Override
  public void onUnpublish() {
    PublisherFeed current = feed;
    feed = null;
    if (current != null) {
      current.end("unpublished or disconnected");
    }
  }

  @Override
  public void onClosed(String reason) {
    closed = true;
    PublisherFeed current = feed;
    if (current != null) {
      current.end(reason);
    }
  }
}
