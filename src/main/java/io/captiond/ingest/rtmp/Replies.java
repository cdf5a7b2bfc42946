package io.captiond.ingest.rtmp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command messages a server sends a publisher: {@code _result} for connect and createStream
 * (RTMP 1.0 section 7.2.1.1, 7.2.1.3), {@code onStatus} for publish (section 7.2.2), and the
 * {@code onFCPublish} FMS sends. Each builder returns the AMF0 values; {@link #message} wraps them.
 */
public final class Replies {

  /** What FMS 3 answered; clients only read the code. */
  static final String FMS_VERSION = "FMS/3,0,1,123";

  private Replies() {}

  public static List<Object> connectResult(double transactionId) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("fmsVer", FMS_VERSION);
    properties.put("capabilities", 31.0);
    Map<String, Object> information = new LinkedHashMap<>();
    information.put("level", "status");
    information.put("code", "NetConnection.Connect.Success");
    information.put("description", "Connection succeeded.");
    information.put("objectEncoding", 0.0);
    return List.of("_result", transactionId, properties, information);
  }

  public static List<Object> createStreamResult(double transactionId, int streamId) {
    return Arrays.asList("_result", transactionId, null, (double) streamId);
  }

  public static List<Object> publishStart(String streamKey) {
    return onStatus("status", "NetStream.Publish.Start", streamKey + " is now published.");
  }

  public static List<Object> publishBadName(String streamKey, String reason) {
    return onStatus("error", "NetStream.Publish.BadName", streamKey + " rejected: " + reason);
  }

  public static List<Object> unpublishSuccess(String streamKey) {
    return onStatus("status", "NetStream.Unpublish.Success", streamKey + " is now unpublished.");
  }

  public static List<Object> onFCPublish(String streamKey) {
    Map<String, Object> information = new LinkedHashMap<>();
    information.put("code", "NetStream.Publish.Start");
    information.put("description", streamKey);
    return Arrays.asList("onFCPublish", 0.0, null, information);
  }

  public static List<Object> onStatus(String level, String code, String description) {
    Map<String, Object> information = new LinkedHashMap<>();
    information.put("level", level);
    information.put("code", code);
    information.put("description", description);
    return Arrays.asList("onStatus", 0.0, null, information);
  }

  /** An AMF0 command message (type 20) on message stream {@code streamId}. */
  public static RtmpMessage message(int streamId, List<Object> values) {
    return new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0Encoder.encodeAll(values));
  }
}
