/* corridor-maps.h: where the bundled map data (basemap shapefiles, port
 * gazetteer, lexicons) is found: $CORRIDOR_MAPS_DIR, else the installed
 * folder, else the source tree (for runs from the build folder). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *corridor_maps_dir (void);
/* Absolute path of @name inside the maps folder; free with g_free. */
char       *corridor_maps_path (const char *name);

/* Where the translations are: $CORRIDOR_LOCALEDIR (the build folder's po/
 * for runs from the build folder and for tests), else the installed one. */
const char *corridor_locale_dir (void);
/* Binds the text domain to corridor_locale_dir (); the GUI and the CLI call
 * it once at start-up, after setlocale (). */
void        corridor_bind_text_domain (void);

G_END_DECLS
