package io.captiond.loadtest;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One viewer of a stream across restarts (each connection with {@code since} = the last seq seen): every final with its arrival. */
final class ChaosFeed extends JsonFeedListener {

  /** A final as it reached the viewer, {@code atMs} on the wall clock. */
  record Arrival(JsonObject event, long atMs) {
    long seq() {
      return event.getLong("seq");
    }
  }

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final List<Arrival> finals = new CopyOnWriteArrayList<>();
  @Override
  void arrived(JsonObject event, long atMs) {
    events.add(event);
    if ("final".equals(event.getString("type"))) {
      finals.add(new Arrival(event, atMs));
    }
  }

  long lastSeq() {
    return events.stream().filter(e -> e.containsKey("seq")).mapToLong(e -> e.getLong("seq")).max().orElse(0);
  }

  List<Arrival> finals() {
    return finals;
  }
}
