package io.captiond.app;

import io.captiond.testing.ApiClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A viewer of a stream's caption feed that also keeps how the server closed it. */
final class FeedViewer implements WebSocket.Listener {

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final StringBuilder frame = new StringBuilder();
  volatile int closeCode = -1;
  volatile String closeReason = "";

  static FeedViewer open(ApiClient api, String id, long since) throws Exception {
    FeedViewer viewer = new FeedViewer();
    String ws = api.base().replaceFirst("^http", "ws") + "/ws/streams/" + id + "/captions?since=" + since;
    HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(ws), viewer).get(5, TimeUnit.SECONDS);
    return viewer;
  }

  static List<JsonObject> finals(List<JsonObject> events) {
    return events.stream().filter(e -> "final".equals(e.getString("type"))).toList();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(Long.MAX_VALUE);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    frame.append(data);
    if (last) {
      events.add(new JsonObject(frame.toString()).put("arrivedNs", System.nanoTime()));
      frame.setLength(0);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeReason = reason;
    closeCode = statusCode;
    return null;
  }

  /** The events as sent (without the arrival times kept here). */
  List<JsonObject> events() {
    return events.stream().map(e -> e.copy()).peek(e -> e.remove("arrivedNs")).toList();
  }

  /** Seconds after {@code sinceNanos} at which each event arrived, with the event. */
  List<String> arrivals(long sinceNanos) {
    return events.stream().filter(e -> e.getLong("arrivedNs") >= sinceNanos).map(e -> String.format("%.1fs %s %s",
        (e.getLong("arrivedNs") - sinceNanos) / 1e9, e.getString("type"), e.getString("text"))).toList();
  }

  List<JsonObject> awaitFinals(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (finals(events).size() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return finals(events());
  }

  /** Waits until the last event is a partial with words in it: speech open, not yet final. */
  JsonObject awaitOpenTentative(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<JsonObject> now = events();
      if (!now.isEmpty()) {
        JsonObject last = now.get(now.size() - 1);
        if ("partial".equals(last.getString("type")) && !last.getString("text").isBlank()) {
          return last;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no open tentative caption within " + timeout + ": " + events);
  }

  void awaitClosed(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (closeCode < 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
