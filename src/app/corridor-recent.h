/* corridor-recent.h: the recently opened cases, kept in the GSettings key
 * "recent-cases" (absolute paths, most recent first, no duplicates, at most
 * CORRIDOR_RECENT_MAX, files that are gone dropped), and the menu that
 * lists them for win.open-recent. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CORRIDOR_RECENT_MAX 10

/* @recent with @path (made absolute and canonical) put first: duplicates of
 * it and paths whose files are gone are dropped, and at most @max are
 * kept. @path NULL only prunes. */
char **corridor_recent_push   (const char *const *recent, const char *path, guint max);
/* Records @path in @settings' "recent-cases". */
void   corridor_recent_add    (GSettings *settings, const char *path);
/* Drops @path from @settings' "recent-cases" (a case that failed to open). */
void   corridor_recent_remove (GSettings *settings, const char *path);
/* Replaces @menu's items with one per case in @recent whose file exists
 * (win.open-recent, the path as target), or one insensitive "No Recent
 * Cases" item. */
void   corridor_recent_fill_menu (GMenu *menu, const char *const *recent);

G_END_DECLS
