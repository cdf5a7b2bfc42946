package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AcknowledgementWindowTest {

  @Test
  void anAcknowledgementIsDueOnceAWindowHasArrivedSinceTheLast() {
    AcknowledgementWindow window = new AcknowledgementWindow(1000);
    window.count(999);
    assertEquals(Optional.empty(), window.due());
    window.count(1);
    assertEquals(Optional.of(new ControlMessage.Acknowledgement(1000)), window.due());
    window.count(999);
    assertEquals(Optional.empty(), window.due());
  }

  @Test
  void thePeersWindowReplacesOurs() {
    AcknowledgementWindow window = new AcknowledgementWindow(2_500_000);
    window.resize(10);
    window.count(10);
    assertEquals(Optional.of(new ControlMessage.Acknowledgement(10)), window.due());
  }

  @Test
  void theSequenceNumberWrapsAt2To32() {
    AcknowledgementWindow window = new AcknowledgementWindow(1);
    window.count(0x1_0000_0005L);
    assertEquals(Optional.of(new ControlMessage.Acknowledgement(5)), window.due());
  }
}
