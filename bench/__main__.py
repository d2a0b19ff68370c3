"""``python -m bench [--scale turin,metro,national] [--out bench/out]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.build_bench import SCALES, main

parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
parser.add_argument("--scale", default="turin,metro",
                    help=f"comma-separated scales among {', '.join(SCALES)} (default: turin,metro)")
parser.add_argument("--out", type=Path, default=Path("bench/out"))
args = parser.parse_args()
main([s for s in args.scale.split(",") if s], args.out)
