/**
 * Helpers for the server's log: {@link io.captiond.logging.RepeatThrottle} has a failure that repeats
 * (every window of a stream whose recognizer is down) logged once in full, then counted, with one
 * summary line per interval.
 */
package io.captiond.logging;
