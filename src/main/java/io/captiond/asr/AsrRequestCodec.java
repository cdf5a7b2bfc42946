package io.captiond.asr;

import io.captiond.bus.ImmutableMessageCodec;
import io.captiond.bus.SampleFrames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** An ASR request on the wire: a small JSON header (with the deadline and any utterance feed), then the window's start and samples in binary. */
public final class AsrRequestCodec extends ImmutableMessageCodec<AsrRequest> {

  public static final String NAME = "captiond.asr.request";

  public AsrRequestCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, AsrRequest request) {
    JsonObject header = new JsonObject().put("stream", request.streamId()).put("engine", request.engine())
        .put("language", request.options().language()).put("prompt", request.options().prompt())
        .put("task", request.options().task()).put("deadline", request.deadlineMs());
    if (request.feed() != null) {
      header.put("feed", new JsonObject().put("key", request.feed().key()).put("offset", request.feed().offset())
          .put("last", request.feed().last()));
    }
    SampleFrames.write(buffer, header.encode(), request.window().startMs(), request.window().samples());
  }

  @Override
  public AsrRequest decodeFromWire(int pos, Buffer buffer) {
    JsonObject header = new JsonObject(SampleFrames.readText(buffer, pos));
    int at = SampleFrames.afterText(buffer, pos);
    JsonObject feed = header.getJsonObject("feed");
    return new AsrRequest(header.getString("stream"), header.getString("engine"),
        new TranscribeOptions(header.getString("language"), header.getString("prompt"), header.getString("task")),
        new AudioWindow(buffer.getLong(at), SampleFrames.readSamples(buffer, at + 8)),
        header.getLong("deadline", AsrRequest.NO_DEADLINE),
        feed == null ? null : new UtteranceFeed(feed.getString("key"), feed.getLong("offset"), feed.getBoolean("last")));
  }
}
