package io.captiond.loadtest;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket viewer of a stream's caption feed (the JDK's client): records every event with the
 * wall-clock time it arrived.
 */
final class Viewer extends JsonFeedListener {

  /** A caption event as received; times in stream ms, {@code arrivedMs} in wall-clock ms. */
  record Event(long seq, boolean isFinal, String text, long startMs, long endMs, long arrivedMs) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private volatile String closedBecause;
  private static final int GOING_AWAY = 1001;

  static Viewer connect(HttpClient http, URI uri) {
    Viewer viewer = new Viewer();
    try {
      http.newWebSocketBuilder().buildAsync(uri, viewer).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new HarnessException("viewer could not connect to " + uri + ": " + e, e);
    }
    return viewer;
  }

  @Override
  void arrived(JsonObject json, long atMs) {
    events.add(new Event(json.getLong("seq"), "final".equals(json.getString("type")), json.getString("text"),
        json.getLong("start"), json.getLong("end"), atMs));
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    // 1001 "stream ended": the server says goodbye after the last caption of a stream that is over
    if (!(statusCode == GOING_AWAY && reason.startsWith("stream ended"))) {
      closedBecause = statusCode + " " + reason;
    }
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closedBecause = "error: " + error;
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  long finals() {
    return events.stream().filter(Event::isFinal).count();
  }

  /** Why the server closed the feed early (e.g. 1008 viewer too slow), or null while open or closed at the stream's end. */
  String closedBecause() {
    return closedBecause;
  }
}
