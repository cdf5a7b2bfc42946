package io.captiond.translate;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An engine whose answers the test releases: each call waits until {@link #release} (or answers at
 * once when open); its "translation" is the text in capitals with a tag, to tell engines apart.
 */
final class GatedEngine implements TranslationEngine {

  final String name;
  final String tag;
  final List<Promise<List<String>>> waiting = new CopyOnWriteArrayList<>();
  final List<List<String>> seen = new CopyOnWriteArrayList<>();
  final AtomicBoolean closed = new AtomicBoolean();
  volatile boolean open;
  volatile RuntimeException failure;

  GatedEngine(String name, String tag, boolean open) {
    this.name = name;
    this.tag = tag;
    this.open = open;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<LanguagePair> pairs() {
    return Set.of(LanguagePair.of("en", "es"));
  }

  @Override
  public Future<Set<LanguagePair>> refreshPairs() {
    return Future.succeededFuture(pairs());
  }

  @Override
  public Future<List<String>> translate(List<String> texts, LanguagePair pair) {
    if (!pairs().contains(pair)) {
      return Future.failedFuture(TranslationEngine.unsupported(name, pair, pairs()));
    }
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    seen.add(texts);
    List<String> answer = texts.stream().map(t -> tag + t.toUpperCase(Locale.ROOT)).toList();
    if (open) {
      return Future.succeededFuture(answer);
    }
    Promise<List<String>> promise = Promise.promise();
    waiting.add(promise);
    return promise.future().map(ignored -> answer);
  }

  /** Lets the oldest waiting call answer. */
  void release() {
    waiting.remove(0).complete(List.of());
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
