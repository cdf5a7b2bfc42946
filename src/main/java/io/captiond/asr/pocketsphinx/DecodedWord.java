package io.captiond.asr.pocketsphinx;

/**
 * One entry of pocketsphinx's best path, as the decoder gives it: fillers and alternate
 * pronunciations ({@code read(2)}) included, times in 10 ms frames from the start of the utterance.
 *
 * @param endFrame the last frame of the word, inclusive
 * @param probability the posterior probability, 0..1
 */
record DecodedWord(String token, int startFrame, int endFrame, double probability) {}
