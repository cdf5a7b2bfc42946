package io.captiond.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cuts a stream's confirmed words into units a translator can work with. Plain logic, no I/O: the
 * stream feeds it words as they are confirmed and sends each unit it returns to be translated.
 *
 * <p>A unit ends:
 * <ol>
 *   <li>after a word that ends a sentence ({@code . ? !} or an ellipsis, not an abbreviation such as
 *       {@code Mr.} or an initial such as {@code J.});</li>
 *   <li>at a pause: the next word starts {@link Limits#pauseMs} or more after the last one ended (or,
 *       with {@link #closeIfPaused}, no next word has come by then); recognizers without
 *       punctuation are cut this way;</li>
 *   <li>before it would exceed {@link Limits#maxWords} words or {@link Limits#maxMs} from its first
 *       word's start to its last word's end: then it is cut after its last clause mark
 *       ({@code , ; :} or a dash) if it has one, and otherwise where the limit falls.</li>
 * </ol>
 * Each unit keeps the span of its words: the first word's start to the last word's end.
 */
public final class TranslationUnits {

  /** The bounds of one unit. */
  public record Limits(int maxWords, long maxMs, long pauseMs) {
    public static final Limits DEFAULT = new Limits(30, 10_000, 700);

    public Limits {
      if (maxWords < 1 || maxMs < 1 || pauseMs < 1) {
        throw new IllegalArgumentException("unit limits must be positive: " + maxWords + " words, " + maxMs
            + " ms, pause " + pauseMs + " ms");
      }
    }
  }

  private static final Set<String> ABBREVIATIONS = Set.of("mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "jr.",
      "sr.", "vs.", "e.g.", "i.e.", "no.", "approx.", "mt.");

  private final Limits limits;
  private final List<TimedText> open = new ArrayList<>();

  public TranslationUnits(Limits limits) {
    this.limits = limits;
  }

  /** Cuts a finished text at once: every unit, the last one included. */
  public static List<TranslationUnit> split(List<TimedText> words, Limits limits) {
    TranslationUnits units = new TranslationUnits(limits);
    List<TranslationUnit> out = new ArrayList<>(units.add(words));
    units.flush().ifPresent(out::add);
    return out;
  }

  /** Adds confirmed words, in time order; returns the units they closed. */
  public List<TranslationUnit> add(List<TimedText> confirmed) {
    List<TranslationUnit> closed = new ArrayList<>();
    for (TimedText word : confirmed) {
      if (word.text().isEmpty()) {
        continue;
      }
      if (!open.isEmpty() && word.startMs() - last().endMs() >= limits.pauseMs()) {
        closed.add(close(open.size()));
      }
      while (!open.isEmpty() && tooLongWith(word)) {
        closed.add(close(cutPoint()));
      }
      open.add(word);
      if (endsSentence(word.text())) {
        closed.add(close(open.size()));
      }
    }
    return closed;
  }

  /** The open unit, if its last word ended a pause or more before {@code nowMs}. */
  public Optional<TranslationUnit> closeIfPaused(long nowMs) {
    if (open.isEmpty() || nowMs - last().endMs() < limits.pauseMs()) {
      return Optional.empty();
    }
    return Optional.of(close(open.size()));
  }

  /** The open unit as it is (the stream ended). */
  public Optional<TranslationUnit> flush() {
    return open.isEmpty() ? Optional.empty() : Optional.of(close(open.size()));
  }

  /** The open unit's words so far as a unit, left open (what a tentative translation starts from). */
  public Optional<TranslationUnit> open() {
    return open.isEmpty() ? Optional.empty() : Optional.of(unitOf(open));
  }

  /** Whether words are waiting for the end of their unit. */
  public boolean hasOpenWords() {
    return !open.isEmpty();
  }

  private boolean tooLongWith(TimedText word) {
    int words = word.words();
    for (TimedText w : open) {
      words += w.words();
    }
    return words > limits.maxWords() || word.endMs() - open.get(0).startMs() > limits.maxMs();
  }

  /** How many open words to close: through the last clause mark, or all of them. */
  private int cutPoint() {
    for (int i = open.size() - 2; i >= 0; i--) {
      if (endsClause(open.get(i).text())) {
        return i + 1;
      }
    }
    return open.size();
  }

  private TranslationUnit close(int count) {
    List<TimedText> words = open.subList(0, count);
    TranslationUnit unit = unitOf(words);
    words.clear();
    return unit;
  }

  private static TranslationUnit unitOf(List<TimedText> words) {
    StringBuilder text = new StringBuilder();
    for (TimedText w : words) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(w.text());
    }
    return new TranslationUnit(text.toString(), words.get(0).startMs(), words.get(words.size() - 1).endMs());
  }

  private TimedText last() {
    return open.get(open.size() - 1);
  }

  static boolean endsSentence(String text) {
    String word = stripClosers(text);
    if (word.endsWith("?") || word.endsWith("!") || word.endsWith("…")) {
      return true;
    }
    if (!word.endsWith(".")) {
      return false;
    }
    String lastWord = word.substring(word.lastIndexOf(' ') + 1).toLowerCase(java.util.Locale.ROOT);
    boolean initial = lastWord.length() == 2 && Character.isLetter(lastWord.charAt(0));
    return !initial && !ABBREVIATIONS.contains(lastWord);
  }

  static boolean endsClause(String text) {
    String word = stripClosers(text);
    return word.endsWith(",") || word.endsWith(";") || word.endsWith(":") || word.endsWith("—")
        || word.endsWith("–");
  }

  /** Closing quotes and brackets after the punctuation: {@code "Stop!"} ends a sentence too. */
  private static String stripClosers(String text) {
    int end = text.length();
    while (end > 0 && "\"'”’)]»".indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    return text.substring(0, end);
  }
}
