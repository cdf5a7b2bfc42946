"""whisper.cpp's model file ("ggml" format, the layout of whisper.cpp's convert-pt-to-ggml.py).

A file is: the magic 0x67676d6c, eleven int32 hyper-parameters (n_vocab, n_audio_ctx,
n_audio_state, n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head, n_text_layer,
n_mels, ftype), the mel filterbank (int32 rows, int32 columns, float32 values), the byte-pair
vocabulary (int32 count, then int32 length + bytes per token, in rank order), then every tensor:
int32 n_dims, int32 name length, int32 type (0 float32, 1 float16), the dimensions innermost
first, the name, the data.

whisper.cpp keeps vectors, the convolution biases and both positional embeddings in float32 and
everything else in float16 (ftype 1); it cannot run an all-float32 file (ggml's f32 im2col
conv aborts, whisper.cpp issue 2557). round_like_ggml() rounds the same tensors of a torch model to
float16 precision, so that ONNX Runtime, PyTorch and whisper.cpp all run identical weights.
"""
import base64
import struct

import numpy as np

MAGIC = 0x67676D6C
FLOAT32, FLOAT16 = 0, 1
HPARAMS = ["n_vocab", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer",
           "n_text_ctx", "n_text_state", "n_text_head", "n_text_layer", "n_mels"]
FLOAT32_MATRICES = {"encoder.conv1.bias", "encoder.conv2.bias",
                    "encoder.positional_embedding", "decoder.positional_embedding"}


def stored_type(name, shape):
    """The type whisper.cpp expects for the tensor: float16 for weight matrices and kernels."""
    squeezed = [d for d in shape if d != 1]
    if len(squeezed) < 2 or name in FLOAT32_MATRICES:
        return FLOAT32
    return FLOAT16


def round_like_ggml(state_dict):
    """Rounds, in place, every tensor whisper.cpp stores as float16 to float16 precision."""
    import torch
    with torch.no_grad():
        for name, tensor in state_dict.items():
            if stored_type(name, tuple(tensor.shape)) == FLOAT16:
                tensor.copy_(tensor.to(torch.float16).to(tensor.dtype))


def read_ranks(rank_file):
    """tiktoken's rank file: base64 token, rank; returns the token bytes in rank order."""
    ranked = []
    with open(rank_file) as f:
        for line in f:
            if line.strip():
                token, rank = line.split()
                ranked.append((int(rank), base64.b64decode(token)))
    ranked.sort()
    if [r for r, _ in ranked] != list(range(len(ranked))):
        raise ValueError(f"{rank_file}: ranks are not 0..{len(ranked) - 1}")
    return [token for _, token in ranked]


def write_ggml(path, dims, state_dict, filters, rank_file):
    """Writes state_dict (Whisper's checkpoint names) as a float16 whisper.cpp model file."""
    with open(path, "wb") as out:
        out.write(struct.pack("<i", MAGIC))
        out.write(struct.pack("<10i", *[dims[k] for k in HPARAMS]))
        out.write(struct.pack("<i", FLOAT16))
        filters = np.ascontiguousarray(filters, dtype="<f4")
        out.write(struct.pack("<2i", *filters.shape))
        out.write(filters.tobytes())
        tokens = read_ranks(rank_file)
        out.write(struct.pack("<i", len(tokens)))
        for token in tokens:
            out.write(struct.pack("<i", len(token)))
            out.write(token)
        for name, tensor in state_dict.items():
            data = tensor.detach().cpu().numpy().squeeze()
            if name in ("encoder.conv1.bias", "encoder.conv2.bias"):
                data = data.reshape(data.shape[0], 1)
            kind = stored_type(name, data.shape)
            data = np.ascontiguousarray(data, dtype="<f2" if kind == FLOAT16 else "<f4")
            encoded = name.encode("utf-8")
            out.write(struct.pack("<3i", data.ndim, len(encoded), kind))
            out.write(struct.pack(f"<{data.ndim}i", *reversed(data.shape)))
            out.write(encoded)
            out.write(data.tobytes())
