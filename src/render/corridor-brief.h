/* corridor-brief.h: the briefing: title, filters in words, classification
 * marking on every page, the map as vectors with its legend, scale bar and
 * north arrow, a summary table of the top corridors (continued on further
 * pages when long), a key-figures box, and a footer with the sources'
 * SHA-256 prefixes, the generation time and page numbers. Drawn with Cairo
 * only, so the printer (GtkPrintOperation), the PDF writer and the tests
 * produce the same pages. Atlas mode adds one page per port or corridor. */
#pragma once

#include <cairo.h>
#include <glib-object.h>
#include "corridor-renderer.h"

G_BEGIN_DECLS

typedef enum {
  CORRIDOR_PAPER_A4 = 0,
  CORRIDOR_PAPER_A3,
  CORRIDOR_PAPER_LETTER,
} CorridorPaper;

typedef enum {
  CORRIDOR_ATLAS_NONE = 0,
  CORRIDOR_ATLAS_PORT,       /* one page per port in the filter */
  CORRIDOR_ATLAS_CORRIDOR,   /* one page per origin→destination corridor */
} CorridorAtlas;

/* One actor in the key-figures box. */
typedef struct {
  char   *handle;
  char   *role;          /* "sender", … or NULL */
  guint   degree;
  double  betweenness;   /* normalised 0..1 */
} CorridorKeyFigure;

/* One source in the footer. */
typedef struct {
  char *name;            /* file name */
  char *sha256;          /* 64 hex */
} CorridorBriefSource;

#define CORRIDOR_TYPE_BRIEF (corridor_brief_get_type ())
G_DECLARE_FINAL_TYPE (CorridorBrief, corridor_brief, CORRIDOR, BRIEF, GObject)

/* @renderer holds the scene (shipments, ports, sea routes) and basemap;
 * the brief draws its map through it. */
CorridorBrief *corridor_brief_new (CorridorRenderer *renderer);

void corridor_brief_set_title       (CorridorBrief *self, const char *title);
void corridor_brief_set_subtitle    (CorridorBrief *self, const char *subtitle); /* the filters in words */
void corridor_brief_set_marking     (CorridorBrief *self, const char *marking);  /* e.g. "EU RESTRICTED" */
void corridor_brief_set_generated   (CorridorBrief *self, const char *when);     /* shown in the footer */
void corridor_brief_set_atlas       (CorridorBrief *self, CorridorAtlas atlas);
void corridor_brief_add_source      (CorridorBrief *self, const char *name, const char *sha256);
void corridor_brief_add_key_figure  (CorridorBrief *self, const char *handle, const char *role,
                                     guint degree, double betweenness);

/* Paper sizes in points (portrait); landscape swaps them. */
void corridor_paper_size (CorridorPaper paper, gboolean landscape, double *width_pt, double *height_pt);
gboolean corridor_paper_from_string (const char *s, CorridorPaper *out);

/* Lays the brief out for pages of @width × @height points; returns the page
 * count. Must be called before draw_page (and again when the size changes). */
guint corridor_brief_paginate (CorridorBrief *self, double width_pt, double height_pt);
/* Draws page @page (0-based) into @cr, whose user space is the page in points. */
void  corridor_brief_draw_page (CorridorBrief *self, cairo_t *cr, guint page);

/* Writes the whole brief as a PDF. @date ("YYYY-MM-DD", may be NULL for
 * now) becomes the document's creation date, so the same inputs and date
 * give the same bytes. */
gboolean corridor_brief_write_pdf (CorridorBrief *self, const char *path, CorridorPaper paper,
                                   gboolean landscape, const char *date, GError **error);

G_END_DECLS
