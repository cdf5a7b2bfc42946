package io.captiond.ingest.rtmp;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The narrow seam between one RTMP connection and whatever consumes its stream. One listener per
 * connection ({@link Factory}); every call comes on that connection's Netty event loop, in order,
 * so a listener must not block: hand work to a worker or the event bus. An exception thrown by a
 * listener closes its own connection and nothing else ({@link PublishRevokedException} for a
 * publish the listener ended on purpose).
 */
public interface PublishListener {

  /**
   * The publisher asked to publish {@code streamKey} in application {@code app} (rtmp://host/app/key).
   * Called at most once per publish command. The answer may come later and on any thread: the
   * connection stops reading until it has it, then replies on its own event loop. An exceptional
   * completion rejects the publish with the exception's message.
   */
  CompletionStage<PublishDecision> onPublish(String app, String streamKey);

  /** {@code @setDataFrame onMetaData} properties (width, height, framerate, encoder, ...). */
  default void onMetaData(Map<String, Object> metaData) {}

  void onAudio(AudioPacket packet);

  void onVideo(VideoPacket packet);

  /** A codec we do not handle arrived; called once per track and codec. */
  default void onUnsupportedCodec(UnsupportedCodec codec) {}

  /** The publisher ended the publish (FCUnpublish, deleteStream, closeStream) or disconnected. */
  default void onUnpublish() {}

  /** The connection closed; {@code reason} says why. Always the last call, exactly once. */
  void onClosed(String reason);

  /** Makes the listener for a new connection. */
  @FunctionalInterface
  interface Factory {
    PublishListener create(InetSocketAddress remote);
  }
}
