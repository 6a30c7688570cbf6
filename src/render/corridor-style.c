/* corridor-style.c: the palette. Land and sea are flat, well-separated
 * colours so maps read in greyscale print too; the graticule sits just off
 * the sea colour so it never competes with corridors. */
#include "corridor-style.h"
#include "corridor-palette.h"

const CorridorRGBA corridor_style_sea           = { 0.800, 0.878, 0.933, 1.0 }; /* #cce0ee */
const CorridorRGBA corridor_style_land          = { 0.957, 0.945, 0.918, 1.0 }; /* #f4f1ea */
const CorridorRGBA corridor_style_border        = { 0.780, 0.757, 0.718, 1.0 };
const CorridorRGBA corridor_style_coast         = { 0.478, 0.596, 0.690, 1.0 };
const CorridorRGBA corridor_style_graticule     = { 0.690, 0.792, 0.863, 1.0 };
const CorridorRGBA corridor_style_port          = { 0.200, 0.235, 0.290, 1.0 };
const CorridorRGBA corridor_style_port_outline  = { 1.000, 1.000, 1.000, 1.0 };
const CorridorRGBA corridor_style_label         = { 0.133, 0.153, 0.188, 1.0 };
const CorridorRGBA corridor_style_label_halo    = { 1.000, 1.000, 1.000, 0.85 };
const CorridorRGBA corridor_style_layer_stroke  = { 0.553, 0.227, 0.553, 0.9 };
const CorridorRGBA corridor_style_layer_fill    = { 0.553, 0.227, 0.553, 0.25 };

/* Opaque on purpose: Cairo 1.16 composites a translucent stroke through a
 * mask as large as its bounding box, which makes long diagonal corridors
 * four times dearer than opaque ones. The hues live in core's palette. */
const CorridorRGBA *
corridor_style_outcome_color (CorridorOutcome outcome)
{
  static CorridorRGBA colors[CORRIDOR_N_OUTCOMES];
  static gsize init = 0;
  if (g_once_init_enter (&init))
    {
      for (guint o = 0; o < CORRIDOR_N_OUTCOMES; o++)
        {
          corridor_palette_outcome (o, &colors[o].r, &colors[o].g, &colors[o].b);
          colors[o].a = 1.0;
        }
      g_once_init_leave (&init, 1);
    }
  if ((guint) outcome >= CORRIDOR_N_OUTCOMES)
    outcome = CORRIDOR_OUTCOME_UNKNOWN;
  return &colors[outcome];
}
