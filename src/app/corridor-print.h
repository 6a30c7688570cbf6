/* corridor-print.h: printing and exporting from the GUI. The page setup
 * comes from GSettings, the print operation draws a CorridorBrief page by
 * page, the map is written exactly as the view shows it, and a small
 * preferences window edits the briefing settings. No logic of the layout
 * lives here: the brief and the renderer draw, this module only routes. */
#pragma once

#include <adwaita.h>
#include "corridor-brief.h"
#include "corridor-renderer.h"
#include "corridor-viewport.h"

G_BEGIN_DECLS

typedef enum {
  CORRIDOR_MAP_FORMAT_PNG = 0,
  CORRIDOR_MAP_FORMAT_SVG,
  CORRIDOR_MAP_FORMAT_PDF,
} CorridorMapFormat;

/* The format named by @path's extension (case-insensitive); FALSE when it
 * names none of PNG, SVG or PDF. */
gboolean      corridor_map_format_from_path (const char *path, CorridorMapFormat *out);
const char   *corridor_map_format_to_string (CorridorMapFormat format); /* "png", … */

/* The paper and orientation keys ("paper", "orientation") as the brief
 * wants them; unknown values fall back to A4 landscape. */
void          corridor_print_paper_from_settings (GSettings *settings, CorridorPaper *paper,
                                                  gboolean *landscape);
/* The same keys as a GtkPageSetup for the print dialog. */
GtkPageSetup *corridor_print_page_setup_from_settings (GSettings *settings);

/* A print operation that paginates @brief for the chosen paper on
 * begin-print and draws its pages; full-page (the brief has its own
 * margins), in points, with progress. @print_settings may be NULL. The
 * page count is the operation's "n-pages" once it has run. */
GtkPrintOperation *corridor_print_operation_new (CorridorBrief *brief, GtkPageSetup *page_setup,
                                                 GtkPrintSettings *print_settings);

/* Writes the map of @viewport (its size in pixels, or points for SVG and
 * PDF) through @renderer. The file appears complete or not at all: it is
 * written beside @path under a temporary name and renamed. Safe to call
 * off the main thread when nothing else changes @renderer meanwhile. */
gboolean      corridor_print_write_map (CorridorRenderer *renderer, CorridorViewport *viewport,
                                        const char *path, CorridorMapFormat format,
                                        GError **error);

/* Writes @brief as a PDF for @paper, the same way: complete or not at all,
 * and not at all once @cancellable is cancelled. @out_n_pages gets the page
 * count. Safe off the main thread. */
gboolean      corridor_print_write_brief (CorridorBrief *brief, const char *path,
                                          CorridorPaper paper, gboolean landscape,
                                          GCancellable *cancellable, guint *out_n_pages,
                                          GError **error);

/* The "Briefing Settings" window: classification marking, paper and
 * orientation, bound to @settings. */
GtkWidget    *corridor_print_settings_window_new (GtkWindow *parent, GSettings *settings);

G_END_DECLS
