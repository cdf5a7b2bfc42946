#!/usr/bin/python3
"""Writes the _q8x variant of a Whisper ONNX folder: greedy tokens float32's, at about _q8's speed.

The decoder step is memory-bound, and the tied output projection (d_model x 51,865) is most of its
bytes. This variant reads it as 8-bit blocks (MatMulNBits, as quantize_nbits.py writes _q8) but says
how wrong each approximate logit can be, so that captiond (asr.whisper.ExactLogits) recomputes in
float32 the few logits that can decide the step and proves the rest cannot:

    decoder_model_q8x.onnx, decoder_with_past_model_q8x.onnx
        the float32 decoders with attention's scale folded (as _f32: the same tokens), the output
        projection as MatMulNBits (8 bits, symmetric blocks of --block along d_model, accuracy_level 4),
        and two more outputs:
          projection_input [batch, seq, d_model]  x, what the projection multiplies (float32 exact
                                                  with --body f32, the default)
          logit_bounds     [batch, seq, vocab]    b_t with |x . W_t - logits_t| <= b_t (see below)
    decoder_logit_rows_q8x.onnx
        hidden [rows, d_model], token_ids [k] (int64) -> logits [rows, k]: x . W_t in float32 for the
        tokens asked, the embedding's rows gathered (a few thousand of the 51,865 a step)
    encoder_model_q8x.onnx  a float32 copy

The bound. MatMulNBits at accuracy_level 4 rounds the weights to w' = q s_w (|w - w'| <= s_w / 2 per
weight, s_w the block's scale) and the activations, per block of the same K, to int8: x' with
|x - x'| <= s_x / 2, s_x = max|x_block| / 127 (or finer). Then x.w - x'.w' = x (w - w') + (x - x') w'
and, per block k of token t,
    |error_k| <= (s_w/2) ||x_k||_1 + (s_x/2) (||w_k||_1 + block s_w / 2)
With ||w_k||_1 <= 127 block s_w (--bound compact) this is one small MatMul of s_w, the projection's own
scales: [k_blocks] features (s_w/2 ||x_k||_1 + block 127.5/254 max|x_k|, per unit s_w) by a
[k_blocks, vocab] constant, 2.5 MB for tiny. The default, --bound row, also takes s_{t,k} <= S_t =
max_k s_{t,k}: b_t = S_t * (the features' sum), one [vocab] constant times a number, 0.2 MB for tiny and a
broadcast Mul instead of the MatMul; ~1.3-2.5x looser (tiny: 152 instead of 60 float32 rows a step of
plain argmax, 207 instead of 119 under Whisper's rules, each ~0.5 us) but it saves reading the 2.5 MB
each step. --bound tight keeps ||w_k||_1: [||x_k||_1, max|x_k|] by a
[2 k_blocks, vocab] constant, a bound ~1.5x closer than compact but twice the bytes; on tiny (smoke runs, loaded
machine) 88 instead of 119 float32 rows a step but 0.3-0.6 ms slower. Float rounding of both sums (d_model
products each) adds at most ~2 n eps sum|x_i w_i| <= 1e-4 * 127 * sum_k s_w ||x_k||_1 (n = 384,
eps = 2^-24, with room), and the result is widened by --slack (relative, default 1%) for the kernels' own
roundings.

--body q8 also quantizes every other decoder MatMul (as _q8): faster, but then x itself is _q8's,
not float32's, and only the projection is exact (the tokens are those of a q8 body with a float32
projection).

    /usr/bin/python3 models/synthetic/quantize_exact.py MODEL_DIR [--variant _q8x] [--body f32|q8]
        [--bound row|compact|tight] [--block 32]
"""
import argparse
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quantize_int8 import constant_weights  # noqa: E402  (same folder)
from quantize_nbits import (DECODERS, ENCODER, MS_DOMAIN, drop_unused, fold_attention_scale,  # noqa: E402
                            quantize_blocks, quantize_graph)

EMBEDDING = "decoder.token_embedding.weight"
ROWS = "decoder_logit_rows.onnx"
ROUNDING = 1e-4 * 127  # float rounding of both dot products, per unit of s_w ||x_k||_1 (see above)


def projection(graph):
    """The output projection: the MatMul whose constant weight is the embedding transposed -> (node, W [d, V])."""
    weights = constant_weights(graph)
    vocab = next(i for i in graph.initializer if i.name == EMBEDDING).dims[0]
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in weights and weights[node.input[1]].shape[1] == vocab:
            return node, weights[node.input[1]]
    raise SystemExit("no output projection (a MatMul by the transposed token embedding) found")


def row_scales(weight, block):
    """[V]: each token's largest block scale max_k s_{t,k} (the --bound row constant, see the module doc)."""
    _, scale, _ = quantize_blocks(weight, 8, block, symmetric=True)  # as quantize_graph writes it
    return np.ascontiguousarray(scale.max(axis=1)).astype(np.float32), scale.shape[1]


def bound_matrix(weight, block, compact=False):
    """[2 k_blocks, V]: rows k multiply ||x_k||_1, rows k_blocks + k multiply max|x_k| (see the module doc).

    compact: [k_blocks, V], s_w alone, for features (0.5 + ROUNDING) ||x_k||_1 + block 127.5 / 254 max|x_k|:
    ||w_k||_1 <= 127 block s_w, so a looser bound, but half the bytes a step reads for it."""
    d, _ = weight.shape
    q, scale, _ = quantize_blocks(weight, 8, block, symmetric=True)  # as quantize_graph writes it
    k_blocks = scale.shape[1]
    padded = np.zeros((k_blocks * block, weight.shape[1]), np.float32)
    padded[:d] = weight
    l1 = np.abs(padded.T.reshape(-1, k_blocks, block)).sum(axis=2)            # [V, k_blocks]
    if compact:
        return np.ascontiguousarray(scale.T).astype(np.float32), k_blocks
    per_l1 = scale * (0.5 + ROUNDING)
    per_max = (l1 + block * scale / 2) / 2 / 127
    return np.concatenate([per_l1.T, per_max.T]).astype(np.float32), k_blocks


def add_outputs(graph, x, weight, block, slack, bound):
    """projection_input = x and logit_bounds = the bound above, as graph outputs."""
    d, vocab = weight.shape
    compact = bound != "tight"
    if bound == "row":  # b_t = (1 + slack) S_t sum_k features_k: a broadcast Mul, no [k_blocks, V] MatMul
        scales, k_blocks = row_scales(weight, block)
        matrix = scales * np.float32(1 + slack)
    else:
        matrix, k_blocks = bound_matrix(weight, block, compact)
    c = lambda name, value: numpy_helper.from_array(np.asarray(value), name)  # noqa: E731
    combine = ([helper.make_node("ReduceSum", ["bound_features", "bound_axes"], ["bound_total"], keepdims=1,
                                 name="exact_total"),
                helper.make_node("Mul", ["bound_total", "bound_matrix"], ["logit_bounds"], name="exact_bound")]
               if bound == "row" else
               [helper.make_node("MatMul", ["bound_features", "bound_matrix"], ["bound_raw"], name="exact_bound"),
                helper.make_node("Mul", ["bound_raw", "bound_slack"], ["logit_bounds"], name="exact_slack")])
    graph.initializer.extend([
        c("bound_matrix", matrix), c("bound_block_shape", np.array([0, 0, k_blocks, block], np.int64)),
        c("bound_pads", np.array([0, 0, 0, 0, 0, k_blocks * block - d], np.int64)),
        c("bound_axes", np.array([-1], np.int64)), c("bound_slack", np.float32(1 + slack)),
        c("bound_weights", np.array([0.5 + ROUNDING, block * 127.5 / 254], np.float32))])
    graph.node.extend([
        helper.make_node("Identity", [x], ["projection_input"], name="exact_projection_input"),
        helper.make_node("Abs", [x], ["bound_abs"], name="exact_abs"),
        helper.make_node("Pad", ["bound_abs", "bound_pads"], ["bound_padded"], name="exact_pad"),
        helper.make_node("Reshape", ["bound_padded", "bound_block_shape"], ["bound_blocks"], name="exact_blocks"),
        helper.make_node("ReduceSum", ["bound_blocks", "bound_axes"], ["bound_l1"], keepdims=0, name="exact_l1"),
        helper.make_node("ReduceMax", ["bound_blocks"], ["bound_max"], axes=[-1], keepdims=0, name="exact_max"),
        *([helper.make_node("Unsqueeze", ["bound_l1", "bound_axes"], ["bound_l1_1"], name="exact_l1_1"),
           helper.make_node("Unsqueeze", ["bound_max", "bound_axes"], ["bound_max_1"], name="exact_max_1"),
           helper.make_node("Concat", ["bound_l1_1", "bound_max_1"], ["bound_pair"], axis=-1, name="exact_pair"),
           helper.make_node("MatMul", ["bound_pair", "bound_weights"], ["bound_features"], name="exact_mix")]
          if compact else
          [helper.make_node("Concat", ["bound_l1", "bound_max"], ["bound_features"], axis=-1, name="exact_features")]),
        *combine,
    ])
    if bound == "row":
        graph.initializer.remove(next(i for i in graph.initializer if i.name == "bound_slack"))
    graph.output.extend([
        helper.make_tensor_value_info("projection_input", TensorProto.FLOAT, ["batch_size", "decoder_sequence_length", d]),
        helper.make_tensor_value_info("logit_bounds", TensorProto.FLOAT, ["batch_size", "decoder_sequence_length", vocab])])


def write_rows_model(embedding, path, opsets, ir_version):
    """hidden [rows, d], token_ids [k] -> logits [rows, k] = hidden @ embedding[token_ids].T, in float32."""
    vocab, d = embedding.shape
    graph = helper.make_graph(
        [helper.make_node("Gather", [EMBEDDING, "token_ids"], ["rows"], axis=0, name="gather_rows"),
         helper.make_node("Transpose", ["rows"], ["rows_t"], perm=[1, 0], name="rows_t"),
         helper.make_node("MatMul", ["hidden", "rows_t"], ["logits"], name="row_logits")],
        "decoder_logit_rows",
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["rows", d]),
         helper.make_tensor_value_info("token_ids", TensorProto.INT64, ["tokens"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["rows", "tokens"])],
        initializer=[numpy_helper.from_array(embedding, EMBEDDING)])
    model = helper.make_model(graph, opset_imports=[o for o in opsets if o.domain in ("", "ai.onnx")])
    model.ir_version = ir_version
    onnx.save(model, path)
    onnx.checker.check_model(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dir")
    parser.add_argument("--variant", default="_q8x", help="file-name suffix (default _q8x)")
    parser.add_argument("--body", choices=("f32", "q8"), default="f32",
                        help="f32: only the projection quantized (tokens float32's); q8: every MatMul")
    parser.add_argument("--block", type=int, default=32, help="values per block along d_model: a power of 2, >= 16")
    parser.add_argument("--slack", type=float, default=0.01, help="relative widening of the bound")
    parser.add_argument("--bound", choices=("row", "compact", "tight"), default="row",
                        help="row: each token's largest block scale, a [V] constant; compact: the block scales,"
                             " [k_blocks, V]; tight: also each block's ||w||_1, twice compact's bytes")
    args = parser.parse_args()
    shutil.copyfile(os.path.join(args.model_dir, ENCODER),
                    os.path.join(args.model_dir, ENCODER.replace(".onnx", args.variant + ".onnx")))
    embedding = None
    for name in DECODERS:
        out = os.path.join(args.model_dir, name.replace(".onnx", args.variant + ".onnx"))
        model = onnx.load(os.path.join(args.model_dir, name))
        graph = model.graph
        embedding = numpy_helper.to_array(next(i for i in graph.initializer if i.name == EMBEDDING))
        folded = fold_attention_scale(graph)
        node, weight = projection(graph)
        add_outputs(graph, node.input[0], weight, args.block, args.slack, args.bound)
        body = set(constant_weights(graph)) - {"bound_matrix", "bound_weights"} if args.body == "q8" else set()
        count, _ = quantize_graph(graph, 8, args.block, 4, True, only=body | {node.input[1]})
        drop_unused(graph)
        if not any(o.domain == MS_DOMAIN for o in model.opset_import):
            model.opset_import.append(helper.make_opsetid(MS_DOMAIN, 1))
        onnx.save(model, out)
        onnx.checker.check_model(out)
        print(f"{out}: attention scale folded into {folded} query projections; {count} MatMuls as MatMulNBits "
              f"(8 bits, blocks of {args.block}); outputs projection_input and logit_bounds", file=sys.stderr)
    rows = os.path.join(args.model_dir, ROWS.replace(".onnx", args.variant + ".onnx"))
    write_rows_model(embedding, rows, model.opset_import, model.ir_version)
    print(f"{rows}: float32 logit rows of the {embedding.shape[0]} x {embedding.shape[1]} embedding", file=sys.stderr)


if __name__ == "__main__":
    main()
