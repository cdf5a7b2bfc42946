#!/usr/bin/env python3
"""Writes silero_vad_v5_batched.onnx: Silero VAD v5 rewritten to score a batch of streams cheaply.

Same weights, same inputs and outputs (names, shapes; `sr` stays an input, now unused), so SileroVad loads
either file. Four changes, none to what is computed, only to how:
  1. The sample-rate `If` is gone: its 16 kHz branch becomes the graph (captiond feeds 16 kHz only).
  2. The STFT (a Conv of 258 filters x 256 taps, stride 128, over 640 padded samples: 4 windows) becomes
     a MatMul of the 4 overlapping windows, cut from 5 blocks of 128, with the filters transposed.
  3. The four encoder Convs (kernel 3, pad 1, stride 1 or 2, on 4 or fewer time steps) become MatMuls of
     their explicit windows (Pad, Slice per output step, Concat) plus the bias; the last two, whose
     one window is the padding and the input itself, take the input as it is with the taps that see it.
  4. The decoder's three Ifs go, each replaced by the branch it always takes for a [2, batch, 128] state
     (squeeze the encoder's time step, LSTM from the given state, squeeze the output's channel), and the
     LSTM's weights, which the then-branch sliced into ONNX's gate order on every call, are stored so.
ONNX Runtime runs a Conv one batch row at a time as a GEMM only 4 columns wide; as MatMuls every row of
every stream goes through one GEMM, which halves the CPU per frame at batches of 30-100. An If runs its
branch as a subgraph, which ONNX Runtime does not constant-fold into the graph: the decoder's Ifs reordered
0.5 MB of LSTM weights on every call; without them a call costs ~60-80 us less whatever the batch.
Sums run in another order, so probabilities differ in the last bits: SileroVadBatchedGraphTest holds them
within 1e-5 of the shipped model's on the test audio, alone and batched.

  python3 models/silero_batched.py models/silero_vad_v5.onnx models/silero_vad_v5_batched.onnx

Needs the onnx package (Debian: python3-onnx). models/fetch-models.sh silero-vad-batched runs it and
checks the result's SHA-256.
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

BRANCH = "If_0_then_branch__Inline_0__"
# encoder layer -> (time steps in, stride)
ENCODER = {0: (4, 1), 1: (4, 2), 2: (2, 2), 3: (1, 1)}


def constant(name, value):
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(np.asarray(value), name))


def ints(*values):
    return np.array(values, dtype=np.int64)


def lift_16k_branch(model):
    graph = model.graph
    equal = next(n for n in graph.node if n.op_type == "Equal")
    if_node = next(n for n in graph.node if n.op_type == "If")
    rate = next(n for n in graph.node if n.op_type == "Constant" and n.output[0] in equal.input)
    if int(numpy_helper.to_array(rate.attribute[0].t)) != 16000:
        sys.exit("not Silero VAD v5: its If does not test sr == 16000")
    branch = next(a.g for a in if_node.attribute if a.name == "then_branch")
    rename = dict(zip(if_node.output, [o.name for o in branch.output]))
    nodes = list(branch.node)
    for node in graph.node:
        if node not in (equal, if_node, rate):
            node.input[:] = [rename.get(i, i) for i in node.input]
            nodes.append(node)
    return nodes


def weights(nodes, name):
    node = next(n for n in nodes if n.op_type == "Constant" and n.output[0] == name)
    return numpy_helper.to_array(node.attribute[0].t)


def stft_as_matmul(nodes):
    conv = next(n for n in nodes if n.name == BRANCH + "/stft/Conv")
    unsqueeze = next(n for n in nodes if n.name == BRANCH + "/stft/Unsqueeze")
    filters = weights(nodes, conv.input[1])  # [258, 1, 256]
    assert filters.shape == (258, 1, 256), filters.shape
    p = "stft_mm/"
    new = [constant(p + "blocks_shape", ints(-1, 5, 128)), constant(p + "axis", ints(1)),
           constant(p + "s0", ints(0)), constant(p + "e0", ints(4)), constant(p + "s1", ints(1)), constant(p + "e1", ints(5)),
           constant(p + "filters", np.ascontiguousarray(filters.reshape(258, 256).T.astype(np.float32))),
           helper.make_node("Reshape", [unsqueeze.input[0], p + "blocks_shape"], [p + "blocks"]),
           helper.make_node("Slice", [p + "blocks", p + "s0", p + "e0", p + "axis"], [p + "first_halves"]),
           helper.make_node("Slice", [p + "blocks", p + "s1", p + "e1", p + "axis"], [p + "second_halves"]),
           helper.make_node("Concat", [p + "first_halves", p + "second_halves"], [p + "windows"], axis=2),
           helper.make_node("MatMul", [p + "windows", p + "filters"], [p + "spectrum"]),
           helper.make_node("Transpose", [p + "spectrum"], [conv.output[0]], perm=[0, 2, 1])]
    return {id(conv): new, id(unsqueeze): []}


def encoder_as_matmul(nodes, layer, steps, stride):
    conv = next(n for n in nodes if n.name == f"{BRANCH}/encoder/{layer}/reparam_conv/Conv")
    w, b = weights(nodes, conv.input[1]), weights(nodes, conv.input[2])
    out_channels, in_channels, taps = w.shape
    assert taps == 3, w.shape
    out_steps = (steps + 2 - taps) // stride + 1
    p = f"encoder{layer}_mm/"
    if out_steps == 1 and steps <= 2:
        # The one window is [padding, x0, x1 if any]: only taps 1..steps see samples, so the input, flattened
        # channel by channel, is the window; no Pad, Slice or Concat to build it.
        return {id(conv): [constant(p + "flat_shape", ints(0, 1, in_channels * steps)),
                           constant(p + "weights", np.ascontiguousarray(
                               w[:, :, 1:1 + steps].reshape(out_channels, -1).T.astype(np.float32))),
                           constant(p + "bias", b.astype(np.float32)),
                           helper.make_node("Reshape", [conv.input[0], p + "flat_shape"], [p + "flat"]),
                           helper.make_node("MatMul", [p + "flat", p + "weights"], [p + "product"]),
                           helper.make_node("Add", [p + "product", p + "bias"], [p + "biased"]),
                           helper.make_node("Transpose", [p + "biased"], [conv.output[0]], perm=[0, 2, 1])]}
    new = [constant(p + "pads", ints(0, 0, 1, 0, 0, 1)), constant(p + "time", ints(2)), constant(p + "step", ints(1)),
           helper.make_node("Pad", [conv.input[0], p + "pads"], [p + "padded"], mode="constant")]
    columns = []
    for t in range(out_steps):
        new += [constant(p + f"s{t}", ints(stride * t)), constant(p + f"e{t}", ints(stride * t + taps)),
                helper.make_node("Slice", [p + "padded", p + f"s{t}", p + f"e{t}", p + "time"], [p + f"window{t}"]),
                helper.make_node("Unsqueeze", [p + f"window{t}", p + "step"], [p + f"column{t}"])]
        columns.append(p + f"column{t}")
    new += [helper.make_node("Concat", columns, [p + "columns"], axis=1) if len(columns) > 1
            else helper.make_node("Identity", columns, [p + "columns"]),
            constant(p + "flat_shape", ints(0, out_steps, in_channels * taps)),
            constant(p + "weights", np.ascontiguousarray(w.reshape(out_channels, -1).T.astype(np.float32))),
            constant(p + "bias", b.astype(np.float32)),
            helper.make_node("Reshape", [p + "columns", p + "flat_shape"], [p + "flat"]),
            helper.make_node("MatMul", [p + "flat", p + "weights"], [p + "product"]),
            helper.make_node("Add", [p + "product", p + "bias"], [p + "biased"]),
            helper.make_node("Transpose", [p + "biased"], [conv.output[0]], perm=[0, 2, 1])]
    return {id(conv): new}


def decoder_without_ifs(nodes):
    """The decoder's Ifs test shapes that are fixed for a [2, batch, 128] state: inline the taken branches."""
    def named(suffix):
        return next(n for n in nodes if n.name == BRANCH + suffix)
    squeeze_time, lstm, squeeze_channel = named("/decoder/If"), named("/decoder/If_1"), named("/If")
    encoded = BRANCH + "/encoder/3/activation/Relu_output_0"
    probability = BRANCH + "/decoder/decoder/3/Sigmoid_output_0"
    w_ih, w_hh = weights(nodes, BRANCH + "decoder.rnn.weight_ih"), weights(nodes, BRANCH + "decoder.rnn.weight_hh")
    b_ih, b_hh = weights(nodes, BRANCH + "decoder.rnn.bias_ih"), weights(nodes, BRANCH + "decoder.rnn.bias_hh")

    def gates_iofc(w):  # PyTorch stores gates i, f, g, o; ONNX's LSTM wants i, o, f, g
        return np.concatenate([w[0:128], w[384:512], w[128:384]])[None].astype(np.float32)

    p = "decoder_inline/"
    state_h, state_c = p + "h", p + "c"
    new_lstm = [constant(p + "W", gates_iofc(w_ih)), constant(p + "R", gates_iofc(w_hh)),
                constant(p + "B", np.concatenate([gates_iofc(b_ih), gates_iofc(b_hh)], axis=1)),
                constant(p + "zero", ints(0)), constant(p + "one", ints(1)), constant(p + "two", ints(2)),
                helper.make_node("Slice", ["state", p + "zero", p + "one", p + "zero"], [state_h]),
                helper.make_node("Slice", ["state", p + "one", p + "two", p + "zero"], [state_c]),
                helper.make_node("Unsqueeze", [squeeze_time.output[0], p + "zero"], [p + "sequence"]),
                helper.make_node("LSTM", [p + "sequence", p + "W", p + "R", p + "B", "", state_h, state_c],
                                 [p + "Y", p + "Y_h", p + "Y_c"], hidden_size=128),
                helper.make_node("Squeeze", [p + "Y_h", p + "zero"], [lstm.output[0]]),
                helper.make_node("Squeeze", [p + "Y_c", p + "zero"], [lstm.output[1]])]
    return {id(squeeze_time): [constant(p + "last", ints(-1)),
                               helper.make_node("Squeeze", [encoded, p + "last"], [squeeze_time.output[0]])],
            id(lstm): new_lstm,
            id(squeeze_channel): [helper.make_node("Squeeze", [probability, p + "one"], [squeeze_channel.output[0]])]}


def inputs_of(node):
    """What a node reads, the nodes of its subgraphs (the decoder's own Ifs read outer values) included."""
    names = list(node.input)
    for attribute in node.attribute:
        if attribute.type == onnx.AttributeProto.GRAPH:
            names += [i for inner in attribute.g.node for i in inputs_of(inner)]
    return names


def live(nodes, outputs):
    """The nodes an output depends on, in their order."""
    needed, kept = set(outputs), []
    for node in reversed(nodes):
        if any(o in needed for o in node.output):
            kept.append(node)
            needed.update(inputs_of(node))
    return kept[::-1]


def main(src, dst):
    model = onnx.load(src)
    nodes = lift_16k_branch(model)
    replaced = stft_as_matmul(nodes)
    for layer, (steps, stride) in ENCODER.items():
        replaced.update(encoder_as_matmul(nodes, layer, steps, stride))
    replaced.update(decoder_without_ifs(nodes))
    rewritten = [out for node in nodes for out in replaced.get(id(node), [node])]
    graph = model.graph
    rewritten = live(rewritten, {o.name for o in graph.output})  # drops the old filters and the Ifs' tests
    new_graph = helper.make_graph(rewritten, graph.name, list(graph.input), list(graph.output))
    out = helper.make_model(new_graph, opset_imports=model.opset_import, producer_name="captiond models/silero_batched.py")
    out.ir_version = model.ir_version
    onnx.checker.check_model(out)
    onnx.save(out, dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
