"""Draw the app's icons from its own figure: the cat-camel's hands-and-knees pose in white on
the figure's navy (home-screen icons, the maskable icon, the favicon).

    .venv/bin/python scripts/icons.py [--out src/supple/web/static/supple/icons]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from PIL import Image, ImageDraw  # noqa: E402

from supple.content import load_catalog  # noqa: E402
from supple.figures import model as P  # noqa: E402
from supple.figures import render as F  # noqa: E402

NAVY = "#1e4468"
WHITE = "#ffffff"
INK = "#000000"  # the body painted black on white, then used as a mask
EXERCISE = "cat-camel"


def mark(size: int, *, safe: float, rounded: bool) -> Image.Image:
    """The figure in white on navy; ``safe`` is the share of the side the figure may fill."""
    figure = load_catalog().exercise(EXERCISE).figure
    assert figure is not None
    start, _ = P.still_poses(figure)
    layers = F._layers(figure, [start])
    shapes = [
        dataclasses.replace(s, stroke=INK if s.stroke else None, fill=INK if s.fill else None)
        for s in F.figure_shapes(figure, start, layers)
        if not s.key.endswith(".edge") and s.key != "eye"
    ]
    x0, y0, x1, y1 = F._bounds(figure, [start])
    y1 -= F.HEADER
    body = F._paint(shapes, (x0, y0, x1, y1), 4.0)
    body = body.convert("L").point(lambda v: 255 if v < 128 else 0)  # where the body is
    big = size * 4
    scale = safe * big / max(body.width, body.height)
    body = body.resize((round(body.width * scale), round(body.height * scale)))
    canvas = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=NAVY)
    else:
        draw.rectangle((0, 0, big, big), fill=NAVY)
    white = Image.new("RGBA", body.size, WHITE)
    canvas.paste(white, ((big - body.width) // 2, (big - body.height) // 2), body)
    return canvas.resize((size, size), Image.Resampling.LANCZOS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "src/supple/web/static/supple/icons")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        mark(size, safe=0.78, rounded=True).save(args.out / f"icon-{size}.png", optimize=True)
        # Maskable: a full square, the figure inside the central 80% safe zone.
        mark(size, safe=0.6, rounded=False).save(
            args.out / f"icon-maskable-{size}.png", optimize=True
        )
    mark(180, safe=0.7, rounded=False).save(args.out / "apple-touch-icon.png", optimize=True)
    mark(64, safe=0.86, rounded=True).save(args.out / "favicon.png", optimize=True)
    mark(48, safe=0.86, rounded=True).save(
        args.out / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)]
    )
    print(f"Wrote the icons to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
