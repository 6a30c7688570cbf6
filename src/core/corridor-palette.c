/* corridor-palette.c: outcome colours, chosen to stay apart for colour-blind
 * readers and in greyscale print (red, blue, orange, grey). */
#include "corridor-palette.h"

void
corridor_palette_outcome (CorridorOutcome outcome, double *r, double *g, double *b)
{
  static const double rgb[CORRIDOR_N_OUTCOMES][3] = {
    [CORRIDOR_OUTCOME_UNKNOWN]   = { 0.910, 0.569, 0.227 }, /* orange */
    [CORRIDOR_OUTCOME_DELIVERED] = { 0.776, 0.275, 0.290 }, /* red */
    [CORRIDOR_OUTCOME_SEIZED]    = { 0.220, 0.502, 0.741 }, /* blue */
    [CORRIDOR_OUTCOME_LOST]      = { 0.478, 0.478, 0.478 }, /* grey */
  };
  if ((guint) outcome >= CORRIDOR_N_OUTCOMES)
    outcome = CORRIDOR_OUTCOME_UNKNOWN;
  *r = rgb[outcome][0];
  *g = rgb[outcome][1];
  *b = rgb[outcome][2];
}

void
corridor_palette_role (CorridorRole role, double *r, double *g, double *b)
{
  static const double rgb[CORRIDOR_N_ROLES][3] = {
    [CORRIDOR_ROLE_NONE]         = { 0.550, 0.550, 0.550 }, /* grey */
    [CORRIDOR_ROLE_SENDER]       = { 0.000, 0.447, 0.698 }, /* blue */
    [CORRIDOR_ROLE_INTERMEDIARY] = { 0.902, 0.624, 0.000 }, /* orange */
    [CORRIDOR_ROLE_DISTRIBUTOR]  = { 0.800, 0.475, 0.655 }, /* reddish purple */
  };
  if ((guint) role >= CORRIDOR_N_ROLES)
    role = CORRIDOR_ROLE_NONE;
  *r = rgb[role][0];
  *g = rgb[role][1];
  *b = rgb[role][2];
}
