/* corridor-basemap.h: the bundled world basemap at two scales (Natural Earth
 * 1:110m and 1:50m, from maps/), each with countries and land. The renderer
 * asks for the level of detail that suits its current scale. */
#pragma once

#include <glib-object.h>
#include "corridor-layer.h"

G_BEGIN_DECLS

typedef enum {
  CORRIDOR_BASEMAP_110M = 0,
  CORRIDOR_BASEMAP_50M,
  CORRIDOR_BASEMAP_N_LEVELS
} CorridorBasemapLevel;

#define CORRIDOR_TYPE_BASEMAP (corridor_basemap_get_type ())
G_DECLARE_FINAL_TYPE (CorridorBasemap, corridor_basemap, CORRIDOR, BASEMAP, GObject)

/* Loads maps/{land,countries}-{110m,50m}.shp from @maps_dir (NULL: the
 * default maps folder). Fails only when no level at all can be loaded; a
 * level that fails is reported through corridor_basemap_get_warnings(). */
CorridorBasemap *corridor_basemap_load (const char *maps_dir, GError **error);
/* The process-wide basemap, loaded on first use. */
CorridorBasemap *corridor_basemap_get_default (GError **error);

/* The level to draw at @pixels_per_degree (coarse when zoomed out). Falls
 * back to whichever level loaded. */
CorridorBasemapLevel corridor_basemap_choose_level (CorridorBasemap *self, double pixels_per_degree);
CorridorLayer   *corridor_basemap_get_land      (CorridorBasemap *self, CorridorBasemapLevel level);
CorridorLayer   *corridor_basemap_get_countries (CorridorBasemap *self, CorridorBasemapLevel level);
/* Messages about levels that failed to load (NULL-terminated; may be empty). */
const char * const *corridor_basemap_get_warnings (CorridorBasemap *self);

G_END_DECLS
