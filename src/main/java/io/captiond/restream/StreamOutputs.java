package io.captiond.restream;

import io.captiond.captions.cea608.FrameRate;
import io.captiond.media.embed.CaptionEmbedder;
import io.captiond.media.embed.FlvTag;
import io.captiond.media.embed.MediaTap;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One stream's re-published video: the {@link MediaTap} its ingest shows every tag, which embeds the
 * stream's confirmed captions (one {@link CaptionEmbedder} for the stream, shared by the HLS output
 * when {@code hls_out.embedded_captions} and every {@code cea608} output) and pushes the tags to the
 * stream's {@link RestreamOutput}s. Outputs come and go while the stream is live; a new one gets the
 * last sequence headers first and then waits for a key frame.
 *
 * <p>Thread-safe: tags come on the publisher's network thread, captions and output changes on the
 * session's context; one lock orders them. Nothing here blocks (outputs drop when their socket is full).
 */
public final class StreamOutputs implements MediaTap {

  private static final Logger LOG = Logger.getLogger(StreamOutputs.class.getName());

  /** An output as the stream description shows it. */
  public record Described(String id, OutputSpec spec, OutputStatus status) {}

  private record Entry(String id, OutputSpec spec, RestreamOutput output) {
    boolean captioned() {
      return spec.captions() == OutputSpec.Captions.CEA608;
    }
  }

  private final String streamId;
  private final OutputSettings settings;
  private final EventLoopGroup group;
  private final MeterRegistry registry;
  private final Map<String, Entry> outputs = new LinkedHashMap<>();
  private CaptionEmbedder embedder;
  private FrameRate rate;
  private FlvTag videoHeader;
  private FlvTag audioHeader;
  private long lastCaptionEndMs = Long.MIN_VALUE;
  private boolean screenClear = true;
  private int nextId = 1;
  private boolean closed;

  public StreamOutputs(String streamId, OutputSettings settings, EventLoopGroup group, MeterRegistry registry) {
    this.streamId = streamId;
    this.settings = settings;
    this.group = group;
    this.registry = registry;
    this.rate = settings.defaultRate();
  }

  /**
   * Starts pushing the stream to {@code spec}'s URL; returns the output's id.
   *
   * @throws IllegalStateException when the stream has {@code restream.max_outputs} already, or has stopped
   */
  public synchronized String add(OutputSpec spec) {
    if (closed) {
      throw new IllegalStateException("stream " + streamId + " has stopped");
    }
    if (outputs.size() >= settings.maxOutputs()) {
      throw new IllegalStateException("stream " + streamId + " has " + outputs.size()
          + " outputs, the most allowed (restream.max_outputs)");
    }
    String id = Integer.toString(nextId++);
    RestreamOutput output = new RestreamOutput(spec.url(), settings.restream(), group, registry,
        Tags.of("stream", streamId, "output", id));
    Entry entry = new Entry(id, spec, output);
    outputs.put(id, entry);
    for (FlvTag header : new FlvTag[] {videoHeader, audioHeader}) {
      if (header != null) {
        output.send(header); // remembered, sent first once connected
      }
    }
    output.start();
    LOG.info(() -> "stream " + streamId + ": output " + id + " to " + spec.redactedUrl() + " ("
        + spec.captions().wireName() + ")");
    return id;
  }

  /** Stops and forgets output {@code id}; false when there is none. */
  public synchronized boolean remove(String id) {
    Entry entry = outputs.remove(id);
    if (entry == null) {
      return false;
    }
    entry.output().close();
    LOG.info(() -> "stream " + streamId + ": output " + id + " to " + entry.spec().redactedUrl() + " removed");
    return true;
  }

  public synchronized List<Described> describe() {
    List<Described> all = new ArrayList<>();
    outputs.values().forEach(e -> all.add(new Described(e.id(), e.spec(), e.output().status())));
    return all;
  }

  /** A confirmed caption, its words spoken from {@code startMs} to {@code endMs} (stream time). */
  public synchronized void caption(String text, long startMs, long endMs) {
    if (embedder() != null && !text.isBlank()) {
      embedder.captionOnScreenAt(text, startMs);
      lastCaptionEndMs = Math.max(lastCaptionEndMs, endMs);
      screenClear = false;
    }
  }

  /** No caption will start before {@code streamMs} any more: a screen quiet long enough is erased. */
  public synchronized void settled(long streamMs) {
    long clearAt = lastCaptionEndMs + settings.clearAfterMs();
    if (!screenClear && embedder != null && streamMs >= clearAt) {
      embedder.clear(clearAt);
      screenClear = true;
    }
  }

  @Override
  public synchronized void metaData(Map<String, Object> properties) {
    if (embedder == null && properties.get("framerate") instanceof Number fps) {
      rate = frameRate(fps.doubleValue(), settings.defaultRate());
    }
  }

  @Override
  public synchronized List<FlvTag> received(FlvTag tag) {
    remember(tag);
    for (Entry entry : outputs.values()) {
      if (!entry.captioned()) {
        entry.output().send(tag);
      }
    }
    CaptionEmbedder captions = embedder();
    if (captions == null) {
      return List.of(tag);
    }
    List<FlvTag> released = captions.accept(tag);
    toCaptioned(released);
    return settings.hlsCaptions() ? released : List.of(tag);
  }

  @Override
  public synchronized List<FlvTag> finish() {
    if (embedder == null) {
      return List.of();
    }
    List<FlvTag> released = embedder.flush();
    toCaptioned(released);
    return settings.hlsCaptions() ? released : List.of();
  }

  /** Closes every output (the stream stopped). */
  public synchronized void close() {
    closed = true;
    outputs.values().forEach(entry -> entry.output().close());
    outputs.clear();
  }

  private void toCaptioned(List<FlvTag> tags) {
    for (Entry entry : outputs.values()) {
      if (entry.captioned()) {
        tags.forEach(entry.output()::send);
      }
    }
  }

  /**
   * The stream's embedder while anyone wants captions: made at the first need (shown the sequence
   * header it has missed), dropped when the last captioned output goes and the HLS output has none.
   */
  private CaptionEmbedder embedder() {
    boolean wanted = !closed && (settings.hlsCaptions() || outputs.values().stream().anyMatch(Entry::captioned));
    if (!wanted) {
      embedder = null;
    } else if (embedder == null) {
      embedder = new CaptionEmbedder(settings.embedConfig(rate));
      if (videoHeader != null) {
        embedder.accept(videoHeader); // configures its NAL length; outputs have the header already
      }
    }
    return embedder;
  }

  private void remember(FlvTag tag) {
    if (tag.isAvcSequenceHeader()) {
      videoHeader = tag;
    } else if (tag.type() == FlvTag.AUDIO && tag.body().length > 1 && (tag.body()[0] & 0xF0) == 0xA0
        && tag.body()[1] == 0) {
      audioHeader = tag; // AAC AudioSpecificConfig
    }
  }

  /** The NTSC rates as their exact fractions, others rounded to whole frames a second. */
  public static FrameRate frameRate(double fps, FrameRate fallback) {
    for (int base : new int[] {24, 30, 60}) {
      if (Math.abs(fps - base * 1000.0 / 1001) < 0.01) {
        return new FrameRate(base * 1000, 1001);
      }
    }
    long rounded = Math.round(fps);
    return rounded >= 1 && rounded <= 240 ? new FrameRate((int) rounded, 1) : fallback;
  }
}
