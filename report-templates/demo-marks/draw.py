#!/usr/bin/env python3
"""Draw the demo lab's synthetic seal (检验检测专用章) and its CMA/CNAS-style marks.

They are the project's own drawings for the fictitious demo lab, not any real institution's
seal or the real CMA/CNAS logos (those belong to CNCA/CNAS and may only be printed by an
accredited lab). Re-run with Pillow installed: python3 draw.py
"""
import math
import os

from PIL import Image, ImageDraw, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
FONT = os.path.join(HERE, "..", "fonts", "wqy-microhei.ttc")
RED = (205, 30, 36)
BLUE = (0, 84, 166)


def font(size):
    return ImageFont.truetype(FONT, size)


def star(draw, cx, cy, r, fill):
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.382
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    draw.polygon(pts, fill=fill)


def seal(name, path, size=600):
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    c = size / 2
    ink = RED + (225,)
    ring = size * 0.035
    d.ellipse([ring / 2, ring / 2, size - ring / 2, size - ring / 2], outline=ink, width=int(ring))
    star(d, c, c, size * 0.14, ink)
    # The lab's name along the upper arc, each character turned to face the centre.
    f = font(int(size * 0.095))
    n = len(name)
    span = math.radians(230)
    radius = size * 0.36
    for i, ch in enumerate(name):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / n
        tile = Image.new("RGBA", (int(size * 0.13), int(size * 0.13)), (0, 0, 0, 0))
        td = ImageDraw.Draw(tile)
        td.text((tile.width / 2, tile.height / 2), ch, font=f, fill=ink, anchor="mm")
        tile = tile.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        x = c + radius * math.cos(a) - tile.width / 2
        y = c + radius * math.sin(a) - tile.height / 2
        img.alpha_composite(tile, (int(x), int(y)))
    d.text((c, c + size * 0.25), "检验检测专用章", font=font(int(size * 0.07)), fill=ink, anchor="mm")
    d.text((c, c + size * 0.36), "演示 DEMO", font=font(int(size * 0.045)), fill=ink, anchor="mm")
    img.save(path, optimize=True)


def mark(letters, path, colour, w=520, h=300):
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    ink = colour + (255,)
    d.rounded_rectangle([8, 8, w - 8, h - 8], radius=40, outline=ink, width=14)
    d.text((w / 2, h * 0.44), letters, font=font(int(h * 0.46)), fill=ink, anchor="mm")
    d.text((w / 2, h * 0.82), "演示标志 DEMO", font=font(int(h * 0.13)), fill=ink, anchor="mm")
    img.save(path, optimize=True)


if __name__ == "__main__":
    seal("闽江产品质量检验研究院", os.path.join(HERE, "demo-seal.png"))
    mark("CMA", os.path.join(HERE, "demo-cma.png"), RED)
    mark("CNAS", os.path.join(HERE, "demo-cnas.png"), BLUE)
