/**
 * The RTMP protocol layer of the ingest server: what a publisher (OBS, FFmpeg, a hardware encoder)
 * speaks, up to the media it sends. One class per job, in wire order:
 *
 * <ul>
 *   <li>{@link io.captiond.ingest.rtmp.HandshakeDecoder}: Adobe RTMP 1.0 specification (2012)
 *       section 5.2, plus the HMAC-SHA256 digest form Flash Player and librtmp use
 *       ({@code HandshakeDigest});
 *   <li>{@link io.captiond.ingest.rtmp.ChunkDecoder}, {@link io.captiond.ingest.rtmp.ChunkEncoder}:
 *       section 5.3, chunk stream; {@link io.captiond.ingest.rtmp.ControlMessage}: section 5.4,
 *       protocol control messages; {@link io.captiond.ingest.rtmp.UserControl}: sections 6.2 and
 *       7.1.7, user control events;
 *   <li>{@link io.captiond.ingest.rtmp.Amf0Decoder}, {@link io.captiond.ingest.rtmp.Amf0Encoder}:
 *       Adobe AMF0 specification section 2; {@link io.captiond.ingest.rtmp.Command},
 *       {@link io.captiond.ingest.rtmp.Replies}: RTMP section 7.2 (NetConnection and NetStream
 *       commands);
 *   <li>{@link io.captiond.ingest.rtmp.FlvTags}: FLV specification v10.1 annex E.4.2 (audio) and
 *       E.4.3 (video) tag headers, and Enhanced RTMP (veovera) ExHeader/FourCC, recognised and
 *       reported as {@link io.captiond.ingest.rtmp.UnsupportedCodec};
 *       {@link io.captiond.ingest.rtmp.AudioSpecificConfig}: ISO 14496-3 section 1.6.2.1;
 *   <li>{@link io.captiond.ingest.rtmp.MessageDecoder}: sections 5.4, 6.2 and 7.1, a reassembled
 *       message (type id and payload) read into a typed {@link io.captiond.ingest.rtmp.Message}
 *       (control, user control, command, data, audio, video), or a
 *       {@link io.captiond.ingest.rtmp.MessageException};
 *   <li>{@link io.captiond.ingest.rtmp.PublishConversation}: sections 7.2 and 7.3.2, the publish
 *       conversation as a state machine with no I/O (connect, releaseStream, FCPublish,
 *       createStream, publish, {@code @setDataFrame}, and the endings FCUnpublish, deleteStream
 *       and closeStream in the forms FFmpeg, OBS and GStreamer send), delivering to a
 *       {@link io.captiond.ingest.rtmp.PublishListener};
 *   <li>{@link io.captiond.ingest.rtmp.RtmpConnectionHandler}: the Netty plumbing that wires the
 *       layers above on one connection (handshake {@code Deadline}, section 5.4.3 acknowledgements via
 *       {@code AcknowledgementWindow}, reading paused while a publish is decided, writability);
 *       {@link io.captiond.ingest.rtmp.RtmpServer} binds it with an
 *       {@link io.captiond.ingest.rtmp.RtmpSettings}; once a publish is granted the connection's socket
 *       is read at its event loop's tick ({@link io.captiond.ingest.rtmp.ReadTicks}), not per arrival.
 * </ul>
 *
 * <p>Bad input raises a subclass of {@link io.captiond.ingest.rtmp.RtmpException} naming the value
 * seen and the limit; the connection closes, nothing else does. Limits come from the settings.
 * Strings a peer sent reach a log line only through {@link io.captiond.ingest.rtmp.PeerText}
 * (cut and escaped), and lines about refused or closed peers only through
 * {@link io.captiond.ingest.rtmp.RefusalLog} (at a bounded rate per address and in all). Before a
 * publish is granted a peer meets the server's connection caps, a small message limit, a deadline
 * to publish and one {@link io.captiond.ingest.rtmp.PendingBudget} shared by all connections.
 */
package io.captiond.ingest.rtmp;
