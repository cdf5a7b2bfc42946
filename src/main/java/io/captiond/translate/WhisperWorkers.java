package io.captiond.translate;

import io.captiond.asr.EngineCatalog;
import io.captiond.asr.WorkerDirectory;
import io.captiond.asr.WorkerInfo;
import java.util.Optional;
import java.util.Set;

/**
 * Where Whisper's translate task can run: the ASR workers that have a Whisper engine loaded, as the
 * {@link WorkerDirectory} last heard them. The stream's own ASR engine is preferred when it is a Whisper one
 * (its model is already warm there); otherwise the first Whisper engine any live worker serves.
 */
public final class WhisperWorkers {

  /** The kind the ASR catalog gives Whisper engines. */
  public static final String KIND = "whisper";

  private final WorkerDirectory directory;
  private final String preferred;

  /** @param preferred the stream's own ASR engine, or {@code null} */
  public WhisperWorkers(WorkerDirectory directory, String preferred) {
    this.directory = directory;
    this.preferred = preferred;
  }

  /** The Whisper engine to ask, if a live worker has one loaded. */
  public Optional<String> engine() {
    Optional<String> first = Optional.empty();
    for (WorkerInfo worker : directory.workers()) {
      for (EngineCatalog.Description engine : worker.engines()) {
        if (KIND.equals(engine.kind())) {
          if (engine.name().equals(preferred)) {
            return Optional.of(engine.name());
          }
          first = first.isPresent() ? first : Optional.of(engine.name());
        }
      }
    }
    return first;
  }

  /** The live worker to send a request for {@code engine} to, passing over {@code tried}. */
  public Optional<String> worker(String engine, Set<String> tried) {
    return directory.pick(engine, tried);
  }
}
