package io.captiond.translate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The LibreTranslate HTTP API (https://libretranslate.com/docs): {@code GET /languages} lists
 * {@code [{code, name, targets}]}; {@code POST /translate} takes
 * {@code {q, source, target, format, api_key}}, where {@code q} may be a list, and answers
 * {@code {translatedText}} (a list for a list). Errors come as {@code {"error": "..."}} with 400
 * (invalid request, unsupported language), 403 (banned or bad API key), 429 (slow down) or 500
 * (translation failed). Codes are ISO 639-1 already, so they pass through unchanged.
 */
public final class LibreTranslateEngine implements TranslationEngine {

  public static final String KIND = "libretranslate";
  private static final Logger LOG = Logger.getLogger(LibreTranslateEngine.class.getName());

  private final String name;
  private final LibreTranslateConfig config;
  private final WebClient client;
  private final AtomicReference<Set<LanguagePair>> pairs = new AtomicReference<>(Set.of());

  private LibreTranslateEngine(Vertx vertx, String name, LibreTranslateConfig config) {
    this.name = name;
    this.config = config;
    this.client = WebClient.create(vertx);
  }

  /** An engine for the service at {@code config.url()}, ready once its languages are known. */
  public static Future<TranslationEngine> connect(Vertx vertx, String name, LibreTranslateConfig config) {
    LibreTranslateEngine engine = new LibreTranslateEngine(vertx, name, config);
    return engine.refreshPairs()
        .<TranslationEngine>map(found -> engine)
        .onFailure(error -> engine.close());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<LanguagePair> pairs() {
    return pairs.get();
  }

  @Override
  public Future<Set<LanguagePair>> refreshPairs() {
    String url = config.url() + "/languages";
    return client.getAbs(url).timeout(config.timeoutMs()).send()
        .recover(error -> Future.failedFuture(HttpFailures.noAnswer(name, url, config.timeoutMs(), error)))
        .map(response -> {
          Set<LanguagePair> found = parseLanguages(url, checked(url, response));
          pairs.set(Collections.unmodifiableSet(found));
          LOG.info(() -> name + " at " + config.url() + " offers " + new java.util.TreeSet<>(found));
          return found;
        });
  }

  @Override
  public Future<List<String>> translate(List<String> texts, LanguagePair pair) {
    if (!pairs.get().contains(pair)) {
      return Future.failedFuture(TranslationEngine.unsupported(name, pair, pairs()));
    }
    List<Integer> sent = new ArrayList<>();
    JsonArray q = new JsonArray();
    for (int i = 0; i < texts.size(); i++) {
      if (!texts.get(i).isBlank()) {
        sent.add(i);
        q.add(texts.get(i));
      }
    }
    if (sent.isEmpty()) {
      return Future.succeededFuture(List.copyOf(texts));
    }
    JsonObject request = new JsonObject().put("q", q).put("source", pair.source()).put("target", pair.target())
        .put("format", "text");
    if (config.apiKey() != null) {
      request.put("api_key", config.apiKey());
    }
    String url = config.url() + "/translate";
    return client.postAbs(url).timeout(config.timeoutMs()).sendJsonObject(request)
        .recover(error -> Future.failedFuture(HttpFailures.noAnswer(name, url, config.timeoutMs(), error)))
        .map(response -> {
          Object body = checked(url, response);
          Object translated = body instanceof JsonObject answer ? answer.getValue("translatedText") : null;
          if (!(translated instanceof JsonArray list) || list.size() != sent.size()) {
            throw HttpFailures.unreadable(name, url, "translatedText that is not a list of " + sent.size() + " texts");
          }
          List<String> out = new ArrayList<>(texts);
          for (int i = 0; i < sent.size(); i++) {
            out.set(sent.get(i), String.valueOf(list.getValue(i)));
          }
          return List.copyOf(out);
        });
  }

  /** The parsed body of a 200 answer; an error answer becomes an exception carrying its "error". */
  private Object checked(String url, HttpResponse<Buffer> response) {
    Object json;
    try {
      json = response.body() == null ? null : io.vertx.core.json.Json.decodeValue(response.body());
    } catch (DecodeException e) {
      json = null;
    }
    if (response.statusCode() != 200) {
      String error = json instanceof JsonObject body && body.getValue("error") != null
          ? String.valueOf(body.getValue("error")) : response.statusMessage();
      throw HttpFailures.status(name, url, response.statusCode(), error);
    }
    if (json == null) {
      throw HttpFailures.unreadable(name, url, "200 with a body that is not JSON");
    }
    return json;
  }

  private Set<LanguagePair> parseLanguages(String url, Object json) {
    if (!(json instanceof JsonArray list)) {
      throw HttpFailures.unreadable(name, url, "a language list that is not a JSON array");
    }
    List<String> codes = new ArrayList<>();
    for (Object item : list) {
      if (item instanceof JsonObject language && language.getValue("code") instanceof String code) {
        codes.add(code);
      }
    }
    Set<LanguagePair> found = new LinkedHashSet<>();
    for (Object item : list) {
      if (!(item instanceof JsonObject language) || !(language.getValue("code") instanceof String source)) {
        continue;
      }
      // services before 1.3 list no targets: every language translates into every other
      Iterable<?> targets = language.getValue("targets") instanceof JsonArray given ? given : codes;
      for (Object target : targets) {
        if (target instanceof String code && !code.equals(source)
            && LanguagePair.CODE.matcher(source).matches() && LanguagePair.CODE.matcher(code).matches()) {
          found.add(new LanguagePair(source, code));
        }
      }
    }
    return found;
  }

  @Override
  public void close() {
    client.close();
  }
}
