/* corridor-style.c: the palette. Land and sea are flat, well-separated
 * colours so maps read in greyscale print too; the graticule sits just off
 * the sea colour so it never competes with corridors. */
#include "corridor-style.h"
#include "corridor-palette.h"

#include <string.h>

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
const CorridorRGBA corridor_style_highlight     = { 1.000, 0.863, 0.000, 1.0 }; /* #ffdc00 */
const CorridorRGBA corridor_style_highlight_casing = { 0.102, 0.102, 0.122, 1.0 };

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

/* Status and role hues keep the outcome palette's rules: apart for
 * colour-blind readers, distinct in greyscale, opaque, and never the
 * highlight's yellow. */
static const CorridorRGBA status_colors[CORRIDOR_N_STATUSES] = {
  [CORRIDOR_STATUS_INFERRED]  = { 0.910, 0.569, 0.227, 1.0 }, /* orange: a guess */
  [CORRIDOR_STATUS_CONFIRMED] = { 0.220, 0.502, 0.741, 1.0 }, /* blue: reviewed */
  [CORRIDOR_STATUS_REJECTED]  = { 0.600, 0.600, 0.600, 1.0 }, /* grey */
};

static const CorridorRGBA role_colors[CORRIDOR_N_ROLES] = {
  [CORRIDOR_ROLE_NONE]         = { 0.478, 0.478, 0.478, 1.0 }, /* grey: no role known */
  [CORRIDOR_ROLE_SENDER]       = { 0.776, 0.275, 0.290, 1.0 }, /* red */
  [CORRIDOR_ROLE_INTERMEDIARY] = { 0.455, 0.298, 0.639, 1.0 }, /* purple */
  [CORRIDOR_ROLE_DISTRIBUTOR]  = { 0.102, 0.596, 0.478, 1.0 }, /* teal */
};

const CorridorRGBA *
corridor_style_class_color (CorridorColourMode mode, guint cls)
{
  switch (mode)
    {
    case CORRIDOR_COLOUR_STATUS:
      return &status_colors[cls < CORRIDOR_N_STATUSES ? cls : CORRIDOR_STATUS_INFERRED];
    case CORRIDOR_COLOUR_ROLES:
      return &role_colors[cls < CORRIDOR_N_ROLES ? cls : CORRIDOR_ROLE_NONE];
    case CORRIDOR_COLOUR_OUTCOME:
    case CORRIDOR_N_COLOUR_MODES:
    default:
      return corridor_style_outcome_color (cls);
    }
}

guint
corridor_colour_mode_get_n_classes (CorridorColourMode mode)
{
  switch (mode)
    {
    case CORRIDOR_COLOUR_STATUS:
      return CORRIDOR_N_STATUSES;
    case CORRIDOR_COLOUR_ROLES:
      return CORRIDOR_N_ROLES;
    case CORRIDOR_COLOUR_OUTCOME:
    case CORRIDOR_N_COLOUR_MODES:
    default:
      return CORRIDOR_N_OUTCOMES;
    }
}

static const char *const colour_mode_names[CORRIDOR_N_COLOUR_MODES] = {
  [CORRIDOR_COLOUR_OUTCOME] = "outcome",
  [CORRIDOR_COLOUR_STATUS]  = "status",
  [CORRIDOR_COLOUR_ROLES]   = "roles",
};

const char *
corridor_colour_mode_to_string (CorridorColourMode mode)
{
  return (guint) mode < CORRIDOR_N_COLOUR_MODES ? colour_mode_names[mode] : NULL;
}

gboolean
corridor_colour_mode_from_string (const char *s, CorridorColourMode *out)
{
  for (guint m = 0; s != NULL && m < CORRIDOR_N_COLOUR_MODES; m++)
    if (strcmp (s, colour_mode_names[m]) == 0)
      {
        if (out != NULL)
          *out = m;
        return TRUE;
      }
  return FALSE;
}
