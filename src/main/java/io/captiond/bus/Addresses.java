package io.captiond.bus;

/**
 * Every event-bus address captiond uses, in one place. Per-stream addresses end with the stream id.
 * The message types live beside the stages that own them (package in brackets below); {@code bus}
 * imports none of them.
 *
 * <table>
 *   <caption>addresses and what travels on them</caption>
 *   <tr><th>address</th><th>body</th><th>pattern</th><th>from → to</th></tr>
 *   <tr><td>{@code captiond.pcm.<id>}</td><td>{@code PcmChunk} (media) (binary)</td>
 *       <td>send, or request when the source paces itself by the reply</td><td>ingest → StreamSession</td></tr>
 *   <tr><td>{@code captiond.ingest.<id>}</td><td>{@code IngestEvent} (ingest)</td>
 *       <td>send</td><td>ingest → StreamSession</td></tr>
 *   <tr><td>{@code captiond.asr.transcribe}</td><td>{@code AsrRequest} (asr) (binary) →
 *       reply {@code Transcript}</td><td>request/reply, round-robin over the workers, each with its
 *       default engine, cluster-wide</td><td>StreamSession → ASR worker</td></tr>
 *   <tr><td>{@code captiond.asr.engine.<engine>}</td><td>the same</td><td>request/reply,
 *       round-robin over the workers that have loaded that engine (only those register)</td>
 *       <td>StreamSession → ASR worker</td></tr>
 *   <tr><td>{@code captiond.asr.node.<node>}</td><td>the same, for any engine that worker has</td>
 *       <td>request/reply to one worker, chosen by the session from the heartbeats</td>
 *       <td>StreamSession → ASR worker</td></tr>
 *   <tr><td>{@code captiond.asr.control.<node>}</td><td>JSON {@code {"action": "load", "name",
 *       "path"}} → reply the loaded engine's description</td><td>request/reply to one worker</td>
 *       <td>engines API → ASR worker</td></tr>
 *   <tr><td>{@code captiond.asr.workers}</td><td>{@code WorkerInfo} (asr): node, engines, device,
 *       free capacity</td><td>publish, every second and on change</td><td>ASR worker → every
 *       node's worker directory</td></tr>
 *   <tr><td>{@code captiond.asr.census}</td><td>empty</td><td>publish: every worker answers with
 *       a heartbeat at once</td><td>a starting worker directory → ASR workers</td></tr>
 *   <tr><td>{@code captiond.asr.left}</td><td>the node id (String)</td><td>publish, local only</td>
 *       <td>cluster membership listener → worker directory and sessions (re-send in-flight
 *       windows)</td></tr>
 *   <tr><td>{@code captiond.captions.<id>}</td><td>{@code CaptionEvent} (captions)</td>
 *       <td>publish, after the store has it</td><td>StreamSession → WebSocket feeds</td></tr>
 *   <tr><td>{@code captiond.streams.status}</td><td>{@code StreamStatus} (session)</td>
 *       <td>send</td><td>StreamSession → stream registry</td></tr>
 *   <tr><td>{@code captiond.rtmp.publish}</td><td>{@code PublishClaim} (ingest.publish)
 *       (app, key, remote) → reply {@code ClaimReply} (granted with the
 *       stream's feed, or refused with a reason)</td><td>request/reply, local only</td>
 *       <td>RTMP connection → stream registry (resolves the key)</td></tr>
 *   <tr><td>{@code captiond.rtmp.publish.<id>}</td><td>the same claim and reply</td>
 *       <td>request/reply, local only</td><td>stream registry → the stream's RTMP ingest (one
 *       publisher at a time, takeover, reconnect)</td></tr>
 *   <tr><td>{@code captiond.outputs.<id>}</td><td>JSON: {@code {"op": "list"|"add"|"remove", ...}} →
 *       reply JSON (outputs redacted)</td><td>request/reply, local only</td><td>API → the stream's
 *       restream outputs (session)</td></tr>
 * </table>
 */
public final class Addresses {

  public static final String ASR_TRANSCRIBE = "captiond.asr.transcribe";
  public static final String ASR_WORKERS = "captiond.asr.workers";
  public static final String ASR_CENSUS = "captiond.asr.census";
  public static final String ASR_NODE_LEFT = "captiond.asr.left";
  public static final String STREAM_STATUS = "captiond.streams.status";
  public static final String RTMP_PUBLISH = "captiond.rtmp.publish";

  private Addresses() {}

  public static String pcm(String streamId) {
    return "captiond.pcm." + streamId;
  }

  public static String ingest(String streamId) {
    return "captiond.ingest." + streamId;
  }

  public static String rtmpPublish(String streamId) {
    return RTMP_PUBLISH + "." + streamId;
  }

  /** The workers that have loaded {@code engine}. */
  public static String asrEngine(String engine) {
    return "captiond.asr.engine." + engine;
  }

  /** One worker node, for any of its engines. */
  public static String asrNode(String nodeId) {
    return "captiond.asr.node." + nodeId;
  }

  /** One worker node's engine management (loading a model). */
  public static String asrControl(String nodeId) {
    return "captiond.asr.control." + nodeId;
  }

  /** One stream's restream outputs (the session answers the API there). */
  public static String outputs(String streamId) {
    return "captiond.outputs." + streamId;
  }

  public static String captions(String streamId) {
    return "captiond.captions." + streamId;
  }
}
