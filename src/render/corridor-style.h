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

/* What a corridor's colour says. Outcome is the renderer's default and what
 * the briefing and the CLI draw; the window offers status and roles. */
typedef enum {
  CORRIDOR_COLOUR_OUTCOME = 0, /* classes: CorridorOutcome */
  CORRIDOR_COLOUR_STATUS,      /* classes: CorridorStatus */
  CORRIDOR_COLOUR_ROLES,       /* classes: CorridorRole, NONE when no actor has one */
  CORRIDOR_N_COLOUR_MODES
} CorridorColourMode;

/* The selected corridors are drawn over the others in this colour, on a
 * dark casing; no class colour comes near it. */
extern const CorridorRGBA corridor_style_highlight;
extern const CorridorRGBA corridor_style_highlight_casing;

/* Corridor colour per outcome (the legend's categories). */
const CorridorRGBA *corridor_style_outcome_color (CorridorOutcome outcome);
/* Corridor colour of class @cls in @mode (see CorridorColourMode); an
 * out-of-range class gets the mode's "unknown" colour. */
const CorridorRGBA *corridor_style_class_color   (CorridorColourMode mode, guint cls);
/* The number of classes of @mode: 4 outcomes, 3 statuses or 4 roles. */
guint               corridor_colour_mode_get_n_classes (CorridorColourMode mode);
/* "outcome", "status", "roles" (the GSettings values), and back. */
const char         *corridor_colour_mode_to_string     (CorridorColourMode mode);
gboolean            corridor_colour_mode_from_string   (const char *s, CorridorColourMode *out);

static inline void
corridor_style_set_source (cairo_t *cr, const CorridorRGBA *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

G_END_DECLS
