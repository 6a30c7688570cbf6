/* corridor-labels.h: greedy placement of map labels without overlap.
 * Candidates come in priority order; each tries a few positions around its
 * anchor and is dropped when all collide with a placed label or symbol. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _CorridorLabeler CorridorLabeler;

CorridorLabeler *corridor_labeler_new (int width, int height);
void             corridor_labeler_free (CorridorLabeler *self);
/* Marks a rectangle (a symbol) as taken. */
void             corridor_labeler_block (CorridorLabeler *self, double x, double y,
                                         double w, double h);
/* Tries to place a @w × @h label near the anchor (ax, ay) kept @gap away;
 * returns TRUE and the label's top-left corner when it fits. */
gboolean         corridor_labeler_place (CorridorLabeler *self, double ax, double ay,
                                         double gap, double w, double h,
                                         double *out_x, double *out_y);
G_END_DECLS
