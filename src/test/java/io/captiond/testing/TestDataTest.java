package io.captiond.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test data belongs to the repository: every file is there, listed, and of its recorded SHA-256. */
class TestDataTest {

  private static final Set<String> DOCUMENTS = Set.of("README.md", TestData.SUMS_FILE);

  @Test
  void everyListedFileIsPresentWithItsRecordedChecksum() {
    List<String> listed = new ArrayList<>();
    for (String relative : Fixtures.data().listed()) {
      Fixtures.data().verified(relative);
      listed.add(relative);
    }
    assertTrue(listed.containsAll(List.of("speech/jfk.wav", "speech/jfk.reference.txt",
        "whisper/mel_filters.npz", "whisper/multilingual.tiktoken")), "SHA256SUMS lists " + listed);
  }

  @Test
  void everyDataFileInTheFolderIsListed() throws IOException {
    Set<String> listed = new TreeSet<>();
    Fixtures.data().listed().forEach(listed::add);
    Path dir = Fixtures.dir();
    try (Stream<Path> files = Files.walk(dir)) {
      List<String> unlisted = files.filter(Files::isRegularFile)
          .map(f -> dir.relativize(f).toString().replace('\\', '/'))
          .filter(f -> !DOCUMENTS.contains(f) && !f.contains("LICENSE") && !listed.contains(f))
          .toList();
      assertEquals(List.of(), unlisted, "data files missing from SHA256SUMS");
    }
  }

  @Test
  void englishRanksComeFromJtokkitAndMatchWhispersFile() {
    Path ranks = Fixtures.file("whisper/gpt2.tiktoken");
    assertEquals(Fixtures.GPT2_SHA256, TestData.sha256(ranks));
    assertTrue(Files.isRegularFile(Fixtures.whisperRankDir().resolve("multilingual.tiktoken")));
  }

  @Test
  void aDamagedFileIsRefusedNamingItAndBothChecksums(@TempDir Path copy) throws IOException {
    Path source = Fixtures.dir();
    Files.copy(source.resolve(TestData.SUMS_FILE), copy.resolve(TestData.SUMS_FILE));
    Files.createDirectories(copy.resolve("speech"));
    byte[] text = Files.readAllBytes(source.resolve("speech/jfk.reference.txt"));
    text[0] ^= 1;
    Files.write(copy.resolve("speech/jfk.reference.txt"), text);

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TestData.in(copy).verified("speech/jfk.reference.txt"));
    assertTrue(e.getMessage().contains("jfk.reference.txt"), e.getMessage());
    assertTrue(e.getMessage().contains(TestData.sha256(copy.resolve("speech/jfk.reference.txt"))), e.getMessage());
    assertTrue(e.getMessage().contains(TestData.sha256(source.resolve("speech/jfk.reference.txt"))), e.getMessage());
  }

  @Test
  void aMissingFileIsRefusedSayingHowToRestoreIt(@TempDir Path copy) throws IOException {
    Files.copy(Fixtures.dir().resolve(TestData.SUMS_FILE), copy.resolve(TestData.SUMS_FILE));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TestData.in(copy).verified("speech/jfk.wav"));
    assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("jfk.wav"), e.getMessage());
    assertTrue(e.getMessage().contains("git checkout"), e.getMessage());
  }

  @Test
  void aFolderWithoutChecksumsIsRefused(@TempDir Path empty) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestData.in(empty));
    assertTrue(e.getMessage().contains(TestData.SUMS_FILE), e.getMessage());
  }

  @Test
  void theVadModelIsFetchedByTheProjectsScript() {
    Path model = Fixtures.sileroVad();
    assertTrue(Files.isRegularFile(model), model + " after models/fetch-models.sh silero-vad");
  }
}
