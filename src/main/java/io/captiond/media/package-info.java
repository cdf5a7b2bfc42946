/**
 * Decoded media as it travels between stages: {@link io.captiond.media.PcmChunk}, 16 kHz mono PCM
 * stamped with stream time.
 */
package io.captiond.media;
