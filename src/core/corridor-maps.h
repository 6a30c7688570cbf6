/* corridor-maps.h: where the bundled map data (basemap shapefiles, port
 * gazetteer, lexicons) is found: $CORRIDOR_MAPS_DIR, else the installed
 * folder, else the source tree (for runs from the build folder). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *corridor_maps_dir (void);
/* Absolute path of @name inside the maps folder; free with g_free. */
char       *corridor_maps_path (const char *name);

G_END_DECLS
