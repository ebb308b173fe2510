"""Writes a random-weight vits14 backbone in the contract's ONNX form, on a GPU machine that has
PyTorch, timm and onnx but no .NET (see README.md here). The architecture is timm's
vit_small_patch14_dinov2 at 224 px, the same network RedDino-small uses; the weights are random,
which does not change the speed being measured.

usage: python3 make_vits14_onnx.py OUT.onnx
"""
import sys

import onnx
import timm
import torch

out = sys.argv[1]
torch.manual_seed(0)
model = timm.create_model("vit_small_patch14_dinov2", pretrained=False, img_size=224, num_classes=0).eval()
x = torch.randn(2, 3, 224, 224)
torch.onnx.export(model, x, out, input_names=["pixel_values"], output_names=["embedding"],
                  dynamic_axes={"pixel_values": {0: "batch"}, "embedding": {0: "batch"}},
                  opset_version=17, dynamo=False)
proto = onnx.load(out)
for key, value in {
    "reddino.format_version": "1", "reddino.arch": "vits14", "reddino.embed_dim": "384",
    "reddino.image_size": "224", "reddino.patch_size": "14", "reddino.resize": "bilinear",
    "reddino.pixel_scale": "255", "reddino.mean": "0.485,0.456,0.406", "reddino.std": "0.229,0.224,0.225",
    "reddino.source_sha256": "random-weights-timm-vit_small_patch14_dinov2",
}.items():
    entry = proto.metadata_props.add()
    entry.key, entry.value = key, value
onnx.save(proto, out)
print(f"wrote {out}")
