package io.captiond.asr;

/** One recognized word with its time span in stream milliseconds and the engine's confidence (0..1). */
public record Word(String text, long startMs, long endMs, double probability) {}
