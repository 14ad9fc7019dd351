#!/usr/bin/env python3
"""The diffusers side of scripts/gpu-check.sh (I2V Studio's GPU check).

  make-random DIR   build the real I2VGen-XL architecture with random weights from the config files in
                    tests/data/i2vgenxl-real-configs (seeded), and save it as a diffusers model folder
                    (float16 safetensors) that both diffusers and i2v-bench load: same weights, same clip.
  time DIR          time diffusers' I2VGenXLPipeline on DIR (fp16, SDPA attention, as shipped) and write
                    the figures as JSON in the format of `i2v-bench --json`.

Pinned reference: diffusers 0.31.0 (the release the engine's port follows), transformers from the machine.
Runs at build/check time only; the app never uses Python.
"""
import argparse
import json
import os
import sys
import time


def make_random(args):
    import torch
    from diffusers import AutoencoderKL, DDIMScheduler, I2VGenXLPipeline, I2VGenXLUNet
    from transformers import (CLIPImageProcessor, CLIPTextConfig, CLIPTextModel, CLIPTokenizer,
                              CLIPVisionConfig, CLIPVisionModelWithProjection)

    cfg = args.configs
    device = torch.device(args.device)
    dtype = getattr(torch, args.dtype)
    torch.manual_seed(args.seed)
    start = time.perf_counter()
    with device:  # parameters are created (and randomly initialised) on the device: seconds, not minutes
        unet = I2VGenXLUNet.from_config(I2VGenXLUNet.load_config(os.path.join(cfg, "unet")))
        vae = AutoencoderKL.from_config(AutoencoderKL.load_config(os.path.join(cfg, "vae")))
        text = CLIPTextModel(CLIPTextConfig.from_json_file(os.path.join(cfg, "text_encoder", "config.json")))
        image = CLIPVisionModelWithProjection(
            CLIPVisionConfig.from_json_file(os.path.join(cfg, "image_encoder", "config.json")))
    pipe = I2VGenXLPipeline(
        vae=vae.to(dtype), text_encoder=text.to(dtype), tokenizer=CLIPTokenizer.from_pretrained(args.tokenizer),
        unet=unet.to(dtype), image_encoder=image.to(dtype),
        feature_extractor=CLIPImageProcessor.from_pretrained(os.path.join(cfg, "feature_extractor")),
        scheduler=DDIMScheduler.from_pretrained(os.path.join(cfg, "scheduler")))
    pipe.save_pretrained(args.dir, safe_serialization=True)
    n = sum(p.numel() for p in unet.parameters())
    print(f"random I2VGen-XL saved to {args.dir}: UNet {n:,} parameters, {args.dtype}, "
          f"{time.perf_counter() - start:.1f} s", flush=True)


def synthetic_image(width, height):
    # The same picture as i2v-bench's syntheticImage(): gradients and a disc, 1.5x as wide as the clip.
    import numpy as np
    from PIL import Image
    w, h = width * 3 // 2, height
    y, x = np.mgrid[0:h, 0:w]
    rgb = np.zeros((h, w, 3), np.uint8)
    rgb[..., 0] = (255 * x // max(1, w - 1)).astype(np.uint8)
    rgb[..., 1] = (255 * y // max(1, h - 1)).astype(np.uint8)
    disc = (x - w // 2) ** 2 + (y - h // 2) ** 2 < (w * h) // 16
    rgb[..., 2] = np.where(disc, 230, 40)
    return Image.fromarray(rgb)


def time_pipeline(args):
    import torch
    from diffusers import I2VGenXLPipeline

    device = torch.device(args.device)
    dtype = getattr(torch, args.dtype)
    cuda = device.type == "cuda"
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    if cuda:
        torch.cuda.reset_peak_memory_stats()
    start = time.perf_counter()
    pipe = I2VGenXLPipeline.from_pretrained(args.dir, torch_dtype=dtype).to(device)
    pipe.set_progress_bar_config(disable=True)
    sync()
    load_ms = (time.perf_counter() - start) * 1000
    stamps = []
    # I2VGenXLPipeline takes no step callback: each denoising step ends with one scheduler.step call.
    scheduler_step = pipe.scheduler.step

    def timed_step(*a, **k):
        out = scheduler_step(*a, **k)
        sync()
        stamps.append(time.perf_counter())
        return out

    pipe.scheduler.step = timed_step

    call = dict(prompt="A red fox jumping over a frozen creek at sunrise, cinematic lighting, 4k",
                negative_prompt="blurry, low quality, distorted, watermark",
                image=synthetic_image(args.width, args.height), height=args.height, width=args.width,
                num_frames=args.frames, num_inference_steps=args.steps, guidance_scale=9.0,
                target_fps=16, decode_chunk_size=args.decode_chunk, output_type="np",
                generator=torch.Generator("cpu").manual_seed(42))
    if cuda:
        torch.cuda.reset_peak_memory_stats()
    sync()
    begin = time.perf_counter()
    out = pipe(**call)
    sync()
    end = time.perf_counter()
    frames = out.frames[0]
    # step i ends at stamps[i]; the first step also holds the encoders and the VAE encode, as in i2v-bench.
    marks = [begin] + stamps
    step_ms = [(b - a) * 1000 for a, b in zip(marks, marks[1:])]
    result = {
        "engine": "diffusers", "device": f"{device} {args.dtype}", "torch": torch.__version__,
        "width": args.width, "height": args.height, "frames": len(frames), "steps": args.steps,
        "load_ms": load_ms, "step_ms": step_ms,
        "decode_ms": (end - stamps[-1]) * 1000 if stamps else 0.0, "total_ms": (end - begin) * 1000,
        "peak_allocated_bytes": torch.cuda.max_memory_allocated() if cuda else 0,
        "peak_reserved_bytes": torch.cuda.max_memory_reserved() if cuda else 0,
    }
    with open(args.json, "w") as f:
        json.dump(result, f)
    print(json.dumps(result), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make-random")
    m.add_argument("dir")
    m.add_argument("--configs", default="tests/data/i2vgenxl-real-configs")
    m.add_argument("--tokenizer", default="tests/data/i2vgenxl-tiny/model/tokenizer")
    m.add_argument("--device", default="cuda")
    m.add_argument("--dtype", default="float16")
    m.add_argument("--seed", type=int, default=0)
    t = sub.add_parser("time")
    t.add_argument("dir")
    t.add_argument("--json", required=True)
    t.add_argument("--device", default="cuda")
    t.add_argument("--dtype", default="float16")
    t.add_argument("--width", type=int, default=512)
    t.add_argument("--height", type=int, default=512)
    t.add_argument("--frames", type=int, default=16)
    t.add_argument("--steps", type=int, default=25)
    t.add_argument("--decode-chunk", type=int, default=1)
    args = p.parse_args()
    make_random(args) if args.cmd == "make-random" else time_pipeline(args)


if __name__ == "__main__":
    sys.exit(main())
