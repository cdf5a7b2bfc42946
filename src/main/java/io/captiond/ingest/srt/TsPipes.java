package io.captiond.ingest.srt;

import io.captiond.media.BytePipe;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * One SRT stream's MPEG-TS on its way to its two readers: a bounded pipe to the audio decoder and
 * one to the HLS remuxer. The receiver writes; a full pipe drops the block (counted, logged: the
 * reader's demuxer finds the next packet by its sync byte) rather than buffering without bound.
 */
final class TsPipes {

  private static final Logger LOG = Logger.getLogger(TsPipes.class.getName());

  private final String streamId;
  private final BytePipe audio;
  private final BytePipe media;
  private final Runnable onDrop;
  private long dropped;

  /** {@code mediaBytes} 0: no HLS output, no second pipe; {@code onDrop} counts each dropped block. */
  TsPipes(String streamId, int audioBytes, int mediaBytes, Runnable onDrop) {
    this.streamId = streamId;
    this.onDrop = onDrop;
    this.audio = new BytePipe(audioBytes);
    this.media = mediaBytes > 0 ? new BytePipe(mediaBytes) : null;
  }

  InputStream audioInput() {
    return audio.inputStream();
  }

  InputStream mediaInput() {
    return media.inputStream();
  }

  /** Where the receiver's muxer writes; closing it closes nothing (a connection ends, the stream goes on). */
  OutputStream output() {
    return new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        offer(Arrays.copyOfRange(bytes, offset, offset + length));
      }
    };
  }

  private void offer(byte[] block) {
    if (!audio.offer(block)) {
      drop("audio decoder behind: " + audio.buffered() + " bytes waiting");
    }
    if (media != null && !media.offer(block)) {
      drop("HLS remuxer behind: " + media.buffered() + " bytes waiting");
    }
  }

  /** {@code reached} runs on the audio decoder's thread once it has read everything written so far. */
  void markAudio(Runnable reached) {
    audio.mark(reached);
  }

  /** No more media: the readers drain what is buffered, then see the end. */
  void finish() {
    audio.close();
    if (media != null) {
      media.close();
    }
  }

  /** Stop now: buffered media is discarded. */
  void abort() {
    audio.abort();
    closeMedia();
  }

  /** The HLS side stopped reading: nothing more goes to it. */
  void closeMedia() {
    if (media != null) {
      media.abort();
    }
  }

  private void drop(String why) {
    onDrop.run();
    long n = ++dropped;
    if (n <= 10 || n % 1000 == 0) {
      LOG.warning(() -> "stream " + streamId + ": dropped MPEG-TS bytes: " + why + " (" + n + " drops so far)");
    }
  }
}
