package io.captiond.vad;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Scores the frames of every stream of a node together: a thread that, once a tick, takes all the
 * frames streams have handed in and runs the model on one frame of each stream per call
 * ({@link SileroVad#speechProbabilities(VadState[], short[][])}), so that N speaking streams cost
 * about one call per frame time instead of N. A stream's frames are scored in the order given,
 * one call after another, since its state is recurrent.
 *
 * <p>A call the model fails on fails the chunks of the streams in it (each stream skips that chunk,
 * as it would have alone); the other calls go on.
 */
public final class VadBatcher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(VadBatcher.class.getName());

  /** One stream's chunk: its frames and how many are scored. */
  private static final class Job {
    final VadState state;
    final List<short[]> frames;
    final float[] probabilities;
    final CompletableFuture<float[]> done = new CompletableFuture<>();
    int scored;

    Job(VadState state, List<short[]> frames) {
      this.state = state;
      this.frames = frames;
      this.probabilities = new float[frames.size()];
    }
  }

  private final SileroVad vad;
  private final long tickNanos;
  private final int maxBatch;
  private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile long calls;
  private volatile long framesScored;

  VadBatcher(SileroVad vad, VadBatching batching) {
    this.vad = vad;
    this.tickNanos = TimeUnit.MILLISECONDS.toNanos(batching.tickMs());
    this.maxBatch = batching.maxBatch();
    this.thread = new Thread(this::run, "captiond-vad-batcher");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues a stream's frames; completes with their speech probabilities, in order, after the next
   * tick (exceptionally with a {@link VadException} if the model failed on one of them). A stream
   * hands in its next chunk only after this one completed.
   */
  public CompletableFuture<float[]> score(VadState state, List<short[]> frames) {
    Job job = new Job(state, List.copyOf(frames));
    if (frames.isEmpty()) {
      job.done.complete(job.probabilities);
    } else if (closed) {
      job.done.completeExceptionally(new VadException("the VAD is closed"));
    } else {
      queue.add(job);
    }
    return job.done;
  }

  /** ONNX Runtime calls made so far, and frames they scored: frames per call is the batching won. */
  public long calls() {
    return calls;
  }

  public long framesScored() {
    return framesScored;
  }

  private void run() {
    long nextTick = System.nanoTime();
    while (!closed) {
      Job first;
      try {
        first = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (first == null) {
        continue;
      }
      // wait for the tick, so that the frames all streams send in one frame time go together
      long now = System.nanoTime();
      if (now < nextTick) {
        LockSupport.parkNanos(nextTick - now);
      }
      nextTick = Math.max(nextTick, now) + tickNanos;
      List<Job> jobs = new ArrayList<>();
      jobs.add(first);
      queue.drainTo(jobs);
      if (closed) { // closed while waiting for the tick
        jobs.forEach(job -> job.done.completeExceptionally(new VadException("the VAD is closed")));
        break;
      }
      try {
        scoreTogether(jobs);
      } catch (RuntimeException e) {
        LOG.severe(() -> "VAD batch failed: " + e);
        jobs.forEach(job -> job.done.completeExceptionally(e));
      }
    }
    List<Job> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(job -> job.done.completeExceptionally(new VadException("the VAD is closed")));
  }

  /** Rounds of one frame per stream until every job's frames are scored. */
  private void scoreTogether(List<Job> jobs) {
    Map<VadState, ArrayDeque<Job>> byStream = new LinkedHashMap<>();
    for (Job job : jobs) {
      byStream.computeIfAbsent(job.state, s -> new ArrayDeque<>()).add(job);
    }
    while (!byStream.isEmpty()) {
      List<Job> round = new ArrayList<>();
      for (ArrayDeque<Job> streamJobs : byStream.values()) {
        round.add(streamJobs.peekFirst());
        if (round.size() == maxBatch) {
          break;
        }
      }
      VadState[] states = new VadState[round.size()];
      short[][] frames = new short[round.size()][];
      for (int i = 0; i < round.size(); i++) {
        Job job = round.get(i);
        states[i] = job.state;
        frames[i] = job.frames.get(job.scored);
      }
      float[] probabilities;
      try {
        probabilities = vad.speechProbabilities(states, frames);
        calls++;
        framesScored += round.size();
      } catch (VadException | RuntimeException e) {
        for (Job job : round) {
          job.done.completeExceptionally(e);
          finish(byStream, job);
        }
        continue;
      }
      for (int i = 0; i < round.size(); i++) {
        Job job = round.get(i);
        job.probabilities[job.scored++] = probabilities[i];
        if (job.scored == job.frames.size()) {
          job.done.complete(job.probabilities);
          finish(byStream, job);
        }
      }
    }
  }

  private static void finish(Map<VadState, ArrayDeque<Job>> byStream, Job job) {
    ArrayDeque<Job> streamJobs = byStream.get(job.state);
    streamJobs.pollFirst();
    if (streamJobs.isEmpty()) {
      byStream.remove(job.state);
    }
  }

  /** Stops the thread; chunks still waiting fail with "the VAD is closed". */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
