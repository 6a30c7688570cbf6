#!/usr/bin/python3
"""Peer for bench/run: mapnik (AGG) frame time with the shapefile already
loaded: the whole world at WIDTHxHEIGHT, land filled and outlined, rendered
N times into an in-memory image; prints the median and p95 in ms.

Usage: mapnik_frames.py SHAPEFILE WIDTH HEIGHT [N]
"""
import statistics
import sys
import time

import mapnik

shp, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
n = int(sys.argv[4]) if len(sys.argv) > 4 else 15
m = mapnik.Map(w, h, "+proj=longlat +datum=WGS84 +no_defs")
m.background = mapnik.Color("#cce0ee")
style = mapnik.Style()
rule = mapnik.Rule()
poly = mapnik.PolygonSymbolizer()
poly.fill = mapnik.Color("#f4f1ea")
rule.symbols.append(poly)
line = mapnik.LineSymbolizer()
line.stroke = mapnik.Color("#7a98b0")
line.stroke_width = 0.6
rule.symbols.append(line)
style.rules.append(rule)
m.append_style("land", style)
layer = mapnik.Layer("land", "+proj=longlat +datum=WGS84 +no_defs")
layer.datasource = mapnik.Shapefile(file=shp)
layer.styles.append("land")
m.layers.append(layer)
m.zoom_to_box(mapnik.Box2d(-180, -90, 180, 90))
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
