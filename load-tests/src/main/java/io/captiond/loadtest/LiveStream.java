package io.captiond.loadtest;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream of a step while it runs: the server's stream, its publisher (none for pull: the server
 * reads the file itself), its viewers, and the clock that says when its audio was sent.
 *
 * <p>For RTMP the clock is ffmpeg's progress report; for pull it is the server's own count of audio
 * received ({@code stats.audioSeconds}), polled: the pull source paces chunks in real time, so
 * {@code poll time - audio received} bounds the moment its first sample was sent.
 */
final class LiveStream implements AutoCloseable {

  private final String id;
  private final Speech.Script script;
  private final boolean pull;
  private final StartClock clock = new StartClock();
  private final List<Viewer> viewers = new ArrayList<>();
  private final List<TranslationViewer> translated = new ArrayList<>();
  private Publisher publisher;
  private JsonObject description = new JsonObject();
  private long audioMs;

  LiveStream(String id, Speech.Script script, boolean pull) {
    this.id = id;
    this.script = script;
    this.pull = pull;
  }

  String id() {
    return id;
  }

  Speech.Script script() {
    return script;
  }

  StartClock clock() {
    return clock;
  }

  void addViewer(Viewer viewer) {
    viewers.add(viewer);
  }

  List<Viewer> viewers() {
    return viewers;
  }

  void publishWith(Publisher publisher) {
    this.publisher = publisher;
  }

  Publisher publisher() {
    return publisher;
  }

  /** Reads the stream's state and stats; fails loudly when the server says the stream failed. */
  void poll(ServerApi api) throws IOException {
    long before = System.currentTimeMillis();
    JsonObject described = api.stream(id);
    long after = System.currentTimeMillis();
    description = described;
    audioMs = Math.round(described.getJsonObject("stats").getDouble("audioSeconds", 0.0) * 1000);
    if (pull && audioMs > 0) {
      clock.observe((before + after) / 2, audioMs);
    }
    if ("failed".equals(described.getString("state"))) {
      throw new HarnessException("stream " + id + " failed on the server: " + described.getString("reason"));
    }
    if (publisher != null) {
      publisher.checkHealthy(id);
    }
  }

  /**
   * Whether all the audio has been sent: the publisher ended, or the server has read the whole file (a
   * pull stream stays {@code live} until its last windows are transcribed, so its state does not tell).
   */
  boolean sourceDone() {
    if (publisher != null) {
      return publisher.finished();
    }
    return audioMs >= script.durationMs() - 200 || "ended".equals(description.getString("state"));
  }

  /** Whether the server has the stream's audio (state {@code live}) as of the last poll. */
  boolean live() {
    return description != null && "live".equals(description.getString("state"));
  }

  /** Whether the server says the stream ended (its captions and HLS output finished). */
  boolean ended() {
    return description != null && "ended".equals(description.getString("state"));
  }

  long captionsOnServer() {
    return description.getJsonObject("stats", new JsonObject()).getLong("captions", 0L);
  }

  long skippedWindows() {
    return description.getJsonObject("stats", new JsonObject()).getLong("skippedWindows", 0L);
  }

  /** Whether every viewer has every final the server made, and a final reaches the last sentence. */
  boolean drained() {
    long onServer = captionsOnServer();
    long lastEnd = script.sentences().get(script.sentences().size() - 1).startMs();
    for (Viewer viewer : viewers) {
      if (viewer.finals() < onServer) {
        return false;
      }
      if (viewer.events().stream().noneMatch(e -> e.isFinal() && e.endMs() > lastEnd)) {
        return false;
      }
    }
    return true;
  }

  void addTranslationViewer(TranslationViewer viewer) {
    translated.add(viewer);
  }

  /** Per translated final in {@code language}: its arrival minus the first viewer's arrival of its last source final. */
  List<Long> translationLagsMs(String language) {
    java.util.Map<Long, Long> arrivals = new java.util.HashMap<>();
    viewers.get(0).events().stream().filter(Viewer.Event::isFinal).forEach(e -> arrivals.put(e.seq(), e.arrivedMs()));
    List<Long> lags = new ArrayList<>();
    for (TranslationViewer viewer : translated) {
      if (!viewer.language().equals(language)) {
        continue;
      }
      for (TranslationViewer.Final f : viewer.finals()) {
        Long source = f.sources().isEmpty() ? null : arrivals.get(f.sources().get(f.sources().size() - 1));
        if (source != null) {
          lags.add(f.arrivedMs() - source);
        }
      }
    }
    return lags;
  }

  /** Source finals the translated track of {@code language} names. */
  long translatedSourceFinals(String language) {
    return translated.stream().filter(v -> v.language().equals(language))
        .mapToLong(v -> v.finals().stream().mapToLong(f -> f.sources().size()).sum()).findFirst().orElse(0);
  }

  long sourceFinals() {
    return viewers.isEmpty() ? 0 : viewers.get(0).finals();
  }

  /** Whether every translated track names every source final the first viewer has. */
  boolean translationsDrained() {
    long source = sourceFinals();
    return translated.stream().allMatch(v -> v.finals().stream().mapToLong(f -> f.sources().size()).sum() >= source);
  }

  StreamFigures figures() {
    List<List<Viewer.Event>> events = viewers.stream().map(Viewer::events).toList();
    return StreamFigures.of(id, script, clock.startMs(), events, skippedWindows());
  }

  @Override
  public void close() {
    viewers.forEach(Viewer::close);
    translated.forEach(TranslationViewer::close);
    if (publisher != null) {
      publisher.close();
    }
  }
}
