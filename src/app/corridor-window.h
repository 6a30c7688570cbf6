/* corridor-window.h: the main window. It holds one case at most, a renderer
 * for it, the map view that shows it and the evidence pane for what is
 * selected on the map; loading cases, building the demo case, importing and
 * reading layers all happen off the main thread. Actions: win.import,
 * win.import-folder, win.import-paths (as), win.cancel-import,
 * win.select-corridor (s: route key), win.select-shipment (s: id),
 * win.clear-selection, win.zoom-selection (Ctrl+.), win.corridor-colour
 * (s: "status" or "roles", a setting),
 * win.show-evidence (boolean state), win.show-filters (Ctrl+F) and the
 * filter actions of corridor-filter-bar.h (win.filter-port, …), whose
 * states select the shipments the map and the evidence pane show. */
#pragma once

#include <adwaita.h>
#include "corridor-map-view.h"
#include "corridor-renderer.h"
#include "corridor-store.h"
#include "corridor-filter.h"

G_BEGIN_DECLS

#define CORRIDOR_TYPE_WINDOW (corridor_window_get_type ())
G_DECLARE_FINAL_TYPE (CorridorWindow, corridor_window, CORRIDOR, WINDOW, AdwApplicationWindow)

CorridorWindow   *corridor_window_new          (GtkApplication *application);

/* Opens the case read-write, replacing the current one when it loads.
 * Failures are shown in a dialog; the current case stays. A case that
 * opens goes first in the "recent-cases" setting (win.open-recent, s: the
 * path, opens one of them; the main menu lists them). */
void              corridor_window_open_case    (CorridorWindow *self, GFile *file);
/* The same, with the store opened CORRIDOR_STORE_OPEN_READ_ONLY
 * (win.open-read-only): the case cannot change, so importing is disabled
 * and refused with a toast, and the header says "Read-only". */
void              corridor_window_open_case_read_only (CorridorWindow *self, GFile *file);
/* TRUE while the case shown was opened read-only; the "read-only" property
 * notifies when this changes, for actions that write to bind to. */
gboolean          corridor_window_get_read_only (CorridorWindow *self);
/* Builds the demo case in the user data folder if needed, then opens it. */
void              corridor_window_open_demo    (CorridorWindow *self);
/* Imports chat exports (files or folders) into the open case, or, when none
 * is open, into a new case at @new_case (an existing file there goes to the
 * trash), in a worker with a progress bar and a Cancel button; then extracts
 * and infers as `corridor import` does, reloads the map and shows the report
 * in a dialog. Cancelling is silent and keeps the files finished before it.
 * "importing" notifies when it starts and ends. */
void              corridor_window_import        (CorridorWindow *self, const char *const *paths,
                                                 const char *new_case);
void              corridor_window_cancel_import (CorridorWindow *self);
gboolean          corridor_window_get_importing (CorridorWindow *self);
/* The last import's report as its dialog showed it, or NULL. */
const char       *corridor_window_get_import_report (CorridorWindow *self);

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
/* The evidence side pane (a CorridorEvidencePanel). */
GtkWidget        *corridor_window_get_evidence_panel (CorridorWindow *self);
CorridorRenderer *corridor_window_get_renderer (CorridorWindow *self);
/* The open case, or NULL. */
CorridorStore    *corridor_window_get_store    (CorridorWindow *self);
/* TRUE while background work (basemap, case, demo, layer) is running; the
 * "busy" property notifies when this changes. */
gboolean          corridor_window_get_busy     (CorridorWindow *self);
/* TRUE when no case is open, being opened or being created by an import. */
gboolean          corridor_window_is_empty     (CorridorWindow *self);
/* The shipments the window shows (those the filter passes), or NULL. */
GPtrArray        *corridor_window_get_shipments (CorridorWindow *self);
/* The filter the win.filter-* states describe. */
const CorridorFilter *corridor_window_get_filter (CorridorWindow *self);
/* The filter bar (in a revealer under the header). */
GtkWidget        *corridor_window_get_filter_bar (CorridorWindow *self);
/* The selection made on the map (corridors clicked, a port, or
 * win.select-corridor): the ids of the shown shipments it holds, with its
 * title ("Guayaquil → Antwerp: 2 shipments") in @title; NULL when nothing
 * is selected there (a shipment chosen on its own selects nothing here).
 * "selection-changed" is emitted when it or the chosen shipment changes. */
const char *const *corridor_window_get_selection (CorridorWindow *self, const char **title);
/* The chosen shipment, whose evidence the pane shows and whose corridor
 * the map highlights, or NULL. */
const char       *corridor_window_get_selected_shipment (CorridorWindow *self);
/* Chooses the shown shipment @id as win.select-shipment does (listing its
 * corridor in the evidence pane when the selection does not hold it),
 * showing the pane only when @show_pane. FALSE when no shown shipment has
 * that id. */
gboolean          corridor_window_select_shipment (CorridorWindow *self, const char *id,
                                                   gboolean show_pane);
/* Where a view puts its widget: "timeline" and "list" (under the map on
 * the map page), "network", "messages" (their own pages). win.view (s
 * state: "map", "network", "messages") switches pages. "scene-changed" is
 * emitted whenever the shipments shown were replaced. */
/* The open case's shipments that @filter passes, in the store's order,
 * answered from what the window last read of the case (as a filter change
 * is), without reading it again; NULL when only the store can answer: no
 * case read yet, an invalid filter, or a handle filter on a case that
 * merges handles (the store knows the merges). */
GPtrArray        *corridor_window_match_shipments (CorridorWindow *self,
                                                   const CorridorFilter *filter);
/* Reads the open case's shipments again (after a review changed them), off
 * the main thread; "scene-changed" follows. */
void              corridor_window_reload         (CorridorWindow *self);
/* Shows @toast (taken if floating) in the window's toast overlay. */
void              corridor_window_add_toast      (CorridorWindow *self, AdwToast *toast);
GtkBox           *corridor_window_get_slot       (CorridorWindow *self, const char *name);
/* While the timeline plays: the map draws only the shown shipments whose
 * departed…arrived span overlaps [@from, @to] (YYYY-MM-DD, inclusive);
 * both NULL draws them all again. The list and the filters are unchanged. */
void              corridor_window_set_time_window (CorridorWindow *self, const char *from,
                                                   const char *to);

G_END_DECLS
