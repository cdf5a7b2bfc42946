package io.captiond.vad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs whole clips through the VAD, frame by frame, for tests. */
final class Frames {

  private Frames() {}

  /** Probabilities of each whole 512-sample frame; a partial last frame is zero-padded. */
  static float[] probabilities(SileroVad vad, short[] samples) throws VadException {
    int count = (samples.length + VadSettings.FRAME_SAMPLES - 1) / VadSettings.FRAME_SAMPLES;
    float[] probabilities = new float[count];
    try (VadState state = vad.newState()) {
      for (int i = 0; i < count; i++) {
        probabilities[i] = vad.speechProbability(state, frame(samples, i));
      }
    }
    return probabilities;
  }

  static short[] frame(short[] samples, int index) {
    int from = index * VadSettings.FRAME_SAMPLES;
    short[] frame = Arrays.copyOfRange(samples, from, from + VadSettings.FRAME_SAMPLES);
    return frame; // copyOfRange zero-pads past the end
  }

  /** All edges the detector reports for these probabilities, flush included. */
  static List<SpeechEdge> edges(SpeechDetector detector, float[] probabilities) {
    List<SpeechEdge> edges = new ArrayList<>();
    for (int i = 0; i < probabilities.length; i++) {
      edges.addAll(detector.accept((long) i * VadSettings.FRAME_SAMPLES, probabilities[i]));
    }
    edges.addAll(detector.flush());
    return edges;
  }
}
