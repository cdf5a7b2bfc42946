#!/usr/bin/python3
"""Writes a variant whose decoder step graph (decoder_with_past_model*.onnx) has half the nodes, for
one token a step, as captiond steps it (DecoderBatch.next feeds one token per row): variant VARIANT
becomes VARIANT + "s" (_q8 -> _q8s, "" -> _s).

Why: ONNX Runtime runs the exported step graph as 276 kernels (tiny, _q8, after its own fusions), of
which only ~120 compute; the rest is shape arithmetic (Shape, Gather, Unsqueeze, Concat feeding
Reshape), the causal mask (Range, Greater, Where) and head Transposes. Each costs a few microseconds
of dispatch on the calling thread while the other intra-op threads wait: with 2 threads that serial
part is what keeps the step from halving. With one new token (sequence length 1):
- splitting heads, Reshape [b, 1, d] -> [b, 1, h, d/h] then Transpose (0, 2, 1, 3), moves the data
  nowhere: it is one Reshape to the constant shape [0, h, 1, d/h] (0: keep the batch size);
- merging heads, Transpose (0, 2, 1, 3) then Reshape to [b, 1, d], likewise: one Reshape to [0, 1, d];
- the causal mask hides no key (the new token sees every cached position and itself), so its
  Where(mask, -inf, scores) is scores.
Every value computed is the same float32 number as before (same kernels on the same inputs, copies
and a no-op select removed), so the tokens are the base variant's; the graph is no longer right for
more than one new token a step, which captiond never asks of it. The encoder, the prompt decoder
(decoder_model) and, for the exact variants, decoder_logit_rows are the base variant's files
(hard links where the file system allows, else copies).

    /usr/bin/python3 models/synthetic/slim_step.py MODEL_DIR [--variant _q8]
"""
import argparse
import json
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import numpy_helper

WITH_PAST = "decoder_with_past_model{}.onnx"
SHARED = ["encoder_model{}.onnx", "decoder_model{}.onnx", "decoder_logit_rows{}.onnx"]


def producers(graph):
    return {out: node for node in graph.node for out in node.output}


def rename_input(graph, old, new):
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name == old:
                node.input[i] = new
    for out in graph.output:
        if out.name == old:
            raise ValueError(f"{old} is a graph output; cannot bypass it")


def slim(model, heads, d_model):
    graph = model.graph
    made = producers(graph)
    split_shape, merge_shape = "slim_step_split_heads", "slim_step_merge_heads"
    graph.initializer.extend([
        numpy_helper.from_array(np.array([0, heads, 1, d_model // heads], dtype=np.int64), split_shape),
        numpy_helper.from_array(np.array([0, 1, d_model], dtype=np.int64), merge_shape)])
    counts = {"split": 0, "merge": 0, "mask": 0}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    for node in list(graph.node):
        if node.op_type == "Transpose" and list(onnx.helper.get_attribute_value(a) for a in node.attribute
                                                if a.name == "perm") == [[0, 2, 1, 3]]:
            source = made.get(node.input[0])
            users = consumers.get(node.output[0], [])
            if source is not None and source.op_type == "Reshape":
                source.input[1] = split_shape  # [b, 1, d] -> [b, h, 1, d/h] directly
                rename_input(graph, node.output[0], source.output[0])
                counts["split"] += 1
            elif len(users) == 1 and users[0].op_type == "Reshape":
                users[0].input[0] = node.input[0]
                users[0].input[1] = merge_shape  # [b, h, 1, d/h] -> [b, 1, d] directly
                counts["merge"] += 1
            else:
                raise ValueError(f"head transpose {node.name} in an unknown pattern")
        elif node.op_type == "Where":
            mask = made.get(node.input[0])
            while mask is not None and mask.op_type == "Cast":
                mask = made.get(mask.input[0])
            if mask is None or mask.op_type != "Greater":
                raise ValueError(f"Where {node.name} is not the causal mask")
            rename_input(graph, node.output[0], node.input[2])
            counts["mask"] += 1
    removed = prune(graph)
    return counts, removed


def prune(graph):
    """Drops nodes none of whose outputs is used, until none is left."""
    removed = 0
    while True:
        used = {name for node in graph.node for name in node.input} | {out.name for out in graph.output}
        dead = [node for node in graph.node if not any(out in used for out in node.output)]
        if not dead:
            break
        for node in dead:
            graph.node.remove(node)
        removed += len(dead)
    used = {name for node in graph.node for name in node.input}
    for init in [i for i in graph.initializer if i.name not in used]:
        graph.initializer.remove(init)
    return removed


def share(src, dst):
    if os.path.exists(dst):
        os.remove(dst)
    try:
        os.link(os.path.realpath(src), dst)
    except OSError:
        shutil.copyfile(src, dst)


def share_base_files(model_dir, base, variant):
    """The variant's encoder, prompt decoder and exact-logits graphs are the base's files."""
    for name in SHARED:
        src = os.path.join(model_dir, name.format(base))
        if os.path.exists(src):
            share(src, os.path.join(model_dir, name.format(variant)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model_dir")
    parser.add_argument("--variant", default="", help="the base variant's suffix (default: float32, '')")
    args = parser.parse_args()
    out_variant = (args.variant or "_") + "s"
    config = json.load(open(os.path.join(args.model_dir, "config.json")))
    heads, d_model = config["decoder_attention_heads"], config["d_model"]
    share_base_files(args.model_dir, args.variant, out_variant)
    src = os.path.join(args.model_dir, WITH_PAST.format(args.variant))
    model = onnx.load(src)
    before = len(model.graph.node)
    counts, removed = slim(model, heads, d_model)
    out = os.path.join(args.model_dir, WITH_PAST.format(out_variant))
    onnx.save(model, out)
    onnx.checker.check_model(out)
    print(f"{out}: {before} -> {len(model.graph.node)} nodes ({counts['split']} head splits and {counts['merge']}"
          f" merges made one Reshape each, {counts['mask']} causal masks dropped, {removed} nodes pruned)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
