#!/usr/bin/env python3
"""Draws the bundled sample image (resources/samples/lakeside.png): a stylised lakeside at sunset.

Made from code only (no third-party pixels), so the project can ship it under its own licence.
Usage: python3 scripts/make-sample-image.py [OUTPUT.png]   (standard library only)
"""
import math
import struct
import sys
import zlib

WIDTH, HEIGHT = 640, 480


def lerp(a, b, t):
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))


def pixel(x, y):
    horizon = HEIGHT * 0.58
    sun_x, sun_y, sun_r = WIDTH * 0.68, HEIGHT * 0.42, 46.0
    # Far and near hills: sums of sines so the silhouette has detail for camera moves to reveal.
    far = HEIGHT * 0.47 + 18 * math.sin(x / 53.0) + 9 * math.sin(x / 17.0 + 1.3)
    near = HEIGHT * 0.55 + 24 * math.sin(x / 91.0 + 2.0) + 6 * math.sin(x / 11.0)
    if y < horizon:
        sky = lerp((38, 52, 140), (250, 150, 90), (y / horizon) ** 1.4)
        d = math.hypot(x - sun_x, y - sun_y)
        if d < sun_r:
            sky = (255, 236, 150)
        elif d < sun_r * 2.2:
            sky = lerp((255, 200, 120), sky, (d - sun_r) / (sun_r * 1.2))
        if y > near:
            return lerp((30, 70, 50), (20, 45, 35), (x % 37) / 37.0 * 0.3)
        if y > far:
            return lerp((90, 80, 130), (70, 60, 110), ((x // 7) % 2) * 0.5)
        return sky
    # Water: mirrored sky with ripples and a sun glitter path.
    t = (y - horizon) / (HEIGHT - horizon)
    ripple = math.sin(y * 0.9 + math.sin(x / 23.0) * 2.0)
    water = lerp((200, 120, 90), (20, 40, 90), t ** 0.7)
    if abs(x - sun_x) < 30 + 60 * t and ripple > 0.55:
        water = lerp(water, (255, 230, 170), 0.7)
    elif ripple > 0.8:
        water = lerp(water, (255, 255, 255), 0.15)
    # A small red boat, the one sharp object in the scene.
    bx, by = WIDTH * 0.3, horizon + 60
    if by - 6 < y < by + 6 and abs(x - bx) < 40 - (y - by + 6) * 1.5:
        return (190, 40, 40)
    if by - 46 < y <= by - 6 and bx - 2 <= x <= bx + 1:
        return (60, 40, 30)
    if by - 44 < y <= by - 8 and bx + 2 < x < bx + 2 + (y - (by - 44)) * 0.7:
        return (245, 240, 225)
    return water


def png(width, height, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "resources/samples/lakeside.png"
    rows = [[pixel(x, y) for x in range(WIDTH)] for y in range(HEIGHT)]
    with open(out, "wb") as f:
        f.write(png(WIDTH, HEIGHT, rows))


if __name__ == "__main__":
    main()
