/**
 * Decoded media as it travels between stages, and the FFmpeg work that produces it. Imports nothing
 * else of captiond. What it holds today:
 *
 * <ul>
 *   <li>The one PCM format: {@link io.captiond.media.Pcm16k} (16 kHz mono s16, samples to ms and back),
 *       {@link io.captiond.media.PcmChunk} (a run of it stamped with stream time),
 *       {@link io.captiond.media.PcmSink} (where a source hands chunks), {@link io.captiond.media.SampleBlocks}
 *       (fixed-size regrouping: VAD frames, chunks) and {@link io.captiond.media.ChunkAssembler}.</li>
 *   <li>FFmpeg audio decoding: {@link io.captiond.media.Pcm16kDecoding} (resample and copy out),
 *       {@link io.captiond.media.AudioGrabLoop} (the grab loop of every audio source),
 *       and, for an RTMP publish, no demuxer and no thread per stream: {@link io.captiond.media.FlvWriter}
 *       tags through a {@link io.captiond.media.BytePipe}, split again by {@link io.captiond.media.FlvTagStream}
 *       and decoded frame by frame by an {@link io.captiond.media.AacDecoder}, each stream serial on a
 *       {@link io.captiond.media.SerialLane} of the shared {@link io.captiond.media.MediaPool}.</li>
 *   <li>HLS re-publication without transcoding, one muxing half ({@link io.captiond.media.HlsOutput}: FFmpeg's
 *       HLS muxer in plain libavformat calls, {@link io.captiond.media.HlsMuxer}, the
 *       {@link io.captiond.media.HlsMaster} playlist, the output's origin; after a restart it goes
 *       on with the playlist it left, {@link io.captiond.media.RemuxContinuation}; each rewrite of its playlist
 *       reported by {@link io.captiond.media.PlaylistWatch}) behind two readers:
 *       {@link io.captiond.media.HlsRemuxer} demuxes a byte stream on a thread of its own (SRT's MPEG-TS), and
 *       {@link io.captiond.media.FlvTagMuxer} takes an RTMP publish's FLV tags as they come, on a lane of the
 *       shared HLS threads, with no demuxer: {@link io.captiond.media.FlvPacket} reads each tag as FFmpeg's
 *       FLV demuxer would, {@link io.captiond.media.FlvTrackInput} describes the tracks from their sequence
 *       headers ({@link io.captiond.media.AvcConfig}, {@link io.captiond.media.AvcPictureSize},
 *       {@link io.captiond.media.AacConfig}); a bad tag is a {@link io.captiond.media.FlvTagException}.</li>
 * </ul>
 *
 * <p>The clocks, each keeping a different time: {@link io.captiond.media.RealTimePacer} holds stream
 * time to the wall clock (paced files, RTMP publishers that send too fast);
 * {@link io.captiond.media.ArrivalClock} remembers the wall time at which each stream time arrived
 * (caption lag); {@link io.captiond.media.ChunkAssembler} counts stream time in samples from the first
 * frame's timestamp. Elsewhere: the HLS source's {@code StreamClock} places segments in stream time by
 * their PTS, and the subtitles' {@code TimestampMap} ties stream time to the MPEG-TS 90 kHz clock.
 */
package io.captiond.media;
