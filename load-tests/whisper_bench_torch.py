#!/usr/bin/python3
"""The PyTorch reference side of load-tests/whisper-bench.sh.

Rebuilds the synthetic Whisper model of models/synthetic/make_synthetic_whisper.py with the same
seed and knobs (so the weights are those of the ONNX files the Java side loads), then times, with
torch.set_num_threads(THREADS) and no autograd:
  * the encoder on one 30 s window (jfk padded), median of RUNS;
  * the decoder per token with its key/value cache: the 3-token prompt, then STEPS single-token
    steps (argmax, no timestamp rules, the end token ignored: a fixed amount of work), median of RUNS;
  * a batch of B windows (B in BATCHES): encoder on B windows + prompt + STEPS steps on B rows;
  * the live step of WhisperBench.java at 5, 10 and 20 s of open window (the log-mel here is the
    reference's float64 numpy one, slower than a production log-mel).
Prints one JSON object on stdout.

    /usr/bin/python3 load-tests/whisper_bench_torch.py SIZE THREADS RUNS STEPS BATCHES FIXTURES
"""
import importlib.util
import json
import os
import statistics
import sys
import time

import numpy as np


def main():
    size, threads, runs, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    batches = [int(b) for b in sys.argv[5].split(",")]
    fixtures = sys.argv[6]
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        "synthetic", os.path.join(here, "..", "models", "synthetic", "make_synthetic_whisper.py"))
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    import torch
    torch.set_num_threads(threads)

    dims = synthetic.SIZES[size]
    tok = synthetic.Tokens(os.path.join(fixtures, "whisper", "multilingual.tiktoken"), dims["n_vocab"])
    AudioEncoder, TextDecoder, _, _ = synthetic.build_modules()
    encoder, decoder = AudioEncoder(dims).eval(), TextDecoder(dims).eval()
    knobs = dict(synthetic.KNOBS, **synthetic.SIZE_KNOBS[size])
    synthetic.init_weights(encoder, decoder, dims, 1234, dict(knobs, eot=tok.eot))
    synthetic.ggml_format.round_like_ggml(synthetic.checkpoint_state(encoder, decoder))

    filters = np.load(os.path.join(fixtures, "whisper", "mel_filters.npz"))[f"mel_{dims['n_mels']}"]
    jfk = synthetic.read_wav(os.path.join(fixtures, "speech", "jfk.wav"))
    mel = torch.from_numpy(synthetic.log_mel_reference(jfk, filters).astype(np.float32))[None]
    prompt = [tok.sot, tok.sot + 1, tok.transcribe]

    def encode(batch):
        return encoder(mel.expand(batch, -1, -1).contiguous())

    def decode(audio, prompt=prompt, steps=steps):
        b = audio.shape[0]
        n = len(decoder.blocks)
        cross = [blk.cross_kv(audio) for blk in decoder.blocks]
        dh = cross[0][0].shape[-1]
        empty = torch.zeros(b, decoder.n_head, 0, dh)
        logits, past = decoder.run(torch.tensor([prompt] * b), [(empty, empty)] * n, cross)
        began = time.perf_counter()
        for _ in range(steps):
            nxt = logits[:, -1].argmax(-1, keepdim=True)
            logits, past = decoder.run(nxt, past, cross)
        return time.perf_counter() - began

    result = {"size": size, "threads": threads, "runs": runs, "steps": steps, "torch": torch.__version__}
    with torch.no_grad():
        encode(1)  # warm-up
        audio = encode(1)
        result["encoder_head"] = audio[0, :2, :4].tolist()
        enc = []
        for _ in range(runs):
            began = time.perf_counter()
            encode(1)
            enc.append((time.perf_counter() - began) * 1000)
        dec = [decode(audio) * 1000 / steps for _ in range(runs)]
        result["encoder_ms"] = statistics.median(enc)
        result["decoder_ms_per_token"] = statistics.median(dec)
        result["batches"] = {}
        for b in batches:
            times = []
            for _ in range(max(1, runs // 2)):
                began = time.perf_counter()
                decode(encode(b))
                times.append(time.perf_counter() - began)
            result["batches"][str(b)] = statistics.median(times) * 1000
        result["live_step_ms"] = {}
        live_prompt = [tok.sot_prev] + [1000 + i for i in range(32)] + prompt
        for seconds in (5, 10, 20):
            window = np.resize(jfk, seconds * 16000)
            times = []
            for _ in range(runs):
                began = time.perf_counter()
                window_mel = torch.from_numpy(synthetic.log_mel_reference(window, filters).astype(np.float32))[None]
                decode(encoder(window_mel), live_prompt, 3 * seconds)
                times.append(time.perf_counter() - began)
            result["live_step_ms"][str(seconds)] = statistics.median(times) * 1000
    print(json.dumps(result))


if __name__ == "__main__":
    main()
