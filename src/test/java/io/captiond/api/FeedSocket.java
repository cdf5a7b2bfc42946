package io.captiond.api;

import io.captiond.testing.ApiClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A caption feed opened with the JDK's WebSocket client, as a viewer would: the frames it got, and the close
 * code and reason it was closed with. Also the few HTTP calls the viewer tests make that ApiClient does not.
 */
final class FeedSocket extends ApiClient.CaptionListener {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
    return closing.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean isOpen() {
    return !closed();
  }

  /** How it ended so far, or {@code ifOpen}. */
  String closedAs(String ifOpen) {
    return closing.getNow(ifOpen);
  }

  /** {@code PATCH base+path} with a JSON body and the bearer token. */
  static HttpResponse<String> patch(String base, String path, String bearer, JsonObject body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + bearer)
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
