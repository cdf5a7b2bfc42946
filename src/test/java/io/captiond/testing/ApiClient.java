package io.captiond.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A plain HTTP and WebSocket client of captiond (the JDK's own clients, nothing of ours). */
public final class ApiClient {

  /** A response: status and body. */
  public record Response(int status, String body, java.net.http.HttpHeaders headers) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final String base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ApiClient(String base, String token) {
    this.base = base;
    this.token = token;
  }

  public String base() {
    return base;
  }

  public Response get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token);
  }

  public Response getWithToken(String path, String bearer) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), bearer);
  }

  public Response post(String path, JsonObject body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())), token);
  }

  /** GETs {@code path} until it answers 200 (a file the server writes a while after a stream starts). */
  public Response awaitOk(String path, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Response response = get(path);
    while (response.status() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      response = get(path);
    }
    if (response.status() != 200) {
      throw new AssertionError(path + " never appeared: " + response.status() + " " + response.body());
    }
    return response;
  }

  public Response patch(String path, JsonObject body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())), token);
  }

  public Response delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), token);
  }

  /** Creates a pull stream of {@code url}; returns the 201 body. */
  public JsonObject createPull(String name, String url, boolean realtime) throws IOException, InterruptedException {
    Response response = post("/api/streams", new JsonObject().put("name", name)
        .put("source", new JsonObject().put("type", "pull").put("url", url).put("realtime", realtime))
        .put("language", "en"));
    if (response.status() != 201) {
      throw new AssertionError("create stream: " + response.status() + " " + response.body());
    }
    return response.json();
  }

  /** Creates an RTMP stream (the publisher pushes to the returned {@code publish} URL); returns the 201 body. */
  public JsonObject createRtmp(String name) throws IOException, InterruptedException {
    Response response = post("/api/streams", new JsonObject().put("name", name)
        .put("source", new JsonObject().put("type", "rtmp")).put("language", "en"));
    if (response.status() != 201) {
      throw new AssertionError("create stream: " + response.status() + " " + response.body());
    }
    return response.json();
  }

  /** Polls the stream until {@code done} holds for its description, or fails after {@code timeout}. */
  public JsonObject awaitStream(String id, Predicate<JsonObject> done, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      Response response = get("/api/streams/" + id);
      last = response.json();
      if (response.status() == 200 && done.test(last)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("stream " + id + " did not reach the expected state in " + timeout + ": " + last);
  }

  public JsonObject awaitState(String id, String state, Duration timeout) throws Exception {
    return awaitStream(id, s -> state.equals(s.getString("state")), timeout);
  }

  /** Opens the caption feed and collects every event it sends. */
  public CaptionListener listen(String id, long since) throws Exception {
    CaptionListener listener = new CaptionListener();
    String ws = base.replaceFirst("^http", "ws") + "/ws/streams/" + id + "/captions?since=" + since;
    http.newWebSocketBuilder().buildAsync(URI.create(ws), listener).get(5, TimeUnit.SECONDS);
    return listener;
  }

  /** Opens the translated caption feed of {@code language} ({@code ?lang=}) and collects its events. */
  public CaptionListener listen(String id, long since, String language) throws Exception {
    CaptionListener listener = new CaptionListener();
    String ws = base.replaceFirst("^http", "ws") + "/ws/streams/" + id + "/captions?since=" + since + "&lang=" + language;
    http.newWebSocketBuilder().buildAsync(URI.create(ws), listener).get(5, TimeUnit.SECONDS);
    return listener;
  }

  private Response send(HttpRequest.Builder request, String bearer) throws IOException, InterruptedException {
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body(), response.headers());
  }

  /** Collects caption events from a WebSocket, and the close code and reason it ended with. */
  public static class CaptionListener implements WebSocket.Listener {
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final StringBuilder partialFrame = new StringBuilder();
    /** {@code "<code> <reason>"} once closed, {@code "error <cause>"} if it failed. */
    protected final java.util.concurrent.CompletableFuture<String> closing = new java.util.concurrent.CompletableFuture<>();
    protected volatile WebSocket socket;

    @Override
    public void onOpen(WebSocket webSocket) {
      socket = webSocket;
      webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partialFrame.append(data);
      if (last) {
        events.add(new JsonObject(partialFrame.toString()));
        partialFrame.setLength(0);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closing.complete(statusCode + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closing.complete("error " + error);
    }

    public List<JsonObject> events() {
      return List.copyOf(events);
    }

    public List<JsonObject> finals() {
      return events.stream().filter(e -> "final".equals(e.getString("type"))).toList();
    }

    /** The laid-out subtitle cues the feed carried. */
    public List<JsonObject> cues() {
      return events.stream().filter(e -> "cue".equals(e.getString("type"))).toList();
    }

    public List<JsonObject> partials() {
      return events.stream().filter(e -> "partial".equals(e.getString("type"))).toList();
    }

    public boolean closed() {
      return closing.isDone();
    }

    /** Waits until at least {@code count} finals arrived. */
    public List<JsonObject> awaitFinals(int count, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (finals().size() < count && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      return finals();
    }

    public void close() {
      if (socket != null && !closing.isDone()) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
      }
    }
  }
}
