package io.captiond.app;

import io.captiond.asr.AsrRequest;
import io.captiond.asr.AsrRequestCodec;
import io.captiond.asr.Transcript;
import io.captiond.asr.TranscriptJson;
import io.captiond.captions.CaptionEvent;
import io.captiond.ingest.IngestEvent;
import io.captiond.ingest.publish.ClaimReply;
import io.captiond.ingest.publish.PublishClaim;
import io.captiond.bus.JsonRecordCodec;
import io.captiond.bus.LocalOnlyCodec;
import io.captiond.media.PcmChunk;
import io.captiond.media.PcmChunkCodec;
import io.captiond.session.StreamStatus;
import io.captiond.translate.TranslationCodecs;
import io.vertx.core.eventbus.EventBus;

/**
 * Registers a wire codec for every message type captiond sends, so that any of them can cross
 * nodes of a cluster. Every node registers the same codecs at start. The RTMP publish claims are
 * the exception: they carry a live feed and stay on the node of the RTMP server ({@link LocalOnlyCodec}).
 * Registration lives here, at the top, so that {@code bus} knows only generic codecs and the stages
 * own the codecs of their messages.
 */
public final class Codecs {

  private Codecs() {}

  public static void registerAll(EventBus bus) {
    bus.registerDefaultCodec(PcmChunk.class, new PcmChunkCodec());
    bus.registerDefaultCodec(AsrRequest.class, new AsrRequestCodec());
    bus.registerDefaultCodec(Transcript.class,
        new JsonRecordCodec<>("captiond.transcript", TranscriptJson::toJson, TranscriptJson::fromJson));
    bus.registerDefaultCodec(CaptionEvent.class,
        new JsonRecordCodec<>("captiond.caption", CaptionEvent::toStoredJson, CaptionEvent::fromStoredJson));
    bus.registerDefaultCodec(IngestEvent.class,
        new JsonRecordCodec<>("captiond.ingest", IngestEvent::toJson, IngestEvent::fromJson));
    bus.registerDefaultCodec(StreamStatus.class,
        new JsonRecordCodec<>("captiond.stream.status", StreamStatus::toJson, StreamStatus::fromJson));
    TranslationCodecs.registerAll(bus);
    bus.registerDefaultCodec(PublishClaim.class, new LocalOnlyCodec<>("captiond.rtmp.claim"));
    bus.registerDefaultCodec(ClaimReply.Granted.class, new LocalOnlyCodec<>("captiond.rtmp.granted"));
    bus.registerDefaultCodec(ClaimReply.Refused.class, new LocalOnlyCodec<>("captiond.rtmp.refused"));
  }
}
