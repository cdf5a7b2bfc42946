#!/usr/bin/python3
"""Synthetic Whisper models and the reference outputs captiond's Java tests compare against.

Run with Debian's python3 (python3-torch 1.13, python3-onnx, python3-numpy):

    /usr/bin/python3 models/synthetic/make_synthetic_whisper.py OUT_DIR SIZE [--fixtures DIR]

SIZE is micro, tiny, base, small, micro-v3 or large-v3-turbo (see SIZES), or "none" for the audio and log-mel references only.
OUT_DIR receives:

    audio/*.wav                  the test inputs: jfk.wav, its first 4 s, a 1 s chirp
    reference/<input>.mel<N>.npy log-mel of each input padded to 30 s, float32 [N, 3000],
                                 from a float64 numpy implementation written from Whisper's audio.py
    reference.json               inputs, and for a model the greedy decode tokens of each input
    model/                       (SIZE != none) encoder_model.onnx, decoder_model.onnx,
                                 decoder_with_past_model.onnx, config.json,
                                 generation_config.json, multilingual.tiktoken, and
                                 ggml-model-f16.bin (the same weights for whisper.cpp)

The weights are seeded random numbers, rounded to float16 as OpenAI's checkpoints are: the models
have Whisper's architecture, tensor names and shapes, never its skills. Outputs go under target/
and are never committed.
"""
import argparse
import json
import math
import os
import shutil
import sys
import time
import wave

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # also when loaded by path, as the benches do
import ggml_format  # noqa: E402

GGML_FILE = "ggml-model-f16.bin"  # whisper.cpp's file of the same weights

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



# ---------------------------------------------------------------- the model (plain PyTorch)
#
# Written from the architecture Whisper's paper and model.py describe; parameter names follow
# Whisper's checkpoints so the weights could be loaded the other way too.

def build_modules():
    """Defines the torch modules (torch is imported lazily: size 'none' needs only numpy)."""
    import torch
    from torch import nn
    import torch.nn.functional as F

    def sinusoids(length, channels, max_timescale=10000):
        increment = math.log(max_timescale) / (channels // 2 - 1)
        inv_timescales = torch.exp(-increment * torch.arange(channels // 2, dtype=torch.float32))
        scaled = torch.arange(length, dtype=torch.float32)[:, None] * inv_timescales[None, :]
        return torch.cat([torch.sin(scaled), torch.cos(scaled)], dim=1)

    class Attention(nn.Module):
        def __init__(self, n_state, n_head):
            super().__init__()
            self.n_head = n_head
            self.query = nn.Linear(n_state, n_state)
            self.key = nn.Linear(n_state, n_state, bias=False)
            self.value = nn.Linear(n_state, n_state)
            self.out = nn.Linear(n_state, n_state)

        def heads(self, x):  # [b, t, d] -> [b, h, t, d/h]
            b, t, d = x.shape
            return x.view(b, t, self.n_head, d // self.n_head).permute(0, 2, 1, 3)

        def attend(self, q, k, v, causal_offset=None):
            """q [b,h,tq,dh], k/v [b,h,tk,dh]; causal_offset: position of q's first row among k's."""
            dh = q.shape[-1]
            scores = (q @ k.transpose(-1, -2)) / math.sqrt(dh)
            if causal_offset is not None:
                tq, tk = q.shape[2], k.shape[2]
                rows = torch.arange(tq)[:, None] + causal_offset
                cols = torch.arange(tk)[None, :]
                scores = scores.masked_fill(cols > rows, float("-inf"))
            weights = torch.softmax(scores.float(), dim=-1).to(q.dtype)
            out = weights @ v
            b, h, t, dh = out.shape
            return self.out(out.permute(0, 2, 1, 3).reshape(b, t, h * dh))

    class EncoderBlock(nn.Module):
        def __init__(self, n_state, n_head):
            super().__init__()
            self.attn = Attention(n_state, n_head)
            self.attn_ln = nn.LayerNorm(n_state)
            self.mlp = nn.Sequential(nn.Linear(n_state, 4 * n_state), nn.GELU(), nn.Linear(4 * n_state, n_state))
            self.mlp_ln = nn.LayerNorm(n_state)

        def forward(self, x):
            h = self.attn_ln(x)
            x = x + self.attn.attend(self.attn.heads(self.attn.query(h)), self.attn.heads(self.attn.key(h)),
                                     self.attn.heads(self.attn.value(h)))
            return x + self.mlp(self.mlp_ln(x))

    class AudioEncoder(nn.Module):
        def __init__(self, d):
            super().__init__()
            self.conv1 = nn.Conv1d(d["n_mels"], d["n_audio_state"], kernel_size=3, padding=1)
            self.conv2 = nn.Conv1d(d["n_audio_state"], d["n_audio_state"], kernel_size=3, stride=2, padding=1)
            self.register_buffer("positional_embedding", sinusoids(d["n_audio_ctx"], d["n_audio_state"]))
            self.blocks = nn.ModuleList(EncoderBlock(d["n_audio_state"], d["n_audio_head"])
                                        for _ in range(d["n_audio_layer"]))
            self.ln_post = nn.LayerNorm(d["n_audio_state"])

        def forward(self, input_features):  # [b, n_mels, 3000] -> [b, 1500, d]
            x = F.gelu(self.conv1(input_features))
            x = F.gelu(self.conv2(x)).permute(0, 2, 1)
            x = x + self.positional_embedding
            for block in self.blocks:
                x = block(x)
            return self.ln_post(x)

    class DecoderBlock(nn.Module):
        def __init__(self, n_state, n_head):
            super().__init__()
            self.attn = Attention(n_state, n_head)
            self.attn_ln = nn.LayerNorm(n_state)
            self.cross_attn = Attention(n_state, n_head)
            self.cross_attn_ln = nn.LayerNorm(n_state)
            self.mlp = nn.Sequential(nn.Linear(n_state, 4 * n_state), nn.GELU(), nn.Linear(4 * n_state, n_state))
            self.mlp_ln = nn.LayerNorm(n_state)

        def cross_kv(self, xa):
            return self.cross_attn.heads(self.cross_attn.key(xa)), self.cross_attn.heads(self.cross_attn.value(xa))

        def forward(self, x, self_k, self_v, cross_k, cross_v, offset):
            """self_k/v: cached keys/values of earlier positions (may have length 0)."""
            h = self.attn_ln(x)
            k = torch.cat([self_k, self.attn.heads(self.attn.key(h))], dim=2)
            v = torch.cat([self_v, self.attn.heads(self.attn.value(h))], dim=2)
            x = x + self.attn.attend(self.attn.heads(self.attn.query(h)), k, v, causal_offset=offset)
            h = self.cross_attn_ln(x)
            x = x + self.cross_attn.attend(self.cross_attn.heads(self.cross_attn.query(h)), cross_k, cross_v)
            return x + self.mlp(self.mlp_ln(x)), k, v

    class TextDecoder(nn.Module):
        def __init__(self, d):
            super().__init__()
            self.n_head = d["n_text_head"]
            self.token_embedding = nn.Embedding(d["n_vocab"], d["n_text_state"])
            self.positional_embedding = nn.Parameter(torch.empty(d["n_text_ctx"], d["n_text_state"]))
            self.blocks = nn.ModuleList(DecoderBlock(d["n_text_state"], d["n_text_head"])
                                        for _ in range(d["n_text_layer"]))
            self.ln = nn.LayerNorm(d["n_text_state"])

        def run(self, input_ids, past, cross):
            """past: [(k, v)] per layer, cross: [(k, v)] per layer -> logits, new past."""
            offset = past[0][0].shape[2]
            t = input_ids.shape[1]
            x = self.token_embedding(input_ids) + self.positional_embedding[offset:offset + t]
            present = []
            for block, (pk, pv), (ck, cv) in zip(self.blocks, past, cross):
                x, k, v = block(x, pk, pv, ck, cv, offset)
                present.append((k, v))
            x = self.ln(x)
            return x @ self.token_embedding.weight.t(), present  # output tied to the embedding

    class DecoderFirst(nn.Module):
        """decoder_model.onnx: the whole prompt, no cache."""
        def __init__(self, decoder):
            super().__init__()
            self.decoder = decoder

        def forward(self, input_ids, encoder_hidden_states):
            b = input_ids.shape[0]
            cross = [blk.cross_kv(encoder_hidden_states) for blk in self.decoder.blocks]
            dh = cross[0][0].shape[-1]
            empty = torch.zeros(b, self.decoder.n_head, 0, dh)
            logits, present = self.decoder.run(input_ids, [(empty, empty)] * len(cross), cross)
            outs = [logits]
            for (k, v), (ck, cv) in zip(present, cross):
                outs += [k, v, ck, cv]
            return tuple(outs)

    class DecoderWithPast(nn.Module):
        """decoder_with_past_model.onnx: new tokens after a cache."""
        def __init__(self, decoder):
            super().__init__()
            self.decoder = decoder

        def forward(self, input_ids, *past_key_values):
            n = len(self.decoder.blocks)
            past = [(past_key_values[4 * i], past_key_values[4 * i + 1]) for i in range(n)]
            cross = [(past_key_values[4 * i + 2], past_key_values[4 * i + 3]) for i in range(n)]
            logits, present = self.decoder.run(input_ids, past, cross)
            outs = [logits]
            for k, v in present:
                outs += [k, v]
            return tuple(outs)

    return AudioEncoder, TextDecoder, DecoderFirst, DecoderWithPast


def init_weights(encoder, decoder, dims, seed, knobs):
    """Seeded random weights, scaled so activations keep unit size through the layers.

    Three deliberate choices make a greedy decode under Whisper's timestamp rules run for a while
    and mix text with timestamps instead of stopping at once (the weights are random: the text is
    gibberish and no sound is recognized):
      * token embeddings have std logit_std / sqrt(d), so logits have std ~logit_std; decoder
        blocks write into the residual stream scaled by residual_gain / sqrt(layers), so token,
        position and audio (through cross-attention, cross_gain) all steer it;
      * every timestamp embedding row gets (ts_boost - ts_slope * i / 1500) along a unit vector u,
        and the final layer norm's bias is u: a constant logit offset for timestamps that prefers
        early ones, so segments advance in small steps;
      * the learned position embedding grows along a unit vector w by eot_rate * sqrt(d / 64) per
        position and
        the <|endoftext|> row gets eot_gain * w, so the end of text becomes likelier the longer
        the decode runs.
    """
    import torch
    g = torch.Generator().manual_seed(seed)
    d = dims["n_text_state"]
    with torch.no_grad():
        for module in list(encoder.modules()) + list(decoder.modules()):
            if isinstance(module, (torch.nn.Linear, torch.nn.Conv1d)):
                fan_in = module.weight[0].numel()
                module.weight.copy_(torch.randn(module.weight.shape, generator=g) / math.sqrt(fan_in))
                if module.bias is not None:
                    module.bias.copy_(0.02 * torch.randn(module.bias.shape, generator=g))
            elif isinstance(module, torch.nn.LayerNorm):
                module.weight.copy_(1 + 0.05 * torch.randn(module.weight.shape, generator=g))
                module.bias.copy_(0.05 * torch.randn(module.bias.shape, generator=g))
        emb = decoder.token_embedding.weight
        emb.copy_(torch.randn(emb.shape, generator=g) * knobs["logit_std"] / math.sqrt(d))
        u = torch.randn(d, generator=g)
        u /= u.norm()
        w = torch.randn(d, generator=g)
        w -= (w @ u) * u
        w /= w.norm()
        ts_begin = dims["n_vocab"] - 1501
        steps = torch.arange(1501, dtype=torch.float32) / 1500
        emb[ts_begin:] += (knobs["ts_boost"] - knobs["ts_slope"] * steps)[:, None] * u[None, :]
        decoder.ln.bias.copy_(u)
        emb[knobs["eot"]] += knobs["eot_gain"] * w
        n_ctx = dims["n_text_ctx"]
        residual = knobs["residual_gain"] / math.sqrt(dims["n_text_layer"])
        for block in decoder.blocks:
            block.attn.out.weight.mul_(residual)
            block.mlp[2].weight.mul_(residual)
            # peaky cross-attention, so that the text depends on the audio
            block.cross_attn.query.weight.mul_(knobs["cross_gain"])
            block.cross_attn.out.weight.mul_(knobs["cross_gain"] * residual)
        decoder.positional_embedding.copy_(knobs["pos_std"] * torch.randn(n_ctx, d, generator=g)
                                           + knobs["eot_rate"] * math.sqrt(d / 64) * torch.arange(n_ctx)[:, None] * w[None, :])



# ---------------------------------------------------------------- tokens

LANGUAGES = ["en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar", "sv",
             "it", "id", "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no",
             "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr",
             "az", "sl", "kn", "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw",
             "gl", "mr", "pa", "si", "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu",
             "am", "yi", "lo", "uz", "fo", "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl",
             "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su", "yue"]


class Tokens:
    """Whisper's special-token ids for a multilingual vocabulary, and a byte-pair encoder good for
    the punctuation Whisper's non_speech_tokens needs (no letters or digits: no regex split)."""

    def __init__(self, rank_file, n_vocab):
        import base64
        self.ranks = {}
        with open(rank_file) as f:
            for line in f:
                if line.strip():
                    token, rank = line.split()
                    self.ranks[base64.b64decode(token)] = int(rank)
        self.eot = len(self.ranks)
        self.n_languages = n_vocab - self.eot - 8 - 1501
        self.sot = self.eot + 1
        self.languages = LANGUAGES[: self.n_languages]
        self.translate = self.sot + 1 + self.n_languages
        self.transcribe, self.sot_lm, self.sot_prev = self.translate + 1, self.translate + 2, self.translate + 3
        self.no_speech, self.no_timestamps = self.translate + 4, self.translate + 5
        self.timestamp_begin = self.translate + 6
        assert self.timestamp_begin + 1501 == n_vocab

    def encode(self, text):
        """tiktoken's byte-pair merge of one pre-token piece: lowest-ranked pair first."""
        parts = [bytes([b]) for b in text.encode("utf-8")]
        while len(parts) > 1:
            ranked = [(self.ranks.get(parts[i] + parts[i + 1]), i) for i in range(len(parts) - 1)]
            ranked = [r for r in ranked if r[0] is not None]
            if not ranked:
                break
            _, i = min(ranked)
            parts[i:i + 2] = [parts[i] + parts[i + 1]]
        return [self.ranks[p] for p in parts]

    def non_speech_tokens(self):
        symbols = list('"#()*+/:;<=>@[\\]^_`{|}~「」『』')
        symbols += "<< >> <<< >>> -- --- -( -[ (' (\" (( )) ((( ))) [[ ]] {{ }} ♪♪ ♪♪♪".split()
        miscellaneous = set("♩♪♫♬♭♮♯")
        result = {self.encode(" -")[0], self.encode(" '")[0]}
        for symbol in symbols + sorted(miscellaneous):
            for tokens in (self.encode(symbol), self.encode(" " + symbol)):
                if len(tokens) == 1 or symbol in miscellaneous:
                    result.add(tokens[0])
        return sorted(result)

    def suppress_tokens(self):
        """decoding.py's suppress_tokens="-1": non-speech symbols and the special tokens."""
        return sorted(set(self.non_speech_tokens()) | {self.transcribe, self.translate, self.sot,
                                                       self.sot_prev, self.sot_lm, self.no_speech})


# ---------------------------------------------------------------- greedy decoding with Whisper's rules

def apply_rules(logits, tokens, sample_begin, tok, suppress, max_initial_timestamp_index=50):
    """SuppressBlank, SuppressTokens, ApplyTimestampRules of decoding.py, in that order, in place on
    a float32 [vocab] tensor. Returns the margin of the timestamp-vs-text comparison."""
    import torch
    neg = float("-inf")
    if len(tokens) == sample_begin:                                  # SuppressBlank
        logits[tok.encode(" ") + [tok.eot]] = neg
    logits[suppress] = neg                                           # SuppressTokens
    logits[tok.no_timestamps] = neg                                  # ApplyTimestampRules
    seq = tokens[sample_begin:]
    last_was_timestamp = len(seq) >= 1 and seq[-1] >= tok.timestamp_begin
    penultimate_was_timestamp = len(seq) < 2 or seq[-2] >= tok.timestamp_begin
    if last_was_timestamp:
        if penultimate_was_timestamp:
            logits[tok.timestamp_begin:] = neg                       # has to be non-timestamp
        else:
            logits[: tok.eot] = neg                                  # cannot be normal text
    timestamps = [t for t in seq if t >= tok.timestamp_begin]
    if timestamps:
        # timestamps never decrease, and a segment has non-zero length
        last = timestamps[-1] if last_was_timestamp and not penultimate_was_timestamp else timestamps[-1] + 1
        logits[tok.timestamp_begin:last] = neg
    if len(tokens) == sample_begin:
        logits[: tok.timestamp_begin] = neg                          # begin with a timestamp
        logits[tok.timestamp_begin + max_initial_timestamp_index + 1:] = neg
    logprobs = torch.log_softmax(logits, dim=-1)
    timestamp_logprob = torch.logsumexp(logprobs[tok.timestamp_begin:], dim=-1)
    max_text_logprob = logprobs[: tok.timestamp_begin].max()
    if timestamp_logprob > max_text_logprob:
        logits[: tok.timestamp_begin] = neg
    return float(timestamp_logprob - max_text_logprob)


def greedy_decode(encoder, decoder, mel, tok, sot_sequence, suppress, sample_len):
    import torch
    with torch.no_grad():
        audio = encoder(torch.from_numpy(mel)[None])
        n = len(decoder.blocks)
        cross = [blk.cross_kv(audio) for blk in decoder.blocks]
        dh = cross[0][0].shape[-1]
        empty = torch.zeros(1, decoder.n_head, 0, dh)
        tokens = list(sot_sequence)
        sample_begin = len(tokens)
        logits, past = decoder.run(torch.tensor([tokens]), [(empty, empty)] * n, cross)
        no_speech_prob = float(torch.softmax(logits[0, tokens.index(tok.sot)].float(), -1)[tok.no_speech])
        first_logits = logits[0, -1, :8].tolist()
        margins, rule_margins, raw = [], [], []
        for _ in range(sample_len):
            raw.append(logits[0, -1].float())
            last = raw[-1].clone()
            rule_margins.append(apply_rules(last, tokens, sample_begin, tok, suppress))
            top2 = torch.topk(last, 2).values
            margins.append(float(top2[0] - top2[1]))
            next_token = int(torch.argmax(last))
            tokens.append(next_token)
            if next_token == tok.eot:
                break
            logits, past = decoder.run(torch.tensor([[next_token]]), past, cross)
        # the cache must agree with a full recompute of the whole sequence
        full, _ = decoder.run(torch.tensor([tokens[:-1]]), [(empty, empty)] * n, cross)
        recompute = max(float((full[0, sample_begin - 1 + i] - r).abs().max()) for i, r in enumerate(raw))
    return dict(tokens=tokens, sample_begin=sample_begin, no_speech_prob=no_speech_prob,
                top2_margins=[round(x, 5) for x in margins], min_top2_margin=min(margins), min_timestamp_rule_margin=min(abs(m) for m in rule_margins),
                cache_vs_recompute=recompute, first_logits=first_logits,
                encoder_head=audio[0, :2, :4].tolist())


# ---------------------------------------------------------------- main

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir")
    parser.add_argument("size", choices=["none"] + sorted(SIZES))
    parser.add_argument("--fixtures", default=os.path.join(here, "..", "..", "src", "test", "data"),
                        help="the test data folder (default src/test/data in the checkout)")
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
    import hashlib
    digest = hashlib.sha256()  # of the scripts that make the files: SyntheticWhisper.java remakes them when it changes
    for script in (os.path.abspath(__file__), ggml_format.__file__):
        with open(script, "rb") as f:
            digest.update(f.read())
    script_sha256 = digest.hexdigest()
    reference = {
        "size": args.size,
        "script_sha256": script_sha256,
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


# Whisper's model edge: mel bins in, tokens out. large-v3 added a 100th language (Cantonese), which
# shifts every special token after the languages by one.
V2_EDGE = dict(n_mels=80, n_vocab=51865)
V3_EDGE = dict(n_mels=128, n_vocab=51866)


def whisper_dims(edge, state, heads, audio_layers, text_layers):
    """A model of Whisper's edge and contexts (1500 audio frames, 448 tokens), so that every tensor at
    its boundary has the real shape; only widths and depths vary."""
    return dict(edge, n_audio_ctx=1500, n_audio_state=state, n_audio_head=heads, n_audio_layer=audio_layers,
                n_text_ctx=448, n_text_state=state, n_text_head=heads, n_text_layer=text_layers)


SIZES = {
    "micro": whisper_dims(V2_EDGE, 64, 2, 2, 2),
    "tiny": whisper_dims(V2_EDGE, 384, 6, 4, 4),
    "base": whisper_dims(V2_EDGE, 512, 8, 6, 6),
    "small": whisper_dims(V2_EDGE, 768, 12, 12, 12),
    # large-v3's edge at micro's widths, so that tests can afford it
    "micro-v3": whisper_dims(V3_EDGE, 64, 2, 2, 2),
    # large-v3's encoder, a decoder of 4 layers
    "large-v3-turbo": whisper_dims(V3_EDGE, 1280, 20, 32, 4),
}


# Knobs of init_weights, tried on jfk, jfk_4s and the chirp until greedy decodes ran tens of
# tokens with several timestamp pairs, ended with <|endoftext|> and differed between inputs.
KNOBS = dict(logit_std=3.0, ts_boost=4.0, ts_slope=10.0, eot_gain=4.0, eot_rate=0.06, pos_std=2.0)


def width_knobs(dims):
    """micro's widths (64) need a stronger residual and a milder cross-attention than tiny's and up."""
    if dims["n_text_state"] <= 64:
        return dict(residual_gain=1.0, cross_gain=3.0)
    return dict(residual_gain=0.5, cross_gain=4.0)


# The inputs decoded again with task=translate (the reference for WhisperEngine's translate task).
TRANSLATE_INPUTS = ("jfk", "jfk_4s")


def build_model(args, inputs, out_dir):
    import torch
    torch.set_num_threads(1)  # faster than 2 on the shared 2-core machines these run on
    dims = SIZES[args.size]
    model_dir = os.path.join(out_dir, "model")
    os.makedirs(model_dir, exist_ok=True)
    timings = {}
    started = time.time()

    rank_file = os.path.join(args.fixtures, "whisper", "multilingual.tiktoken")
    tok = Tokens(rank_file, dims["n_vocab"])
    AudioEncoder, TextDecoder, DecoderFirst, DecoderWithPast = build_modules()
    encoder, decoder = AudioEncoder(dims).eval(), TextDecoder(dims).eval()
    knobs = dict(KNOBS, **width_knobs(dims))
    init_weights(encoder, decoder, dims, args.seed, dict(knobs, eot=tok.eot))
    # float16 weights, as OpenAI's checkpoints ship them: whisper.cpp then runs the very same model
    state = checkpoint_state(encoder, decoder)
    ggml_format.round_like_ggml(state)
    timings["init"] = time.time() - started

    started = time.time()
    export_onnx(encoder, decoder, DecoderFirst, DecoderWithPast, dims, model_dir)
    write_configs(dims, tok, model_dir)
    shutil.copyfile(rank_file, os.path.join(model_dir, "multilingual.tiktoken"))
    filters = np.load(os.path.join(args.fixtures, "whisper", "mel_filters.npz"))[f"mel_{dims['n_mels']}"]
    ggml_format.write_ggml(os.path.join(model_dir, GGML_FILE), dims, state, filters, rank_file)
    timings["export"] = time.time() - started

    started = time.time()
    suppress = tok.suppress_tokens()
    sot_sequence = [tok.sot, tok.sot + 1 + tok.languages.index("en"), tok.transcribe]
    decodes = {}
    for name, samples in inputs.items():
        mel = log_mel_reference(samples, filters).astype(np.float32)
        decodes[name] = greedy_decode(encoder, decoder, mel, tok, sot_sequence, suppress, args.sample_len)
    # Whisper's translate task (into English) from a Spanish source: the same decode, <|translate|> in the prompt
    translate_sot_sequence = [tok.sot, tok.sot + 1 + tok.languages.index("es"), tok.translate]
    translate_decodes = {}
    for name in TRANSLATE_INPUTS:
        mel = log_mel_reference(inputs[name], filters).astype(np.float32)
        translate_decodes[name] = greedy_decode(encoder, decoder, mel, tok, translate_sot_sequence, suppress,
                                                args.sample_len)
    timings["decode"] = time.time() - started
    return {"model": "model", "ggml": f"model/{GGML_FILE}", "dims": dims, "knobs": knobs, "sot_sequence": sot_sequence,
            "suppress_tokens": suppress, "decodes": decodes,
            "translate_sot_sequence": translate_sot_sequence, "translate_decodes": translate_decodes,
            "timings": {k: round(v, 2) for k, v in timings.items()}}


def checkpoint_state(encoder, decoder):
    """The weights under Whisper's checkpoint names (encoder.*, decoder.*), sharing their storage."""
    state = {f"encoder.{k}": v for k, v in encoder.state_dict(keep_vars=True).items()}
    state.update({f"decoder.{k}": v for k, v in decoder.state_dict(keep_vars=True).items()})
    return state


def export_onnx(encoder, decoder, DecoderFirst, DecoderWithPast, dims, model_dir):
    """The onnx-community / optimum layout: names and dynamic axes as their Whisper exports."""
    import torch
    import onnx
    n_layer, n_head = dims["n_text_layer"], dims["n_text_head"]
    dh = dims["n_text_state"] // n_head
    opset = 17
    with torch.no_grad():
        path = os.path.join(model_dir, "encoder_model.onnx")
        torch.onnx.export(encoder, (torch.zeros(1, dims["n_mels"], N_FRAMES),), path,
                          input_names=["input_features"], output_names=["last_hidden_state"],
                          dynamic_axes={"input_features": {0: "batch_size"},
                                        "last_hidden_state": {0: "batch_size"}},
                          opset_version=opset)
        onnx.checker.check_model(path)

        names, axes = ["logits"], {"input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
                                   "encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length / 2"},
                                   "logits": {0: "batch_size", 1: "decoder_sequence_length"}}
        for i in range(n_layer):
            for part, length in (("decoder", "decoder_sequence_length"), ("encoder", "encoder_sequence_length_out")):
                for kv in ("key", "value"):
                    names.append(f"present.{i}.{part}.{kv}")
                    axes[names[-1]] = {0: "batch_size", 2: length}
        path = os.path.join(model_dir, "decoder_model.onnx")
        torch.onnx.export(DecoderFirst(decoder), (torch.tensor([[1, 2, 3]]), torch.zeros(1, dims["n_audio_ctx"], dims["n_audio_state"])),
                          path, input_names=["input_ids", "encoder_hidden_states"], output_names=names,
                          dynamic_axes=axes, opset_version=opset)
        untie_transposed_copy(path)

        in_names, out_names = ["input_ids"], ["logits"]
        axes = {"input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
                "logits": {0: "batch_size", 1: "decoder_sequence_length"}}
        past = []
        for i in range(n_layer):
            for part, length, size in (("decoder", "past_decoder_sequence_length", 3),
                                       ("encoder", "encoder_sequence_length_out", dims["n_audio_ctx"])):
                for kv in ("key", "value"):
                    in_names.append(f"past_key_values.{i}.{part}.{kv}")
                    axes[in_names[-1]] = {0: "batch_size", 2: length}
                    past.append(torch.zeros(1, n_head, size, dh))
            for kv in ("key", "value"):
                out_names.append(f"present.{i}.decoder.{kv}")
                axes[out_names[-1]] = {0: "batch_size", 2: "past_decoder_sequence_length + 1"}
        path = os.path.join(model_dir, "decoder_with_past_model.onnx")
        torch.onnx.export(DecoderWithPast(decoder), (torch.tensor([[4]]), *past), path,
                          input_names=in_names, output_names=out_names, dynamic_axes=axes, opset_version=opset)
        untie_transposed_copy(path)


def untie_transposed_copy(path):
    """The exporter folds the tied output projection into a second, transposed copy of the token
    embedding (80 MB for tiny). Swap that copy for a Transpose node of the embedding: ONNX Runtime
    folds it again when it loads the model, and the file holds the embedding once."""
    import onnx
    from onnx import helper, numpy_helper
    model = onnx.load(path)
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    embedding = inits["decoder.token_embedding.weight"]
    emb = numpy_helper.to_array(embedding)
    for init in list(graph.initializer):
        if list(init.dims) == [emb.shape[1], emb.shape[0]] and np.array_equal(numpy_helper.to_array(init), emb.T):
            graph.initializer.remove(init)
            graph.node.insert(0, helper.make_node("Transpose", [embedding.name], [init.name], perm=[1, 0],
                                                  name="tied_output_projection"))
    onnx.save(model, path)
    onnx.checker.check_model(path)


def write_configs(dims, tok, model_dir):
    """config.json and generation_config.json with the fields Hugging Face's Whisper configs carry."""
    d, n_layer = dims["n_text_state"], dims["n_text_layer"]
    suppress_tokens = tok.suppress_tokens()
    config = {
        "_name_or_path": f"captiond/synthetic-whisper-{dims_name(dims)}",
        "architectures": ["WhisperForConditionalGeneration"], "model_type": "whisper",
        "activation_function": "gelu", "activation_dropout": 0.0, "attention_dropout": 0.0, "dropout": 0.0,
        "d_model": d, "encoder_layers": dims["n_audio_layer"], "decoder_layers": n_layer,
        "encoder_attention_heads": dims["n_audio_head"], "decoder_attention_heads": dims["n_text_head"],
        "encoder_ffn_dim": 4 * dims["n_audio_state"], "decoder_ffn_dim": 4 * d,
        "encoder_layerdrop": 0.0, "decoder_layerdrop": 0.0, "num_hidden_layers": dims["n_audio_layer"],
        "num_mel_bins": dims["n_mels"], "vocab_size": dims["n_vocab"],
        "max_source_positions": dims["n_audio_ctx"], "max_target_positions": dims["n_text_ctx"],
        "max_length": dims["n_text_ctx"], "scale_embedding": False, "init_std": 0.02, "use_cache": True,
        "is_encoder_decoder": True, "torch_dtype": "float32",
        "bos_token_id": tok.eot, "eos_token_id": tok.eot, "pad_token_id": tok.eot,
        "decoder_start_token_id": tok.sot, "begin_suppress_tokens": [220, tok.eot],
        "suppress_tokens": suppress_tokens, "forced_decoder_ids": None,
    }
    generation = {
        "alignment_heads": [[layer, head] for layer in range(n_layer // 2, n_layer)
                            for head in range(dims["n_text_head"])],
        "begin_suppress_tokens": [220, tok.eot], "bos_token_id": tok.eot, "eos_token_id": tok.eot,
        "pad_token_id": tok.eot, "decoder_start_token_id": tok.sot,
        "forced_decoder_ids": [[1, None], [2, tok.transcribe]],
        "is_multilingual": True, "lang_to_id": {f"<|{c}|>": tok.sot + 1 + i for i, c in enumerate(tok.languages)},
        "task_to_id": {"translate": tok.translate, "transcribe": tok.transcribe},
        "max_initial_timestamp_index": 50, "max_length": dims["n_text_ctx"],
        "no_timestamps_token_id": tok.no_timestamps, "prev_sot_token_id": tok.sot_prev,
        "return_timestamps": False, "suppress_tokens": suppress_tokens,
        "captiond_note": "synthetic: Whisper's shapes, seeded random weights; recognizes nothing",
    }
    with open(os.path.join(model_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
    with open(os.path.join(model_dir, "generation_config.json"), "w") as f:
        json.dump(generation, f, indent=1)


def dims_name(dims):
    return next(name for name, d in SIZES.items() if d == dims)


if __name__ == "__main__":
    main()
