package io.captiond.media;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.logging.Logger;

/**
 * Caps how many malloc arenas glibc keeps ({@code mallopt(M_ARENA_MAX)}). By default every thread that
 * mallocs may get an arena of its own, up to eight per core, and an arena keeps the memory it once held:
 * FFmpeg's decoders and muxers on the shared decode and HLS threads, ONNX Runtime on the VAD thread and the
 * event loops each grew one (the ingest bench at N = 50: eight arenas of 17-31 MB, more than half the RSS
 * outside the Java heap). Fewer arenas share the freed memory instead. Small allocations (most of FFmpeg's per
 * packet) come from each thread's cache without the arena's lock, so sharing costs little.
 */
final class MallocArenas {

  /** glibc's {@code M_ARENA_MAX}. */
  private static final int M_ARENA_MAX = -8;
  private static final Logger LOG = Logger.getLogger(MallocArenas.class.getName());

  /** The C library's mallopt. */
  private interface C extends Library {
    int mallopt(int param, int value);
  }

  private MallocArenas() {}

  /** Caps the arenas at {@code max} from now on (threads that have one keep it); Linux only, else nothing. */
  static void cap(int max) {
    if (!Platform.isLinux()) {
      return;
    }
    try {
      C c = Native.load("c", C.class);
      if (c.mallopt(M_ARENA_MAX, max) != 1) {
        LOG.fine(() -> "mallopt(M_ARENA_MAX) refused (not glibc?)");
      }
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.fine(() -> "cannot cap malloc arenas: " + e);
    }
  }
}
