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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Apertium's HTTP service, APy (Debian 12 ships 0.11): {@code GET /listPairs} names the installed
 * pairs in Apertium's codes; {@code GET /translate?langpair=eng|spa&q=TEXT} answers
 * {@code {"responseData":{"translatedText":…},"responseStatus":200}}, and an error as
 * {@code {"status":"error","code":400,"explanation":…}}. APy translates one text per request, so a
 * batch is sent as one request per unit, all at once; APy queues them on the pair's pipeline.
 */
public final class ApertiumEngine implements TranslationEngine {

  public static final String KIND = "apertium";
  private static final Logger LOG = Logger.getLogger(ApertiumEngine.class.getName());

  private final String name;
  private final ApertiumConfig config;
  private final WebClient client;
  /** Our pair → APy's {@code langpair} argument ({@code eng|cat_valencia}); replaced whole on refresh. */
  private final AtomicReference<Map<LanguagePair, String>> langpairs = new AtomicReference<>(Map.of());

  private ApertiumEngine(Vertx vertx, String name, ApertiumConfig config) {
    this.name = name;
    this.config = config;
    this.client = WebClient.create(vertx);
  }

  /** An engine for the APy at {@code config.url()}, ready once its pairs are known. */
  public static Future<TranslationEngine> connect(Vertx vertx, String name, ApertiumConfig config) {
    ApertiumEngine engine = new ApertiumEngine(vertx, name, config);
    return engine.refreshPairs()
        .<TranslationEngine>map(pairs -> engine)
        .onFailure(error -> engine.close());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<LanguagePair> pairs() {
    return langpairs.get().keySet();
  }

  @Override
  public Future<Set<LanguagePair>> refreshPairs() {
    String url = config.url() + "/listPairs";
    return client.getAbs(url).timeout(config.timeoutMs()).send()
        .recover(error -> Future.failedFuture(HttpFailures.noAnswer(name, url, config.timeoutMs(), error)))
        .map(response -> {
          Map<LanguagePair, String> found = parsePairs(url, body(url, response));
          langpairs.set(Collections.unmodifiableMap(found));
          LOG.info(() -> name + " at " + config.url() + " offers " + new java.util.TreeSet<>(found.keySet()));
          return found.keySet();
        });
  }

  @Override
  public Future<List<String>> translate(List<String> texts, LanguagePair pair) {
    String langpair = langpairs.get().get(pair);
    if (langpair == null) {
      return Future.failedFuture(TranslationEngine.unsupported(name, pair, pairs()));
    }
    List<Future<String>> each = new ArrayList<>(texts.size());
    for (String text : texts) {
      each.add(text.isBlank() ? Future.succeededFuture(text) : translateOne(text, langpair));
    }
    return Future.all(each).map(all -> each.stream().map(Future::result).toList());
  }

  private Future<String> translateOne(String text, String langpair) {
    String url = config.url() + "/translate";
    return client.getAbs(url).timeout(config.timeoutMs())
        .addQueryParam("langpair", langpair)
        .addQueryParam("q", text)
        .addQueryParam("markUnknown", config.markUnknown() ? "yes" : "no")
        .send()
        .recover(error -> Future.failedFuture(HttpFailures.noAnswer(name, url, config.timeoutMs(), error)))
        .map(response -> {
          JsonObject data = body(url, response).getJsonObject("responseData");
          String translated = data == null ? null : data.getString("translatedText");
          if (translated == null) {
            throw HttpFailures.unreadable(name, url, "no responseData.translatedText for " + langpair);
          }
          return translated;
        });
  }

  /** The JSON body of a 200 answer; an APy error answer becomes an exception with its explanation. */
  private JsonObject body(String url, HttpResponse<Buffer> response) {
    JsonObject json;
    try {
      json = response.bodyAsJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw HttpFailures.unreadable(name, url, response.statusCode() + " with a body that is not a JSON object");
    }
    if (response.statusCode() != 200 || json == null || !"200".equals(String.valueOf(json.getValue("responseStatus")))) {
      String explanation = json == null ? response.statusMessage()
          : json.getString("explanation", json.getString("message", response.statusMessage()));
      throw HttpFailures.status(name, url, response.statusCode(), explanation);
    }
    return json;
  }

  private Map<LanguagePair, String> parsePairs(String url, JsonObject json) {
    Object data = json.getValue("responseData");
    if (!(data instanceof JsonArray list)) {
      throw HttpFailures.unreadable(name, url, "no responseData list");
    }
    Map<LanguagePair, String> found = new LinkedHashMap<>();
    for (Object item : list) {
      if (item instanceof JsonObject entry) {
        String source = entry.getString("sourceLanguage");
        String target = entry.getString("targetLanguage");
        if (source != null && target != null) {
          ApertiumCodes.toPair(source, target).ifPresent(pair -> found.putIfAbsent(pair, source + "|" + target));
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
