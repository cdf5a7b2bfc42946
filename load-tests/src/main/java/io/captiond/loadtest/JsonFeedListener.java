package io.captiond.loadtest;

import io.vertx.core.json.JsonObject;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client of one of captiond's JSON feeds (the JDK's client): assembles each text message from its
 * frames and hands it to {@link #arrived} with the wall-clock time its last frame came.
 */
abstract class JsonFeedListener implements WebSocket.Listener {

  private final StringBuilder frame = new StringBuilder();
  private volatile WebSocket socket;

  /** A whole message that reached the viewer at {@code atMs}, wall clock. */
  abstract void arrived(JsonObject message, long atMs);

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    webSocket.request(Long.MAX_VALUE);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    long atMs = System.currentTimeMillis();
    frame.append(data);
    if (last) {
      JsonObject message = new JsonObject(frame.toString());
      frame.setLength(0);
      arrived(message, atMs);
    }
    return null;
  }

  /** Closes the feed normally, aborting it if the server does not answer within 2 s. */
  void close() {
    WebSocket ws = socket;
    if (ws != null) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS)
          .whenComplete((closed, error) -> ws.abort());
    }
  }
}
