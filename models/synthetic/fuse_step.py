#!/usr/bin/python3
"""Writes a variant whose one-token step graph runs each attention as one ONNX Runtime kernel and each
self-attention's query, key and value projections as one MatMul: slim variant VARIANT (a step graph of
slim_step.py: _s, _q8s, ...) becomes VARIANT + "f" (_q8s -> _q8sf).

Why: after slim_step.py, tiny's _q8s step still runs 128 kernels a token, and at 2 threads the small ones
(a 384 x 384 projection, a Concat, a Softmax) take as long as at 1: each costs its dispatch and a wake-up
of the intra-op threads, not arithmetic. Here:
- each attention (Transpose of the keys, scores MatMul, its scale, Softmax, MatMul by the values, and
  for self-attention the two cache Concats) becomes one com.microsoft MultiHeadAttention: the query
  [b, 1, d] before its head split, the new key and value [b, 1, d] with the past caches for
  self-attention (outputs: the merged heads and the present caches, under the graph's own names), the
  encoder's cached keys and values [b, h, 1500, d/h] as they are for cross-attention;
- the three projections that read one LayerNorm's output (query, key, value) become one MatMul of the
  three weights side by side, the biases added in it (MatMulNBits' bias input, or one Add) and a Split.
Measured on tiny (load-tests/results/whisper-cpu-2026-12-02-rounds*.md, every side 3 times in turn): _q8sf's
step 5-8% shorter than _q8s's at 1 and 2 threads; the step stays bound by the bytes it reads (the weights
and 18 MB of cached cross-attention keys and values a token), which this does not change.
For _q8s the logits are _q8s's bit for bit (same MLAS kernels on the same numbers; checked by
FusedStepVariantTest). Where the scores are divided by sqrt(d/h) after the MatMul (the float32 export;
quantize_nbits.py folds it into the query weights), the kernel multiplies by its inverse instead: the
same to the last bits, not always bit for bit. Like the slim graph, the result is right for one new
token a step only. The encoder, prompt decoder and exact-logits graphs are the base's files (hard links
where the file system allows, else copies).

    /usr/bin/python3 models/synthetic/fuse_step.py MODEL_DIR [--variant _q8s]
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

from slim_step import WITH_PAST, producers, prune, share_base_files

SPLIT_SHAPE = "slim_step_split_heads"  # the head split slim_step.py writes


class Graph:
    """The step graph with who makes and who reads each value, rebuilt after each rewrite."""

    def __init__(self, model):
        self.graph = model.graph
        self.constants = {i.name: numpy_helper.to_array(i) for i in self.graph.initializer}
        self.made = producers(self.graph)
        self.users = {}
        for node in self.graph.node:
            for name in node.input:
                self.users.setdefault(name, []).append(node)
            if node.op_type == "Constant" and node.attribute[0].name == "value":
                self.constants[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)

    def only_user(self, name, op_type):
        users = self.users.get(name, [])
        if len(users) != 1 or users[0].op_type != op_type:
            raise ValueError(f"{name}: expected one {op_type} reading it, found {[u.op_type for u in users]}")
        return users[0]

    def constant(self, name):
        return self.constants.get(name)

    def after_casts(self, name):
        while len(self.users.get(name, [])) == 1 and self.users[name][0].op_type == "Cast":
            name = self.users[name][0].output[0]
        return name


def attribute(node, name):
    return next((helper.get_attribute_value(a) for a in node.attribute if a.name == name), None)


def fuse_attention(model, heads):
    """Each attention of the slim step as one MultiHeadAttention; returns how many."""
    g = Graph(model)
    fused = 0
    for keys_t in [n for n in g.graph.node if n.op_type == "Transpose" and attribute(n, "perm") == [0, 1, 3, 2]]:
        keys = keys_t.input[0]
        scores = g.only_user(keys_t.output[0], "MatMul")
        query_split = g.made[scores.input[0]]
        if query_split.op_type != "Reshape" or query_split.input[1] != SPLIT_SHAPE:
            raise ValueError(f"{scores.name}: its query is not a slim_step.py head split (run slim_step.py first)")
        scale, out = 1.0, g.after_casts(scores.output[0])
        scaling = g.users[out][0]
        if scaling.op_type in ("Div", "Mul"):
            by = g.constant(scaling.input[1])
            if by is None or by.size != 1:
                raise ValueError(f"{scaling.name}: scores scaled by something other than a constant")
            scale = float(1.0 / by.item() if scaling.op_type == "Div" else by.item())
            out = g.after_casts(scaling.output[0])
        softmax = g.only_user(out, "Softmax")
        context = g.only_user(g.after_casts(softmax.output[0]), "MatMul")
        values = context.input[1]
        merge = g.only_user(context.output[0], "Reshape")
        if keys.startswith("present."):  # self-attention: the caches grow by this token's key and value
            concat_k, concat_v = g.made[keys], g.made[values]
            new_key = g.made[concat_k.input[1]].input[0]
            new_value = g.made[concat_v.input[1]].input[0]
            inputs = [query_split.input[0], new_key, new_value, "", "", "", concat_k.input[0], concat_v.input[0]]
            outputs = [merge.output[0], keys, values]
            g.graph.node.remove(concat_k)
            g.graph.node.remove(concat_v)
        else:  # cross-attention: the encoder's keys and values, cached per head by the prompt decoder
            inputs, outputs = [query_split.input[0], keys, values], [merge.output[0]]
        g.graph.node.remove(merge)
        g.graph.node.append(helper.make_node("MultiHeadAttention", inputs, outputs, name=context.name + "/fused",
                                             domain="com.microsoft", num_heads=heads, scale=scale))
        fused += 1
    return fused


def fuse_projections(model):
    """Each triple of projections of one input (self-attention's query, key, value) as one; returns how many."""
    g = Graph(model)
    count = 0
    for source, readers in list(g.users.items()):
        matmuls = [n for n in readers if n.op_type in ("MatMul", "MatMulNBits") and n.input[1] in g.constants]
        if len(matmuls) != 3 or len({n.op_type for n in matmuls}) != 1:
            continue
        outputs, biases = [], []
        for mm in matmuls:
            width = attribute(mm, "N") if mm.op_type == "MatMulNBits" else g.constant(mm.input[1]).shape[1]
            after = g.users.get(mm.output[0], [])
            bias = None
            if len(after) == 1 and after[0].op_type == "Add":
                bias = next((g.constant(i) for i in after[0].input if i in g.constants), None)
            if bias is not None:
                outputs.append(after[0].output[0])
                biases.append(bias.astype(np.float32))
                g.graph.node.remove(after[0])
            else:
                outputs.append(mm.output[0])
                biases.append(np.zeros(width, np.float32))
        name = matmuls[0].name + "/qkv"
        widths = np.array([len(b) for b in biases], dtype=np.int64)
        inits = [numpy_helper.from_array(np.concatenate(biases), name + "_bias"),
                 numpy_helper.from_array(widths, name + "_widths")]
        if matmuls[0].op_type == "MatMulNBits":  # B [N, blocks, bytes] and scales stack along N
            attrs = {a.name: helper.get_attribute_value(a) for a in matmuls[0].attribute}
            attrs["N"] = int(widths.sum())
            for i, part in ((1, "_B"), (2, "_scales")):
                inits.append(numpy_helper.from_array(
                    np.concatenate([g.constant(m.input[i]) for m in matmuls]), name + part))
            nodes = [helper.make_node("MatMulNBits", [source, name + "_B", name + "_scales", "", "", name + "_bias"],
                                      [name + "_out"], name=name, domain="com.microsoft", **attrs)]
        else:  # weights [K, N] side by side
            inits.append(numpy_helper.from_array(
                np.concatenate([g.constant(m.input[1]) for m in matmuls], axis=1), name + "_W"))
            nodes = [helper.make_node("MatMul", [source, name + "_W"], [name + "_mm"], name=name),
                     helper.make_node("Add", [name + "_mm", name + "_bias"], [name + "_out"], name=name + "_bias")]
        nodes.append(helper.make_node("Split", [name + "_out", name + "_widths"], outputs, name=name + "_split",
                                      axis=-1))
        for mm in matmuls:
            g.graph.node.remove(mm)
        g.graph.initializer.extend(inits)
        g.graph.node.extend(nodes)
        count += 1
    return count


def sort_topologically(graph):
    ready = {i.name for i in graph.input} | {i.name for i in graph.initializer} | {""}
    ordered, pending = [], list(graph.node)
    while pending:
        waiting = []
        for node in pending:
            if all(name in ready for name in node.input):
                ordered.append(node)
                ready.update(node.output)
            else:
                waiting.append(node)
        if len(waiting) == len(pending):
            raise ValueError(f"the rewritten graph has a cycle or a missing input at {waiting[0].name}")
        pending = waiting
    del graph.node[:]
    graph.node.extend(ordered)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model_dir")
    parser.add_argument("--variant", default="_q8s", help="the slim variant's suffix (default: _q8s)")
    args = parser.parse_args()
    if not args.variant.endswith("s"):
        sys.exit(f"{args.variant} is not a slim step variant: run slim_step.py and pass its variant (_s, _q8s, ...)")
    out_variant = args.variant + "f"
    config = json.load(open(os.path.join(args.model_dir, "config.json")))
    src = os.path.join(args.model_dir, WITH_PAST.format(args.variant))
    model = onnx.load(src)
    before = len(model.graph.node)
    attentions = fuse_attention(model, config["decoder_attention_heads"])
    projections = fuse_projections(model)
    sort_topologically(model.graph)
    removed = prune(model.graph)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    share_base_files(args.model_dir, args.variant, out_variant)
    out = os.path.join(args.model_dir, WITH_PAST.format(out_variant))
    onnx.save(model, out)
    onnx.checker.check_model(out)
    print(f"{out}: {before} -> {len(model.graph.node)} nodes ({attentions} attentions as MultiHeadAttention,"
          f" {projections} query/key/value triples as one MatMul, {removed} nodes pruned)", file=sys.stderr)


if __name__ == "__main__":
    main()
