/**
 * Pull ingest: any file or URL FFmpeg can read (through JavaCV), decoded to 16 kHz mono PCM with
 * the source's timestamps, optionally paced in real time. What may be pulled is checked by
 * {@link io.captiond.ingest.pull.PullUrl} against {@link io.captiond.ingest.pull.PullSettings}
 * (schemes, hosts, folders; FFmpeg's own URL forms refused), http redirects by
 * {@code RedirectCheck}, and FFmpeg is kept to the URL's protocols ({@code PullProtocols}).
 */
package io.captiond.ingest.pull;
