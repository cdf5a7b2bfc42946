package io.captiond.api;

import io.captiond.ingest.SourceSpec;
import io.captiond.ingest.srt.SrtUrls;
import io.captiond.session.StreamRecord;
import io.vertx.core.json.JsonObject;
import java.util.OptionalInt;

/** What the creator of an SRT stream is told: where to publish, when captiond listens. */
final class SrtPublishing {

  private SrtPublishing() {}

  /** An SRT source with a URL: captiond calls the encoder, a pull like any other. */
  static boolean calls(SourceSpec source) {
    return source.type() == SourceSpec.Type.SRT && source.url() != null;
  }

  /** The description with {@code publish}: the caller URL, passphrase (the stream key) included. */
  static JsonObject describe(JsonObject description, StreamRecord record, OptionalInt port, String host) {
    if (calls(record.source()) || port.isEmpty()) {
      return description;
    }
    return description.put("publish", SrtUrls.publish(host, port.getAsInt(), record.key()));
  }
}
