package io.captiond.media.embed;

import io.captiond.captions.cea608.CaptionBacklogException;
import io.captiond.captions.cea608.CaptionChannel;
import io.captiond.captions.cea608.CcData;
import io.captiond.captions.cea608.FrameRate;
import io.captiond.captions.cea608.PacedCue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * One output's captions on its FLV tags: confirmed cues in (stream time, ms), tags in decode
 * order in, the same tags out in the same order with an A/53 SEI in every H.264 frame.
 *
 * <p>A decoder shows cc_data in display order. libcaption's {@code flv+srt} decides by a tag's
 * PTS (DTS + CompositionTime) but packs a whole cue into one frame's SEI, so order between frames
 * never matters there; our pacer spreads a cue over many frames (two 608 bytes each), so the
 * channel's frames are handed out in presentation order: a frame gets its cc_data once every frame
 * shown before it has arrived, i.e. once a frame with a DTS at or past its PTS came in (later
 * frames have DTS, hence PTS, beyond it). Tags wait for that in decode order, audio included, so a
 * B-frame stream is held back by its reorder depth only.
 *
 * <p>{@link EmbedConfig.Timing#LIVE}: a cue enters the channel at the next frame to get cc_data.
 * {@link EmbedConfig.Timing#SYNCED}: every tag is held until the stream is {@code delayMs} past it,
 * and a cue enters the channel on the first frame shown at or after its time, or at once when that
 * frame is gone; {@link #captionOnScreenAt} starts it earlier by its pacing so that it is on screen
 * at its time. Pure and single-threaded.
 */
public final class CaptionEmbedder {

  private record Cue(long seq, String text, long requestedMs, long embedAtMs) {}

  private static final class Held {
    final FlvTag tag;
    final long seq;
    CcData ccData;

    Held(FlvTag tag, long seq) {
      this.tag = tag;
      this.seq = seq;
    }

    boolean awaitsCaptions() {
      return tag.isAvcFrame() && ccData == null;
    }
  }

  private final EmbedConfig config;
  private final FrameRate rate;
  private final CaptionChannel channel;
  private final Consumer<EmbeddedCue> onEmbedded;
  private final AvcTagRewriter rewriter = new AvcTagRewriter();
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private final PriorityQueue<Held> undisplayed = new PriorityQueue<>(
      Comparator.<Held>comparingLong(h -> h.tag.presentationMs()).thenComparingLong(h -> h.seq));
  private final PriorityQueue<Cue> cues = new PriorityQueue<>(
      Comparator.comparingLong(Cue::embedAtMs).thenComparingLong(Cue::seq));
  private long newestTimestamp = Long.MIN_VALUE;
  private long newestVideoDts = Long.MIN_VALUE;
  private long seq;
  private long malformedTags;

  /** @param onEmbedded told of each cue as it enters the channel (or is refused) */
  public CaptionEmbedder(EmbedConfig config, Consumer<EmbeddedCue> onEmbedded) {
    this.config = config;
    this.rate = config.channel().frameRate();
    this.channel = new CaptionChannel(config.channel());
    this.onEmbedded = onEmbedded;
  }

  public CaptionEmbedder(EmbedConfig config) {
    this(config, cue -> {});
  }

  /** A confirmed cue whose words were spoken at stream time {@code streamTimeMs}; blank text sends nothing. */
  public void caption(String text, long streamTimeMs) {
    if (!text.isBlank()) {
      queue(text, streamTimeMs);
    }
  }

  /**
   * As {@link #caption}, but a synced output starts the cue early by its pacing ({@link
   * CaptionChannel#leadMs}), so that it is on screen, not just begun, at {@code streamTimeMs}.
   */
  public void captionOnScreenAt(String text, long streamTimeMs) {
    if (!text.isBlank()) {
      queue(text, config.timing() == EmbedConfig.Timing.LIVE ? streamTimeMs : streamTimeMs - channel.leadMs(text));
    }
  }

  /** Erases the screen at stream time {@code streamTimeMs}. */
  public void clear(long streamTimeMs) {
    queue("", streamTimeMs);
  }

  private void queue(String text, long streamTimeMs) {
    long embedAt = config.timing() == EmbedConfig.Timing.LIVE ? Long.MIN_VALUE : streamTimeMs;
    cues.add(new Cue(seq++, text, streamTimeMs, embedAt));
  }

  /** Takes the next tag in decode order; returns the tags now ready to send, in order. */
  public List<FlvTag> accept(FlvTag tag) {
    Held entry = new Held(tag, seq++);
    held.add(entry);
    if (tag.isAvcFrame()) {
      undisplayed.add(entry);
    }
    newestTimestamp = Math.max(newestTimestamp, tag.timestampMs());
    if (tag.isVideo()) {
      newestVideoDts = Math.max(newestVideoDts, tag.timestampMs());
    }
    return release(false);
  }

  /** Everything still held, captions given in display order: at the end of the stream. */
  public List<FlvTag> flush() {
    return release(true);
  }

  /** Tags held for the delay or for display order. */
  public int heldTags() {
    return held.size();
  }

  /** Tags passed on without captions because their NAL units or sequence header were malformed. */
  public long malformedTags() {
    return malformedTags;
  }

  private List<FlvTag> release(boolean all) {
    List<FlvTag> out = new ArrayList<>();
    while (!held.isEmpty()) {
      Held head = held.peek();
      if (!all && newestTimestamp - head.tag.timestampMs() < config.delayMs()) {
        break;
      }
      if (head.awaitsCaptions()) {
        if (!all && head.tag.presentationMs() > newestVideoDts) {
          break; // a frame shown before it may still arrive
        }
        giveCaptionsThrough(head.tag.presentationMs());
      }
      held.poll();
      out.add(render(head));
    }
    return out;
  }

  /** Hands out the channel's frames, in presentation order, to every frame shown up to {@code pts}. */
  private void giveCaptionsThrough(long pts) {
    while (!undisplayed.isEmpty() && undisplayed.peek().tag.presentationMs() <= pts) {
      Held frame = undisplayed.poll();
      enterCuesDueBy(frame.tag.presentationMs());
      frame.ccData = channel.nextFrame();
    }
  }

  private void enterCuesDueBy(long pts) {
    while (!cues.isEmpty() && cues.peek().embedAtMs() <= pts) {
      Cue cue = cues.poll();
      long channelNow = rate.frameTimeMs(channel.frame());
      PacedCue paced;
      try {
        paced = cue.text().isEmpty() ? channel.clear(channelNow) : channel.caption(cue.text(), channelNow);
      } catch (CaptionBacklogException e) {
        paced = null;
      }
      onEmbedded.accept(new EmbeddedCue(cue.text(), cue.requestedMs(), pts, paced));
    }
  }

  private FlvTag render(Held entry) {
    FlvTag tag = entry.tag;
    try {
      if (tag.isAvcSequenceHeader()) {
        rewriter.configure(tag);
      } else if (entry.ccData != null && rewriter.isConfigured()) {
        return rewriter.withCaptions(tag, entry.ccData);
      }
    } catch (EmbedException e) {
      malformedTags++;
    }
    return tag;
  }
}
