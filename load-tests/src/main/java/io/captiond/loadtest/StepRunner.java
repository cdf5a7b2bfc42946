package io.captiond.loadtest;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one step of the sweep: N streams at once, each with its publisher and M viewers, against a
 * fresh server (or the one at --url), then the drain of the last captions. Every phase is bounded;
 * every process and socket it opened is closed when it returns or throws.
 */
final class StepRunner {

  /** What makes the VAD gate everything in --mode ingest: no utterance ever opens, so no ASR runs. */
  static final Map<String, String> INGEST_ONLY_ENV = Map.of("CAPTIOND_VAD_THRESHOLD", "0.9999",
      "CAPTIOND_VAD_MIN_SPEECH_MS", "10000");

  private final Options options;
  private final Speech speech;
  private final Path work;
  private final boolean ingestOnly;
  private Options.Source source;
  private String apertiumUrl;

  StepRunner(Options options, Speech speech) {
    this.options = options;
    this.speech = speech;
    this.work = options.work();
    this.ingestOnly = options.mode() == Options.Mode.INGEST;
    this.source = options.source();
  }

  /** Something run against the server while a step's streams are live (the hostile benchmark). */
  interface Attack {
    void start(String httpBase, String token, int rtmpPort, String liveStreamId) throws IOException;

    void stop();
  }

  private Attack attack;
  private String publishUrl;

  /** Runs {@code attack} beside the streams of the steps that follow; {@code null} for none. */
  void attackWith(Attack attack) {
    this.attack = attack;
  }

  /** The APy a launched server translates with ({@code --translations}). */
  void useApertium(String url) {
    this.apertiumUrl = url;
  }

  boolean ingestOnly() {
    return ingestOnly;
  }

  /** The source the steps use: the one asked for, or, for auto, what the first server accepted. */
  Options.Source source() {
    return source;
  }

  StepResult run(int n, Deadline run) throws IOException {
    Deadline step = run.within("step N=" + n, (options.seconds() + options.drainSeconds() + 150) * 1000L);
    double load = loadAverage();
    ServerProcess server = null;
    List<LiveStream> streams = new ArrayList<>();
    Sampler sampler = null;
    ServerApi api = null;
    Attack attacking = null;
    try {
      long pid;
      if (options.launch() == Options.Launch.URL) {
        api = new ServerApi(options.url(), options.token());
        pid = options.pid();
      } else {
        String token = UUID.randomUUID().toString();
        Map<String, String> env = new java.util.HashMap<>(options.serverEnv());
        if (ingestOnly) {
          env.putAll(INGEST_ONLY_ENV);
        }
        if (apertiumUrl != null) {
          env.putIfAbsent("CAPTIOND_TRANSLATE_APERTIUM_URL", apertiumUrl);
        }
        List<String> command = options.launch() == Options.Launch.JAR ? ServerProcess.jarCommand(options.jar())
            : ServerProcess.classpathCommand();
        server = launch(command, n, token, env, step);
        api = new ServerApi(server.base(), token);
        pid = server.pid();
      }
      api.awaitHealthy(step.within("server health", 10_000));
      resolveSource(api);
      double idle = idleCpuPercent(pid, step);
      CueProbe cueProbe = ingestOnly ? null : CueProbe.start(api);
      List<Speech.Script> scripts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        scripts.add(speech.script(i % Sentences.HARVARD.size(), options.seconds()));
      }
      sampler = new Sampler(api, pid);
      for (int i = 0; i < n; i++) {
        streams.add(open(api, sampler, scripts.get(i), n, i));
      }
      System.out.printf("  N=%d: %d streams live (%s), %d viewers each%n", n, n, name(source), options.viewers());
      if (attack != null) {
        // the attack meets streams that are live; a publisher still connecting competes with the flood
        // for its authorization (a finding of its own, see load-tests/results/hostile-*)
        long liveBy = System.currentTimeMillis() + 60_000;
        boolean allLive = false;
        while (!allLive && System.currentTimeMillis() < liveBy) {
          allLive = true;
          for (LiveStream stream : streams) {
            stream.poll(api);
            allLive &= stream.live();
          }
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        attacking = attack;
        attack.start(api.base(), api.token(), java.net.URI.create(publishUrl).getPort(), streams.get(0).id());
      }
      awaitSources(api, server, streams, step.within("publishing", scripts.get(0).durationMs() + 30_000));
      if (attacking != null) {
        // the attack lasts while the streams are live; their captions then have the drain to arrive
        attacking.stop();
        attacking = null;
      }
      if (!ingestOnly) {
        drain(api, server, streams, step.within("draining captions", options.drainSeconds() * 1000L));
      }
      for (LiveStream stream : streams) {
        stream.poll(api);
      }
      Sampler.Usage usage = sampler.finish();
      check(streams);
      List<StreamFigures> figures = streams.stream().map(LiveStream::figures).toList();
      CueFigures cues = cueProbe == null ? CueFigures.NONE
          : cueProbe.finish(api, server, streams, source == Options.Source.PULL, step);
      TranslationFigures translations = options.translations().isEmpty() ? TranslationFigures.NONE
          : TranslationFigures.of(streams, options.translations());
      return StepResult.of(n, figures, usage, idle, load, cues, options.maxP95Ms(), ingestOnly, translations);
    } finally {
      if (attacking != null) {
        attacking.stop();
      }
      streams.forEach(LiveStream::close);
      if (sampler != null) {
        sampler.close();
      }
      if (server == null && api != null) {
        for (LiveStream stream : streams) {
          try {
            api.delete(stream.id());
          } catch (IOException e) {
            System.err.println("could not delete stream " + stream.id() + ": " + e.getMessage());
          }
        }
      }
      if (server != null) {
        server.close();
      }
    }
  }

  /**
   * Starts a server for a step. All publishers and viewers connect from this host, so an RTMP run raises the
   * server's per-address connection limit ({@value #RTMP_LIMIT_KEY}) above N, and every run its per-address
   * viewer cap above the viewers it opens; a server that predates the key stops
   * with a configuration error naming it, and is started again without it.
   */
  private ServerProcess launch(List<String> command, int n, String token, Map<String, String> env, Deadline step)
      throws IOException {
    Map<String, String> withLimit = new java.util.HashMap<>(env);
    if (source != Options.Source.PULL && !env.containsKey(RTMP_LIMIT_ENV)) {
      withLimit.put(RTMP_LIMIT_ENV, Integer.toString(Math.max(16, n + 8)));
    }
    // The viewers connect from this host too: the per-address viewer cap must hold them all, and the cue probe.
    int viewers = n * options.viewers() * (1 + options.translations().size());
    withLimit.putIfAbsent(VIEWER_LIMIT_ENV, Integer.toString(Math.max(20, viewers + 8)));
    if (source != Options.Source.RTMP) {
      // local files are off by default; the harness's speech lies under its work folder
      withLimit.putIfAbsent("CAPTIOND_PULL_ALLOWED_SCHEMES", "file");
      withLimit.putIfAbsent("CAPTIOND_PULL_ALLOWED_DIRS", work.toAbsolutePath().toString());
    }
    Path data = work.resolve("data").resolve(n + "-" + System.currentTimeMillis());
    try {
      return ServerProcess.start(command, data, token, options.vadModel(), withLimit,
          step.within("server start", 90_000));
    } catch (HarnessException e) {
      boolean namesTheKey = e.getMessage().contains(RTMP_LIMIT_ENV) || e.getMessage().contains(RTMP_LIMIT_KEY);
      if (withLimit.size() == env.size() || !namesTheKey) {
        throw e;
      }
      System.out.println("  the server does not know " + RTMP_LIMIT_KEY + "; starting it without");
      return ServerProcess.start(command, data.resolveSibling(data.getFileName() + "-b"), token, options.vadModel(),
          env, step.within("server start", 90_000));
    }
  }

  private static final String RTMP_LIMIT_KEY = "rtmp.max_connections_per_ip";
  private static final String RTMP_LIMIT_ENV = "CAPTIOND_RTMP_MAX_CONNECTIONS_PER_IP";
  private static final String VIEWER_LIMIT_ENV = "CAPTIOND_VIEWERS_MAX_PER_ADDRESS";

  private void resolveSource(ServerApi api) throws IOException {
    if (source != Options.Source.AUTO) {
      return;
    }
    String refusal = api.refusal(new JsonObject().put("type", "rtmp"), options.engine());
    source = refusal == null ? Options.Source.RTMP : Options.Source.PULL;
    System.out.println("source auto: " + (refusal == null ? "the server accepts rtmp streams: using rtmp"
        : "the server refuses rtmp streams (" + refusal.strip() + "): using pull"));
  }

  private LiveStream open(ServerApi api, Sampler sampler, Speech.Script script, int n, int index) throws IOException {
    boolean pull = source == Options.Source.PULL;
    JsonObject spec = pull
        ? new JsonObject().put("type", "pull").put("url", script.wav().toAbsolutePath().toString())
            .put("realtime", true)
        : new JsonObject().put("type", "rtmp");
    ServerApi.Created created = api.create("loadtest-n" + n + "-" + index, spec, options.engine(),
        options.translations());
    LiveStream stream = new LiveStream(created.id(), script, pull);
    try {
      for (int v = 0; v < options.viewers(); v++) {
        stream.addViewer(Viewer.connect(api.http(), api.webSocket(created.id())));
      }
      for (String language : options.translations()) {
        stream.addTranslationViewer(TranslationViewer.connect(api.http(), api.webSocket(created.id()), language));
      }
      if (!pull) {
        if (created.publishUrl() == null) {
          throw new HarnessException("the server created rtmp stream " + created.id() + " without a publish URL");
        }
        String url = created.publishUrl().replace("://0.0.0.0:", "://127.0.0.1:");
        publishUrl = url;
        Path log = Files.createDirectories(work.resolve("publishers")).resolve(created.id() + ".log");
        Publisher publisher = Publisher.start(script, url, options.video(), log, stream.clock());
        stream.publishWith(publisher);
        sampler.watchPublisher(publisher.pid());
      }
      return stream;
    } catch (RuntimeException | IOException e) {
      stream.close();
      throw e;
    }
  }

  private void awaitSources(ServerApi api, ServerProcess server, List<LiveStream> streams, Deadline deadline)
      throws IOException {
    long began = System.currentTimeMillis();
    while (true) {
      boolean done = true;
      for (LiveStream stream : streams) {
        stream.poll(api);
        done &= stream.sourceDone();
      }
      checkServer(server);
      if (done) {
        return;
      }
      deadline.check("streams still sending: " + streams.stream().filter(s -> !s.sourceDone()).map(LiveStream::id)
          .toList());
      // the first seconds often, to time the streams' starts; then once a second
      deadline.sleep(System.currentTimeMillis() - began < 4000 ? 250 : 1000);
    }
  }

  private void drain(ServerApi api, ServerProcess server, List<LiveStream> streams, Deadline deadline)
      throws IOException {
    while (!deadline.passed()) {
      boolean drained = true;
      for (LiveStream stream : streams) {
        stream.poll(api);
        drained &= stream.drained() && stream.translationsDrained();
      }
      checkServer(server);
      if (drained) {
        return;
      }
      deadline.sleep(500);
    }
    System.out.println("  drain: not every caption arrived within " + options.drainSeconds()
        + " s; the figures count what did");
  }

  /** The server's CPU with no streams, over 3 s, percent of one core; -1 without /proc access. */
  private static double idleCpuPercent(long pid, Deadline step) {
    ProcStats.Reading before = pid > 0 ? ProcStats.read(pid) : null;
    long began = System.currentTimeMillis();
    step.sleep(3000);
    ProcStats.Reading after = pid > 0 ? ProcStats.read(pid) : null;
    if (before == null || after == null) {
      return -1;
    }
    return (after.cpuMs() - before.cpuMs()) * 100.0 / Math.max(1, System.currentTimeMillis() - began);
  }

  static void checkServer(ServerProcess server) {
    if (server != null && !server.alive()) {
      throw new HarnessException("the server died during the run; its log ends:\n" + server.logTail());
    }
  }

  /** Loud failures at the end of a step: a stream never timed, a viewer dropped or without captions. */
  private void check(List<LiveStream> streams) {
    for (LiveStream stream : streams) {
      if (!stream.clock().known()) {
        throw new HarnessException("stream " + stream.id() + ": no audio was seen leaving its "
            + (stream.publisher() == null ? "pull source" : "publisher") + ", so no lag can be measured");
      }
      for (int v = 0; v < stream.viewers().size(); v++) {
        Viewer viewer = stream.viewers().get(v);
        if (viewer.closedBecause() != null) {
          throw new HarnessException("viewer " + v + " of stream " + stream.id() + " was closed by the server: "
              + viewer.closedBecause());
        }
        if (!ingestOnly && viewer.events().isEmpty()) {
          throw new HarnessException("viewer " + v + " of stream " + stream.id() + " got no captions in "
              + options.seconds() + " s of speech (the server counts " + stream.captionsOnServer() + " captions)");
        }
      }
    }
  }

  static String name(Options.Source source) {
    return source.name().toLowerCase(java.util.Locale.ROOT);
  }

  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
