/**
 * RTMP publishing as a source of streams: the glue between the protocol layer
 * ({@link io.captiond.ingest.rtmp}) and a stream's session.
 *
 * <ul>
 *   <li>{@link io.captiond.ingest.publish.RtmpIngestServer} runs the RTMP server on nodes with the
 *       api role; each connection gets a {@link io.captiond.ingest.publish.PublisherConnection}.
 *   <li>A publish is authorized by an event-bus request ({@link io.captiond.ingest.publish.PublishClaim}
 *       to {@code captiond.rtmp.publish}): the stream registry, which alone knows the keys, finds
 *       the stream and forwards the claim to that stream's {@link io.captiond.ingest.publish.RtmpIngest},
 *       which alone knows whether a publisher is live. The reply
 *       ({@link io.captiond.ingest.publish.ClaimReply}) grants a
 *       {@link io.captiond.ingest.publish.PublisherFeed} or refuses with a reason.
 *   <li>Media goes from the connection's event loop straight into the stream's
 *       {@link io.captiond.ingest.publish.StreamMedia}: two bounded FLV pipes, one read by the AAC
 *       decoder (PCM to the session), one by the HLS remuxer; a full pipe drops, never blocks.
 *   <li>{@link io.captiond.ingest.publish.PublishedAudio} decodes the audio pipe without a thread of its own
 *       (tasks on the shared decode threads, chunks waiting in an {@link io.captiond.ingest.publish.AudioOutbox}), paced to real time
 *       while a publisher is on; when it leaves, what it sent is decoded at once (DRAINING, then PAUSED
 *       to the session, which confirms the open speech without waiting for the grace).
 *   <li>A publisher that drops and returns within {@code rtmp.reconnect_grace_ms} continues the
 *       same stream: its timestamps are offset to continue after the last ones received.
 * </ul>
 */
package io.captiond.ingest.publish;
