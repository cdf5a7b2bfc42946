package io.captiond.loadtest;

/** The faults of the chaos run, in the order they are injected. */
enum ChaosFault {
  KILL_API("kill -9 the api node + restart"),
  TERM_API("SIGTERM the api node + restart"),
  KILL_WORKER("kill -9 ASR node 1, back after the hold"),
  STOP_WORKER("SIGSTOP ASR node 0, SIGCONT after the hold"),
  DISK("api node's file writes fail (RLIMIT_FSIZE 0, as on a full disk) for the hold");

  private final String label;

  ChaosFault(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** One injection: when it began, when the fault was healed (the node back, the limit lifted), the load then. */
  record Injected(ChaosFault fault, long atMs, long healedAtMs, long skippedBefore, String load) {}
}
