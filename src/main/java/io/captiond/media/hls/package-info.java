/**
 * The HLS format, after RFC 8216 (HTTP Live Streaming), shared by the HLS source, the remuxer and
 * the subtitle rendition. Pure Java: it imports nothing else of captiond, no Vert.x, no ONNX.
 * <ul>
 *   <li>Playlists: {@link io.captiond.media.hls.PlaylistParser} reads them strictly under the rules
 *       of §4.1 (UTF-8, lines) and §4.2 (attribute lists, {@link io.captiond.media.hls.AttributeList})
 *       into a {@link io.captiond.media.hls.Playlist}: a {@link io.captiond.media.hls.MasterPlaylist}
 *       (§4.3.4: EXT-X-STREAM-INF §4.3.4.2, EXT-X-MEDIA §4.3.4.1) or a
 *       {@link io.captiond.media.hls.MediaPlaylist} of {@link io.captiond.media.hls.MediaSegment}s
 *       (§4.3.1 basic tags, §4.3.2 segment tags: EXTINF, EXT-X-KEY METHOD=NONE only, EXT-X-MAP,
 *       EXT-X-DISCONTINUITY; §4.3.3 playlist tags: EXT-X-TARGETDURATION, EXT-X-MEDIA-SEQUENCE,
 *       EXT-X-DISCONTINUITY-SEQUENCE, EXT-X-ENDLIST). A broken rule or limit is an
 *       {@link io.captiond.media.hls.HlsPlaylistException} naming the line (§4: clients MUST fail
 *       to parse invalid playlists).</li>
 *   <li>MPEG-TS segments (§3.2): {@link io.captiond.media.hls.TsTimestamps} reads the first PTS of
 *       each elementary stream (ISO/IEC 13818-1), or throws a
 *       {@link io.captiond.media.hls.TsFormatException}; {@link io.captiond.media.hls.SegmentStart} reads
 *       it from a segment file, a small prefix first; a
 *       {@link io.captiond.media.hls.SourceSegment} is where one segment of a source went in
 *       stream time.</li>
 *   <li>WebVTT segments (§3.5): {@link io.captiond.media.hls.TimestampMap} ties stream time to the
 *       MPEG-TS clock for their {@code X-TIMESTAMP-MAP} header.</li>
 *   <li>Files: {@link io.captiond.media.hls.HlsFolder} names a stream's HLS folder and the files
 *       the remuxer writes there (master §4.3.4, media playlist §4.3.3, segments §3.2);
 *       {@link io.captiond.media.hls.RemuxRuns} the runs of a remuxer continued after restarts, and the
 *       discontinuity sequence (§4.3.3.3) they give its playlist;
 *       {@link io.captiond.media.hls.PlaylistChanges} the in-process notice that the remuxer rewrote its
 *       playlist, so that its follower reads it only then (told as it happens).</li>
 * </ul>
 */
package io.captiond.media.hls;
