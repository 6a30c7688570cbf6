/* corridor-palette.h: the colours that mean something (an outcome's colour
 * on the map is its colour in a KML export too). Plain numbers, no Cairo:
 * render/corridor-style.c builds its Cairo colours from these. */
#pragma once

#include "corridor-types.h"

G_BEGIN_DECLS

/* Red, green, blue in 0..1 for an outcome's corridors. */
void corridor_palette_outcome (CorridorOutcome outcome, double *r, double *g, double *b);
/* Red, green, blue in 0..1 for an actor's role in the network view
 * (Okabe–Ito hues); CORRIDOR_ROLE_NONE is grey. */
void corridor_palette_role (CorridorRole role, double *r, double *g, double *b);

G_END_DECLS
