package io.captiond.ingest.rtmp;

/**
 * A media message in a codec this server recognises but does not handle: a legacy FLV codec other
 * than AAC/H.264 (MP3, Speex, VP6, ...) or an Enhanced RTMP FourCC (hvc1, av01, vp09, Opus, ...).
 * An error value, not an exception: the connection stays up and the caller decides.
 *
 * @param track audio or video
 * @param codec the FourCC, or "flv-audio-N"/"flv-video-N" for a legacy SoundFormat/CodecID N
 * @param description human words for a log line
 */
public record UnsupportedCodec(Track track, String codec, String description) implements Media {

  public enum Track { AUDIO, VIDEO }
}
