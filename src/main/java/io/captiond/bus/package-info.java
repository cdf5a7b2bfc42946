/**
 * The event-bus contracts: every address ({@link io.captiond.bus.Addresses}) and the wire codec of
 * every message type ({@link io.captiond.bus.Codecs}). PCM travels in binary, everything else as JSON.
 */
package io.captiond.bus;
