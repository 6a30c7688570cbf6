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
