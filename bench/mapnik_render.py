#!/usr/bin/python3
"""Peer for bench/run: mapnik (AGG) renders one shapefile to PNG, whole process.

Usage: mapnik_render.py SHAPEFILE OUT.png WIDTH HEIGHT
Land filled and outlined, sea background, the whole world in EPSG:4326.
"""
import sys
import mapnik

shp, out, w, h = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
m = mapnik.Map(w, h, "+proj=longlat +datum=WGS84 +no_defs")
m.background = mapnik.Color("#cce0ee")
style = mapnik.Style()
rule = mapnik.Rule()
rule.symbols.append(mapnik.PolygonSymbolizer())
rule.symbols[0].fill = mapnik.Color("#f4f1ea")
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
mapnik.render_to_file(m, out, "png")
