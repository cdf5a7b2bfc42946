#!/usr/bin/python3
"""Writes the _int8 variant of a Whisper ONNX folder: every MatMul on a constant weight becomes
ONNX Runtime's dynamic int8 form (what onnxruntime.quantization.quantize_dynamic writes for
onnx-community's _quantized files, written here with the onnx package alone):

    x -> DynamicQuantizeLinear -> (x_q uint8, x_scale, x_zero)
    MatMulInteger(x_q, W_q int8, x_zero) -> Cast float -> * (x_scale * w_scale[column])

That last product is the exact pattern ONNX Runtime's optimizer fuses (MatMulIntegerToFloat, then
DynamicQuantizeMatMul with the quantizer folded in): tiny's decode step drops from 424 nodes to 280
after optimization. Scaling by x_scale and w_scale one after the other, as this script first did,
computes the same numbers but leaves every node unfused.

Weights are quantized per output column, symmetric (zero point 0). The tied output projection
(a Transpose of the token embedding in the synthetic files) is quantized as the matrix it makes.
A decode step then reads a quarter of the bytes of weights it reads in float32, and a decode step is
bound by reading weights. Inputs and outputs stay float32, so captiond loads the files with
whisper.variant: _int8.

    /usr/bin/python3 models/synthetic/quantize_int8.py MODEL_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

FILES = ["encoder_model.onnx", "decoder_model.onnx", "decoder_with_past_model.onnx"]
VARIANT = "_int8"


def quantize_columns(weight):
    """float32 [K, N] -> (int8 [K, N], float32 scale [N]) with weight ~= q * scale."""
    peak = np.abs(weight).max(axis=0)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(weight / scale), -127, 127).astype(np.int8)
    return q, scale


def constant_weights(graph):
    """Name -> float32 array of the graph's 2-D constants, the tied Transpose's output included."""
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    weights = {name: a for name, a in inits.items() if a.ndim == 2 and a.dtype == np.float32}
    for node in graph.node:
        if node.op_type == "Transpose" and node.input[0] in weights:
            perm = next((list(a.ints) for a in node.attribute if a.name == "perm"), [1, 0])
            weights[node.output[0]] = np.ascontiguousarray(weights[node.input[0]].transpose(perm))
    return weights


def quantize_graph(graph):
    weights = constant_weights(graph)
    nodes, added, count = [], [], 0
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in weights:
            nodes.append(node)
            continue
        count += 1
        x, w_name, y = node.input[0], node.input[1], node.output[0]
        q, scale = quantize_columns(weights[w_name])
        base = f"{node.name or y}_int8"
        added += [numpy_helper.from_array(q, f"{base}_w"), numpy_helper.from_array(scale, f"{base}_w_scale"),
                  numpy_helper.from_array(np.zeros((), np.int8), f"{base}_w_zero")]
        nodes += [
            helper.make_node("DynamicQuantizeLinear", [x], [f"{base}_xq", f"{base}_xs", f"{base}_xz"], name=f"{base}_dq"),
            helper.make_node("MatMulInteger", [f"{base}_xq", f"{base}_w", f"{base}_xz", f"{base}_w_zero"],
                             [f"{base}_i32"], name=f"{base}_mm"),
            helper.make_node("Cast", [f"{base}_i32"], [f"{base}_f"], to=TensorProto.FLOAT, name=f"{base}_cast"),
            helper.make_node("Mul", [f"{base}_xs", f"{base}_w_scale"], [f"{base}_scale"], name=f"{base}_scales"),
            helper.make_node("Mul", [f"{base}_f", f"{base}_scale"], [y], name=f"{base}_mul"),
        ]
    del graph.node[:]
    graph.node.extend(nodes)
    graph.initializer.extend(added)
    # drop what nothing reads any more (the float32 copies of quantized weights, the tied Transpose)
    for _ in range(2):
        used = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
        for node in [n for n in graph.node if not set(n.output) & used]:
            graph.node.remove(node)
        used = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
        for init in [i for i in graph.initializer if i.name not in used]:
            graph.initializer.remove(init)
    return count


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    model_dir = sys.argv[1]
    for name in FILES:
        model = onnx.load(os.path.join(model_dir, name))
        count = quantize_graph(model.graph)
        out = os.path.join(model_dir, name.replace(".onnx", VARIANT + ".onnx"))
        onnx.save(model, out)
        onnx.checker.check_model(out)
        print(f"{out}: {count} MatMuls in int8", file=sys.stderr)


if __name__ == "__main__":
    main()
