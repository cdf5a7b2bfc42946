package io.captiond.ingest.rtmp;

/**
 * What an audio or video message carries once its FLV tag header is read ({@link FlvTags}): a
 * packet of a supported codec, a codec we recognise but do not handle, or nothing to deliver.
 */
public sealed interface Media permits AudioPacket, VideoPacket, UnsupportedCodec, Media.Ignored {

  /** A tag with no media in it (a video info/command frame); the reason says which. */
  record Ignored(String reason) implements Media {}
}
