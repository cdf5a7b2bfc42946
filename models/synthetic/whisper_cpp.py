#!/usr/bin/python3
"""whisper.cpp, step by step, through its C API (whisper.h) with ctypes.

The library is the one whisper-jni 1.7.1 bundles (whisper.cpp 1.7.1 built for Linux x86-64 with
AVX2, FMA and F16C): this script takes libwhisper.so.1 and that libggml out of the jar. whisper-jni's
Java API offers only whisper_full(); the forced decode and the per-step timings need
whisper_set_mel, whisper_encode, whisper_decode and whisper_get_logits.

    whisper_cpp.py forced JAR MODEL_DIR MEL_F32 TOKENS SAMPLE_BEGIN [--threads N]
        Feeds whisper.cpp our log-mel (raw float32 [n_mels, 3000]), then our tokens one at a time;
        at every sampled step it applies Whisper's rules (the reference's apply_rules) to
        whisper.cpp's logits and prints, as JSON, the token it would pick and its top-2 margin.
    whisper_cpp.py bench JAR MODEL_DIR WAV --threads N --runs R --steps S --windows 5,10,20
        Prints, as JSON, the medians of: encoder per 30 s window, decoder per token (S argmax steps
        on the cache after the 3-token prompt), and a live step for each open-window length W
        (log-mel of W s + encoder + a 36-token prompt + 3 W argmax steps), as WhisperBench.java.
"""
import argparse
import ctypes
import json
import os
import statistics
import sys
import tempfile
import time
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
N_FRAMES = 3000


class WhisperCpp:
    """One whisper.cpp context over a model file; its encoder state lives inside the context."""

    def __init__(self, jar, model_file):
        self._libdir = tempfile.TemporaryDirectory(prefix="whisper-cpp-")
        lib = self._extract(jar, self._libdir.name)
        self.lib = lib
        lib.whisper_init_from_file.restype = ctypes.c_void_p
        lib.whisper_init_from_file.argtypes = [ctypes.c_char_p]
        lib.whisper_set_mel.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_float), ctypes.c_int, ctypes.c_int]
        lib.whisper_pcm_to_mel.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_float), ctypes.c_int,
                                           ctypes.c_int]
        lib.whisper_encode.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        lib.whisper_decode.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int32), ctypes.c_int,
                                       ctypes.c_int, ctypes.c_int]
        lib.whisper_get_logits.restype = ctypes.POINTER(ctypes.c_float)
        lib.whisper_get_logits.argtypes = [ctypes.c_void_p]
        lib.whisper_n_vocab.argtypes = [ctypes.c_void_p]
        lib.whisper_free.argtypes = [ctypes.c_void_p]
        self.ctx = lib.whisper_init_from_file(model_file.encode())
        if not self.ctx:
            raise SystemExit(f"whisper.cpp could not load {model_file}")
        self.n_vocab = lib.whisper_n_vocab(self.ctx)

    @staticmethod
    def _extract(jar, into):
        """libggml (the AVX2 build, under the soname libwhisper.so.1 asks for) and libwhisper."""
        with zipfile.ZipFile(jar) as z:
            for member, name in (("debian-amd64/libggml+mf16c+mfma+mavx+mavx2.so", "libggml.so"),
                                 ("debian-amd64/libwhisper.so.1", "libwhisper.so.1")):
                with z.open(member) as src, open(os.path.join(into, name), "wb") as dst:
                    dst.write(src.read())
        ctypes.CDLL(os.path.join(into, "libggml.so"), mode=ctypes.RTLD_GLOBAL)
        return ctypes.CDLL(os.path.join(into, "libwhisper.so.1"))

    def pcm_to_mel(self, samples, threads):
        """whisper.cpp's own log-mel of 16 kHz float samples (it pads 30 s of silence after them)."""
        samples = np.ascontiguousarray(samples, dtype=np.float32)
        check(self.lib.whisper_pcm_to_mel(self.ctx, samples.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
                                          len(samples), threads), "whisper_pcm_to_mel")

    def encode_mel_set(self, threads):
        check(self.lib.whisper_encode(self.ctx, 0, threads), "whisper_encode")

    def encode(self, mel, threads):
        """mel: float32 [n_mels, 3000] (frames innermost, as whisper_set_mel takes it)."""
        mel = np.ascontiguousarray(mel, dtype=np.float32)
        n_mels, n_len = mel.shape
        # whisper.cpp keeps its mel as n_mel rows of n_len frames, and whisper_set_mel copies as is
        check(self.lib.whisper_set_mel(self.ctx, mel.ctypes.data_as(ctypes.POINTER(ctypes.c_float)), n_len, n_mels),
              "whisper_set_mel")
        check(self.lib.whisper_encode(self.ctx, 0, threads), "whisper_encode")

    def decode(self, tokens, n_past, threads):
        """Runs tokens after n_past cached ones; returns the last token's logits (a copy)."""
        array = (ctypes.c_int32 * len(tokens))(*tokens)
        check(self.lib.whisper_decode(self.ctx, array, len(tokens), n_past, threads), "whisper_decode")
        logits = self.lib.whisper_get_logits(self.ctx)
        offset = (len(tokens) - 1) * self.n_vocab
        return np.ctypeslib.as_array(logits, shape=(len(tokens) * self.n_vocab,))[offset:].copy()

    def close(self):
        self.lib.whisper_free(self.ctx)
        self._libdir.cleanup()


def check(status, what):
    if status != 0:
        raise SystemExit(f"{what} failed: {status}")


def model_tokens(model_dir):
    import make_synthetic_whisper as reference
    with open(os.path.join(model_dir, "config.json")) as f:
        n_vocab = json.load(f)["vocab_size"]
    return reference.Tokens(os.path.join(model_dir, "multilingual.tiktoken"), n_vocab)


def forced(args):
    import torch
    import make_synthetic_whisper as reference
    tok = model_tokens(args.model_dir)
    suppress = tok.suppress_tokens()
    tokens = [int(t) for t in args.tokens.split(",")]
    mel = np.fromfile(args.mel, dtype="<f4")
    mel = mel.reshape(-1, N_FRAMES)
    cpp = WhisperCpp(args.jar, os.path.join(args.model_dir, "ggml-model-f16.bin"))
    try:
        cpp.encode(mel, args.threads)
        picks, margins = [], []
        logits = cpp.decode(tokens[:args.sample_begin], 0, args.threads)
        for step in range(args.sample_begin, len(tokens) + 1):
            ruled = torch.from_numpy(logits.copy())
            reference.apply_rules(ruled, tokens[:step], args.sample_begin, tok, suppress)
            top2 = torch.topk(ruled, 2).values
            picks.append(int(torch.argmax(ruled)))
            margins.append(float(top2[0] - top2[1]))
            if step == len(tokens) or tokens[step] == tok.eot:
                break
            logits = cpp.decode([tokens[step]], step, args.threads)
    finally:
        cpp.close()
    json.dump({"picks": picks, "margins": [round(m, 4) for m in margins]}, sys.stdout)


def bench(args):
    """The protocol of WhisperBench.java (ONNX Runtime) and whisper_bench_torch.py, on whisper.cpp."""
    import make_synthetic_whisper as reference
    tok = model_tokens(args.model_dir)
    cpp = WhisperCpp(args.jar, os.path.join(args.model_dir, "ggml-model-f16.bin"))
    speech = reference.read_wav(args.wav).astype(np.float32) / 32768
    prompt = [tok.sot, tok.sot + 1, tok.transcribe]
    result = {"threads": args.threads, "runs": args.runs, "steps": args.steps}
    try:
        cpp.pcm_to_mel(speech, args.threads)
        cpp.encode_mel_set(args.threads)  # warm-up: whisper.cpp sizes its compute buffers on first use
        result["encoder_ms"] = median_ms(lambda: cpp.encode_mel_set(args.threads), args.runs)

        def steps(count, first):
            logits = cpp.decode(first, 0, args.threads)
            began = time.perf_counter()
            for i in range(count):
                logits = cpp.decode([int(np.argmax(logits))], len(first) + i, args.threads)
            return (time.perf_counter() - began) * 1000
        steps(args.steps, prompt)
        result["decoder_ms_per_token"] = statistics.median(steps(args.steps, prompt) / args.steps
                                                           for _ in range(args.runs))
        live = {}
        for seconds in [int(s) for s in args.windows.split(",")]:
            window = np.resize(speech, seconds * 16000)  # the clip repeated to the window's length

            def live_step():
                cpp.pcm_to_mel(window, args.threads)
                cpp.encode_mel_set(args.threads)
                steps(LIVE_TOKENS_PER_SECOND * seconds, live_prompt(tok))
            live[str(seconds)] = median_ms(live_step, args.runs)
        result["live_step_ms"] = live
    finally:
        cpp.close()
    json.dump(result, sys.stdout)


LIVE_TOKENS_PER_SECOND = 3  # read speech: about 2.5 words a second, a word and a bit in tokens
LIVE_PROMPT_TOKENS = 32     # the confirmed text before the window, given as <|startofprev|> prompt


def live_prompt(tok):
    """<|startofprev|>, 32 text tokens, then the start-of-transcript sequence (the Java side's shape)."""
    return [tok.sot_prev] + [1000 + i for i in range(LIVE_PROMPT_TOKENS)] + [tok.sot, tok.sot + 1, tok.transcribe]


def median_ms(action, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    f = commands.add_parser("forced")
    f.add_argument("jar")
    f.add_argument("model_dir")
    f.add_argument("mel")
    f.add_argument("tokens")
    f.add_argument("sample_begin", type=int)
    f.add_argument("--threads", type=int, default=1)
    b = commands.add_parser("bench")
    b.add_argument("jar")
    b.add_argument("model_dir")
    b.add_argument("wav", help="16 kHz mono speech (jfk.wav), repeated to each live window's length")
    b.add_argument("--threads", type=int, default=1)
    b.add_argument("--runs", type=int, default=5)
    b.add_argument("--steps", type=int, default=100, help="decoder steps after the 3-token prompt")
    b.add_argument("--windows", default="5,10,20", help="open-window lengths of the live step, seconds")
    args = parser.parse_args()
    {"forced": forced, "bench": bench}[args.command](args)


if __name__ == "__main__":
    main()
