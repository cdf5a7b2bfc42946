package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests and replies cross nodes as JSON and come back equal. */
class TranslationCodecsTest {

  static final List<TranslationUnit> UNITS = List.of(new TranslationUnit("Hello world.", 1_000, 1_650),
      new TranslationUnit("¿Qué tal? \"quoted\" — ünïcode", 2_000, 4_500));

  @Test
  void carriesARequestAcrossTheWireUnchanged() {
    TranslationRequest request = new TranslationRequest("stream-1", LanguagePair.of("en", "ca-valencia"), UNITS, 2_500);
    Buffer wire = Buffer.buffer("prefix");
    TranslationCodecs.requestCodec().encodeToWire(wire, request);

    assertEquals(request, TranslationCodecs.requestCodec().decodeFromWire("prefix".length(), wire));
  }

  @Test
  void carriesAReplyAcrossTheWireUnchanged() {
    TranslationReply reply = new TranslationReply("apertium", LanguagePair.of("en", "es"), UNITS);
    Buffer wire = Buffer.buffer();
    TranslationCodecs.replyCodec().encodeToWire(wire, reply);

    assertEquals(reply, TranslationCodecs.replyCodec().decodeFromWire(0, wire));
  }

  @Test
  void readsAPairBackFromItsText() {
    assertEquals(LanguagePair.of("en", "ca-valencia"), LanguagePair.parse("en->ca-valencia"));
  }
}
