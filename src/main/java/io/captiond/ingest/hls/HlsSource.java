package io.captiond.ingest.hls;

import io.captiond.ingest.IngestEvent;
import io.captiond.media.Pcm16k;
import io.captiond.media.PcmChunk;
import io.captiond.media.PcmSink;
import io.captiond.media.RealTimePacer;
import io.captiond.media.hls.HlsPlaylistException;
import io.captiond.media.hls.MasterPlaylist;
import io.captiond.media.hls.MediaPlaylist;
import io.captiond.media.hls.MediaSegment;
import io.captiond.media.hls.Playlist;
import io.captiond.media.hls.PlaylistParser;
import io.captiond.media.hls.SourceSegment;
import io.captiond.media.hls.TsFormatException;
import io.captiond.media.hls.TsTimestamps;
import java.net.URI;
import java.util.List;
import java.util.logging.Logger;

/**
 * Follows one HLS presentation (RFC 8216 §6.3) and hands its audio on as 16 kHz mono PCM chunks in
 * stream time: resolves a master playlist to the media playlist with audio, starts at the live edge
 * (§6.3.3) or at the first segment of a playlist with EXT-X-ENDLIST, loads segments in media
 * sequence order (§6.3.5), reloads the playlist every target duration, half of it when unchanged
 * (§6.3.4), and ends after the last segment of a playlist with EXT-X-ENDLIST.
 *
 * <p>Failures: a bad playlist, a refused URL (host not allowed, also after a redirect) or
 * {@code hls.max_consecutive_failures} failed segments or reloads in a row fail the stream with a
 * reason; one segment that cannot be fetched or decoded is skipped with a warning and counted.
 *
 * <p>Blocking: {@link #run()} occupies its thread until the source ends, fails or is stopped.
 */
public final class HlsSource {

  /**
   * Hears what a subtitle rendition beside the source needs (on the source's thread, never blocking):
   * the playlist the source was opened with, and where each MPEG-TS segment went in stream time.
   */
  public interface Listener {
    /** The master playlist, or {@code null} when the source URL named a media playlist. */
    void opened(MasterPlaylist master, URI mediaPlaylist);

    void segment(SourceSegment segment);
  }

  private static final Logger LOG = Logger.getLogger(HlsSource.class.getName());
  private static final int CHUNK_SAMPLES = 100 * Pcm16k.SAMPLES_PER_MS;
  /** A live playlist unchanged for this many target durations (at least 30 s) has stalled. */
  private static final int STALL_TARGET_DURATIONS = 10;

  private final String streamId;
  private final URI url;
  private final boolean realtime;
  private final HlsSettings config;
  private final PcmSink sink;
  private final HlsFetcher fetcher;
  private final StreamClock clock;
  private final boolean resumed;
  private final RealTimePacer pacer = RealTimePacer.strict();
  private volatile boolean stopped;
  private boolean paced;
  private int failures;
  private long skippedSegments;
  private URI initUri;
  private byte[] initSection;
  private Listener listener = new Listener() {
    @Override
    public void opened(MasterPlaylist master, URI mediaPlaylist) {}

    @Override
    public void segment(SourceSegment segment) {}
  };
  private boolean untimedLogged;

  public HlsSource(String streamId, URI url, boolean realtime, HlsSettings config, PcmSink sink) {
    this(streamId, url, realtime, config, sink, -1);
  }

  /**
   * @param resumeAtMs for a stream resumed after a restart, where its stream time may start at the
   *     earliest (after its last caption); -1 for a new stream
   */
  public HlsSource(String streamId, URI url, boolean realtime, HlsSettings config, PcmSink sink, long resumeAtMs) {
    this.clock = new StreamClock(Math.max(0, resumeAtMs));
    this.resumed = resumeAtMs >= 0;
    this.streamId = streamId;
    this.url = url;
    this.realtime = realtime;
    this.config = config;
    this.sink = sink;
    this.fetcher = new HlsFetcher(config);
  }

  public void stop() {
    stopped = true;
  }

  /** Set before {@link #run()}. */
  public void listener(Listener listener) {
    this.listener = listener;
  }

  /** Segments skipped so far (not fetched or not media). */
  public long skippedSegments() {
    return skippedSegments;
  }

  public IngestEvent run() {
    try {
      MediaPlaylist playlist = openMediaPlaylist();
      // A playlist with EXT-X-ENDLIST from the start is a file: paced like one when asked to be.
      // A live playlist is real time by nature.
      paced = realtime && playlist.endList();
      if (resumed && playlist.endList()) {
        // read before the restart, maybe to its end: reading it again would caption it twice
        return ended("server restarted while reading a complete playlist: it is not read again");
      }
      LOG.info(() -> "stream " + streamId + ": reading HLS " + playlist.uri() + " ("
          + (playlist.endList() ? "complete playlist" : "live") + ", " + playlist.segments().size()
          + " segments, target duration " + playlist.targetDurationMs() / 1000 + " s)");
      return follow(playlist);
    } catch (SourceFailure e) {
      LOG.warning(() -> "stream " + streamId + ": " + e.getMessage());
      return new IngestEvent(streamId, IngestEvent.Kind.FAILED, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ended("stopped");
    }
  }

  private MediaPlaylist openMediaPlaylist() throws SourceFailure, InterruptedException {
    Playlist first = load(url, true);
    if (first instanceof MediaPlaylist media) {
      listener.opened(null, url);
      return media;
    }
    URI audio;
    try {
      audio = ((MasterPlaylist) first).audioPlaylist();
    } catch (HlsPlaylistException e) {
      throw new SourceFailure(e.getMessage());
    }
    LOG.info(() -> "stream " + streamId + ": master playlist " + url + ": reading audio from " + audio);
    if (load(audio, true) instanceof MediaPlaylist media) {
      listener.opened((MasterPlaylist) first, audio);
      return media;
    }
    throw new SourceFailure("master playlist " + url + " leads to another master playlist " + audio);
  }

  private IngestEvent follow(MediaPlaylist first) throws SourceFailure, InterruptedException {
    MediaPlaylist playlist = first;
    long next = playlist.startSequence();
    boolean restart = false;
    long loadedAt = System.nanoTime();
    long changedAt = loadedAt;
    boolean changed = true;
    while (!stopped) {
      for (MediaSegment segment : playlist.segments()) {
        if (stopped) {
          break;
        }
        if (segment.sequence() < next) {
          continue;
        }
        if (segment.sequence() > next) {
          long missed = segment.sequence() - next;
          LOG.warning(() -> "stream " + streamId + ": fell behind the live playlist, " + missed
              + " segment(s) left it before they were read");
        }
        segment(segment, restart);
        restart = false;
        next = segment.sequence() + 1;
      }
      if (stopped) {
        break;
      }
      if (playlist.endList()) {
        return ended("end of playlist (EXT-X-ENDLIST)" + (skippedSegments > 0 ? ", " + skippedSegments
            + " segment(s) skipped" : ""));
      }
      // §6.3.4: wait the target duration after the last load began, half of it if the playlist had not changed.
      long intervalMs = changed ? playlist.targetDurationMs() : playlist.targetDurationMs() / 2;
      sleepUntil(loadedAt + intervalMs * 1_000_000);
      loadedAt = System.nanoTime();
      MediaPlaylist reloaded = reload(playlist.uri());
      if (reloaded == null) {
        changed = false;
        continue;
      }
      changed = reloaded.nextSequence() != playlist.nextSequence() || reloaded.endList();
      if (changed) {
        changedAt = loadedAt;
      } else if (loadedAt - changedAt > stallNanos(playlist)) {
        throw new SourceFailure("live playlist " + playlist.uri() + " has not changed for "
            + (loadedAt - changedAt) / 1_000_000_000 + " s: the stream seems to have stopped");
      }
      if (reloaded.nextSequence() < next) {
        // Media sequence numbers went back: the publisher restarted. Start again at its live edge.
        LOG.warning(() -> "stream " + streamId + ": media sequence restarted in " + reloaded.uri());
        next = reloaded.startSequence();
        restart = true;
      }
      playlist = reloaded;
    }
    return ended("stopped");
  }

  private void segment(MediaSegment segment, boolean restart) throws SourceFailure, InterruptedException {
    SegmentDecoder.Audio audio;
    byte[] data;
    try {
      byte[] init = segment.initSection() == null ? null : initSection(segment.initSection());
      data = fetcher.fetchWithRetries(segment.uri(), config.segmentMaxBytes(), "segment");
      audio = SegmentDecoder.decode(init, data);
    } catch (HlsFetchException e) {
      if (e.kind() == HlsFetchException.Kind.REFUSED) {
        throw new SourceFailure(e.getMessage());
      }
      skipped(e.getMessage());
      return;
    } catch (SegmentDecodeException e) {
      skipped("segment " + segment.uri() + " skipped: " + e.getMessage());
      return;
    }
    failures = 0;
    StreamClock.Placement placement = clock.place(audio.firstPtsMs(), segment.discontinuity() || restart,
        audio.samples().length);
    timed(segment, data, placement.startMs());
    emit(placement.silenceStartMs(), new short[placement.silenceSamples()]);
    emit(placement.startMs(), audio.samples());
  }

  /** Tells the listener where an MPEG-TS segment went (fMP4 and packed audio carry no PES PTS here). */
  private void timed(MediaSegment segment, byte[] data, long audioStartMs) {
    try {
      List<TsTimestamps.Track> tracks = TsTimestamps.firstPts(data);
      long audioPts = tracks.stream().filter(t -> t.kind() == TsTimestamps.Kind.AUDIO)
          .mapToLong(TsTimestamps.Track::firstPts).findFirst().orElse(-1);
      if (audioPts >= 0) {
        listener.segment(new SourceSegment(segment.sequence(), segment.durationMs(),
            TsTimestamps.startPts(tracks), audioPts, audioStartMs, segment.uri(), segment.discontinuitySequence()));
        return;
      }
    } catch (TsFormatException e) {
      // below
    }
    if (!untimedLogged) {
      untimedLogged = true;
      LOG.info(() -> "stream " + streamId + ": segment " + segment.uri() + " is no MPEG-TS with audio PTS;"
          + " no subtitle rendition for such segments");
    }
  }

  private byte[] initSection(URI uri) throws HlsFetchException, InterruptedException {
    if (!uri.equals(initUri)) {
      initSection = fetcher.fetchWithRetries(uri, config.segmentMaxBytes(), "initialization section");
      initUri = uri;
    }
    return initSection;
  }

  private void emit(long startMs, short[] samples) throws InterruptedException {
    for (int from = 0; from < samples.length && !stopped; from += CHUNK_SAMPLES) {
      int to = Math.min(samples.length, from + CHUNK_SAMPLES);
      short[] part = java.util.Arrays.copyOfRange(samples, from, to);
      PcmChunk chunk = new PcmChunk(streamId, startMs + from / Pcm16k.SAMPLES_PER_MS, part);
      if (paced) {
        pacer.waitUntil(chunk.startMs() + chunk.durationMs());
      }
      sink.accept(chunk);
    }
  }

  private MediaPlaylist reload(URI uri) throws SourceFailure, InterruptedException {
    try {
      if (load(uri, false) instanceof MediaPlaylist media) {
        return media;
      }
      throw new SourceFailure("media playlist " + uri + " turned into a master playlist");
    } catch (RetryLater e) {
      failed(e.getMessage());
      return null;
    }
  }

  /** Fetches and parses; a parse error fails the stream; a failed fetch too on first load. */
  private Playlist load(URI uri, boolean firstLoad) throws SourceFailure, InterruptedException {
    byte[] body;
    try {
      body = fetcher.fetchWithRetries(uri, config.playlistMaxBytes(), "playlist");
    } catch (HlsFetchException e) {
      if (firstLoad || e.kind() == HlsFetchException.Kind.REFUSED) {
        throw new SourceFailure("cannot load playlist: " + e.getMessage());
      }
      throw new RetryLater("reloading playlist failed: " + e.getMessage());
    }
    try {
      return new PlaylistParser(config.playlistMaxBytes(), config.playlistMaxSegments()).parse(uri, body);
    } catch (HlsPlaylistException e) {
      throw new SourceFailure("bad playlist " + uri + ": " + e.getMessage());
    }
  }

  private void skipped(String why) throws SourceFailure {
    skippedSegments++;
    failed(why);
  }

  /** Counts a failure in a row (a skipped segment or a failed reload); too many fail the stream. */
  private void failed(String why) throws SourceFailure {
    failures++;
    LOG.warning(() -> "stream " + streamId + ": " + why);
    if (failures >= config.maxConsecutiveFailures()) {
      throw new SourceFailure(failures + " failures in a row (hls.max_consecutive_failures); last: " + why);
    }
  }

  private long stallNanos(MediaPlaylist playlist) {
    return Math.max(30_000, STALL_TARGET_DURATIONS * playlist.targetDurationMs()) * 1_000_000;
  }

  private void sleepUntil(long dueNanos) throws InterruptedException {
    long waitNanos;
    while (!stopped && (waitNanos = dueNanos - System.nanoTime()) > 0) {
      Thread.sleep(Math.min(waitNanos / 1_000_000 + 1, 200));
    }
  }

  private IngestEvent ended(String why) {
    return new IngestEvent(streamId, IngestEvent.Kind.ENDED, stopped ? "stopped" : why);
  }

  /** Ends the stream with a reason a user can act on. */
  private static class SourceFailure extends Exception {
    SourceFailure(String reason) {
      super(reason);
    }
  }

  /** A reload that failed in a way that may pass: counted, and tried again at the next interval. */
  private static final class RetryLater extends SourceFailure {
    RetryLater(String reason) {
      super(reason);
    }
  }
}
