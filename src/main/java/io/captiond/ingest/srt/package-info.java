/**
 * SRT ingest (Secure Reliable Transport, draft-sharabayko-srt; the transport is FFmpeg's libsrt
 * protocol, which the project's JavaCV FFmpeg build includes): MPEG-TS over SRT, with captiond as
 * the listener (one port of {@code srt.port_range} per stream, the stream key as passphrase) or as
 * the caller of an encoder's listener.
 * <ul>
 *   <li>{@link io.captiond.ingest.srt.SrtIngest}: one stream's source, its threads and its end.</li>
 *   <li>{@link io.captiond.ingest.srt.SrtReceiver}: connections one after another, with the RTMP
 *       ingest's reconnect grace between them.</li>
 *   <li>{@link io.captiond.ingest.srt.TsRelay} and {@link io.captiond.ingest.srt.StreamTime}: a
 *       connection's MPEG-TS moved into stream time and muxed again, so that the readers see one
 *       continuous stream across reconnects.</li>
 *   <li>{@link io.captiond.ingest.srt.TsPipes}: the bounded pipes to the audio decoder
 *       ({@link io.captiond.ingest.srt.SrtAudio}) and the HLS remuxer.</li>
 *   <li>{@link io.captiond.ingest.srt.SrtSettings}, {@link io.captiond.ingest.srt.SrtPorts},
 *       {@link io.captiond.ingest.srt.SrtUrls}: the {@code srt.*} keys, the port table, the URLs.</li>
 * </ul>
 */
package io.captiond.ingest.srt;
