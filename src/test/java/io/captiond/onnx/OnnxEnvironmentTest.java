package io.captiond.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OnnxEnvironmentTest {

  @Test
  void theProcessHasOneEnvironment() {
    assertSame(OnnxEnvironment.get(), OnnxEnvironment.get());
  }

  @Test
  void sessionsAskingForTheDefaultOrTheCpuCountShareThePoolAndOthersGetTheirOwn() {
    int cpus = Runtime.getRuntime().availableProcessors();
    assertTrue(OnnxEnvironment.sharesPool(0), "0, the default");
    assertTrue(OnnxEnvironment.sharesPool(cpus), "the CPU count");
    assertFalse(OnnxEnvironment.sharesPool(cpus + 1), "more threads than CPUs");
    if (cpus > 1) {
      assertFalse(OnnxEnvironment.sharesPool(1), "one thread: no pool at all");
    }
  }
}
