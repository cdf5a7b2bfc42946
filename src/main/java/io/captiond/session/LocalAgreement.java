package io.captiond.session;

import io.captiond.asr.Word;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * LocalAgreement-2 over successive hypotheses of a growing window: the words on which the last two
 * hypotheses agree (compared case- and punctuation-insensitively) are confirmed, the rest of the
 * latest is the tail. Confirmed words are never revised or confirmed twice: a hypothesis' words that
 * lie mostly in audio already confirmed (their middle at or before the last confirmed end: the same
 * sound heard again, perhaps as another word) are dropped, and so is a phrase at its start that repeats
 * the last confirmed words and starts within {@code seamMs} of their end (the same speech heard
 * again with a later end; a speaker's own repetition comes later than that and is kept). A confirmed
 * word never begins before the one confirmed ahead of it ends, so confirmed captions never overlap in
 * time. Pure.
 */
final class LocalAgreement {

  /** The longest phrase looked for where a new hypothesis overlaps what was confirmed. */
  static final int SEAM_WORDS = 5;

  private final long seamMs;
  private final ArrayDeque<Word> lastConfirmed = new ArrayDeque<>();
  private long confirmedEndMs = Long.MIN_VALUE;
  private List<Word> tail = List.of();

  LocalAgreement(long seamMs) {
    this.seamMs = seamMs;
  }

  /** A new hypothesis: returns the words it confirms, in order (the prefix it shares with the last tail). */
  List<Word> insert(List<Word> hypothesis) {
    List<Word> fresh = beyondConfirmed(hypothesis);
    int n = 0;
    while (n < tail.size() && n < fresh.size() && TimedWords.same(tail.get(n), fresh.get(n))) {
      n++;
    }
    tail = List.copyOf(fresh.subList(n, fresh.size()));
    return confirm(fresh.subList(0, n));
  }

  /** A last hypothesis, taken whole: returns all its words beyond what is confirmed; the tail is then empty. */
  List<Word> insertFinal(List<Word> hypothesis) {
    tail = List.of();
    return confirm(beyondConfirmed(hypothesis));
  }

  /** Confirms the words of the tail that begin before {@code ms}, as they stand; returns them. */
  List<Word> confirmTailBefore(long ms) {
    int n = 0;
    while (n < tail.size() && tail.get(n).startMs() < ms) {
      n++;
    }
    List<Word> forced = tail.subList(0, n);
    tail = List.copyOf(tail.subList(n, tail.size()));
    return confirm(forced);
  }

  /** Forgets the unconfirmed words. */
  void dropTail() {
    tail = List.of();
  }

  /** The unconfirmed words of the latest hypothesis. */
  List<Word> tail() {
    return tail;
  }

  /** The end of the last confirmed word, {@link Long#MIN_VALUE} before any. */
  long confirmedEndMs() {
    return confirmedEndMs;
  }

  private List<Word> beyondConfirmed(List<Word> words) {
    List<Word> fresh = words.stream().filter(this::beyondConfirmedAudio).toList();
    if (fresh.isEmpty() || lastConfirmed.isEmpty() || fresh.get(0).startMs() >= confirmedEndMs + seamMs) {
      return fresh;
    }
    List<Word> recent = new ArrayList<>(lastConfirmed);
    for (int n = Math.min(recent.size(), fresh.size()); n >= 1; n--) {
      if (samePhrase(recent.subList(recent.size() - n, recent.size()), fresh.subList(0, n))) {
        return fresh.subList(n, fresh.size());
      }
    }
    return fresh;
  }

  private boolean beyondConfirmedAudio(Word word) {
    return word.endMs() > confirmedEndMs && word.startMs() + (word.endMs() - word.startMs()) / 2 > confirmedEndMs;
  }

  private static boolean samePhrase(List<Word> a, List<Word> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!TimedWords.same(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private List<Word> confirm(List<Word> words) {
    List<Word> confirmed = new ArrayList<>(words.size());
    for (Word heard : words) {
      Word word = heard.startMs() >= confirmedEndMs ? heard
          : new Word(heard.text(), confirmedEndMs, Math.max(confirmedEndMs, heard.endMs()), heard.probability());
      confirmed.add(word);
      lastConfirmed.addLast(word);
      if (lastConfirmed.size() > SEAM_WORDS) {
        lastConfirmed.removeFirst();
      }
      confirmedEndMs = Math.max(confirmedEndMs, word.endMs());
    }
    return List.copyOf(confirmed);
  }
}
