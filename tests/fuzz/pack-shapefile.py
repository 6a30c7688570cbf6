#!/usr/bin/env python3
# pack-shapefile.py: the fuzz-shapefile input layout, both ways.
#   pack-shapefile.py pack BASE OUT     BASE.shp/.shx[/.dbf] -> one input file
#   pack-shapefile.py unpack IN BASE    one input (a crash) -> BASE.shp/.shx[/.dbf]
# Layout: little-endian u32 .shp length, u32 .shx length, the .shp, the .shx,
# then the .dbf (absent when nothing follows), as fuzz-shapefile.c reads it.
import os, struct, sys

def pack(base, out):
    shp = open(base + '.shp', 'rb').read()
    shx = open(base + '.shx', 'rb').read()
    dbf = open(base + '.dbf', 'rb').read() if os.path.exists(base + '.dbf') else b''
    with open(out, 'wb') as f:
        f.write(struct.pack('<II', len(shp), len(shx)) + shp + shx + dbf)

def unpack(path, base):
    data = open(path, 'rb').read()
    if len(data) < 8:
        sys.exit('shorter than the 8-byte prefix: the target ignores it')
    off, parts = 8, []
    for n in struct.unpack('<II', data[:8]):
        n = min(n, len(data) - off)
        parts.append(data[off:off + n])
        off += n
    parts.append(data[off:])
    for ext, part in zip(('shp', 'shx', 'dbf'), parts):
        if ext != 'dbf' or part:
            open(base + '.' + ext, 'wb').write(part)

if __name__ == '__main__':
    if len(sys.argv) != 4 or sys.argv[1] not in ('pack', 'unpack'):
        sys.exit(__doc__ or 'usage: pack-shapefile.py pack|unpack SRC DST')
    (pack if sys.argv[1] == 'pack' else unpack)(sys.argv[2], sys.argv[3])
