/**
 * Starting a stream's source: {@link io.captiond.ingest.sources.Sources} picks the kind (pull, HLS,
 * RTMP) from the stream's {@link io.captiond.ingest.SourceSpec} and starts it, blocking sources on a
 * thread of their own ({@link io.captiond.ingest.sources.SourceThread}) that puts their PCM on the bus;
 * a {@link io.captiond.ingest.sources.VideoFollower} hears the source's video for a subtitle rendition
 * beside it. The only package that names the concrete sources.
 */
package io.captiond.ingest.sources;
