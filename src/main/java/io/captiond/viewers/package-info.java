/**
 * Who may watch a stream: its viewer policy ({@link io.captiond.viewers.ViewerPolicy}: public, or a signed viewer
 * token), the tokens themselves ({@link io.captiond.viewers.ViewerToken}: HMAC-SHA256 over the stream id and an
 * expiry, checked without any storage), each stream's policy and token secret kept owner-only beside the stream
 * ({@link io.captiond.viewers.ViewerAccess}), and the {@code viewers.*} settings. No HTTP here: the API applies it.
 */
package io.captiond.viewers;
