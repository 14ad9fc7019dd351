#!/usr/bin/env python3
"""Prints the GPU check's comparison table from i2v-bench --json and diffusers_i2vgenxl.py time JSON files:
load, mean s/step (steps 2..N), total, peak allocated / reserved VRAM, and i2v / diffusers ratios."""
import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def mean_step(r):
    s = r["step_ms"][1:] or r["step_ms"]
    return sum(s) / len(s) / 1000 if s else float("nan")


def gib(b):
    return b / 2**30


def main(paths):
    rows = [load(p) for p in paths]
    print("| engine | device | size | steps | load s | s/step (2..N) | total s | peak alloc GiB | peak reserved GiB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['engine']} | {r['device']} | {r['width']}x{r['height']}x{r['frames']} | {r['steps']} | "
              f"{r['load_ms'] / 1000:.1f} | {mean_step(r):.3f} | {r['total_ms'] / 1000:.2f} | "
              f"{gib(r['peak_allocated_bytes']):.2f} | {gib(r['peak_reserved_bytes']):.2f} |")
    ours = [r for r in rows if r["engine"] == "i2v"]
    ref = [r for r in rows if r["engine"] == "diffusers"]
    for a in ours:
        for b in ref:
            if (a["width"], a["height"], a["frames"], a["steps"]) != (b["width"], b["height"], b["frames"], b["steps"]):
                continue
            print(f"\ni2v / diffusers at {a['width']}x{a['height']}x{a['frames']}, {a['steps']} steps: "
                  f"time {a['total_ms'] / b['total_ms']:.2f}x (target <= 0.7), "
                  f"s/step {mean_step(a) / mean_step(b):.2f}x, "
                  f"peak allocated {a['peak_allocated_bytes'] / max(1, b['peak_allocated_bytes']):.2f}x (target <= 0.6), "
                  f"peak reserved {a['peak_reserved_bytes'] / max(1, b['peak_reserved_bytes']):.2f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
