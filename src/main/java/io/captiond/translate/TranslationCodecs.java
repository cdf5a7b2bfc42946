package io.captiond.translate;

import io.captiond.bus.JsonRecordCodec;
import io.vertx.core.eventbus.EventBus;

/**
 * Wire codecs for the translation requests and replies, as JSON, so that translation workers can
 * run on other nodes, and for the translated captions ({@code app.Codecs} registers them all).
 */
public final class TranslationCodecs {

  public static final String REQUEST = "captiond.translate.request";
  public static final String REPLY = "captiond.translate.reply";
  public static final String CAPTION = "captiond.translated.caption";

  private TranslationCodecs() {}

  public static JsonRecordCodec<TranslationRequest> requestCodec() {
    return new JsonRecordCodec<>(REQUEST, TranslationRequest::toJson, TranslationRequest::fromJson);
  }

  public static JsonRecordCodec<TranslationReply> replyCodec() {
    return new JsonRecordCodec<>(REPLY, TranslationReply::toJson, TranslationReply::fromJson);
  }

  public static void registerAll(EventBus bus) {
    bus.registerDefaultCodec(TranslationRequest.class, requestCodec());
    bus.registerDefaultCodec(TranslationReply.class, replyCodec());
    bus.registerDefaultCodec(TranslatedCaption.class,
        new JsonRecordCodec<>(CAPTION, TranslatedCaption::toStoredJson, TranslatedCaption::fromStoredJson));
  }
}
