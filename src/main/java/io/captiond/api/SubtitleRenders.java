package io.captiond.api;

import io.captiond.captions.CaptionEvent;
import io.captiond.captions.CaptionLog;
import io.captiond.captions.CueLayout;
import io.captiond.captions.SubtitleFormats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@code .vtt} / {@code .srt} renders of each stream's captions, kept and reused while the stream's last
 * sequence number (and whether it is over) stays the same: a thousand viewers fetching the file between two
 * finals cost one render, and a new final costs reading only the lines appended since (the log is append-only).
 * Blocking; any thread (one render per stream at a time, the others wait for it and share it).
 */
final class SubtitleRenders {

  /** Streams whose renders are kept; past it the cache starts over (a render is rebuilt from the log). */
  static final int MAX_STREAMS = 512;
  private static final int PAGE_BYTES = 256 * 1024;

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** The file for {@code format} ({@code "vtt"}, {@code "srt"}), from cache when nothing was added since. */
  String render(String streamId, CaptionLog log, CueLayout.Config layout, boolean complete, String format,
      Function<List<CueLayout.Cue>, String> renderer) throws IOException {
    if (entries.size() >= MAX_STREAMS && !entries.containsKey(streamId)) {
      entries.clear();
    }
    return entries.computeIfAbsent(streamId, id -> new Entry()).render(log, layout, complete, format, renderer);
  }

  void forget(String streamId) {
    entries.remove(streamId);
  }

  /** How many renders were made, for tests: none when nothing changed. */
  long renders(String streamId) {
    Entry entry = entries.get(streamId);
    return entry == null ? 0 : entry.renders;
  }

  private static final class Entry {
    private final List<CaptionEvent> finals = new ArrayList<>();
    private final Map<String, String> texts = new HashMap<>();
    private long readTo;
    private long renderedSeq = -1;
    private boolean renderedComplete;
    private long renders;

    synchronized String render(CaptionLog log, CueLayout.Config layout, boolean complete, String format,
        Function<List<CueLayout.Cue>, String> renderer) throws IOException {
      CaptionLog.Page page;
      do {
        page = log.readPage(lastSeq(), readTo, PAGE_BYTES);
        finals.addAll(page.events());
        readTo = page.next();
      } while (!page.atEnd());
      if (lastSeq() != renderedSeq || complete != renderedComplete) {
        texts.clear();
        renderedSeq = lastSeq();
        renderedComplete = complete;
      }
      String text = texts.get(format);
      if (text == null) {
        text = renderer.apply(SubtitleFormats.layout(finals, layout, complete));
        texts.put(format, text);
        renders++;
      }
      return text;
    }

    private long lastSeq() {
      return finals.isEmpty() ? 0 : finals.get(finals.size() - 1).seq();
    }
  }
}
