/**
 * Restream outputs: one stream's FLV tags (video and audio as received, captions embedded by
 * {@link io.captiond.media.embed.CaptionEmbedder} or not) pushed to other platforms over RTMP(S).
 *
 * <ul>
 *   <li>{@link io.captiond.restream.RtmpUrl}: {@code rtmp(s)://host[:port]/app/key}, the key a
 *       secret, redacted to {@code ***} wherever the URL is shown;
 *   <li>{@code PublishSession}: the client side of Adobe RTMP 1.0, section 5.2 (plain handshake),
 *       5.4 (Set Chunk Size), 7.1.7 (ping) and 7.2 ({@code connect}, {@code createStream},
 *       {@code publish}); chunks and AMF0 with {@link io.captiond.ingest.rtmp}'s codecs;
 *   <li>{@link io.captiond.restream.RestreamOutput}: one output kept connected with exponential
 *       back-off ({@link io.captiond.restream.RestreamConfig}), its {@link
 *       io.captiond.restream.OutputState}, bitrate and last error as an {@link
 *       io.captiond.restream.OutputStatus} and as Micrometer meters;
 *   <li>{@link io.captiond.restream.StreamOutputs}: one stream's outputs and its embedded captions,
 *       the {@link io.captiond.media.embed.MediaTap} its RTMP ingest shows every tag: one {@link
 *       io.captiond.media.embed.CaptionEmbedder} shared by the HLS output ({@code
 *       hls_out.embedded_captions}) and every {@code cea608} output; {@link
 *       io.captiond.restream.CaptionsTrack} feeds it confirmed captions from the stream's caption
 *       output; {@link io.captiond.restream.OutputSpec} is an output as the API asks for it, {@link
 *       io.captiond.restream.OutputSettings} the {@code embedded_captions.*} and {@code restream.*} keys.
 * </ul>
 *
 * <p>Why our own client rather than FFmpeg's (JavaCV): a Netty channel per output costs no thread
 * and never blocks (FFmpeg's {@code avio} write blocks a thread per output on a stalled server);
 * back-pressure shows as channel writability, so frames are dropped to the next key frame instead
 * of queueing without bound; reconnects and states are ours to report; and the chunk and AMF0
 * codecs already exist and are tested, leaving only about 250 lines of client conversation.
 */
package io.captiond.restream;
