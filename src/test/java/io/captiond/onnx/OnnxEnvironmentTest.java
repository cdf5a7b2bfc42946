package io.captiond.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OnnxEnvironmentTest {

  @Test
  void theProcessHasOneEnvironment() {
    assertSame(OnnxEnvironment.get(), OnnxEnvironment.get());
  }

  @Test
  void sessionsAskingForTheDefaultOrThePoolsSizeShareThePoolAndOthersGetTheirOwn() {
    int size = OnnxEnvironment.sharedThreads();
    assertTrue(OnnxEnvironment.sharesPool(0), "0, the default");
    assertTrue(OnnxEnvironment.sharesPool(size), "the pool's size");
    assertFalse(OnnxEnvironment.sharesPool(size + 1), "another size");
  }

  @Test
  void thePoolKeepsTheSizeItWasMadeWith() {
    OnnxEnvironment.get();
    int size = OnnxEnvironment.sharedThreads();
    OnnxEnvironment.sizeSharedPool(size + 3);
    assertEquals(size, OnnxEnvironment.sharedThreads(), "asked after the environment was made");
    assertFalse(OnnxEnvironment.sharesPool(size + 3));
    assertThrows(IllegalArgumentException.class, () -> OnnxEnvironment.sizeSharedPool(-1));
  }
}
