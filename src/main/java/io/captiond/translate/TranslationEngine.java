package io.captiond.translate;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * A machine translator: turns a batch of text units from one language into another.
 *
 * <p>Engines are asynchronous and never block the caller's thread (the HTTP engines talk to their
 * service with Vert.x's WebClient on the event loop they were made on). The answer has one text
 * per input text, in the same order. A pair the engine does not offer fails at once with
 * {@link TranslationException.Reason#UNSUPPORTED_PAIR} and a message listing the pairs it offers.
 */
public interface TranslationEngine extends AutoCloseable {

  /** A short, stable name for logs, metrics and the stream API, e.g. {@code apertium}. */
  String name();

  /** The pairs the engine offers, as last discovered from its service; never blocks. */
  Set<LanguagePair> pairs();

  /** Asks the service again which pairs it offers (after a new language package was installed). */
  Future<Set<LanguagePair>> refreshPairs();

  /** Translates {@code texts} along {@code pair}; one result per text, same order. */
  Future<List<String>> translate(List<String> texts, LanguagePair pair);

  /** Releases the engine's connections; requests after this fail. */
  @Override
  void close();

  /** The refusal for a pair the engine lacks, naming what it does offer. */
  static TranslationException unsupported(String engine, LanguagePair pair, Set<LanguagePair> offered) {
    SortedSet<String> names = offered.stream().map(LanguagePair::toString)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
    return new TranslationException(TranslationException.Reason.UNSUPPORTED_PAIR,
        engine + " does not offer " + pair + "; it offers " + (names.isEmpty() ? "no pairs" : String.join(", ", names)));
  }
}
