package io.captiond.api;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A caption feed opened with the JDK's WebSocket client, as a viewer would: the frames it got, and the close
 * code and reason it was closed with. Also the few HTTP calls the viewer tests make that ApiClient does not.
 */
final class FeedSocket implements WebSocket.Listener {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final List<JsonObject> events = new CopyOnWriteArrayList<>();
  final CompletableFuture<String> closed = new CompletableFuture<>();
  private final StringBuilder frame = new StringBuilder();
  private WebSocket socket;

  /** Opens {@code /ws/streams/<id>/captions?<query>} with {@code headers}; fails with the handshake status. */
  static FeedSocket open(String base, String id, String query, Map<String, String> headers) throws Exception {
    FeedSocket feed = new FeedSocket();
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    builder.buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws/streams/" + id + "/captions"
        + (query.isEmpty() ? "" : "?" + query)), feed).get(10, TimeUnit.SECONDS);
    return feed;
  }

  /** The HTTP status the upgrade was refused with; -1 when it was accepted (and the socket is closed again). */
  static int refusal(String base, String id, String query, Map<String, String> headers) throws Exception {
    try {
      FeedSocket feed = open(base, id, query, headers);
      feed.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
      return -1;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
  }

  /** Waits for the server's close frame: {@code "<code> <reason>"}. */
  String awaitClose(Duration timeout) throws Exception {
    return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean isOpen() {
    return !closed.isDone();
  }

  void close() {
    if (!closed.isDone()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  List<JsonObject> finals() {
    return events.stream().filter(e -> "final".equals(e.getString("type"))).toList();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    webSocket.request(Long.MAX_VALUE);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    frame.append(data);
    if (last) {
      events.add(new JsonObject(frame.toString()));
      frame.setLength(0);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode + " " + reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete("error " + error);
  }

  /** {@code PATCH base+path} with a JSON body and the bearer token. */
  static HttpResponse<String> patch(String base, String path, String bearer, JsonObject body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + bearer)
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
