#!/usr/bin/env python3
"""Writes silero_vad_v5_batched.onnx: Silero VAD v5 rewritten to score a batch of streams cheaply.

Same weights, same inputs and outputs (names, shapes; `sr` stays an input, now unused), so SileroVad loads
either file. The graph is rebuilt from the 16 kHz branch's weights; what is computed does not change, only how:
  1. The sample-rate `If` is gone: its 16 kHz branch becomes the graph (captiond feeds 16 kHz only).
  2. Between the STFT and the LSTM, activations stay [batch, time, channel], so every Conv becomes a MatMul
     whose rows are all the time steps of all the streams (ONNX Runtime runs a Conv one batch row at a time,
     as a GEMM only 4 columns wide).
  3. The STFT (129 cosine and 129 sine filters x 256 taps, stride 128, over 640 padded samples: 4 windows)
     uses the filters' symmetry: a Hann-windowed cosine takes the same value at taps n and 256 - n, a sine
     the opposite one, so each window's real part is the sums x[n] + x[256 - n] (n = 0..128; x[0] and x[128]
     have no partner) times 129 x 129 filters and its imaginary part the differences likewise: half the multiplies
     of the plain [256, 258] MatMul, measured 10-17% less per call at batch 32. Window t is blocks t and t + 1
     of the 5 blocks of 128: the pairs are block t against block t + 1 read backwards.
  4. Encoder layer 0 (kernel 3, pad 1, stride 1, 4 steps) multiplies each step by the three taps at once
     ([C, 3 * Cout]) and adds, for step t, its own centre tap, the first tap of step t - 1 and the last of
     t + 1: Pads with negative pads shift those slices of the product by one step (zero at the edges, which
     is the Conv's zero padding). No window is built: the copies run over the product, not over 3x the input.
  5. Encoder layer 1 (stride 2, 4 steps -> 2) reads steps in pairs [x2t, x2t+1] (a free Reshape); one MatMul
     gives each pair's own part (taps 1, 2) and the part it carries into the next output (tap 0 of x2t+1),
     which a Pad shifts by one step. Layers 2 and 3 have one window each (padding, then the input): their
     input, flattened step by step, is that window, with only the taps that see samples.
  6. The decoder's Ifs go, each replaced by the branch it always takes for a [2, batch, 128] state (one time
     step, LSTM from the given state, one output channel), and the LSTM's weights, which the then-branch
     sliced into ONNX's gate order on every call, are stored so. The 1x1 output Conv is a MatMul.
An If runs its branch as a subgraph, which ONNX Runtime does not constant-fold into the graph: the decoder's
Ifs reordered 0.5 MB of LSTM weights on every call. Explicit windows (Pad, a Slice and Unsqueeze per output
step, Concat) were ~45% of ONNX Runtime's kernel time; with points 4 and 5 a call at batch 32-100 costs ~35-45%
less. ONNX Conv instead of points 4 and 5 was measured too: per batch row ~2.5x slower; as one 2-D Conv over
[1, C, batch, time] ~10-40% slower than the MatMuls.
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
SAMPLE_RATE = 16000
BLOCK = 128  # the STFT's hop; a window is two blocks
STEPS = 4  # STFT windows per call, the encoder's time steps


def ints(*values):
    return np.array(values, dtype=np.int64)


def floats(value):
    return np.ascontiguousarray(np.asarray(value, dtype=np.float32))


class Graph:
    """Nodes in order, and the initializers they read (a name given twice keeps the first value)."""

    def __init__(self):
        self.nodes, self.initializers = [], {}

    def const(self, name, value):
        self.initializers.setdefault(name, numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, op_type, inputs, output, **attributes):
        outputs = [output] if isinstance(output, str) else output
        self.nodes.append(helper.make_node(op_type, inputs, outputs, **attributes))
        return output


def sixteen_khz_weights(model):
    """The weights of the sample-rate If's 16 kHz branch, by their PyTorch names."""
    graph = model.graph
    equal = next(n for n in graph.node if n.op_type == "Equal")
    rate = next(n for n in graph.node if n.op_type == "Constant" and n.output[0] in equal.input)
    if int(numpy_helper.to_array(rate.attribute[0].t)) != SAMPLE_RATE:
        sys.exit("not Silero VAD v5: its If does not test sr == 16000")
    if_node = next(n for n in graph.node if n.op_type == "If")
    branch = next(a.g for a in if_node.attribute if a.name == "then_branch")
    return {n.output[0][len(BRANCH):]: numpy_helper.to_array(n.attribute[0].t)
            for n in branch.node if n.op_type == "Constant" and n.output[0].startswith(BRANCH)}


def stft_magnitude(g, w):
    """input [B, 576] -> [B, 4, 129]: |STFT| of the input reflect-padded by 64 at the end, as the model does."""
    basis = w["stft.forward_basis_buffer"]  # [258 = 129 cosines + 129 sines, 1, 256 taps]
    assert basis.shape == (258, 1, 2 * BLOCK), basis.shape
    cosines, sines = basis[:129, 0, :], basis[129:, 0, :]
    n = np.arange(1, 2 * BLOCK)
    assert (cosines[:, n] == cosines[:, 2 * BLOCK - n]).all() and (sines[:, n] == -sines[:, 2 * BLOCK - n]).all()
    assert not sines[:, [0, BLOCK]].any()  # taps 0 and 128 have no partner: the sines are 0 there

    padded = g.op("Pad", ["input", g.const("stft/pads", ints(0, 0, 0, 64))], "stft/padded", mode="reflect")
    blocks = g.op("Reshape", [padded, g.const("stft/blocks_shape", ints(-1, STEPS + 1, BLOCK))], "stft/blocks")
    axes = g.const("axes12", ints(1, 2))
    # window t is [block t, block t + 1]: head[n] = x[n] (n < 128, then 0), tail[n] = x[256 - n] (n > 0, else 0)
    head = g.op("Slice", [blocks, g.const("stft/head_start", ints(0, 0)), g.const("stft/head_end", ints(STEPS, BLOCK)),
                          axes], "stft/head")
    head = g.op("Pad", [head, g.const("stft/head_pads", ints(0, 0, 0, 0, 0, 1))], "stft/head_padded")
    tail = g.op("Slice", [blocks, g.const("stft/tail_start", ints(1, BLOCK - 1)),
                          g.const("stft/tail_end", ints(STEPS + 1, -BLOCK - 1)), axes,
                          g.const("stft/tail_steps", ints(1, -1))], "stft/tail")  # block t + 1 backwards
    tail = g.op("Pad", [tail, g.const("stft/tail_pads", ints(0, 0, 1, 0, 0, 0))], "stft/tail_padded")
    sums = g.op("Add", [head, tail], "stft/sums")
    differences = g.op("Sub", [head, tail], "stft/differences")
    real = g.op("MatMul", [sums, g.const("stft/cosines", floats(cosines[:, :129].T))], "stft/real")
    imaginary = g.op("MatMul", [differences, g.const("stft/sines", floats(sines[:, :129].T))], "stft/imaginary")
    power = g.op("Add", [g.op("Mul", [real, real], "stft/real_squared"),
                         g.op("Mul", [imaginary, imaginary], "stft/imaginary_squared")], "stft/power")
    return g.op("Sqrt", [power], "stft/magnitude")


def conv_weights(w, layer):
    kernel, bias = w[f"encoder.{layer}.reparam_conv.weight"], w[f"encoder.{layer}.reparam_conv.bias"]
    assert kernel.shape[2] == 3, kernel.shape
    return kernel, bias


def tap(kernel, t):
    """One tap of a Conv kernel [Cout, Cin, 3] as the right-hand side of a MatMul: [Cin, Cout]."""
    return kernel[:, :, t].T


def encoder0(g, w, x):
    """[B, 4, 129] -> [B, 4, 128]: kernel 3, pad 1, stride 1."""
    kernel, bias = conv_weights(w, 0)
    c = kernel.shape[0]
    taps = g.op("MatMul", [x, g.const("encoder0/taps", floats(np.concatenate([tap(kernel, t) for t in range(3)], 1)))],
                "encoder0/taps_product")  # [B, 4, 3 * c]: step t times taps 0, 1, 2
    centre = g.op("Slice", [taps, g.const("encoder0/centre_start", ints(c)), g.const("encoder0/centre_end", ints(2 * c)),
                            g.const("axis2", ints(2))], "encoder0/centre")
    # pads are [begin of B, T, C, end of B, T, C]; a negative one removes: step t - 1's tap 0 lands on step t
    from_previous = g.op("Pad", [taps, g.const("encoder0/previous_pads", ints(0, 1, 0, 0, -1, -2 * c))],
                         "encoder0/from_previous")
    from_next = g.op("Pad", [taps, g.const("encoder0/next_pads", ints(0, -1, -2 * c, 0, 1, 0))], "encoder0/from_next")
    conv = g.op("Sum", [centre, from_previous, from_next, g.const("encoder0/bias", floats(bias))], "encoder0/conv")
    return g.op("Relu", [conv], "encoder0/relu")


def encoder1(g, w, x):
    """[B, 4, 128] -> [B, 2, 64]: kernel 3, pad 1, stride 2; output t sees x2t-1, x2t, x2t+1."""
    kernel, bias = conv_weights(w, 1)
    c, channels_in = kernel.shape[0], kernel.shape[1]
    pairs = g.op("Reshape", [x, g.const("encoder1/pairs_shape", ints(0, STEPS // 2, 2 * channels_in))], "encoder1/pairs")
    zero = np.zeros((channels_in, c), dtype=np.float32)
    own_and_carried = np.block([[tap(kernel, 1), zero], [tap(kernel, 2), tap(kernel, 0)]])  # [2 * Cin, 2 * c]
    product = g.op("MatMul", [pairs, g.const("encoder1/taps", floats(own_and_carried))], "encoder1/product")
    own = g.op("Slice", [product, g.const("zero", ints(0)), g.const("encoder1/own_end", ints(c)), g.const("axis2", ints(2))],
               "encoder1/own")
    carried = g.op("Pad", [product, g.const("encoder1/carry_pads", ints(0, 1, -c, 0, -1, 0))], "encoder1/carried")
    conv = g.op("Sum", [own, carried, g.const("encoder1/bias", floats(bias))], "encoder1/conv")
    return g.op("Relu", [conv], "encoder1/relu")


def one_window_encoder(g, w, layer, x, steps):
    """Layers 2 (2 steps, stride 2) and 3 (1 step): the one window is [padding, x0, x1 if any], so the
    input, flattened step by step, meets only taps 1..steps. Returns [B, Cout]."""
    kernel, bias = conv_weights(w, layer)
    taps = np.concatenate([tap(kernel, t) for t in range(1, 1 + steps)], 0)
    p = f"encoder{layer}/"
    flat = g.op("Reshape", [x, g.const(p + "flat_shape", ints(-1, taps.shape[0]))], p + "flat")
    product = g.op("MatMul", [flat, g.const(p + "taps", floats(taps))], p + "product")
    conv = g.op("Add", [product, g.const(p + "bias", floats(bias))], p + "conv")
    return g.op("Relu", [conv], p + "relu")


def decoder(g, w, x):
    """[B, 128] and `state` -> `output` [B, 1] and `stateN` [2, B, 128]: the branches the Ifs take."""
    def gates_iofc(m):  # PyTorch stores gates i, f, g, o; ONNX's LSTM wants i, o, f, g
        return floats(np.concatenate([m[0:128], m[384:512], m[128:384]])[None])

    sequence = g.op("Unsqueeze", [x, g.const("zero", ints(0))], "decoder/sequence")  # one time step
    g.op("Split", ["state"], ["decoder/h", "decoder/c"], axis=0)
    g.op("LSTM", [sequence, g.const("decoder/W", gates_iofc(w["decoder.rnn.weight_ih"])),
                  g.const("decoder/R", gates_iofc(w["decoder.rnn.weight_hh"])),
                  g.const("decoder/B", np.concatenate([gates_iofc(w["decoder.rnn.bias_ih"]),
                                                       gates_iofc(w["decoder.rnn.bias_hh"])], axis=1)),
                  "", "decoder/h", "decoder/c"], ["", "decoder/Y_h", "decoder/Y_c"], hidden_size=128)
    g.op("Concat", ["decoder/Y_h", "decoder/Y_c"], "stateN", axis=0)
    h = g.op("Reshape", ["decoder/Y_h", g.const("decoder/h_shape", ints(-1, 128))], "decoder/h_flat")
    h = g.op("Relu", [h], "decoder/relu")
    logit = g.op("MatMul", [h, g.const("decoder/out_weight", floats(w["decoder.decoder.2.weight"][:, :, 0].T))],
                 "decoder/product")
    logit = g.op("Add", [logit, g.const("decoder/out_bias", floats(w["decoder.decoder.2.bias"]))], "decoder/logit")
    g.op("Sigmoid", [logit], "output")


def batched_graph(w):
    g = Graph()
    x = stft_magnitude(g, w)
    x = encoder0(g, w, x)
    x = encoder1(g, w, x)
    x = one_window_encoder(g, w, 2, x, steps=2)
    x = one_window_encoder(g, w, 3, x, steps=1)
    decoder(g, w, x)
    return g


def main(src, dst):
    model = onnx.load(src)
    g = batched_graph(sixteen_khz_weights(model))
    graph = model.graph
    new_graph = helper.make_graph(g.nodes, graph.name, list(graph.input), list(graph.output),
                                  initializer=list(g.initializers.values()))
    out = helper.make_model(new_graph, opset_imports=model.opset_import, producer_name="captiond models/silero_batched.py")
    out.ir_version = model.ir_version
    onnx.checker.check_model(out)
    onnx.save(out, dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
