package io.captiond;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the house, checked on the compiled main classes: no package cycles, the bus contracts
 * on the ground floor, and the pure rooms (streaming policy, cue layout, protocol codecs, HLS format)
 * free of Vert.x and ONNX Runtime so that they stay plain Java, testable without either.
 */
class ArchitectureTest {

  /** The streaming policy and the cue layout: plain data and logic (STYLE.md, rule 7). */
  private static final String PURE_CLASSES = "io\\.captiond\\.(session\\.(CaptionPolicy|StreamingPolicy"
      + "|UtterancePolicy|LocalAgreement|HallucinationGuard|CaptionDraft|CaptionUpdate|PolicyFactory)"
      + "|captions\\.CueLayout)(\\$.*)?";
  /** Protocol codecs and formats: the RTMP codecs and the HLS format package. */
  private static final String[] PURE_PACKAGES = {"io.captiond.ingest.rtmp..", "io.captiond.media.hls.."};
  private static final String[] RUNTIMES = {"io.vertx..", "ai.onnxruntime.."};

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.captiond");
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("io.captiond.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void busImportsNothingOfCaptiond() {
    ArchRule rule = noClasses().that().resideInAPackage("io.captiond.bus..")
        .should().dependOnClassesThat(DescribedPredicate.describe(
            "are captiond classes outside bus", (JavaClass c) -> c.getPackageName().startsWith("io.captiond")
                && !c.getPackageName().startsWith("io.captiond.bus")))
        .because("bus holds the contracts every stage builds on; message codecs live beside their types");
    rule.check(classes);
  }

  @Test
  void streamingPolicyAndCueLayoutUseNeitherVertxNorOnnx() {
    noClasses().that().haveNameMatching(PURE_CLASSES)
        .should().dependOnClassesThat().resideInAnyPackage(RUNTIMES)
        .because("the policy and the layout are plain Java, unit-tested without an event loop or a model")
        .check(classes);
  }

  @Test
  void protocolCodecsAndFormatsUseNeitherVertxNorOnnx() {
    noClasses().that().resideInAnyPackage(PURE_PACKAGES)
        .should().dependOnClassesThat().resideInAnyPackage(RUNTIMES)
        .because("protocol codecs and formats are pure; Vert.x and ONNX Runtime belong to the stages above")
        .allowEmptyShould(true)
        .check(classes);
  }
}
