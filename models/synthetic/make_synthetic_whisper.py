#!/usr/bin/python3
"""Synthetic Whisper models and the reference outputs captiond's Java tests compare against.

Run with Debian's python3 (python3-torch 1.13, python3-onnx, python3-numpy):

    /usr/bin/python3 models/synthetic/make_synthetic_whisper.py OUT_DIR SIZE [--fixtures DIR]

SIZE is micro, tiny or base (see SIZES), or "none" for the audio and log-mel references only.
OUT_DIR receives:

    audio/*.wav                  the test inputs: jfk.wav, its first 4 s, a 1 s chirp
    reference/<input>.mel<N>.npy log-mel of each input padded to 30 s, float32 [N, 3000],
                                 from a float64 numpy implementation written from Whisper's audio.py
    reference.json               inputs, and for a model the greedy decode tokens of each input
    model/                       (SIZE != none) encoder_model.onnx, decoder_model.onnx,
                                 decoder_with_past_model.onnx, config.json,
                                 generation_config.json, multilingual.tiktoken

The weights are seeded random numbers: the models have Whisper's architecture, tensor names and
shapes, never its skills. Outputs go under target/ and are never committed.
"""
import argparse
import json
import math
import os
import shutil
import struct
import sys
import time
import wave

import numpy as np

SAMPLE_RATE = 16000
N_FFT = 400
HOP_LENGTH = 160
N_SAMPLES = 30 * SAMPLE_RATE
N_FRAMES = N_SAMPLES // HOP_LENGTH


# ---------------------------------------------------------------- audio inputs

def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getnchannels() != 1 or w.getframerate() != SAMPLE_RATE or w.getsampwidth() != 2:
            raise SystemExit(f"{path}: want 16 kHz mono s16")
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return data.astype(np.int16)


def write_wav(path, samples):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(samples.astype("<i2").tobytes())


def make_inputs(fixtures, out_dir):
    """Writes the test WAVs; returns {name: int16 samples}."""
    jfk = read_wav(os.path.join(fixtures, "speech", "jfk.wav"))
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    # 1 s linear chirp 200 Hz -> 4 kHz at half scale
    chirp = (0.5 * 32767 * np.sin(2 * np.pi * (200 * t + 0.5 * 3800 * t * t))).astype(np.int16)
    inputs = {"jfk": jfk, "jfk_4s": jfk[: 4 * SAMPLE_RATE], "chirp_1s": chirp}
    os.makedirs(os.path.join(out_dir, "audio"), exist_ok=True)
    for name, samples in inputs.items():
        write_wav(os.path.join(out_dir, "audio", name + ".wav"), samples)
    return inputs


# ---------------------------------------------------------------- log-mel reference

def log_mel_reference(samples_i16, filters):
    """Whisper's log_mel_spectrogram(pad_or_trim(audio)) in float64 numpy (no torch.stft)."""
    audio = samples_i16.astype(np.float64) / 32768.0
    audio = np.pad(audio[:N_SAMPLES], (0, max(0, N_SAMPLES - len(audio))))
    padded = np.pad(audio, (N_FFT // 2, N_FFT // 2), mode="reflect")   # torch.stft center=True
    n_frames = 1 + (len(padded) - N_FFT) // HOP_LENGTH
    idx = np.arange(N_FFT)[None, :] + HOP_LENGTH * np.arange(n_frames)[:, None]
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)  # periodic Hann
    spectrum = np.fft.rfft(padded[idx] * window, axis=1)               # [frames, 201]
    power = (np.abs(spectrum) ** 2)[:-1].T                             # drop the last frame
    mel = filters.astype(np.float64) @ power
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return (log_spec + 4.0) / 4.0


def log_mel_torch(samples_i16, filters):
    """Whisper's own float32 torch code path, to report how far float32 drifts from float64."""
    import torch
    audio = torch.from_numpy(samples_i16.astype(np.float32) / 32768.0)
    audio = torch.nn.functional.pad(audio[:N_SAMPLES], (0, max(0, N_SAMPLES - len(audio))))
    stft = torch.stft(audio, N_FFT, HOP_LENGTH, window=torch.hann_window(N_FFT), return_complex=True)
    magnitudes = stft[..., :-1].abs() ** 2
    mel = torch.from_numpy(filters) @ magnitudes
    log_spec = torch.clamp(mel, min=1e-10).log10()
    log_spec = torch.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec + 4.0) / 4.0).numpy()


def write_mel_references(inputs, fixtures, out_dir, mel_sizes):
    filters = np.load(os.path.join(fixtures, "whisper", "mel_filters.npz"))
    os.makedirs(os.path.join(out_dir, "reference"), exist_ok=True)
    mels, drift = {}, {}
    for name, samples in inputs.items():
        for n_mels in mel_sizes:
            ref = log_mel_reference(samples, filters[f"mel_{n_mels}"])
            path = f"reference/{name}.mel{n_mels}.npy"
            np.save(os.path.join(out_dir, path), ref.astype(np.float32))
            mels.setdefault(name, {})[str(n_mels)] = path
            f32 = log_mel_torch(samples, filters[f"mel_{n_mels}"])
            drift[f"{name}.mel{n_mels}"] = float(np.abs(f32 - ref).max())
    return mels, drift


# ---------------------------------------------------------------- main

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir")
    parser.add_argument("size", choices=["none"] + sorted(SIZES))
    parser.add_argument("--fixtures", default=os.path.join(here, "..", "..", "..", "shared", "fixtures"),
                        help="the shared fixtures folder (default ../shared/fixtures beside the checkout)")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--sample-len", type=int, default=224,
                        help="most tokens the reference greedy decode samples (Whisper: n_text_ctx // 2)")
    args = parser.parse_args()

    started = time.time()
    out_dir = args.out_dir
    os.makedirs(out_dir, exist_ok=True)
    inputs = make_inputs(args.fixtures, out_dir)
    mel_sizes = [80, 128] if args.size == "none" else [SIZES[args.size]["n_mels"]]
    mels, drift = write_mel_references(inputs, args.fixtures, out_dir, mel_sizes)
    reference = {
        "size": args.size,
        "seed": args.seed,
        "inputs": [{"name": n, "wav": f"audio/{n}.wav", "samples": int(len(s)), "mel": mels[n]}
                   for n, s in inputs.items()],
        "mel_float32_drift": drift,
    }
    if args.size != "none":
        reference.update(build_model(args, inputs, out_dir))
    reference["seconds"] = round(time.time() - started, 2)
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump(reference, f, indent=1)
    print(f"{out_dir}: {args.size} in {reference['seconds']} s", file=sys.stderr)


SIZES = {
    # n_mels, n_audio_ctx and n_vocab stay Whisper's so that every tensor at the model's edge has
    # the real shape; only the widths and depths shrink.
    "micro": dict(n_mels=80, n_audio_ctx=1500, n_audio_state=64, n_audio_head=2, n_audio_layer=2,
                  n_vocab=51865, n_text_ctx=448, n_text_state=64, n_text_head=2, n_text_layer=2),
    "tiny": dict(n_mels=80, n_audio_ctx=1500, n_audio_state=384, n_audio_head=6, n_audio_layer=4,
                 n_vocab=51865, n_text_ctx=448, n_text_state=384, n_text_head=6, n_text_layer=4),
    "base": dict(n_mels=80, n_audio_ctx=1500, n_audio_state=512, n_audio_head=8, n_audio_layer=6,
                 n_vocab=51865, n_text_ctx=448, n_text_state=512, n_text_head=8, n_text_layer=6),
}


def build_model(args, inputs, out_dir):
    return {}


if __name__ == "__main__":
    main()
