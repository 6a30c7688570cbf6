#!/usr/bin/python3
"""Peer for bench/run: mapnik (AGG) renders one shapefile to PNG, whole process.

Usage: mapnik_render.py SHAPEFILE OUT.png WIDTH HEIGHT
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mapnik  # noqa: E402
from mapnik_map import land_map  # noqa: E402

shp, out, w, h = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
mapnik.render_to_file(land_map(shp, w, h), out, "png")
