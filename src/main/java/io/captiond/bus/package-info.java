/**
 * The event-bus contracts on the ground floor: every address ({@link io.captiond.bus.Addresses}) and the
 * generic codecs (JSON records, local-only messages, the binary sample frame). It imports nothing of
 * captiond: each message-specific codec lives beside its type (e.g. {@code asr.AsrRequestCodec},
 * {@code media.PcmChunkCodec}) and {@code app.Codecs} registers them all.
 */
package io.captiond.bus;
