package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FLV header's track flags, known once the header has arrived, whatever pieces it came in. */
class FlvTagStreamTest {

  @Test
  void theHeaderSaysWhichTracksItDeclaresOnceItHasArrived() {
    FlvTagStream audioOnly = new FlvTagStream(1 << 16);
    byte[] header = FlvWriter.header(true, false);
    List<Long> times = new ArrayList<>();
    audioOnly.feed(header, 0, 5, (type, time, buffer, offset, length) -> times.add(time));
    assertFalse(audioOnly.headerRead());
    assertFalse(audioOnly.declaresAudio());
    audioOnly.feed(header, 5, header.length - 5, (type, time, buffer, offset, length) -> times.add(time));
    byte[] tag = FlvWriter.audio(40, false, new byte[] {1, 2});
    audioOnly.feed(tag, 0, tag.length, (type, time, buffer, offset, length) -> times.add(time));
    assertTrue(audioOnly.headerRead());
    assertTrue(audioOnly.declaresAudio());
    assertFalse(audioOnly.declaresVideo());
    assertEquals(List.of(40L), times);

    FlvTagStream both = new FlvTagStream(1 << 16);
    byte[] both13 = FlvWriter.header(true, true);
    both.feed(both13, 0, both13.length, (type, time, buffer, offset, length) -> {});
    assertTrue(both.declaresAudio() && both.declaresVideo());
  }
}
