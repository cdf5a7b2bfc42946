package io.captiond.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket viewer of a stream's translated track ({@code ?lang=}): records every translated final with
 * the source finals it names and the wall-clock time it arrived.
 */
final class TranslationViewer extends JsonFeedListener {

  /** A translated final as received: the source seqs it translates, {@code arrivedMs} in wall-clock ms. */
  record Final(long seq, List<Long> sources, String text, long arrivedMs) {}

  private final String language;
  private final List<Final> finals = new CopyOnWriteArrayList<>();

  private TranslationViewer(String language) {
    this.language = language;
  }

  static TranslationViewer connect(HttpClient http, URI feed, String language) {
    TranslationViewer viewer = new TranslationViewer(language);
    URI uri = URI.create(feed + (feed.getQuery() == null ? "?" : "&") + "lang=" + language);
    try {
      http.newWebSocketBuilder().buildAsync(uri, viewer).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new HarnessException("translation viewer could not connect to " + uri + ": " + e, e);
    }
    return viewer;
  }

  String language() {
    return language;
  }

  @Override
  void arrived(JsonObject json, long atMs) {
    if ("final".equals(json.getString("type"))) {
      List<Long> sources = new ArrayList<>();
      json.getJsonArray("source", new JsonArray()).forEach(seq -> sources.add(((Number) seq).longValue()));
      finals.add(new Final(json.getLong("seq"), List.copyOf(sources), json.getString("text"), atMs));
    }
  }

  List<Final> finals() {
    return List.copyOf(finals);
  }
}
