package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TranslationCatalogTest {

  @Test
  void findsEnginesByNameAndTheEnginesThatOfferAPair() {
    try (TranslationCatalog catalog = new TranslationCatalog()) {
      catalog.put(new GatedEngine("apertium", "", true));
      catalog.put(new GatedEngine("libretranslate", "", true));

      assertEquals(Set.of("apertium", "libretranslate"), catalog.names());
      assertEquals(List.of("apertium", "libretranslate"), catalog.offering(LanguagePair.of("en", "es")));
      assertEquals(List.of(), catalog.offering(LanguagePair.of("en", "fr")));
      assertEquals(Map.of("apertium", Set.of(LanguagePair.of("en", "es")),
          "libretranslate", Set.of(LanguagePair.of("en", "es"))), catalog.pairs());
      assertTrue(catalog.acquire("nothing").isEmpty());
    }
  }

  @Test
  void closesAReplacedEngineOnlyAfterTheRequestThatHoldsItIsDone() {
    TranslationCatalog catalog = new TranslationCatalog();
    GatedEngine old = new GatedEngine("apertium", "old:", true);
    GatedEngine fresh = new GatedEngine("apertium", "new:", true);
    catalog.put(old);
    TranslationCatalog.Lease held = catalog.acquire("apertium").orElseThrow();

    catalog.put(fresh);

    assertFalse(old.closed.get());
    try (TranslationCatalog.Lease next = catalog.acquire("apertium").orElseThrow()) {
      assertEquals(fresh, next.engine());
    }
    held.close();
    assertTrue(old.closed.get());
    assertFalse(fresh.closed.get());
    catalog.close();
    assertTrue(fresh.closed.get());
  }

  @Test
  void closesARemovedEngineAndForgetsIt() {
    TranslationCatalog catalog = new TranslationCatalog();
    GatedEngine engine = new GatedEngine("libretranslate", "", true);
    catalog.put(engine);

    assertTrue(catalog.remove("libretranslate"));

    assertTrue(engine.closed.get());
    assertTrue(catalog.acquire("libretranslate").isEmpty());
    assertFalse(catalog.remove("libretranslate"));
  }
}
