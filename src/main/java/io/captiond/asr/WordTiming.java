package io.captiond.asr;

/** Where an engine's word times come from, so that consumers know how far to trust them. */
public enum WordTiming {
  /** The engine gives no word times. */
  NONE,
  /** Aligned by the recognizer itself (an HMM decoder's segmentation, or cross-attention alignment). */
  ALIGNED,
  /** Interpolated from token timing (for example Whisper timestamp tokens split across the tokens between them). */
  DERIVED
}
