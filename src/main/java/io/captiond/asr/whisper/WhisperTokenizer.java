package io.captiond.asr.whisper;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.GptBytePairEncodingParams;
import com.knuddels.jtokkit.api.IntArrayList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Whisper's tokenizer ({@code whisper/tokenizer.py}): byte-level BPE over tiktoken ranks, run by
 * jtokkit, followed by Whisper's special tokens in this order: {@code <|endoftext|>},
 * {@code <|startoftranscript|>}, one token per language, {@code <|translate|>},
 * {@code <|transcribe|>}, {@code <|startoflm|>}, {@code <|startofprev|>}, {@code <|nospeech|>}
 * (called {@code <|nocaptions|>} by older exports), {@code <|notimestamps|>}, and the 1501
 * timestamps {@code <|0.00|>} to {@code <|30.00|>}.
 *
 * <p>The vocabulary size fixes the number of languages: 51865 (multilingual v1/v2) holds 99,
 * 51866 (large-v3) 100 with Cantonese, 51864 (English-only, gpt2 ranks) 99. Immutable, thread-safe.
 */
public final class WhisperTokenizer {

  /** {@code whisper.tokenizer.LANGUAGES} in order: a language token's id is {@code sot + 1 + index}. */
  public static final List<String> LANGUAGES = List.of(
      "en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar", "sv", "it",
      "id", "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no", "th", "ur",
      "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr", "az", "sl", "kn",
      "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw", "gl", "mr", "pa", "si",
      "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo",
      "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha",
      "ba", "jw", "su", "yue");

  /** Whisper's pre-tokenizer split (GPT-2's), with Unicode-aware {@code \s} as in tiktoken. */
  static final Pattern SPLIT = Pattern.compile(
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
      Pattern.UNICODE_CHARACTER_CLASS);

  public static final int TIMESTAMP_COUNT = 1501;
  public static final double SECONDS_PER_TIMESTAMP = 0.02;

  /** The rank files Whisper ships: gpt2 for English-only models, multilingual for the rest. */
  public enum RankFile {
    GPT2("gpt2.tiktoken"),
    MULTILINGUAL("multilingual.tiktoken");

    public final String fileName;

    RankFile(String fileName) {
      this.fileName = fileName;
    }
  }

  private final Encoding encoding;
  private final byte[][] tokenBytes;
  private final Map<String, Integer> specialIds;
  private final int eot;
  private final int numLanguages;
  private final boolean multilingual;

  private WhisperTokenizer(Map<byte[], Integer> ranks, int vocabSize, boolean multilingual, String name) {
    int rankCount = ranks.size();
    int numLanguages = vocabSize - rankCount - 2 - 6 - TIMESTAMP_COUNT;
    if (numLanguages < 1 || numLanguages > LANGUAGES.size()) {
      throw new IllegalArgumentException("vocabulary size " + vocabSize + " does not fit " + rankCount
          + " ranks + Whisper's special tokens (it needs 1 to " + LANGUAGES.size() + " languages, giving "
          + (rankCount + 8 + TIMESTAMP_COUNT + 1) + " to " + (rankCount + 8 + TIMESTAMP_COUNT + LANGUAGES.size()) + ")");
    }
    this.numLanguages = numLanguages;
    this.multilingual = multilingual;
    this.eot = rankCount;
    this.tokenBytes = new byte[vocabSize][];
    Map<byte[], Integer> mergeable = new HashMap<>();
    for (Map.Entry<byte[], Integer> e : ranks.entrySet()) {
      int rank = e.getValue();
      if (rank < 0 || rank >= rankCount || tokenBytes[rank] != null) {
        throw new IllegalArgumentException(name + ": ranks must be 0.." + (rankCount - 1) + " each once, saw " + rank);
      }
      tokenBytes[rank] = e.getKey();
      // multilingual.tiktoken gives rank 50256 to the empty string; BPE can never produce it
      if (e.getKey().length > 0) {
        mergeable.put(e.getKey(), rank);
      }
    }
    List<String> specials = new ArrayList<>();
    specials.add("<|endoftext|>");
    specials.add("<|startoftranscript|>");
    for (String language : LANGUAGES.subList(0, numLanguages)) {
      specials.add("<|" + language + "|>");
    }
    specials.addAll(List.of("<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>",
        "<|nospeech|>", "<|notimestamps|>"));
    for (int i = 0; i < TIMESTAMP_COUNT; i++) {
      specials.add(String.format(Locale.ROOT, "<|%.2f|>", i * SECONDS_PER_TIMESTAMP));
    }
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < specials.size(); i++) {
      ids.put(specials.get(i), rankCount + i);
      tokenBytes[rankCount + i] = specials.get(i).getBytes(StandardCharsets.UTF_8);
    }
    this.specialIds = Map.copyOf(ids);
    this.encoding = Encodings.newLazyEncodingRegistry()
        .registerGptBytePairEncoding(new GptBytePairEncodingParams(name, SPLIT, mergeable, Map.of()))
        .getEncoding(name).orElseThrow();
  }

  /**
   * A tokenizer from a tiktoken rank file ({@code base64-token rank} per line).
   *
   * @param vocabSize the model's {@code vocab_size}; fixes the number of language tokens
   * @throws IOException if the file cannot be read or a line is malformed (the message names both)
   */
  public static WhisperTokenizer fromRankFile(Path rankFile, int vocabSize) throws IOException {
    Map<byte[], Integer> ranks = readRanks(rankFile);
    boolean multilingual = !rankFile.getFileName().toString().startsWith("gpt2");
    try {
      return new WhisperTokenizer(ranks, vocabSize, multilingual, rankFile.getFileName().toString());
    } catch (IllegalArgumentException e) {
      throw new IOException(rankFile + ": " + e.getMessage(), e);
    }
  }

  /** The rank file Whisper uses for a model: gpt2 for English-only models, multilingual otherwise. */
  public static WhisperTokenizer fromRankDir(Path dir, RankFile which, int vocabSize) throws IOException {
    return fromRankFile(dir.resolve(which.fileName), vocabSize);
  }

  /**
   * A tokenizer from a Hugging Face model folder: {@code tokenizer.json}, or {@code vocab.json} +
   * {@code merges.txt} (+ {@code added_tokens.json}). Special tokens are placed by Whisper's rules
   * after {@code <|endoftext|>}, not read from the folder.
   *
   * @throws IOException naming the file if the vocabulary is missing or not GPT-2-style byte-level BPE
   */
  public static WhisperTokenizer fromHuggingFace(Path dir, int vocabSize, boolean multilingual) throws IOException {
    Map<byte[], Integer> ranks = HuggingFaceVocab.readRanks(dir);
    try {
      return new WhisperTokenizer(ranks, vocabSize, multilingual, "hf-" + dir.getFileName());
    } catch (IllegalArgumentException e) {
      throw new IOException(dir + ": " + e.getMessage(), e);
    }
  }

  static Map<byte[], Integer> readRanks(Path file) throws IOException {
    Map<byte[], Integer> ranks = new HashMap<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.strip().split(" ");
      try {
        if (parts.length != 2) {
          throw new IllegalArgumentException("want 'base64 rank'");
        }
        // multilingual.tiktoken spells the empty token "=", which Python's b64decode accepts
        byte[] token = parts[0].replace("=", "").isEmpty() ? new byte[0] : Base64.getDecoder().decode(parts[0]);
        ranks.put(token, Integer.parseInt(parts[1]));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " line " + lineNumber + ": " + e.getMessage() + ", got '" + line + "'");
      }
    }
    return ranks;
  }

  /** Token ids of plain text; special-token spellings in the text are encoded as ordinary text. */
  public int[] encode(String text) {
    return encoding.encodeOrdinary(text).toArray();
  }

  /** Text of the tokens below the timestamps (other special tokens appear as their names), as Whisper's {@code decode}. */
  public String decode(int[] tokens) {
    return decodeBytes(tokens, false);
  }

  /** Text of all tokens, timestamps as {@code <|1.08|>}, as Whisper's {@code decode_with_timestamps}. */
  public String decodeWithTimestamps(int[] tokens) {
    return decodeBytes(tokens, true);
  }

  private String decodeBytes(int[] tokens, boolean withTimestamps) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int timestampBegin = timestampBegin();
    for (int token : tokens) {
      if (withTimestamps || token < timestampBegin) {
        out.writeBytes(tokenBytes(token));
      }
    }
    // bytes joined before decoding, so a character split across tokens survives; invalid → U+FFFD
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The bytes a token stands for (a special token: its name in UTF-8). */
  public byte[] tokenBytes(int token) {
    if (token < 0 || token >= tokenBytes.length) {
      throw new IllegalArgumentException("token " + token + " outside vocabulary 0.." + (tokenBytes.length - 1));
    }
    return tokenBytes[token].clone();
  }

  public int vocabSize() {
    return tokenBytes.length;
  }

  public boolean isMultilingual() {
    return multilingual;
  }

  public int numLanguages() {
    return numLanguages;
  }

  public int eot() {
    return eot;
  }

  public int sot() {
    return eot + 1;
  }

  public int translate() {
    return sot() + numLanguages + 1;
  }

  public int transcribe() {
    return translate() + 1;
  }

  public int sotLm() {
    return translate() + 2;
  }

  public int sotPrev() {
    return translate() + 3;
  }

  public int noSpeech() {
    return translate() + 4;
  }

  public int noTimestamps() {
    return translate() + 5;
  }

  public int timestampBegin() {
    return translate() + 6;
  }

  public boolean isTimestamp(int token) {
    return token >= timestampBegin() && token < tokenBytes.length;
  }

  /** Offset in milliseconds of a timestamp token inside its 30 s window ({@code <|1.08|>} → 1080). */
  public long timestampMillis(int token) {
    if (!isTimestamp(token)) {
      throw new IllegalArgumentException("token " + token + " is not a timestamp");
    }
    return (token - timestampBegin()) * 20L;
  }

  /** The id of a special token by name, e.g. {@code <|en|>} or {@code <|0.02|>}. */
  public Optional<Integer> specialToken(String name) {
    return Optional.ofNullable(specialIds.get(name));
  }

  /** The language token for an ISO code such as {@code en}; empty if this vocabulary lacks it. */
  public Optional<Integer> languageToken(String code) {
    int index = LANGUAGES.indexOf(code);
    return index >= 0 && index < numLanguages ? Optional.of(sot() + 1 + index) : Optional.empty();
  }

  /** Language codes in token order, as many as the vocabulary holds. */
  public List<String> languages() {
    return LANGUAGES.subList(0, numLanguages);
  }

  /**
   * The decoder prompt: {@code <|startoftranscript|>}, then for multilingual models the language
   * and task tokens (English-only models take no language or task, as in Whisper).
   *
   * @param language an ISO code, {@code null} to leave it out
   * @param translate {@code <|translate|>} instead of {@code <|transcribe|>}
   */
  public int[] sotSequence(String language, boolean translate) {
    if (!multilingual) {
      return new int[] {sot()};
    }
    IntArrayList out = new IntArrayList();
    out.add(sot());
    if (language != null) {
      out.add(languageToken(language).orElseThrow(() ->
          new IllegalArgumentException("language '" + language + "' not in this vocabulary " + languages())));
    }
    out.add(translate ? translate() : transcribe());
    return out.toArray();
  }

  /**
   * Whisper's {@code non_speech_tokens}: symbols and speaker-tag punctuation that are suppressed so
   * the model does not write {@code ♪♪♪} or {@code [DAVID]}; a hyphen or quote after a space also.
   */
  public int[] nonSpeechTokens() {
    List<String> symbols = new ArrayList<>();
    for (char c : "\"#()*+/:;<=>@[\\]^_`{|}~「」『』".toCharArray()) {
      symbols.add(String.valueOf(c));
    }
    symbols.addAll(List.of("<<", ">>", "<<<", ">>>", "--", "---", "-(", "-[", "('", "(\"", "((", "))",
        "(((", ")))", "[[", "]]", "{{", "}}", "♪♪", "♪♪♪"));
    // U+2640..U+267F: several tokens each, but their 3-byte UTF-8 forms share the first two bytes
    List<String> miscellaneous = List.of("♩", "♪", "♫", "♬", "♭", "♮", "♯");
    TreeSet<Integer> result = new TreeSet<>();
    result.add(encode(" -")[0]);
    result.add(encode(" '")[0]);
    List<String> all = new ArrayList<>(symbols);
    all.addAll(miscellaneous);
    for (String symbol : all) {
      for (int[] tokens : List.of(encode(symbol), encode(" " + symbol))) {
        if (tokens.length == 1 || miscellaneous.contains(symbol)) {
          result.add(tokens[0]);
        }
      }
    }
    return result.stream().mapToInt(Integer::intValue).toArray();
  }
}
