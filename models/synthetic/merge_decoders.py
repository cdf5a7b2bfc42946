#!/usr/bin/python3
"""Merges decoder_model.onnx and decoder_with_past_model.onnx into decoder_model_merged.onnx, the
single-file layout Hugging Face Optimum also publishes (onnx-community ships both):

    inputs   input_ids, encoder_hidden_states, past_key_values.N.{decoder,encoder}.{key,value},
             use_cache_branch (bool [1])
    outputs  logits, present.N.{decoder,encoder}.{key,value}

An If node on use_cache_branch runs the with-past graph (true; present.N.encoder.* are its
past_key_values.N.encoder.* passed through) or the no-past graph (false; the past inputs are
ignored). Each branch's internal names get a prefix so that nothing shadows the outer scope.

    /usr/bin/python3 models/synthetic/merge_decoders.py MODEL_DIR
"""
import os
import sys

import onnx
from onnx import helper, TensorProto


def branch(graph, prefix, outer_inputs, outputs, extra_identities):
    """The nodes and initializers of `graph` as an If branch producing `outputs` (outer names)."""
    keep = set(outer_inputs)

    def rename(name):
        return name if (not name or name in keep) else prefix + name

    nodes = []
    for node in graph.node:
        n = onnx.NodeProto()
        n.CopyFrom(node)
        del n.input[:]
        n.input.extend(rename(x) for x in node.input)
        del n.output[:]
        n.output.extend(rename(x) for x in node.output)
        if n.name:
            n.name = prefix + n.name
        nodes.append(n)
    inits = []
    for init in graph.initializer:
        i = onnx.TensorProto()
        i.CopyFrom(init)
        i.name = prefix + init.name
        inits.append(i)
    produced = {o.name: o for o in graph.output}
    outs = []
    for name, value_info in outputs:
        if name in produced:
            source = rename(name)
        else:
            source = extra_identities[name]
        # each branch output gets its own name, made by an Identity
        target = prefix + "out." + name
        nodes.append(helper.make_node("Identity", [source], [target], name=prefix + "id." + name))
        vi = onnx.ValueInfoProto()
        vi.CopyFrom(value_info)
        vi.name = target
        outs.append(vi)
    return helper.make_graph(nodes, prefix + "branch", [], outs, initializer=inits)


def main():
    model_dir = sys.argv[1]
    plain = onnx.load(os.path.join(model_dir, "decoder_model.onnx"))
    past = onnx.load(os.path.join(model_dir, "decoder_with_past_model.onnx"))
    out_infos = [(o.name, o) for o in plain.graph.output]
    past_inputs = [i for i in past.graph.input if i.name.startswith("past_key_values.")]
    inputs = list(plain.graph.input) + past_inputs
    cond = helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1])
    outer = [i.name for i in inputs]
    identities = {o.name: o.name.replace("present.", "past_key_values.")
                  for o in plain.graph.output if ".encoder." in o.name}
    then_graph = branch(past.graph, "with_past/", outer, out_infos, identities)
    else_graph = branch(plain.graph, "no_past/", outer, out_infos, {})
    node = helper.make_node("If", ["use_cache_branch"], [name for name, _ in out_infos],
                            then_branch=then_graph, else_branch=else_graph, name="optimum::if")
    graph = helper.make_graph([node], "merged_decoder", inputs + [cond], [vi for _, vi in out_infos])
    merged = helper.make_model(graph, opset_imports=plain.opset_import)
    merged.ir_version = plain.ir_version
    path = os.path.join(model_dir, "decoder_model_merged.onnx")
    onnx.save(merged, path)
    onnx.checker.check_model(path)
    print(path)


if __name__ == "__main__":
    main()
