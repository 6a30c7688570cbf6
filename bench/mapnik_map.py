"""The mapnik peer's map, shared by mapnik_render.py and mapnik_frames.py:
the whole world in EPSG:4326, sea background, land filled and outlined in
the same colours Corridor uses."""
import mapnik

WGS84 = "+proj=longlat +datum=WGS84 +no_defs"


def land_map(shp, w, h):
    m = mapnik.Map(w, h, WGS84)
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
    layer = mapnik.Layer("land", WGS84)
    layer.datasource = mapnik.Shapefile(file=shp)
    layer.styles.append("land")
    m.layers.append(layer)
    m.zoom_to_box(mapnik.Box2d(-180, -90, 180, 90))
    return m
