#!/usr/bin/env bash
# make-basemap.sh: rebuilds the bundled basemap shapefiles in maps/ from Natural
# Earth (via the npm package world-atlas@2.0.2, the only use of npm in Corridor).
# Output is deterministic: run it again and the same files come out.
#
#   tools/make-basemap.sh [OUTDIR]      (default: maps/ beside this script)
#
# Needs: npm, tar, ogr2ogr/ogrinfo (gdal-bin, with SQLite/SpatiaLite), python3.
#
# The TopoJSON rings are spherical: they run across ±180° and Antarctica is a
# ring around the pole, so drawn flat they streak across the map. A small
# standard-library Python step unwraps every ring, closes pole-encircling rings
# along the pole, cuts everything at the antimeridian into proper planar rings
# and checks that the area is unchanged. Every output is then verified: no
# segment spans more than 180° of longitude and every polygon is valid.
set -euo pipefail

PACKAGE="world-atlas@2.0.2"
# sha256 of the tarball `npm pack` fetched when the bundled files were made;
# npm itself checks the registry's integrity hash, this pins the content.
PACKAGE_SHA256="032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../maps}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

for tool in npm tar ogr2ogr ogrinfo python3; do
  command -v "$tool" >/dev/null || { echo "make-basemap: $tool is required" >&2; exit 1; }
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null)
tarball="$(ls "$tmp"/world-atlas-*.tgz)"
sum="$(sha256sum "$tarball" | cut -d' ' -f1)"
if [ "$sum" != "$PACKAGE_SHA256" ]; then
  echo "make-basemap: $PACKAGE tarball has sha256 $sum, expected $PACKAGE_SHA256" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$tmp"

cat >"$tmp/antimeridian.py" <<'PYEOF'
# Reads a GeoJSON FeatureCollection of (Multi)Polygons in spherical lon/lat,
# writes one whose rings all lie within [-180, 180] x [-90, 90] as planar
# polygons. Standard library only.
import json, math, sys

mode, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
POLE_STEP = 10.0          # densify pole closures so no edge is long
EPS = 1e-9
MIN_AREA = 1e-9         # deg2; smaller rings are quantisation debris

def unwrap(ring):
    out = [list(ring[0][:2])]
    for x, y in (p[:2] for p in ring[1:]):
        px = out[-1][0]
        dx = (x - px + 180.0) % 360.0 - 180.0   # step in [-180, 180)
        if dx == -180.0 and x - px > 0:
            dx = 180.0
        out.append([px + dx, y])
    return out

def dedupe(ring):
    out = []
    for p in ring:
        if not out or abs(p[0] - out[-1][0]) > EPS or abs(p[1] - out[-1][1]) > EPS:
            out.append(p)
    while len(out) > 1 and abs(out[0][0] - out[-1][0]) <= EPS and abs(out[0][1] - out[-1][1]) <= EPS:
        out.pop()
    return out      # open ring (first point not repeated)

def area(ring):     # open ring, shoelace
    a = 0.0
    n = len(ring)
    for i in range(n):
        x0, y0 = ring[i]; x1, y1 = ring[(i + 1) % n]
        a += x0 * y1 - x1 * y0
    return a / 2.0

def close_at_pole(chain):
    """An unwrapped ring whose longitude advances by ±360 goes round a pole:
    it is an open chain from x to x ± 360; close it along the nearest pole,
    densified so no closing edge is long."""
    pole = -90.0 if sum(p[1] for p in chain) / len(chain) < 0 else 90.0
    start_x, end_x = chain[0][0], chain[-1][0]
    out = chain + [[end_x, pole]]
    n = max(1, int(math.ceil(abs(end_x - start_x) / POLE_STEP)))
    for k in range(1, n):
        out.append([end_x + (start_x - end_x) * k / n, pole])
    out.append([start_x, pole])
    return out

def clip_left(ring, c):
    """Part of an open simple ring with x <= c, as a list of open rings. The
    inside chains are joined along x = c by pairing crossings sorted by y
    (even-odd), so a ring crossing many times gives the right pieces."""
    inside = [p[0] <= c + EPS for p in ring]
    if all(inside):
        return [ring]
    if not any(inside):
        return []
    n = len(ring)
    start = inside.index(False)
    chains = []
    cur = None
    for k in range(1, n + 1):
        i = (start + k) % n
        j = (start + k - 1) % n
        a, b = ring[j], ring[i]
        if inside[i] and not inside[j]:        # entering
            t = (c - a[0]) / (b[0] - a[0])
            cur = [[c, a[1] + t * (b[1] - a[1])]]
            if b[0] < c - EPS:
                cur.append(b)
            else:
                cur[0] = [c, b[1]]
        elif inside[i] and inside[j]:
            cur.append(b)
        elif not inside[i] and inside[j]:      # leaving
            if a[0] < c - EPS:
                t = (c - a[0]) / (b[0] - a[0])
                cur.append([c, a[1] + t * (b[1] - a[1])])
            else:
                cur[-1] = [c, cur[-1][1]]
            chains.append(cur)
            cur = None
    assert cur is None
    # chains lying entirely on the line enclose nothing
    chains = [ch for ch in chains if any(p[0] < c - EPS for p in ch)]
    if not chains:
        return []
    ends = []
    for ci, ch in enumerate(chains):
        ends.append((ch[0][1], 'in', ci))
        ends.append((ch[-1][1], 'out', ci))
    ends.sort()
    partner = {}
    for k in range(0, len(ends), 2):
        (y0, k0, c0), (y1, k1, c1) = ends[k], ends[k + 1]
        if k0 == k1:
            raise SystemExit('antimeridian: cannot pair crossings at x=%g (y=%g, %g)' % (c, y0, y1))
        if k0 == 'out':
            partner[c0] = c1
        else:
            partner[c1] = c0
    out, used = [], set()
    for ci in range(len(chains)):
        if ci in used:
            continue
        piece, cj = [], ci
        while cj not in used:
            used.add(cj)
            piece.extend(chains[cj])
            cj = partner[cj]
        if cj != ci:
            raise SystemExit('antimeridian: crossings at x=%g do not form rings' % c)
        piece = dedupe(piece)
        if len(piece) >= 3 and abs(area(piece)) >= MIN_AREA:
            out.append(piece)
    return out

def mirror(ring):
    return [[-p[0], p[1]] for p in ring]

def clip_strip(ring, lo, hi):
    pieces = []
    for r in clip_left(ring, hi):
        pieces.extend(mirror(q) for q in clip_left(mirror(r), -lo))
    return pieces

def split_ring(ring):
    """Planar pieces of an unwrapped open ring, each shifted into [-180, 180]."""
    xs = [p[0] for p in ring]
    k0 = int(math.floor((min(xs) + 180.0) / 360.0 + EPS))
    k1 = int(math.floor((max(xs) + 180.0) / 360.0 - EPS))
    pieces = []
    for k in range(k0, k1 + 1):
        lo, hi = -180.0 + 360.0 * k, 180.0 + 360.0 * k
        for q in clip_strip(ring, lo, hi):
            pieces.append([[max(-180.0, min(180.0, p[0] - 360.0 * k)), p[1]] for p in q])
    return pieces

def point_in_ring(x, y, ring):
    c = False
    n = len(ring)
    for i in range(n):
        x0, y0 = ring[i]; x1, y1 = ring[(i + 1) % n]
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            c = not c
    return c

stats = {'in_area': 0.0, 'out_area': 0.0, 'dropped_pole_rings': 0, 'dropped_degenerate': 0, 'pole_closed': 0, 'split': 0}

def fix_polygon(poly):
    """Returns a list of planar polygons (outer ring + holes)."""
    outers, holes = [], []
    for ri, raw in enumerate(poly):
        u = unwrap(raw)                   # raw is closed: u[-1] is u[0] moved by the net advance
        net = u[-1][0] - u[0][0]
        ring = dedupe(u)
        if abs(net) <= 180.0 and (len(ring) < 3 or abs(area(ring)) < MIN_AREA):
            # quantisation collapsed some islets to a line or a point
            stats['dropped_degenerate'] += 1
            continue
        if abs(net) > 180.0:
            if all(abs(p[1]) >= 89.99 for p in ring):
                # d3's merge leaves a 0.001° ring round the pole; on a flat
                # map it would only punch a sliver out of Antarctica.
                stats['dropped_pole_rings'] += 1
                continue
            ring = dedupe(close_at_pole(u))
            stats['pole_closed'] += 1
            is_outer = True   # the land side, whatever d3 called exterior
        else:
            is_outer = ri == 0
        a = abs(area(ring))
        stats['in_area'] += a if is_outer else -a
        pieces = split_ring(ring)
        if len(pieces) != 1 or any(abs(p[0]) > 180.0 for p in ring):
            stats['split'] += 1
        (outers if is_outer else holes).extend(pieces)
    result = [[o] for o in outers]
    for h in holes:
        # a hole goes to the outer piece holding most of its vertices (a
        # hole may touch its outer ring, so one vertex could be ambiguous)
        votes = [sum(point_in_ring(x, y, o[0]) for x, y in h) for o in result]
        if not votes or max(votes) == 0:
            raise SystemExit('antimeridian: hole without an outer ring')
        result[votes.index(max(votes))].append(h)
    for p in result:
        stats['out_area'] += abs(area(p[0])) - sum(abs(area(h)) for h in p[1:])
    return result

def close(ring):
    r = [[round(p[0], 9), round(p[1], 9)] for p in ring]
    return r + [r[0]]

data = json.load(open(src, encoding='utf-8'))
features = []
for f in data['features']:
    g = f['geometry']
    if g is None:
        continue
    polys = [g['coordinates']] if g['type'] == 'Polygon' else g['coordinates']
    fixed = []
    for p in polys:
        fixed.extend(fix_polygon(p))
    props = f.get('properties') or {}
    if mode == 'countries':
        iso = props.get('id')
        props = {'name': props.get('name'), 'iso_n3': iso if iso else None}
    else:
        props = {}
    coords = [[close(r) for r in p] for p in fixed]
    if mode == 'land':
        # one record per landmass: small records, good bboxes for culling
        for c in coords:
            features.append({'type': 'Feature', 'properties': props,
                             'geometry': {'type': 'Polygon', 'coordinates': c}})
    else:
        features.append({'type': 'Feature', 'properties': props,
                         'geometry': {'type': 'MultiPolygon', 'coordinates': coords}})

if abs(stats['in_area'] - stats['out_area']) > 1e-6 * stats['in_area']:
    raise SystemExit('antimeridian: area changed from %.6f to %.6f' % (stats['in_area'], stats['out_area']))
json.dump({'type': 'FeatureCollection', 'features': features}, open(dst, 'w', encoding='utf-8'))
print('%s: %d features, %d rings split, %d closed at a pole, %d pole slivers and %d degenerate rings dropped, area %.3f deg2'
      % (dst.rsplit('/', 1)[-1], len(features), stats['split'], stats['pole_closed'],
         stats['dropped_pole_rings'], stats['dropped_degenerate'], stats['out_area']), file=sys.stderr)
PYEOF

cat >"$tmp/check.py" <<'PYEOF'
# Fails unless every segment of every shape in the given GeoJSON files spans at
# most 180 degrees of longitude and all coordinates lie on the globe.
import json, sys
bad = 0
for path in sys.argv[1:]:
    for f in json.load(open(path, encoding='utf-8'))['features']:
        g = f['geometry']
        polys = [g['coordinates']] if g['type'] == 'Polygon' else g['coordinates']
        for p in polys:
            for r in p:
                for (x0, y0), (x1, y1) in zip(r, r[1:]):
                    if abs(x1 - x0) > 180 or not (-180 <= x0 <= 180 and -90 <= y0 <= 90):
                        bad += 1
if bad:
    raise SystemExit('check: %d bad segments' % bad)
PYEOF

for scale in 110m 50m; do
  for kind in land countries; do
    name="$kind-$scale"
    ogr2ogr -f GeoJSON "$tmp/$name.raw.geojson" "$tmp/package/$name.json" "$kind"
    python3 "$tmp/antimeridian.py" "$kind" "$tmp/$name.raw.geojson" "$tmp/$name.geojson"
    rm -f "$out/$name".{shp,shx,dbf,prj,cpg}
    ogr2ogr -f "ESRI Shapefile" -makevalid -a_srs EPSG:4326 -lco ENCODING=UTF-8 -lco SPATIAL_INDEX=NO -lco RESIZE=YES \
      -lco DBF_DATE_LAST_UPDATE=2020-03-19 \
      -nln "$name" "$out/$name.shp" "$tmp/$name.geojson"

    # Verify what was written, read back through OGR.
    ogr2ogr -f GeoJSON "$tmp/$name.back.geojson" "$out/$name.shp"
    python3 "$tmp/check.py" "$tmp/$name.back.geojson"
    invalid="$(ogrinfo -q -dialect SQLite -sql \
      "SELECT COUNT(*) AS n FROM \"$name\" WHERE NOT ST_IsValid(geometry)" "$out/$name.shp" \
      | sed -n 's/.*n (Integer) = //p')"
    if [ "$invalid" != "0" ]; then
      echo "make-basemap: $name has ${invalid:-?} invalid polygons" >&2
      exit 1
    fi
  done
done
echo "make-basemap: wrote $out/{land,countries}-{110m,50m}.shp" >&2
