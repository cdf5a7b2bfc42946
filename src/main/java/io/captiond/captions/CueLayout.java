package io.captiond.captions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lays confirmed words out as subtitle cues, incrementally: feed words (or confirmed captions) as
 * they come, get the cues they complete; {@link #flush} at the end. A cue holds at most
 * {@code maxLines} lines of at most {@code maxLineChars} characters (lines balanced in length) and
 * spans at most {@code maxDurationMs} of speech.
 *
 * <p>When the words no longer fit one cue, it is broken where a break reads best: after a sentence
 * end, else after a comma (or semicolon, colon, dash), else at a pause between words longer than
 * {@code pauseMs}, else after the last word that fits; among equals, the latest. A break that would
 * leave less than a quarter of a cue's characters before it is not preferred. A silence longer than
 * {@code silenceMs} always ends a cue. Words are never split: a word longer than a line gets a line
 * of its own and overflows it.
 *
 * <p>A cue is shown from its first word's start until its last word's end, held at least
 * {@code minDurationMs} and at most {@code maxDurationMs}, but never past the start of the next cue
 * (which wins over the minimum). Times are stream milliseconds. Pure; one per stream, not thread-safe.
 */
public final class CueLayout {

  /** Limits; durations in milliseconds. Defaults follow common broadcast guidelines (2 lines of 42). */
  public record Config(
      int maxLines, int maxLineChars, long minDurationMs, long maxDurationMs, long pauseMs, long silenceMs) {

    public Config {
      if (maxLines < 1 || maxLines > 4) {
        throw new IllegalArgumentException("max lines must be 1..4, was " + maxLines);
      }
      if (maxLineChars < 10 || maxLineChars > 200) {
        throw new IllegalArgumentException("max line length must be 10..200 characters, was " + maxLineChars);
      }
      if (minDurationMs < 0 || maxDurationMs < 500 || minDurationMs > maxDurationMs) {
        throw new IllegalArgumentException(
            "cue durations must satisfy 0 <= min <= max, max >= 500 ms; were " + minDurationMs + ", " + maxDurationMs);
      }
      if (pauseMs < 0 || silenceMs < pauseMs) {
        throw new IllegalArgumentException("need 0 <= pause <= silence, were " + pauseMs + ", " + silenceMs + " ms");
      }
    }

    public static Config defaults() {
      return new Config(2, 42, 1_000, 7_000, 500, 1_500);
    }
  }

  /** One word and its time span in stream milliseconds. */
  public record TimedWord(String text, long startMs, long endMs) {

    public TimedWord {
      Objects.requireNonNull(text, "text");
      text = text.strip();
      if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("a word is one non-blank token, was '" + text + "'");
      }
      if (endMs < startMs) {
        throw new IllegalArgumentException("word ends (" + endMs + ") before it starts (" + startMs + ")");
      }
    }
  }

  /** A subtitle cue: shown from {@code startMs} to {@code endMs}, its lines top to bottom. */
  public record Cue(long startMs, long endMs, List<String> lines) {

    public Cue {
      lines = List.copyOf(lines);
      if (endMs < startMs) {
        throw new IllegalArgumentException("cue ends (" + endMs + ") before it starts (" + startMs + ")");
      }
    }

    /** The lines joined by newlines, as a WebVTT or SubRip cue payload. */
    public String text() {
      return String.join("\n", lines);
    }
  }

  private static final int SENTENCE = 3;
  private static final int CLAUSE = 2;
  private static final int PAUSE = 1;

  private final Config config;
  private final List<TimedWord> pending = new ArrayList<>();

  public CueLayout(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Adds the next word (in time order); returns the cues it completes, in order. */
  public List<Cue> add(TimedWord word) {
    List<Cue> done = new ArrayList<>();
    if (!pending.isEmpty() && word.startMs() - last(pending).endMs() > config.silenceMs()) {
      done.add(cue(pending, word.startMs()));
      pending.clear();
    }
    pending.add(word);
    while (pending.size() > 1 && !fits(pending)) {
      int k = bestBreak();
      List<TimedWord> head = pending.subList(0, k);
      done.add(cue(head, pending.get(k).startMs()));
      head.clear();
    }
    return done;
  }

  /**
   * Adds a confirmed caption: its text split at whitespace, the span shared among the words in
   * proportion to their length in characters (the caption carries no word times).
   */
  public List<Cue> addCaption(String text, long startMs, long endMs) {
    String[] words = text.strip().isEmpty() ? new String[0] : text.strip().split("\\s+");
    long total = 0;
    for (String w : words) {
      total += w.length();
    }
    long span = Math.max(0, endMs - startMs);
    List<Cue> done = new ArrayList<>();
    long before = 0;
    for (String w : words) {
      long from = startMs + span * before / total;
      before += w.length();
      done.addAll(add(new TimedWord(w, from, startMs + span * before / total)));
    }
    return done;
  }

  /**
   * The cue being filled, if no later word can change it any more: {@code nowMs} is a time before
   * which no further word will start (the confirmed end of the stream so far). Once that is more
   * than {@code silenceMs} after the last pending word, the next word, whenever it comes, ends the
   * cue by the silence rule; and once the cue's own end has passed, its timing is fixed too. The cue
   * returned is the one {@link #add} would return for that next word, only sooner; the words are
   * then done with. Lets a player's subtitles settle at a pause instead of waiting for the next speech.
   */
  public List<Cue> settle(long nowMs) {
    if (pending.isEmpty() || nowMs - last(pending).endMs() <= config.silenceMs()) {
      return List.of();
    }
    Cue cue = cue(pending, Long.MAX_VALUE);
    if (cue.endMs() > nowMs) {
      return List.of(); // the next word's start may still cut its end
    }
    pending.clear();
    return List.of(cue);
  }

  /**
   * Closes the cue being filled at a boundary (the end of a subtitle segment that is due): the pending words
   * that start before {@code boundaryMs} become a cue, the rest stay pending and continue in the next cue.
   * Call only once every word that starts before the boundary has been added (confirmed up to it). The cue
   * keeps its last word's end, held towards the minimum duration but not past the boundary, so it never
   * overlaps a word that has not been added yet. Lets a segment's subtitles settle when the segment is due
   * instead of when its last cue fills up.
   */
  public List<Cue> closeBefore(long boundaryMs) {
    int k = 0;
    while (k < pending.size() && pending.get(k).startMs() < boundaryMs) {
      k++;
    }
    if (k == 0) {
      return List.of();
    }
    List<TimedWord> head = pending.subList(0, k);
    long start = head.get(0).startMs();
    long wordsEnd = last(head).endMs();
    long held = Math.min(Math.min(start + config.minDurationMs(), start + config.maxDurationMs()), boundaryMs);
    Cue cue = new Cue(start, Math.max(wordsEnd, held), balanced(head));
    head.clear();
    return List.of(cue);
  }

  /** Where the cue being filled starts, or {@code Long.MAX_VALUE} when none is: no later cue starts before it. */
  public long pendingStartMs() {
    return pending.isEmpty() ? Long.MAX_VALUE : pending.get(0).startMs();
  }

  /** The end of the words: the pending ones become the last cue. */
  public List<Cue> flush() {
    if (pending.isEmpty()) {
      return List.of();
    }
    Cue cue = cue(pending, Long.MAX_VALUE);
    pending.clear();
    return List.of(cue);
  }

  /** Where to break {@code pending} (which ends with the word that did not fit): the size of the cue before it. */
  private int bestBreak() {
    int n = pending.size();
    int capacity = config.maxLines() * config.maxLineChars();
    int best = n - 1;
    int bestRank = -1;
    for (int k = 1; k < n; k++) {
      List<TimedWord> head = pending.subList(0, k);
      if (!fits(pending.subList(k, n))) {
        continue;
      }
      int rank = chars(head) * 4 < capacity ? 0 : rank(k - 1);
      if (rank >= bestRank) {
        bestRank = rank;
        best = k;
      }
    }
    return best;
  }

  /** How good a break right after word {@code i} of the pending words reads. */
  private int rank(int i) {
    String text = pending.get(i).text();
    char lastChar = text.charAt(text.length() - 1);
    if (endsSentence(text)) {
      return SENTENCE;
    }
    if (",;:–—".indexOf(lastChar) >= 0) {
      return CLAUSE;
    }
    if (pending.get(i + 1).startMs() - pending.get(i).endMs() > config.pauseMs()) {
      return PAUSE;
    }
    return 0;
  }

  private boolean fits(List<TimedWord> words) {
    return wrap(words, config.maxLineChars()).size() <= config.maxLines()
        && last(words).endMs() - words.get(0).startMs() <= config.maxDurationMs();
  }

  private Cue cue(List<TimedWord> words, long nextStartMs) {
    long start = words.get(0).startMs();
    long end = Math.min(Math.max(last(words).endMs(), start + config.minDurationMs()), start + config.maxDurationMs());
    end = Math.max(start, Math.min(end, nextStartMs));
    return new Cue(start, end, balanced(words));
  }

  /** As many lines as greedy wrapping needs, but of lengths as even as the words allow. */
  private List<String> balanced(List<TimedWord> words) {
    int lines = wrap(words, config.maxLineChars()).size();
    int width = config.maxLineChars();
    while (width > 1 && wrap(words, width - 1).size() <= lines) {
      width--;
    }
    return wrap(words, width);
  }

  /** Greedy wrapping at {@code width} characters; a longer word takes a line of its own. */
  static List<String> wrap(List<TimedWord> words, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (TimedWord word : words) {
      if (line.length() > 0 && line.length() + 1 + word.text().length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word.text());
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  private static int chars(List<TimedWord> words) {
    int n = words.size() - 1;
    for (TimedWord w : words) {
      n += w.text().length();
    }
    return n;
  }

  static boolean endsSentence(String text) {
    String t = text;
    while (!t.isEmpty() && "\"'”’)]»".indexOf(t.charAt(t.length() - 1)) >= 0) {
      t = t.substring(0, t.length() - 1);
    }
    return !t.isEmpty() && ".?!…。？！".indexOf(t.charAt(t.length() - 1)) >= 0;
  }

  private static TimedWord last(List<TimedWord> words) {
    return words.get(words.size() - 1);
  }
}
