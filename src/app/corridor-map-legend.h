/* corridor-map-legend.h: the map's legend card, a GTK widget laid over the
 * map view (bottom-left), so it is never part of a render, print or export.
 * It shows the width scale in kilograms and the colours of the renderer's
 * current colour mode, only those the scene uses. */
#pragma once

#include <gtk/gtk.h>
#include "corridor-renderer.h"

G_BEGIN_DECLS

#define CORRIDOR_TYPE_MAP_LEGEND (corridor_map_legend_get_type ())
G_DECLARE_FINAL_TYPE (CorridorMapLegend, corridor_map_legend, CORRIDOR, MAP_LEGEND, GtkWidget)

GtkWidget *corridor_map_legend_new    (CorridorRenderer *renderer);
/* Reads the renderer's scene, flags and colour mode again; call after any
 * of them changed. Hidden while no corridor is drawn. */
void       corridor_map_legend_update (CorridorMapLegend *self);
/* The legend's lines as shown, one per line (for tests). */
char      *corridor_map_legend_dup_text (CorridorMapLegend *self);

G_END_DECLS
