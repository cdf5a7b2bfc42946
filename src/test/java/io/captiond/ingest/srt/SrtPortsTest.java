package io.captiond.ingest.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.settings.SettingException;
import org.junit.jupiter.api.Test;

class SrtPortsTest {

  @Test
  void eachStreamTakesTheLowestFreePortAndGivesItBack() throws Exception {
    SrtPorts ports = new SrtPorts(SrtSettings.of("0.0.0.0", "9000-9001", 120, 25));
    assertEquals(9000, ports.take("a"));
    assertEquals(9000, ports.take("a"));
    assertEquals(9001, ports.take("b"));
    SrtException full = assertThrows(SrtException.class, () -> ports.take("c"));
    assertTrue(full.getMessage().contains("9000-9001"), full.getMessage());
    ports.release("a");
    assertTrue(ports.portOf("a").isEmpty());
    assertEquals(9000, ports.take("c"));
    assertEquals(9000, ports.portOf("c").getAsInt());
  }

  @Test
  void aBadPortRangeOrLatencyNamesItsKey() {
    assertEquals(SrtSettings.PORT_RANGE, assertThrows(SettingException.class,
        () -> SrtSettings.of("0.0.0.0", "9000-8000", 120, 25)).key());
    assertEquals(SrtSettings.PORT_RANGE, assertThrows(SettingException.class,
        () -> SrtSettings.of("0.0.0.0", "ninety", 120, 25)).key());
    assertEquals(SrtSettings.LATENCY_MS, assertThrows(SettingException.class,
        () -> SrtSettings.of("0.0.0.0", "9000", 5, 25)).key());
    assertEquals(1, SrtSettings.of("0.0.0.0", "9000", 120, 25).ports());
  }
}
