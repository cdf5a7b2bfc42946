package io.captiond.loadtest;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The calls the harness makes on captiond's HTTP API, each bounded by a timeout. */
final class ServerApi {

  /** A created stream: its id and, for RTMP, where to publish. */
  record Created(String id, String publishUrl) {}

  private final String base;
  private final String token;
  private final HttpClient http;

  ServerApi(String base, String token) {
    this.base = base;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  String base() {
    return base;
  }

  String token() {
    return token;
  }

  HttpClient http() {
    return http;
  }

  /** Throws a clear error when nothing answers {@code /health} with 200 before the deadline. */
  void awaitHealthy(Deadline deadline) {
    String last = "no answer";
    while (!deadline.passed()) {
      try {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/health")).GET(), false);
        if (response.statusCode() == 200) {
          return;
        }
        last = "HTTP " + response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      deadline.sleep(250);
    }
    throw new HarnessException("server unreachable at " + base + "/health: " + last);
  }

  /** Creates a stream; {@code source} is the API's source object. Any answer but 201 fails the run. */
  Created create(String name, JsonObject source, String engine) throws IOException {
    return create(name, source, engine, List.of());
  }

  /** A stream whose captions are also translated into {@code translations}. */
  Created create(String name, JsonObject source, String engine, List<String> translations) throws IOException {
    HttpResponse<String> response = postStream(name, source, engine, translations);
    if (response.statusCode() != 201) {
      throw new HarnessException("POST /api/streams (" + source.getString("type") + ") answered "
          + response.statusCode() + ": " + response.body());
    }
    JsonObject created = new JsonObject(response.body());
    return new Created(created.getString("id"), created.getString("publish"));
  }

  /** Whether the server takes streams of this source: creates one and deletes it; null if it does, else why not. */
  String refusal(JsonObject source, String engine) throws IOException {
    HttpResponse<String> response = postStream("loadtest-probe", source, engine, List.of());
    if (response.statusCode() == 201) {
      delete(new JsonObject(response.body()).getString("id"));
      return null;
    }
    return response.statusCode() + " " + response.body();
  }

  private HttpResponse<String> postStream(String name, JsonObject source, String engine, List<String> translations)
      throws IOException {
    JsonObject body = new JsonObject().put("name", name).put("source", source).put("language", "en");
    if (!translations.isEmpty()) {
      body.put("translations", new io.vertx.core.json.JsonArray(translations));
    }
    if (engine != null) {
      body.put("engine", engine);
    }
    return send(HttpRequest.newBuilder(URI.create(base + "/api/streams"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())), true);
  }

  JsonObject stream(String id) throws IOException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/streams/" + id)).GET(), true);
    if (response.statusCode() != 200) {
      throw new HarnessException("GET /api/streams/" + id + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return new JsonObject(response.body());
  }

  /** {@code GET /api/engines}: every node's engines. */
  JsonObject engines() throws IOException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/engines")).GET(), true);
    if (response.statusCode() != 200) {
      throw new HarnessException("GET /api/engines answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

  void delete(String id) throws IOException {
    send(HttpRequest.newBuilder(URI.create(base + "/api/streams/" + id)).DELETE(), true);
  }

  /** The Prometheus text of {@code /metrics} (with the admin token, which it may ask for); empty if refused. */
  String metrics() throws IOException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET(), true);
    return response.statusCode() == 200 ? response.body() : "";
  }

  URI webSocket(String id) {
    return URI.create(base.replaceFirst("^http", "ws") + "/ws/streams/" + id + "/captions?since=0");
  }

  private HttpResponse<String> send(HttpRequest.Builder request, boolean authorized) throws IOException {
    if (authorized) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpRequest built = request.timeout(Duration.ofSeconds(10)).build();
    try {
      return http.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException(built.method() + " " + built.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
