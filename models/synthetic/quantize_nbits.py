#!/usr/bin/python3
"""Writes a faster variant of a Whisper ONNX folder for the decoder step, in two passes:

1. Attention's 1/sqrt(d_head) moves into the query projection's weights and bias (fold_attention_scale):
   the same numbers, but ONNX Runtime's MLAS then multiplies one query row by the cached keys without
   repacking them each step (about 1 ms of tiny's ~10 ms step). --bits 32 stops here (variant _f32).
2. Every MatMul on a constant weight (the tied output projection included) becomes ONNX Runtime's
   contrib op com.microsoft.MatMulNBits, what onnxruntime's matmul_nbits_quantizer writes for
   onnx-community's _q4 files, written here with the onnx package and numpy alone (Debian has no
   python onnxruntime). Variants _q8 (--bits 8, the default) and _q4 (--bits 4).

A weight W [K, N] (y = x @ W) is cut along K into blocks of --block values per output column; each
block keeps a float32 scale, w ~= (q - zero_point) * scale with q in [0, 2^bits - 1]: symmetric by
default (the op's default zero point 2^(bits-1), no zero-point input), or --asymmetric (a zero point
a block, the block's range widened to hold 0, as ONNX Runtime's default quantizer does). The op's
layout (onnxruntime docs/ContribOperators.md, contrib_ops/cpu/quantization/matmul_nbits_helper.h):

    B            uint8 [N, k_blocks, block * bits / 8]  column n's blocks, values packed along K:
                                                        4 bits: value 2i in the low nibble of byte i,
                                                        value 2i+1 in the high nibble; 8 bits: one a byte
    scales       float [N, k_blocks]
    zero_points  uint8 [N, ceil(k_blocks * bits / 8)]   packed like B (--asymmetric only)
    attributes   K, N, bits, block_size, accuracy_level (4: ONNX Runtime quantizes the activations
                 to int8 per block and multiplies in integers where MLAS has the kernel, AVX2 and
                 up; 0: float32 compute: on tiny's step 4-bit was ~1.2x slower, and 8-bit has no
                 such CPU kernel in ONNX Runtime 1.28, which dequantizes whole weights each call:
                 117 ms a token instead of 4.6)

Checked against ONNX Runtime 1.28 (Java) on a one-node model, K = 96 (3 blocks of 32), all four
layouts (4/8 bits, symmetric/zero points): at accuracy_level 0 its output equals x @ dequantize(W)
within 6e-6; at 4 it differs by ~0.6% (the activations' int8 rounding).

Activations, inputs and outputs stay float32, so captiond loads the files with whisper.variant. A
decode step then reads a quarter (8 bits) or an eighth (4 bits) of the weight bytes of float32, plus
a scale a block. The encoder stays float32 (a copy under the variant's name) unless
--quantize-encoder: its MatMuls have 1500 rows, compute-bound, and on the synthetic tiny model
quantizing it made it no faster and cost agreement with float32.

    /usr/bin/python3 models/synthetic/quantize_nbits.py MODEL_DIR [--bits 8|4|32] [--block 32]
        [--accuracy 4] [--variant _q8] [--asymmetric] [--quantize-encoder] [--keep-attention-scale]
"""
import argparse
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quantize_int8 import constant_weights  # noqa: E402  (same folder)

ENCODER = "encoder_model.onnx"
DECODERS = ["decoder_model.onnx", "decoder_with_past_model.onnx"]
MS_DOMAIN = "com.microsoft"


def quantize_blocks(weight, bits, block, symmetric=False):
    """float32 W [K, N] -> (q uint8 [N, k_blocks, block], scale float32 [N, k_blocks], zero uint8 [N, k_blocks]).

    Symmetric: the zero point is the op's default 2^(bits-1) and the scale the block's peak over
    2^(bits-1) - 1 (one level of the range unused, nothing clipped)."""
    k, n = weight.shape
    k_blocks = -(-k // block)
    padded = np.zeros((k_blocks * block, n), np.float32)
    padded[:k] = weight
    blocks = padded.T.reshape(n, k_blocks, block)
    top = (1 << bits) - 1
    if symmetric:
        half = 1 << (bits - 1)
        scale = (np.abs(blocks).max(axis=2) / (half - 1)).astype(np.float32)
        scale = np.where(scale > 0, scale, np.float32(1.0)).astype(np.float32)
        zero = np.full(scale.shape, half, np.uint8)
    else:
        low = np.minimum(blocks.min(axis=2), 0.0)
        high = np.maximum(blocks.max(axis=2), 0.0)
        scale = ((high - low) / top).astype(np.float32)
        scale = np.where(scale > 0, scale, np.float32(1.0)).astype(np.float32)
        zero = np.clip(np.rint(-low / scale), 0, top).astype(np.uint8)
    q = np.clip(np.rint(blocks / scale[..., None]) + zero[..., None], 0, top).astype(np.uint8)
    return q, scale, zero


def pack(values, bits):
    """uint8 [..., m] of bits-wide values -> uint8 [..., ceil(m * bits / 8)], low bits first."""
    if bits == 8:
        return np.ascontiguousarray(values)
    if values.shape[-1] % 2:
        values = np.concatenate([values, np.zeros(values.shape[:-1] + (1,), np.uint8)], axis=-1)
    return np.ascontiguousarray(values[..., 0::2] | (values[..., 1::2] << 4)).astype(np.uint8)


def dequantize(q, scale, zero, k):
    """The weight MatMulNBits computes with, [K, N] (for the self-check)."""
    n = q.shape[0]
    w = (q.astype(np.float32) - zero[..., None]) * scale[..., None]
    return w.reshape(n, -1)[:, :k].T


def fold_attention_scale(graph):
    """Moves attention's 1/sqrt(d) into the query projection: Div(MatMul(q, Transpose(k)), c) with q =
    Reshape/Transpose of Add(MatMul(x, W), b) becomes MatMul(q', Transpose(k)) with W/c and b/c.

    Why: ONNX Runtime fuses the Div into FusedMatMul's alpha, and MLAS takes its fast one-row paths
    (MlasSgemmKernelM1TransposeB, no packing of B) only at alpha 1: with the scale, each step packs
    every cross-attention key cache (1500 x 64 per head and layer) again, the decode step's largest
    cost after the weights. Returns how many were folded."""
    producer = {o: n for n in graph.node for o in n.output}
    inits = {i.name: i for i in graph.initializer}
    folded, dropped = 0, []
    for div in [n for n in graph.node if n.op_type == "Div"]:
        matmul, const = producer.get(div.input[0]), producer.get(div.input[1])
        if not (matmul and matmul.op_type == "MatMul" and const and const.op_type == "Constant"):
            continue
        key = producer.get(matmul.input[1])
        c = numpy_helper.to_array(const.attribute[0].t)
        if not (key and key.op_type == "Transpose" and c.size == 1):
            continue
        node = producer.get(matmul.input[0])
        while node and node.op_type in ("Transpose", "Reshape"):
            node = producer.get(node.input[0])
        if not (node and node.op_type == "Add"):
            continue
        bias = next((i for i in node.input if i in inits), None)
        projection = next((producer[i] for i in node.input if i in producer), None)
        if not (bias and projection and projection.op_type == "MatMul" and projection.input[1] in inits):
            continue
        for owner, index, name in ((node, list(node.input).index(bias), bias), (projection, 1, projection.input[1])):
            scaled = numpy_helper.from_array((numpy_helper.to_array(inits[name]) / c.item()).astype(np.float32),
                                             f"{name}_attention_scaled")
            graph.initializer.append(scaled)
            owner.input[index] = scaled.name
        for consumer in graph.node:
            for i, name in enumerate(consumer.input):
                if name == div.output[0]:
                    consumer.input[i] = matmul.output[0]
        dropped.append(div)
        folded += 1
    for div in dropped:
        graph.node.remove(div)
    return folded


def quantize_graph(graph, bits, block, accuracy, symmetric, only=None):
    """Every MatMul on a constant weight as MatMulNBits; `only`: the weights' names to quantize (default all)."""
    weights = constant_weights(graph)
    nodes, added, count, worst = [], [], 0, 0.0
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in weights or (only is not None and node.input[1] not in only):
            nodes.append(node)
            continue
        count += 1
        weight = weights[node.input[1]]
        k, n = weight.shape
        q, scale, zero = quantize_blocks(weight, bits, block, symmetric)
        peak = float(np.abs(weight).max()) or 1.0
        worst = max(worst, float(np.abs(dequantize(q, scale, zero, k) - weight).max()) / peak)
        base = f"{node.name or node.output[0]}_q{bits}"
        added += [numpy_helper.from_array(pack(q, bits), f"{base}_B"),
                  numpy_helper.from_array(scale, f"{base}_scales")]
        inputs = [node.input[0], f"{base}_B", f"{base}_scales"]
        if not symmetric:  # symmetric: no zero points, the op's default
            added.append(numpy_helper.from_array(pack(zero, bits), f"{base}_zero_points"))
            inputs.append(f"{base}_zero_points")
        nodes.append(helper.make_node(
            "MatMulNBits", inputs, [node.output[0]],
            name=base, domain=MS_DOMAIN, K=k, N=n, bits=bits, block_size=block, accuracy_level=accuracy))
    del graph.node[:]
    graph.node.extend(nodes)
    graph.initializer.extend(added)
    return count, worst


def drop_unused(graph):
    """Drops what nothing reads any more: the float32 weights replaced, the tied Transpose, the folded
    scales' Constant nodes (ONNX Runtime would warn about each at load)."""
    for _ in range(2):
        used = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
        for dead in [n for n in graph.node if not set(n.output) & used]:
            graph.node.remove(dead)
        used = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
        for init in [i for i in graph.initializer if i.name not in used]:
            graph.initializer.remove(init)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dir")
    parser.add_argument("--bits", type=int, choices=(4, 8, 32), default=8,
                        help="4 or 8; 32: no quantization, the attention scale folded only")
    parser.add_argument("--block", type=int, default=32, help="values per block along K: a power of 2, >= 16")
    parser.add_argument("--accuracy", type=int, choices=(0, 1, 4), default=4, help="MatMulNBits accuracy_level")
    parser.add_argument("--variant", help="file-name suffix (default _q4, _q8 or _f32)")
    parser.add_argument("--asymmetric", action="store_true",
                        help="a zero point a block, the block's range widened to hold 0 (ONNX Runtime's default)")
    parser.add_argument("--quantize-encoder", action="store_true", help="the encoder too (default: a float32 copy)")
    parser.add_argument("--keep-attention-scale", action="store_true", help="leave attention's Div as exported")
    args = parser.parse_args()
    if args.block < 16 or args.block & (args.block - 1):
        parser.error("--block must be a power of 2 and at least 16")
    variant = args.variant or ("_f32" if args.bits == 32 else f"_q{args.bits}")
    for name in [ENCODER] + DECODERS:
        out = os.path.join(args.model_dir, name.replace(".onnx", variant + ".onnx"))
        if name == ENCODER and not args.quantize_encoder:
            shutil.copyfile(os.path.join(args.model_dir, name), out)
            print(f"{out}: float32 copy", file=sys.stderr)
            continue
        model = onnx.load(os.path.join(args.model_dir, name))
        folded = 0 if args.keep_attention_scale else fold_attention_scale(model.graph)
        count, worst = (0, 0.0) if args.bits == 32 else quantize_graph(
            model.graph, args.bits, args.block, args.accuracy, not args.asymmetric)
        drop_unused(model.graph)
        if count and not any(o.domain == MS_DOMAIN for o in model.opset_import):
            model.opset_import.append(helper.make_opsetid(MS_DOMAIN, 1))
        onnx.save(model, out)
        onnx.checker.check_model(out)  # MatMulNBits' own domain is not checked, the rest of the graph is
        print(f"{out}: attention scale folded into {folded} query projections; {count} MatMuls as MatMulNBits, "
              f"{args.bits} bits, blocks of {args.block}, {'zero points' if args.asymmetric else 'symmetric'}, "
              f"accuracy_level {args.accuracy}; largest weight error {worst:.4f} of the tensor's peak", file=sys.stderr)


if __name__ == "__main__":
    main()
