package io.captiond.media;

import io.captiond.files.AtomicFiles;
import io.captiond.media.hls.HlsFolder;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * The master playlist of a remuxed stream ({@link HlsFolder#MASTER}): one variant, the media playlist,
 * with the CODECS, RESOLUTION and BANDWIDTH its input's streams give.
 */
final class HlsMaster {

  private HlsMaster() {}

  /** The closed-caption group of the master playlist (RFC 8216 section 4.3.4.1, TYPE=CLOSED-CAPTIONS). */
  static final String CLOSED_CAPTIONS_GROUP = "cc";

  /**
   * RFC 8216 section 4.3.4.2: EXT-X-STREAM-INF with BANDWIDTH, CODECS, RESOLUTION when known; with
   * {@code closedCaptions}, section 4.3.4.1's {@code EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,INSTREAM-ID="CC1"}
   * and the variant's {@code CLOSED-CAPTIONS} attribute naming it.
   */
  static void write(Path dir, AVFormatContext input, long measuredBitsPerSecond, boolean closedCaptions)
      throws IOException {
    StringBuilder codecs = new StringBuilder();
    String resolution = null;
    long declared = 0;
    for (int i = 0; i < input.nb_streams(); i++) {
      AVCodecParameters parameters = input.streams(i).codecpar();
      declared += Math.max(0, parameters.bit_rate());
      String codec = codecString(parameters);
      if (codec != null) {
        codecs.append(codecs.length() == 0 ? "" : ",").append(codec);
      }
      if (parameters.codec_type() == avutil.AVMEDIA_TYPE_VIDEO && parameters.width() > 0) {
        resolution = parameters.width() + "x" + parameters.height();
      }
    }
    // Peak-ish: a tenth above what the first segment measured, or what the publisher declared.
    long bandwidth = Math.max(declared, measuredBitsPerSecond * 11 / 10);
    StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    if (closedCaptions) {
      text.append(closedCaptionsMedia());
    }
    text.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(Math.max(bandwidth, 1));
    if (codecs.length() > 0) {
      text.append(",CODECS=\"").append(codecs).append('"');
    }
    if (resolution != null) {
      text.append(",RESOLUTION=").append(resolution);
    }
    if (closedCaptions) {
      text.append(",CLOSED-CAPTIONS=\"").append(CLOSED_CAPTIONS_GROUP).append('"');
    }
    text.append('\n').append(HlsFolder.MEDIA).append('\n');
    AtomicFiles.replace(dir.resolve(HlsFolder.MASTER), text);
  }

  /** The EXT-X-MEDIA line of the embedded CEA-608 channel 1. */
  static String closedCaptionsMedia() {
    return "#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"" + CLOSED_CAPTIONS_GROUP
        + "\",NAME=\"CC1\",DEFAULT=YES,AUTOSELECT=YES,INSTREAM-ID=\"CC1\"\n";
  }

  /** RFC 6381 codec strings: avc1.PPCCLL from the avcC record, mp4a.40.N from the AudioSpecificConfig. */
  static String codecString(AVCodecParameters parameters) {
    byte[] extra = new byte[Math.max(0, parameters.extradata_size())];
    if (extra.length > 0 && parameters.extradata() != null) {
      parameters.extradata().get(extra);
    }
    int id = parameters.codec_id();
    if (id == org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264) {
      return extra.length >= 4 && extra[0] == 1
          ? String.format("avc1.%02x%02x%02x", extra[1] & 0xFF, extra[2] & 0xFF, extra[3] & 0xFF)
          : "avc1.640028";
    }
    if (id == org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC) {
      int objectType = extra.length >= 1 ? (extra[0] & 0xFF) >>> 3 : 2;
      return "mp4a.40." + (objectType == 0 ? 2 : objectType);
    }
    return null;
  }
}
