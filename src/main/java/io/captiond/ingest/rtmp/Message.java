package io.captiond.ingest.rtmp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One RTMP message read for its meaning (RTMP 1.0 sections 5.4, 6.2 and 7.1): the typed layer
 * between the raw {@link RtmpMessage} of the chunk stream and the publish conversation.
 * {@link MessageDecoder} makes them; each record keeps the message stream it arrived on where the
 * conversation needs it.
 */
public sealed interface Message {

  /** Section 5.4, types 1, 2, 3, 5 and 6. */
  record Control(ControlMessage control) implements Message {}

  /** Section 6.2, type 4. */
  record UserEvent(UserControl event) implements Message {}

  /** Section 7.1.1, types 20 and 17: a NetConnection or NetStream command. */
  record CommandMessage(int streamId, Command command) implements Message {}

  /**
   * Section 7.1.2, types 18 and 15: the AMF0 values of a data message. Read as metadata only once
   * a publish is accepted ({@link #metaData}); before that a data message is ignored unread.
   */
  record Data(int streamId, List<Object> values) implements Message {
    public Data {
      values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** {@code @setDataFrame onMetaData} or {@code onMetaData}, if that is what this carries. */
    public Optional<MetaData> metaData() {
      return MetaData.parse(values);
    }
  }

  /** Section 7.1.4, type 8, its FLV audio tag header read ({@link FlvTags#audio}). */
  record Audio(int streamId, Media media) implements Message {}

  /** Section 7.1.5, type 9, its FLV video tag header read ({@link FlvTags#video}). */
  record Video(int streamId, Media media) implements Message {}

  /**
   * A type a publishing server has no use for: shared objects (16, 19), aggregates (22) and ids
   * the specification does not define. Ignored, as FMS and nginx-rtmp ignore them.
   */
  record Unhandled(int typeId, int streamId) implements Message {}
}
