/* corridor-window.h: the main window. It holds one case at most, a renderer
 * for it and the map view that shows it; loading cases, building the demo
 * case and reading layers all happen off the main thread. */
#pragma once

#include <adwaita.h>
#include "corridor-map-view.h"
#include "corridor-renderer.h"
#include "corridor-store.h"

G_BEGIN_DECLS

#define CORRIDOR_TYPE_WINDOW (corridor_window_get_type ())
G_DECLARE_FINAL_TYPE (CorridorWindow, corridor_window, CORRIDOR, WINDOW, AdwApplicationWindow)

CorridorWindow   *corridor_window_new          (GtkApplication *application);

/* Opens the case read-write, replacing the current one when it loads.
 * Failures are shown in a dialog; the current case stays. */
void              corridor_window_open_case    (CorridorWindow *self, GFile *file);
/* Builds the demo case in the user data folder if needed, then opens it. */
void              corridor_window_open_demo    (CorridorWindow *self);
/* Reads a shapefile and draws it over the basemap; failures become a toast. */
void              corridor_window_add_layer    (CorridorWindow *self, GFile *file);

/* Prints the open case's briefing into the PDF @path without a dialog,
 * through the print operation that win.print shows (as
 * GTK_PRINT_OPERATION_ACTION_EXPORT), and logs it as "print". */
gboolean          corridor_window_print_to_file        (CorridorWindow *self, const char *path,
                                                        GError **error);
/* Writes the map as the view shows it, at the view's size, as win.export-map
 * does (PNG, SVG or PDF by @path's extension), waiting for it; logged as
 * "export". */
gboolean          corridor_window_export_map_to_file   (CorridorWindow *self, const char *path,
                                                        GError **error);
/* Writes the briefing as a PDF for the paper in the settings, as
 * win.export-brief does, waiting for it; logged as "export". */
gboolean          corridor_window_export_brief_to_file (CorridorWindow *self, const char *path,
                                                        GError **error);

CorridorMapView  *corridor_window_get_map_view (CorridorWindow *self);
CorridorRenderer *corridor_window_get_renderer (CorridorWindow *self);
/* The open case, or NULL. */
CorridorStore    *corridor_window_get_store    (CorridorWindow *self);
/* TRUE while background work (basemap, case, demo, layer) is running; the
 * "busy" property notifies when this changes. */
gboolean          corridor_window_get_busy     (CorridorWindow *self);
/* TRUE when no case is open or being opened. */
gboolean          corridor_window_is_empty     (CorridorWindow *self);

G_END_DECLS
