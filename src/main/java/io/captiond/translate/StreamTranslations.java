package io.captiond.translate;

import io.captiond.captions.CaptionEvent;
import io.captiond.captions.CueLayout;
import io.captiond.captions.CueTrack;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The translation stage of one stream, the session's collaborator: confirmed source finals are cut into
 * {@link TranslationUnits} (each unit keeps its words' time span and remembers the finals it came from),
 * and every unit goes to a {@link LanguageTrack} per target language. Languages can be changed while the
 * stream is live; a language added late translates what is confirmed from then on. Call on the session's
 * context.
 */
public final class StreamTranslations {

  /** How long an ending stream waits for its waiting units before they count as gaps. */
  static final long DRAIN_AT_END_MS = 30_000;
  private static final Logger LOG = Logger.getLogger(StreamTranslations.class.getName());

  /** Makes the HLS subtitle rendition of a language, if the stream has one. */
  public interface Renditions {
    Optional<CueTrack> start(String language);
  }

  private record Final(long seq, long startMs, long endMs) {}

  private final Vertx vertx;
  private final String streamId;
  private final String sourceLanguage;
  private final Path streamDir;
  private final TranslationSettings settings;
  private final CueLayout.Config layout;
  private final TranslationMetrics metrics;
  private final Function<LanguagePair, Optional<String>> engineFor;
  private final Consumer<String> degraded;
  private final TranslationUnits units;
  private final ArrayDeque<Final> finalsInUnit = new ArrayDeque<>();
  private final Map<String, LanguageTrack> tracks = new LinkedHashMap<>();
  private final Map<String, TranslationTarget> chosen = new LinkedHashMap<>();
  private final List<LanguageTrack> retired = new ArrayList<>();
  private final Map<String, String> unhealthy = new TreeMap<>();
  private Renditions renditions = language -> Optional.empty();
  private WhisperWorkers whisper;
  /** The recent source audio, kept while a language is translated by Whisper ({@code null} otherwise). */
  private RecentAudio audio;
  private long lastFinalEndMs = Long.MIN_VALUE;
  private long lastFinalNanos;

  /**
   * @param sourceLanguage the stream's language ({@code null}: detected, taken as English)
   * @param degraded hears what is degraded ({@code null}: every language is well)
   */
  public StreamTranslations(Vertx vertx, String streamId, String sourceLanguage, Path streamDir,
      TranslationSettings settings, CueLayout.Config layout, TranslationMetrics metrics,
      Function<LanguagePair, Optional<String>> engineFor, Consumer<String> degraded) {
    this.vertx = vertx;
    this.streamId = streamId;
    this.sourceLanguage = sourceLanguage == null || sourceLanguage.isBlank() ? "en" : sourceLanguage;
    this.streamDir = streamDir;
    this.settings = settings;
    this.layout = layout;
    this.metrics = metrics;
    this.engineFor = engineFor;
    this.degraded = degraded;
    this.units = new TranslationUnits(settings.units());
  }

  /** The languages now translated into, in the order asked. */
  public List<String> languages() {
    return List.copyOf(tracks.keySet());
  }

  /** From now on each new language gets its HLS rendition from {@code renditions}; those there get theirs now. */
  public void renditions(Renditions renditions) {
    this.renditions = renditions;
    tracks.values().forEach(track -> renditions.start(track.language()).ifPresent(track::addTrack));
  }

  /**
   * Where the {@code whisper} engine runs: ASR workers with a Whisper engine. Until this is called, languages that
   * chose it wait as if no engine were up.
   */
  public void whisper(WhisperWorkers workers) {
    this.whisper = workers;
  }

  /**
   * Translates into {@code targets} from now on, each a {@link TranslationTarget#spec()} ({@code es}, or
   * {@code en:whisper}): new ones start, dropped ones (or ones whose engine changed) stop.
   */
  public Future<Void> languages(List<String> targets) {
    Map<String, TranslationTarget> wanted = new LinkedHashMap<>();
    targets.stream().map(TranslationTarget::parse).forEach(target -> wanted.put(target.language(), target));
    List<Future<Void>> opened = new ArrayList<>();
    for (String language : List.copyOf(tracks.keySet())) {
      if (!wanted.containsKey(language) || !wanted.get(language).equals(chosen.get(language))) {
        LanguageTrack dropped = tracks.remove(language);
        chosen.remove(language);
        dropped.close();
        retired.add(dropped);
        health(language, null);
        LOG.info(() -> "stream " + streamId + ": no longer translated into " + language);
      }
    }
    for (TranslationTarget target : wanted.values()) {
      String language = target.language();
      if (tracks.containsKey(language) || language.equals(sourceLanguage)) {
        continue;
      }
      LanguagePair pair = new LanguagePair(sourceLanguage, language);
      LanguageTrack track = new LanguageTrack(vertx, streamId, pair, translator(target, pair),
          TranslationLog.in(streamDir, language), settings, layout, metrics, this::health);
      tracks.put(language, track);
      chosen.put(language, target);
      renditions.start(language).ifPresent(track::addTrack);
      opened.add(track.open());
      LOG.info(() -> "stream " + streamId + ": translated into " + language
          + (target.engine() == null ? "" : " by " + target.engine()));
    }
    if (chosen.values().stream().noneMatch(TranslationTarget::whisper)) {
      audio = null;
    }
    return Future.join(opened).mapEmpty();
  }

  private UnitTranslator translator(TranslationTarget target, LanguagePair pair) {
    if (target.whisper()) {
      if (audio == null) {
        audio = new RecentAudio(settings.audioKeptMs());
      }
      return new WhisperTranslator(vertx, streamId, sourceLanguage, audio,
          whisper == null ? new WhisperWorkers(new io.captiond.asr.WorkerDirectory(), null) : whisper,
          settings.deadlineMs());
    }
    Function<LanguagePair, Optional<String>> engine = target.engine() == null ? engineFor
        : p -> Optional.of(target.engine());
    return new BusTranslator(vertx, streamId, pair, engine, settings.deadlineMs());
  }

  /**
   * The stream's decoded audio, as it arrives: kept for the languages Whisper translates (it re-hears each
   * unit's span), for at most {@link TranslationSettings#audioKeptMs}.
   */
  public void audio(long startMs, short[] samples) {
    if (audio != null) {
      audio.add(startMs, samples);
    }
  }

  /** A source final, once numbered: its text joins the open unit; the units it closes go out. */
  public void confirmed(CaptionEvent caption) {
    if (tracks.isEmpty() && finalsInUnit.isEmpty()) {
      lastFinalEndMs = Math.max(lastFinalEndMs, caption.endMs());
      return; // nothing to translate into: no unit is kept open
    }
    lastFinalNanos = System.nanoTime();
    lastFinalEndMs = Math.max(lastFinalEndMs, caption.endMs());
    finalsInUnit.addLast(new Final(caption.seq(), caption.startMs(), caption.endMs()));
    units.add(List.of(new TimedText(caption.text(), caption.startMs(), caption.endMs()))).forEach(this::send);
  }

  /**
   * The recognizer finished an utterance (the VAD heard its speech end and its last window is decoded): the
   * words so far are followed by a pause, so the open unit closes now rather than when the next word comes.
   */
  public void utteranceEnded() {
    units.flush().ifPresent(this::send);
  }

  /**
   * The source's tentative text after its confirmed words: with {@code translate.tentative}, the open unit's
   * words and this text go to each language translated by a text engine, whose answer is sent live as a
   * tentative caption (never stored). Off: nothing.
   */
  public void tentative(String text, long startMs, long endMs) {
    if (!settings.tentative() || tracks.isEmpty() || text.isBlank()) {
      return;
    }
    TranslationUnit unit = units.open()
        .map(open -> new TranslationUnit(open.text() + " " + text.strip(), open.startMs(),
            Math.max(open.endMs(), endMs)))
        .orElseGet(() -> new TranslationUnit(text.strip(), startMs, Math.max(startMs, endMs)));
    tracks.values().forEach(track -> track.tentative(unit));
  }

  /** {@link #confirmed} as a consumer. */
  public Consumer<CaptionEvent> confirmedHandler() {
    return this::confirmed;
  }

  /**
   * The source is quiet (no speech open, nothing being decoded) up to {@code quietUntilMs}, or
   * {@link Long#MIN_VALUE} while it is not: a unit whose last word ended a pause before that closes (no later
   * word can join it), and each language settles its cues up to where no unit is still open or waiting.
   *
   * <p>Judged audio alone does not close a unit: confirmation trails it by a decode or two, so a gap in the
   * confirmed words is a pause only once the next word is confirmed after it, or the source is quiet.
   */
  public void settle(long quietUntilMs) {
    if (quietUntilMs != Long.MIN_VALUE) {
      units.closeIfPaused(quietUntilMs).ifPresent(this::send);
    }
    long settledMs = quietUntilMs;
    long bound = Math.max(settledMs, lastFinalEndMs);
    if (!finalsInUnit.isEmpty()) {
      bound = Math.min(bound, finalsInUnit.peekFirst().startMs());
    }
    long settled = bound;
    tracks.values().forEach(track -> track.settle(settled));
  }

  private void send(TranslationUnit unit) {
    List<Long> sources = new ArrayList<>();
    // A unit is whole finals: those that fall inside its span, oldest first.
    while (!finalsInUnit.isEmpty() && finalsInUnit.peekFirst().endMs() <= unit.endMs()) {
      sources.add(finalsInUnit.pollFirst().seq());
    }
    tracks.values().forEach(track -> track.add(unit, sources, lastFinalNanos));
  }

  /** The stream ended: the open unit goes out, then each language finishes (see {@link LanguageTrack#finish}). */
  public Future<Void> finish(Future<Void> mediaDone) {
    units.flush().ifPresent(this::send);
    return Future.join(tracks.values().stream().map(track -> track.finish(mediaDone, DRAIN_AT_END_MS)).toList())
        .mapEmpty();
  }

  /** The session stops: each language finishes quickly, then stops. Completes when done. */
  public Future<Void> stop(Future<Void> mediaDone) {
    return Future.join(tracks.values().stream().map(track -> track.finish(mediaDone, 2_000)).toList())
        .transform(done -> {
          tracks.values().forEach(LanguageTrack::close);
          return vertx.executeBlocking(() -> {
            tracks.values().forEach(LanguageTrack::closeLog);
            retired.forEach(LanguageTrack::closeLog);
            return null;
          });
        }).mapEmpty();
  }

  /** The stream failed: nothing more. */
  public void fail() {
    tracks.values().forEach(LanguageTrack::close);
  }

  private void health(String language, String detail) {
    boolean changed = detail == null ? unhealthy.remove(language) != null : !detail.equals(unhealthy.put(language, detail));
    if (changed) {
      degraded.accept(unhealthy.isEmpty() ? null : String.join("; ", unhealthy.values()));
    }
  }
}
