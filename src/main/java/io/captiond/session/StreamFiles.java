package io.captiond.session;

import io.captiond.files.AtomicFiles;
import io.captiond.files.OwnerOnly;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The streams' folders on disk, {@code <data>/streams/<id>/}, each with its {@code stream.json}. Blocking:
 * call from worker threads.
 */
final class StreamFiles {

  private static final Logger LOG = Logger.getLogger(StreamFiles.class.getName());
  static final String RECORD = "stream.json";

  private StreamFiles() {}

  /** Writes the record into its stream's folder, atomically and owner-only (it holds the publishing key). */
  static void write(Path streamDir, StreamRecord record) throws IOException {
    Path file = streamDir.resolve(RECORD);
    boolean created = !Files.isDirectory(streamDir);
    OwnerOnly.createDirectories(streamDir);
    if (created) {
      AtomicFiles.syncDirectory(streamDir.getParent()); // the new stream's folder survives a crash
    }
    AtomicFiles.replaceOwnerOnly(file, record.toJson().encodePrettily());
  }

  /** Every readable record under {@code streamsDir}, oldest first; an unreadable one is skipped with a warning. */
  static List<StreamRecord> loadAll(Path streamsDir) throws IOException {
    List<StreamRecord> loaded = new ArrayList<>();
    if (!Files.isDirectory(streamsDir)) {
      return loaded;
    }
    try (Stream<Path> dirs = Files.list(streamsDir)) {
      for (Path dir : dirs.sorted().toList()) {
        Path file = dir.resolve(RECORD);
        if (!Files.isRegularFile(file)) {
          continue;
        }
        try {
          loaded.add(StreamRecord.fromJson(new JsonObject(Files.readString(file))));
        } catch (RuntimeException e) {
          LOG.warning(() -> "skipping unreadable " + file + ": " + e.getMessage());
        }
      }
    }
    loaded.sort(Comparator.comparingLong(StreamRecord::createdAtMs));
    return loaded;
  }

  /** Removes the stream's folder and all in it; nothing if it is not there. */
  static void delete(Path streamDir) throws IOException {
    if (!Files.exists(streamDir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(streamDir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
