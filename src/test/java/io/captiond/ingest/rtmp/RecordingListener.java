package io.captiond.ingest.rtmp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A listener that accepts one stream key and records everything it is told. */
class RecordingListener implements PublishListener {

  final String acceptedKey;
  final List<String> publishes = new CopyOnWriteArrayList<>();
  final List<Map<String, Object>> metaData = new CopyOnWriteArrayList<>();
  final List<AudioPacket> audio = new CopyOnWriteArrayList<>();
  final List<VideoPacket> video = new CopyOnWriteArrayList<>();
  final List<UnsupportedCodec> unsupported = new CopyOnWriteArrayList<>();
  final List<String> events = new CopyOnWriteArrayList<>();
  final CountDownLatch closed = new CountDownLatch(1);
  volatile String closeReason;
  /** When set, publishes wait for this answer instead of the key check. */
  volatile CompletableFuture<PublishDecision> pending;

  RecordingListener(String acceptedKey) {
    this.acceptedKey = acceptedKey;
  }

  @Override
  public CompletionStage<PublishDecision> onPublish(String app, String streamKey) {
    publishes.add(app + "/" + streamKey);
    events.add("publish");
    if (pending != null) {
      return pending;
    }
    return CompletableFuture.completedFuture(streamKey.equals(acceptedKey)
        ? PublishDecision.accept() : PublishDecision.reject("unknown stream key"));
  }

  @Override
  public void onMetaData(Map<String, Object> properties) {
    metaData.add(properties);
  }

  @Override
  public void onAudio(AudioPacket packet) {
    audio.add(packet);
  }

  @Override
  public void onVideo(VideoPacket packet) {
    video.add(packet);
  }

  @Override
  public void onUnsupportedCodec(UnsupportedCodec codec) {
    unsupported.add(codec);
  }

  @Override
  public void onUnpublish() {
    events.add("unpublish");
  }

  @Override
  public void onClosed(String reason) {
    events.add("closed");
    closeReason = reason;
    closed.countDown();
  }

  boolean awaitClosed(long seconds) throws InterruptedException {
    return closed.await(seconds, TimeUnit.SECONDS);
  }
}
