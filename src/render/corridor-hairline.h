/* corridor-hairline.h: antialiased thin lines (≤ 1.5 px) drawn straight into
 * an ARGB32 image. Cairo 1.16 strokes even hairlines through its general
 * polygon stroker, which costs ~100 ms for a world coastline; a coverage
 * line rasteriser (Wu's method) does the same job in a few milliseconds.
 * Vector targets still stroke through Cairo. */
#pragma once

#include <cairo.h>
#include <glib.h>
#include "corridor-style.h"

G_BEGIN_DECLS

typedef struct {
  guint32 *data;       /* first pixel of the target rows */
  int      stride;     /* in pixels */
  int      width, height;
  guint    r, g, b;    /* premultiplied colour, 0..255 scaled by alpha */
  guint    a;          /* 0..256 line opacity including width */
} CorridorHairline;

/* Prepares to draw into @image (flushed by the caller) with colour @color
 * and a nominal line width (≤ 1.5 px; narrower lines are lighter). */
void corridor_hairline_init (CorridorHairline *h, cairo_surface_t *image,
                             const CorridorRGBA *color, double width);
/* Draws the segment from (x0, y0) to (x1, y1), half-open so that a polyline
 * drawn segment by segment touches each pixel column (or row) once. */
void corridor_hairline_segment (CorridorHairline *h, double x0, double y0,
                                double x1, double y1);

G_END_DECLS
