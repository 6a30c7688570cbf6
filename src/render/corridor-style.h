/* corridor-style.h: the map's palette and sizes, shared by every output so
 * screen, print and file look alike. Sea is one flat colour. */
#pragma once

#include <cairo.h>
#include "corridor-types.h"

G_BEGIN_DECLS

typedef struct { double r, g, b, a; } CorridorRGBA;

extern const CorridorRGBA corridor_style_sea;
extern const CorridorRGBA corridor_style_land;
extern const CorridorRGBA corridor_style_border;
extern const CorridorRGBA corridor_style_coast;
extern const CorridorRGBA corridor_style_graticule;
extern const CorridorRGBA corridor_style_port;
extern const CorridorRGBA corridor_style_port_outline;
extern const CorridorRGBA corridor_style_label;
extern const CorridorRGBA corridor_style_label_halo;
extern const CorridorRGBA corridor_style_layer_stroke;
extern const CorridorRGBA corridor_style_layer_fill;

/* Corridor colour per outcome (the legend's categories). */
const CorridorRGBA *corridor_style_outcome_color (CorridorOutcome outcome);

static inline void
corridor_style_set_source (cairo_t *cr, const CorridorRGBA *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

G_END_DECLS
