#!/usr/bin/python3
"""Peer for bench/run: mapnik (AGG) frame time with the shapefile already
loaded: the whole world at WIDTHxHEIGHT, land filled and outlined, rendered
N times into an in-memory image; prints the median and p95 in ms.

Usage: mapnik_frames.py SHAPEFILE WIDTH HEIGHT [N]
"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mapnik  # noqa: E402
from mapnik_map import land_map  # noqa: E402

shp, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
n = int(sys.argv[4]) if len(sys.argv) > 4 else 15
m = land_map(shp, w, h)
image = mapnik.Image(w, h)
mapnik.render(m, image)          # warm: the shapefile is read and cached
times = []
for _ in range(n):
    image = mapnik.Image(w, h)
    t0 = time.perf_counter()
    mapnik.render(m, image)
    times.append((time.perf_counter() - t0) * 1000)
times.sort()
print(f"median {statistics.median(times):.2f} ms  p95 {times[int(0.95 * (len(times) - 1))]:.2f} ms")
