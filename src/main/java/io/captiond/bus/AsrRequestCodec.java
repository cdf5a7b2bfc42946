package io.captiond.bus;

import io.captiond.asr.AsrRequest;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.TranscribeOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** An ASR request on the wire: a small JSON header, then the window's start and samples in binary. */
public final class AsrRequestCodec extends ImmutableMessageCodec<AsrRequest> {

  public static final String NAME = "captiond.asr.request";

  public AsrRequestCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, AsrRequest request) {
    JsonObject header = new JsonObject().put("stream", request.streamId()).put("engine", request.engine())
        .put("language", request.options().language()).put("prompt", request.options().prompt())
        .put("task", request.options().task());
    PcmChunkCodec.writeSamples(buffer, header.encode(), request.window().startMs(), request.window().samples());
  }

  @Override
  public AsrRequest decodeFromWire(int pos, Buffer buffer) {
    int headerLength = buffer.getInt(pos);
    JsonObject header = new JsonObject(
        buffer.getString(pos + 4, pos + 4 + headerLength, StandardCharsets.UTF_8.name()));
    int at = pos + 4 + headerLength;
    long startMs = buffer.getLong(at);
    return new AsrRequest(header.getString("stream"), header.getString("engine"),
        new TranscribeOptions(header.getString("language"), header.getString("prompt"), header.getString("task")),
        new AudioWindow(startMs, PcmChunkCodec.readSamples(buffer, at + 8)));
  }

}
