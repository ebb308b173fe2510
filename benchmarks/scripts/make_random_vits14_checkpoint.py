#!/usr/bin/python3
"""Writes a random-weight ViT-S/14 checkpoint (flat timm state dict, .pth) for the precision and batch-size
measurements in README "Performance, measured": `reddino export --checkpoint OUT.pth [--precision int8]`
turns it into the backbone. Same weight scheme as RedDino.Backbone's RandomWeights (every block matters):
LayerScale gammas U(0.2, 1), LayerNorm weights 1 + N(0, 0.1), biases N(0, 0.1), cls/pos tokens N(0, 0.5),
other weights N(0, 1/fan_in). Real RedDino weights have outlier activations these lack: `reddino fidelity`
is how a user checks int8 on theirs.

usage: /usr/bin/python3 benchmarks/scripts/make_random_vits14_checkpoint.py OUT.pth [--seed 0] [--image-size 224]
"""
import argparse

import torch

D, DEPTH, MLP, PATCH = 384, 12, 1536, 14

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--image-size", type=int, default=224)
args = parser.parse_args()
g = torch.Generator().manual_seed(args.seed)
tokens = 1 + (args.image_size // PATCH) ** 2


def normal(shape, mean=0.0, std=1.0):
    return torch.randn(shape, generator=g) * std + mean


def weight(shape):  # N(0, 1/fan_in)
    fan_in = 1
    for s in shape[1:]:
        fan_in *= s
    return normal(shape, std=fan_in ** -0.5)


state = {
    "cls_token": normal((1, 1, D), std=0.5),
    "pos_embed": normal((1, tokens, D), std=0.5),
    "patch_embed.proj.weight": weight((D, 3, PATCH, PATCH)),
    "patch_embed.proj.bias": normal((D,), std=0.1),
}
for i in range(DEPTH):
    p = f"blocks.{i}."
    for norm in ("norm1", "norm2"):
        state[p + norm + ".weight"] = normal((D,), 1.0, 0.1)
        state[p + norm + ".bias"] = normal((D,), std=0.1)
    for name, out_f, in_f in (("attn.qkv", 3 * D, D), ("attn.proj", D, D), ("mlp.fc1", MLP, D), ("mlp.fc2", D, MLP)):
        state[p + name + ".weight"] = weight((out_f, in_f))
        state[p + name + ".bias"] = normal((out_f,), std=0.1)
    for ls in ("ls1", "ls2"):
        state[p + ls + ".gamma"] = torch.rand((D,), generator=g) * 0.8 + 0.2
state["norm.weight"] = normal((D,), 1.0, 0.1)
state["norm.bias"] = normal((D,), std=0.1)
torch.save(state, args.out)
print(f"wrote {args.out}: {sum(t.numel() for t in state.values()):,} parameters")
