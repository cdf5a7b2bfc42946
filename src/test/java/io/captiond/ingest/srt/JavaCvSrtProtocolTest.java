package io.captiond.ingest.srt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Test;

/** The FFmpeg inside the project's JavaCV build (org.bytedeco:ffmpeg) reads srt:// itself: no helper process. */
class JavaCvSrtProtocolTest {

  @Test
  void theBundledFfmpegHasTheSrtProtocolForReading() {
    List<String> inputs = new ArrayList<>();
    try (PointerPointer<?> opaque = new PointerPointer<>(1)) {
      opaque.put(0, null);
      BytePointer name;
      while ((name = avformat.avio_enum_protocols(opaque, 0)) != null) {
        inputs.add(name.getString());
      }
    }
    assertTrue(inputs.contains("srt"), "input protocols of the bundled FFmpeg: " + inputs);
  }
}
