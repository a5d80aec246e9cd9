"""Train the page-segmentation net the document detector consults (assets/models/pagenet.onnx).

The detector's classic proposals (contours, lines) find page edges precisely
but cannot always tell the page from what looks like one: a shadow line
across it, a white desk around it, the part of it left in frame. A small
convolutional net looking at the whole frame at 160 x 128 answers "which
pixels are paper of the document" well enough to judge those proposals and
to propose one of its own; the classic refinement then puts the corners on
the real edges at full resolution.

The net (``PageNet`` below, about 0.2 M weights, a four-level U-Net with
stride-2 convolutions) maps a 160 x 128 BGR frame to page-probability logits
at 80 x 64. It is trained on images rendered by scripts/make_eval_set.py
with seeds used nowhere else (not the bench's, not development's, not the
ranker's), with flips and light/colour jitter, on a soft target (each output
pixel's covered share of the true quad), binary cross-entropy plus Dice. The
development set picks the epoch kept. Exported to ONNX and checked against
OpenCV's DNN module, which runs it in the product (no PyTorch at run time).

Two stages: most scenes are rendered at 0.4 scale (six times faster to
render), but those look grainier at 160 x 128 than a real 1080p frame does,
so the net is then fine-tuned on full-size renders mixed with small ones
(this took the development set's mask IoU from 0.95 to 0.986). The shipped
net was made like this, in about 25 minutes of rendering and 25 of training
on 2 cores (its stage 1 was stopped after 19 of 20 epochs and kept the last;
the script now keeps the best). Needs PyTorch (2.13, CPU build, was used)
and onnx, which the product does not (a training-only tool)::

    python -m venv /tmp/tenv && /tmp/tenv/bin/pip install torch==2.13.0 onnx \\
        opencv-python-headless pillow numpy chinesecalendar
    R=".venv/bin/python scripts/make_eval_set.py"
    $R --out var/cnn-train --count 9000 --seed 4242 --scale 0.4
    $R --out var/cnn-train2 --count 9000 --seed 4243 --scale 0.4
    $R --out var/cnn-train3 --count 2500 --seed 4244
    T="/tmp/tenv/bin/python scripts/train_pagenet.py"
    $T --data var/cnn-train var/cnn-train2 --cache var/cnn-18k.npz --epochs 20 \\
        --checkpoint var/pagenet-stage1.pt
    $T --data var/cnn-train3 var/cnn-train --cache var/cnn-ft.npz --epochs 6 --lr 1e-3 \\
        --init var/pagenet-stage1.pt
    .venv/bin/python scripts/train_ranker.py   # its "net" features changed: refit it

The shipped net was then fine-tuned for the photographic desk scenes of
scripts/realdesk.py (issue 17): the exported net read back with its batch
norm folded (``--init-onnx``; the fine-tuned net has none), 8 epochs at 1.5e-3
then 6 at 6e-4 on 4 000 desk scenes and 2 400 of the first kind, then 5 at
5e-4 with 1 600 card-heavy desk scenes added, the desk development set
picking the epoch (mask IoU 0.89 after one epoch, 0.94 at the end), about
20 min on 2 cores plus 25 min of rendering::

    $R --scenes desk --out var/cnn-desk1 --count 3000 --seed 4245 --scale 0.4
    $R --scenes desk --out var/cnn-desk2 --count 1000 --seed 4246 --scale 0.6
    $R --out var/cnn-old1 --count 2000 --seed 4242 --scale 0.4
    $R --out var/cnn-old2 --count 400 --seed 4244
    $R --scenes desk --out var/desk-dev --count 300 --seed 20261203   # realdesk.DEV_SEED
    D="--data var/cnn-desk1 var/cnn-desk2 var/cnn-old1 var/cnn-old2 --cache var/cnn-mix.npz"
    D="$D --dev var/desk-dev --dev-cache var/cnn-dev-desk.npz --threads 1"
    $T $D --epochs 8 --lr 1.5e-3 --init-onnx assets/models/pagenet.onnx \
        --checkpoint var/pagenet-ft1.pt
    $T $D --epochs 6 --lr 6e-4 --fused --init var/pagenet-ft1.pt --checkpoint var/pagenet-ft2.pt
    $R --scenes desk-cards --out var/cnn-cards --count 1600 --seed 4247 --scale 0.4
    $T $D --extra var/cnn-cards --extra-cache var/cnn-cards.npz --epochs 5 --lr 5e-4 \
        --threads 2 --fused --init var/pagenet-ft2.pt --checkpoint var/pagenet-ft3.pt
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
IN_W, IN_H = 160, 128  # the net's input; drivers/camera/pagenet.py uses the same
OUT_W, OUT_H = 80, 64  # its output (stride 2)
MODEL_FILE = ROOT / "assets" / "models" / "pagenet.onnx"
# the training sets' seeds (make_eval_set --seed)
TRAIN_SEEDS = (4242, 4243, 4244, 4245, 4246, 4247)


def net_input(img: np.ndarray) -> np.ndarray:
    """The frame as the net sees it: 160 x 128, area-averaged (any aspect is squeezed)."""
    return cv2.resize(img, (IN_W, IN_H), interpolation=cv2.INTER_AREA)


def soft_mask(quad: np.ndarray, w: int, h: int, sup: int = 8) -> np.ndarray:
    """Each output pixel's covered share of the quad (the quad in w x h frame pixels)."""
    big = np.zeros((OUT_H * sup, OUT_W * sup), np.uint8)
    q = np.asarray(quad, np.float64) * [OUT_W * sup / w, OUT_H * sup / h]
    cv2.fillConvexPoly(big, np.round(q * 16).astype(np.int32), 255, cv2.LINE_AA, shift=4)
    return cv2.resize(big, (OUT_W, OUT_H), interpolation=cv2.INTER_AREA)


def load_set(folders: list[Path], cache: Path) -> tuple[np.ndarray, np.ndarray]:
    """(N, 128, 160, 3) uint8 inputs and (N, 64, 80) uint8 soft masks, cached in an npz."""
    if cache.exists():
        z = np.load(cache)
        return z["x"], z["y"]
    xs, ys = [], []
    for folder in folders:
        for p in sorted(folder.glob("*.jpg")):
            if not p.with_suffix(".json").exists():  # a render cut short
                continue
            img = cv2.imread(str(p))
            truth = json.loads(p.with_suffix(".json").read_text())
            h, w = img.shape[:2]
            xs.append(net_input(img))
            ys.append(soft_mask(np.float32(truth["quad"]), w, h))
    x, y = np.stack(xs), np.stack(ys)
    np.savez(cache, x=x, y=y)
    return x, y


def build_model(fused: bool = False):
    """The net; ``fused`` has no batch norm (its convolutions carry a bias), the shape the ONNX
    export leaves, so a shipped model can be read back and fine-tuned (``load_onnx``)."""
    import torch
    from torch import nn

    def block(cin: int, cout: int, stride: int = 1) -> nn.Sequential:
        if fused:
            return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1), nn.ReLU(inplace=True))
        return nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride, 1, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
        )

    class PageNet(nn.Module):
        """160 x 128 BGR (normalised) in, 80 x 64 page logits out."""

        def __init__(self) -> None:
            super().__init__()
            self.e0 = block(3, 16, 2)  # 80 x 64
            self.e1 = nn.Sequential(block(16, 32, 2), block(32, 32))  # 40 x 32
            self.e2 = nn.Sequential(block(32, 48, 2), block(48, 48))  # 20 x 16
            self.e3 = nn.Sequential(block(48, 64, 2), block(64, 64), block(64, 64))  # 10 x 8
            self.d2 = block(64 + 48, 32)
            self.d1 = block(32 + 32, 16)
            self.d0 = block(16 + 16, 8)
            self.head = nn.Conv2d(8, 1, 1)
            self.up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            a = self.e0(x)
            b = self.e1(a)
            c = self.e2(b)
            d = self.e3(c)
            c = self.d2(torch.cat([self.up(d), c], 1))
            b = self.d1(torch.cat([self.up(c), b], 1))
            a = self.d0(torch.cat([self.up(b), a], 1))
            return self.head(a)

    return PageNet()


def load_onnx(model, path: Path) -> None:
    """Put the weights of an exported net (batch norm folded into its convolutions) into a
    ``build_model(fused=True)``: the ONNX graph's Conv nodes come in the model's order."""
    import onnx
    import torch
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    convs = [n for n in graph.node if n.op_type == "Conv"]
    mods = [m for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    if len(convs) != len(mods):
        sys.exit(f"{path} has {len(convs)} convolutions, the model {len(mods)}")
    with torch.no_grad():
        for node, mod in zip(convs, mods, strict=True):
            mod.weight.copy_(torch.from_numpy(init[node.input[1]].copy()))
            mod.bias.copy_(torch.from_numpy(init[node.input[2]].copy()))


def normalise(x):
    return (x - 127.5) / 64.0


def augment(x, y, rng: np.random.Generator):
    """Flips, 180-degree turns, brightness/contrast/colour jitter (numpy, per batch item)."""
    x = x.astype(np.float32)
    y = y.astype(np.float32) / 255.0
    for i in range(len(x)):
        if rng.random() < 0.5:
            x[i], y[i] = x[i, :, ::-1], y[i, :, ::-1]
        if rng.random() < 0.3:
            x[i], y[i] = x[i, ::-1], y[i, ::-1]
        gain = rng.uniform(0.7, 1.25) * rng.uniform(0.92, 1.08, 3)
        x[i] = (x[i] - 128) * rng.uniform(0.8, 1.2) + 128 + rng.uniform(-25, 25)
        x[i] *= gain
        if rng.random() < 0.3:
            x[i] += rng.normal(0, rng.uniform(1, 6), x[i].shape)
    return np.clip(x, 0, 255), y


def train(args: argparse.Namespace) -> None:
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    x, y = load_set([Path(f) for f in args.data], Path(args.cache))
    if args.extra:  # more sets, cached apart (the cache of --data stays valid)
        ex, ey = load_set([Path(f) for f in args.extra], Path(args.extra_cache))
        x, y = np.concatenate([x, ex]), np.concatenate([y, ey])
    dev_x, dev_y = load_set([Path(d) for d in args.dev], Path(args.dev_cache))
    print(f"train {len(x)} dev {len(dev_x)}", flush=True)
    model = build_model(fused=bool(args.init_onnx) or args.fused)
    if args.init:  # fine-tune a trained net (e.g. on full-size renders, at a lower rate)
        model.load_state_dict(torch.load(args.init))
    if args.init_onnx:  # fine-tune the shipped net (its batch norm is folded away)
        load_onnx(model, Path(args.init_onnx))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    steps = args.epochs * math.ceil(len(x) / args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, args.lr, total_steps=steps, pct_start=0.15)

    def to_t(a):
        return torch.from_numpy(np.ascontiguousarray(a))

    def evaluate() -> float:
        model.eval()
        ious = []
        with torch.no_grad():
            for i in range(0, len(dev_x), 64):
                xb = to_t(normalise(dev_x[i : i + 64].astype(np.float32))).permute(0, 3, 1, 2)
                p = torch.sigmoid(model(xb))[:, 0].numpy() > 0.5
                t = dev_y[i : i + 64] > 127
                inter = (p & t).sum((1, 2))
                union = (p | t).sum((1, 2))
                ious += list(inter / np.maximum(union, 1))
        model.train()
        return float(np.mean(ious))

    t0 = time.time()
    best = -1.0
    for epoch in range(args.epochs):
        order = rng.permutation(len(x))
        total = 0.0
        for s in range(0, len(order), args.batch):
            idx = order[s : s + args.batch]
            xb, yb = augment(x[idx], y[idx], rng)
            xb = to_t(normalise(xb)).permute(0, 3, 1, 2)
            yb = to_t(yb)[:, None]
            logits = model(xb)
            bce = F.binary_cross_entropy_with_logits(logits, yb)
            p = torch.sigmoid(logits)
            inter, both = (p * yb).sum((1, 2, 3)), (p + yb).sum((1, 2, 3))
            dice = 1 - (2 * inter + 1) / (both + 1)
            loss = bce + dice.mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        iou = evaluate()
        print(
            f"epoch {epoch + 1}/{args.epochs} loss {total / len(x):.4f} "
            f"dev mask IoU {iou:.4f} ({time.time() - t0:.0f} s)",
            flush=True,
        )
        if iou > best:  # the development set picks the epoch (never the bench's images)
            best = iou
            torch.save(model.state_dict(), args.checkpoint)
    model.load_state_dict(torch.load(args.checkpoint))
    print(f"kept the epoch with dev mask IoU {best:.4f}")
    export(model, Path(args.out), dev_x[:8])


def export(model, out: Path, sample: np.ndarray) -> None:
    """Write the ONNX file and check OpenCV's DNN module gives the same answer."""
    import torch

    model.eval()
    out.parent.mkdir(parents=True, exist_ok=True)
    dummy = torch.zeros(1, 3, IN_H, IN_W)
    torch.onnx.export(
        model, (dummy,), str(out), input_names=["frame"], output_names=["page"],
        opset_version=13, dynamo=False,
    )  # fmt: skip
    net = cv2.dnn.readNetFromONNX(str(out))
    worst = 0.0
    for s in sample:
        blob = normalise(s.astype(np.float32)).transpose(2, 0, 1)[None].copy()
        net.setInput(blob)
        ours = net.forward()
        with torch.no_grad():
            ref = model(torch.from_numpy(blob)).numpy()
        worst = max(worst, float(np.abs(ours - ref).max()))
    print(f"wrote {out} ({out.stat().st_size // 1024} KB); OpenCV vs PyTorch max diff {worst:.2e}")
    if worst > 1e-3:
        sys.exit("OpenCV's DNN module disagrees with PyTorch: not exported")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Train the page-segmentation net.")
    ap.add_argument("--data", nargs="+", default=["var/cnn-train"])
    ap.add_argument(
        "--dev", nargs="+", default=["var/evalset-dev"], help="development sets (mask IoU shown)"
    )
    ap.add_argument("--cache", default="var/cnn-train.npz")
    ap.add_argument("--extra", nargs="*", default=[], help="more training sets, cached apart")
    ap.add_argument("--extra-cache", default="var/cnn-extra.npz")
    ap.add_argument("--dev-cache", default="var/cnn-dev.npz")
    ap.add_argument("--epochs", type=int, default=14)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--checkpoint", default="var/pagenet.pt")
    ap.add_argument("--init", help="start from this checkpoint (fine-tuning)")
    ap.add_argument("--init-onnx", help="start from this exported net (fine-tuning, no batch norm)")
    ap.add_argument(
        "--fused",
        action="store_true",
        help="the net without batch norm (--init of a net fine-tuned from --init-onnx)",
    )
    ap.add_argument("--out", default=str(MODEL_FILE))
    ap.add_argument("--export-only", action="store_true", help="export the checkpoint only")
    args = ap.parse_args(argv)
    if args.export_only:
        import torch

        model = build_model(fused=bool(args.init_onnx) or args.fused)
        model.load_state_dict(torch.load(args.checkpoint))
        dev = load_set([Path(d) for d in args.dev], Path(args.dev_cache))[0][:8]
        export(model, Path(args.out), dev)
        return
    train(args)


if __name__ == "__main__":
    main()
