package io.captiond.translate;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local LibreTranslate written from its API documentation (libretranslate.com/docs, the
 * swagger of {@code /translate} and {@code /languages} in its app.py), since no real one can run
 * here: {@code GET /languages} → {@code [{code, name, targets}]}; {@code POST /translate} with a JSON
 * body {@code {q, source, target, format, api_key}}, {@code q} a text or a list, → {@code {translatedText}}
 * of the same shape. Errors as documented, with {@code {"error": "..."}}: 400 for a missing
 * parameter, an unsupported language or format; 400 without and 403 with a wrong API key where keys
 * are required; 429 past the request limit ("Slowdown: N per 1 minute"); 500 when translation fails.
 * Its "translation" is a word list, enough to see which text went where.
 */
final class LibreTranslateStub {

  static final Map<String, String> EN_ES = Map.of("hello", "hola", "world", "mundo", "good", "buenos",
      "morning", "días", "cat", "gato");

  final AtomicInteger translateRequests = new AtomicInteger();
  String requiredKey;
  int requestLimit = Integer.MAX_VALUE;
  boolean listTargets = true;
  /** Languages it lists; {@code de} is listed but has no model, so translating into it fails with 400. */
  List<String> languages = List.of("en", "es", "de");
  private HttpServer server;

  int start(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
    return server.actualPort();
  }

  void stop() {
    server.close().await();
  }

  private void handle(HttpServerRequest request) {
    if (request.path().equals("/languages")) {
      JsonArray list = new JsonArray();
      for (String code : languages) {
        JsonObject language = new JsonObject().put("code", code).put("name", code.toUpperCase());
        if (listTargets) {
          language.put("targets", new JsonArray(languages.stream().filter(c -> !c.equals(code)).toList()));
        }
        list.add(language);
      }
      request.response().putHeader("content-type", "application/json").end(list.encode());
    } else if (request.path().equals("/translate") && request.method().name().equals("POST")) {
      request.body().onSuccess(body -> translate(request, body.toJsonObject()));
    } else if (request.path().startsWith("/hang/")) {
      // never answers
    } else {
      error(request, 404, "Not Found");
    }
  }

  private void translate(HttpServerRequest request, JsonObject body) {
    if (translateRequests.incrementAndGet() > requestLimit) {
      error(request, 429, "Slowdown: " + requestLimit + " per 1 minute");
      return;
    }
    if (requiredKey != null && body.getString("api_key") == null) {
      error(request, 400, "Please contact the server operator to get an API key");
      return;
    }
    if (requiredKey != null && !requiredKey.equals(body.getString("api_key"))) {
      error(request, 403, "Invalid API key");
      return;
    }
    Object q = body.getValue("q");
    for (String name : List.of("q", "source", "target")) {
      if (body.getValue(name) == null) {
        error(request, 400, "Invalid request: missing " + name + " parameter");
        return;
      }
    }
    String format = body.getString("format", "text");
    if (!format.equals("text") && !format.equals("html")) {
      error(request, 400, format + " format is not supported");
      return;
    }
    for (String language : List.of(body.getString("source"), body.getString("target"))) {
      if (!language.equals("en") && !language.equals("es")) {
        error(request, 400, language + " is not supported");
        return;
      }
    }
    List<?> texts = q instanceof JsonArray list ? list.getList() : List.of(q);
    if (texts.stream().anyMatch(text -> String.valueOf(text).contains("explode"))) {
      error(request, 500, "Cannot translate text: the model failed");
      return;
    }
    List<String> translated = texts.stream().map(text -> wordByWord(String.valueOf(text))).toList();
    Object answer = q instanceof JsonArray ? new JsonArray(translated) : translated.get(0);
    request.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("translatedText", answer).encode());
  }

  private static String wordByWord(String text) {
    StringBuilder out = new StringBuilder();
    for (String word : text.split(" ")) {
      out.append(out.length() == 0 ? "" : " ").append(EN_ES.getOrDefault(word.toLowerCase(), word));
    }
    return out.toString();
  }

  private static void error(HttpServerRequest request, int status, String message) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", message).encode());
  }
}
