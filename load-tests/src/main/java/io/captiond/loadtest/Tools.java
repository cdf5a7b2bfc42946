package io.captiond.loadtest;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the small command-line tools the harness needs (flite, ffmpeg) and fails loudly when one fails. */
final class Tools {

  private Tools() {}

  static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new HarnessException(command.get(0) + " is not installed or cannot run (scripts/install-deps.sh "
          + "installs it): " + e.getMessage());
    }
    try {
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new HarnessException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
      }
      if (process.exitValue() != 0) {
        throw new HarnessException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
            + new String(output).strip());
      }
      return new String(output);
    } finally {
      process.destroyForcibly();
    }
  }
}
