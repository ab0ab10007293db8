#!/usr/bin/python3
"""Reference forward of the causal Temporal Latent Bottleneck (docs/tlb.md), to read top to bottom.

It loads the weights tlb::export_weights wrote (a name -> tensor dict) and an inputs file
(a dict: inputs [B, T, I] float, heads, self_layers, groups as 0-d tensors), and runs the
sequence path from the initial state with one episode per row. The C++ model must
reproduce its outputs: tests/tlb/python_reference_test.cpp checks that.

  tlb_reference.py WEIGHTS INPUTS --compare OUTPUTS   # prints max_abs_diff=..., exit 1 if >= --tol
  tlb_reference.py WEIGHTS INPUTS --bench             # times forward+backward, prints JSON

Legend: B batch, T steps, K chunk, N latents, D width. Needs Debian's /usr/bin/python3 with
python3-torch (1.13).
"""
import argparse
import json
import math
import sys
import time

import torch
import torch.nn.functional as F


def linear(w, name, x):
    return F.linear(x, w[name + ".weight"], w.get(name + ".bias"))


def layer_norm(w, name, x):
    return F.layer_norm(x, x.shape[-1:], w[name + ".weight"], w[name + ".bias"])


def mlp(w, name, x):  # Linear -> GELU -> Linear
    return linear(w, name + ".fc_out", F.gelu(linear(w, name + ".fc_in", x)))


def attention(w, name, q_in, kv_in, heads, mask=None):
    """q_in [B, Tq, D] attends to kv_in [B, Tk, D]; mask [Tq, Tk] bool, True = may attend."""
    q, k, v = (linear(w, name + "." + p + "_proj", x) for p, x in (("q", q_in), ("k", kv_in), ("v", kv_in)))
    b, tq, d = q.shape

    def split(t):  # [B, T, D] -> [B, H, T, D/H]
        return t.view(b, t.shape[1], heads, d // heads).transpose(1, 2)

    scores = split(q) @ split(k).transpose(-2, -1) / math.sqrt(d // heads)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    out = scores.softmax(-1) @ split(v)
    return linear(w, name + ".out_proj", out.transpose(1, 2).reshape(b, tq, d))


def gru_gate(w, name, x, y, bias=2.0):
    """GTrXL's gate in place of x + y (tlb/gru_gate.h)."""
    wr, wz, wg = linear(w, name + ".from_y", y).chunk(3, -1)
    ur, uz = F.linear(x, w[name + ".from_x.weight"]).chunk(2, -1)
    r, z = torch.sigmoid(wr + ur), torch.sigmoid(wz + uz - bias)
    h = torch.tanh(wg + F.linear(r * x, w[name + ".candidate.weight"]))
    return (1 - z) * x + z * h


def cross_block(w, name, x, context, heads):
    """x attends to context (separate LNs for the two sides), then an MLP; gated if exported so."""
    gated = name + ".gate_attn.from_y.weight" in w
    y = attention(w, name + ".attn", layer_norm(w, name + ".ln_q", x), layer_norm(w, name + ".ln_kv", context), heads)
    x = gru_gate(w, name + ".gate_attn", x, y) if gated else x + y
    y = mlp(w, name + ".mlp", layer_norm(w, name + ".ln_mlp", x))
    return gru_gate(w, name + ".gate_mlp", x, y) if gated else x + y


def self_block(w, name, h, heads):
    """Causal self-attention among the chunk's tokens, then an MLP."""
    a = layer_norm(w, name + ".ln_attn", h)
    causal = torch.ones(h.shape[1], h.shape[1], dtype=torch.bool).tril()
    h = h + attention(w, name + ".attn", a, a, heads, causal)
    return h + mlp(w, name + ".mlp", layer_norm(w, name + ".ln_mlp", h))


def tlb_forward(w, inputs, heads, self_layers, groups):
    """inputs [B, T, I], every row starting its episode at step 0 -> outputs [B, T, D]."""
    k = w["position"].shape[0]
    b, t, _ = inputs.shape
    latents = w["initial_latents"].expand(b, -1, -1)  # I_0 [B, N, D]
    tokens = linear(w, "embed", inputs)  # [B, T, D]
    outputs = []
    for c0 in range(0, t, k):  # chunks are sequential; a partial last chunk just has fewer tokens
        h = tokens[:, c0 : c0 + k] + w["position"][: min(k, t - c0)]
        for g in range(groups):  # fast stream: sees this chunk and I_l only
            for r in range(self_layers):
                h = self_block(w, "self_blocks.%d" % (g * self_layers + r), h, heads)
            h = cross_block(w, "cross_blocks.%d" % g, h, latents, heads)
        outputs.append(h)
        if h.shape[1] == k:  # slow update once the chunk is complete: I_{l+1} = G(X̄_l, I_l)
            latents = cross_block(w, "slow_update", latents, h, heads)
    return layer_norm(w, "ln_out", torch.cat(outputs, 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("weights")
    parser.add_argument("inputs")
    parser.add_argument("--compare", help="C++ outputs file (dict with 'outputs' [B, T, D])")
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--bench", action="store_true", help="time forward+backward instead")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    w = torch.load(args.weights)
    data = torch.load(args.inputs)
    config = dict(heads=int(data["heads"]), self_layers=int(data["self_layers"]), groups=int(data["groups"]))
    inputs = data["inputs"]
    if args.bench:
        for v in w.values():
            v.requires_grad_(v.is_floating_point())
        tlb_forward(w, inputs, **config).square().mean().backward()  # warm-up
        wall, cpu = [], []  # per pass; the medians are reported, as tlb_bench does
        for _ in range(args.repeats):
            begin, cpu_begin = time.perf_counter(), time.process_time()
            tlb_forward(w, inputs, **config).square().mean().backward()
            wall.append(time.perf_counter() - begin)
            cpu.append(time.process_time() - cpu_begin)
        tokens = inputs.shape[0] * inputs.shape[1]
        median = lambda xs: sorted(xs)[len(xs) // 2]
        print(json.dumps({"tokens_per_s": tokens / median(wall), "cpu_tokens_per_s": tokens / median(cpu),
                          "torch": torch.__version__}))
        return 0
    with torch.no_grad():
        outputs = tlb_forward(w, inputs, **config)
    if args.compare is None:
        print(outputs)
        return 0
    expected = torch.load(args.compare)["outputs"]
    if expected.shape != outputs.shape:
        print("outputs: expected shape %s, found %s" % (list(expected.shape), list(outputs.shape)))
        return 1
    diff = (outputs - expected).abs().max().item()
    print("max_abs_diff=%.3g" % diff)
    return 0 if diff < args.tol else 1


if __name__ == "__main__":
    sys.exit(main())
