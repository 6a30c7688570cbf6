/* corridor-brief.c: the briefing layout, Cairo and Pango only.
 * Invariants: every page carries the marking banner at top and bottom and
 * the footer; the summary table is the renderer's aggregated corridors,
 * heaviest first, split across pages without losing or repeating a row;
 * pagination is a pure function of the page size, so the printer and the
 * PDF writer number pages alike. */
#include "corridor-brief.h"
#include "corridor-error.h"
#include "corridor-style.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#define MARGIN      28.0
#define BANNER_H    15.0
#define FOOTER_H    30.0
#define ROW_H       12.5
#define GAP         10.0

typedef enum { PAGE_MAIN, PAGE_TABLE, PAGE_ATLAS } PageKind;

typedef struct {
  PageKind kind;
  guint    first_row, n_rows;   /* table rows on this page */
  guint    atlas_item;          /* port index or route index */
} Page;

struct _CorridorBrief
{
  GObject           parent_instance;
  CorridorRenderer *renderer;
  char             *title, *subtitle, *marking, *generated;
  CorridorAtlas     atlas;
  GPtrArray        *sources;      /* CorridorBriefSource* */
  GPtrArray        *key_figures;  /* CorridorKeyFigure* */
  /* Layout, from paginate(). */
  double            width, height;
  GArray           *pages;        /* Page */
  GPtrArray        *rows;         /* const CorridorRoute*, heaviest first */
  GArray           *atlas_items;  /* guint: port or route indices */
};

G_DEFINE_FINAL_TYPE (CorridorBrief, corridor_brief, G_TYPE_OBJECT)

static void
source_free (gpointer data)
{
  CorridorBriefSource *s = data;
  g_free (s->name);
  g_free (s->sha256);
  g_free (s);
}

static void
key_figure_free (gpointer data)
{
  CorridorKeyFigure *k = data;
  g_free (k->handle);
  g_free (k->role);
  g_free (k);
}

static void
corridor_brief_finalize (GObject *object)
{
  CorridorBrief *self = CORRIDOR_BRIEF (object);
  g_clear_object (&self->renderer);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->marking);
  g_free (self->generated);
  g_ptr_array_unref (self->sources);
  g_ptr_array_unref (self->key_figures);
  g_array_unref (self->pages);
  g_ptr_array_unref (self->rows);
  g_array_unref (self->atlas_items);
  G_OBJECT_CLASS (corridor_brief_parent_class)->finalize (object);
}

static void
corridor_brief_class_init (CorridorBriefClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = corridor_brief_finalize;
}

static void
corridor_brief_init (CorridorBrief *self)
{
  self->title = g_strdup ("Corridor briefing");
  self->subtitle = g_strdup ("");
  self->marking = g_strdup ("RESTRICTED");
  self->sources = g_ptr_array_new_with_free_func (source_free);
  self->key_figures = g_ptr_array_new_with_free_func (key_figure_free);
  self->pages = g_array_new (FALSE, TRUE, sizeof (Page));
  self->rows = g_ptr_array_new ();
  self->atlas_items = g_array_new (FALSE, FALSE, sizeof (guint));
}

CorridorBrief *
corridor_brief_new (CorridorRenderer *renderer)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (renderer), NULL);
  CorridorBrief *self = g_object_new (CORRIDOR_TYPE_BRIEF, NULL);
  self->renderer = g_object_ref (renderer);
  return self;
}

#define SETTER(field) \
  void corridor_brief_set_##field (CorridorBrief *self, const char *value) \
  { \
    g_return_if_fail (CORRIDOR_IS_BRIEF (self)); \
    g_free (self->field); \
    self->field = g_strdup (value ? value : ""); \
  }
SETTER (title)
SETTER (subtitle)
SETTER (marking)
SETTER (generated)
#undef SETTER

void
corridor_brief_set_atlas (CorridorBrief *self, CorridorAtlas atlas)
{
  g_return_if_fail (CORRIDOR_IS_BRIEF (self));
  self->atlas = atlas;
}

void
corridor_brief_add_source (CorridorBrief *self, const char *name, const char *sha256)
{
  g_return_if_fail (CORRIDOR_IS_BRIEF (self));
  CorridorBriefSource *s = g_new0 (CorridorBriefSource, 1);
  s->name = g_strdup (name);
  s->sha256 = g_strdup (sha256);
  g_ptr_array_add (self->sources, s);
}

void
corridor_brief_add_key_figure (CorridorBrief *self, const char *handle, const char *role,
                               guint degree, double betweenness)
{
  g_return_if_fail (CORRIDOR_IS_BRIEF (self));
  CorridorKeyFigure *k = g_new0 (CorridorKeyFigure, 1);
  k->handle = g_strdup (handle);
  k->role = g_strdup (role);
  k->degree = degree;
  k->betweenness = betweenness;
  g_ptr_array_add (self->key_figures, k);
}

void
corridor_paper_size (CorridorPaper paper, gboolean landscape, double *width_pt, double *height_pt)
{
  double w, h;
  switch (paper)
    {
    case CORRIDOR_PAPER_A3: w = 841.89; h = 1190.55; break;
    case CORRIDOR_PAPER_LETTER: w = 612; h = 792; break;
    case CORRIDOR_PAPER_A4:
    default: w = 595.28; h = 841.89; break;
    }
  *width_pt = landscape ? h : w;
  *height_pt = landscape ? w : h;
}

gboolean
corridor_paper_from_string (const char *s, CorridorPaper *out)
{
  if (g_strcmp0 (s, "a4") == 0)
    *out = CORRIDOR_PAPER_A4;
  else if (g_strcmp0 (s, "a3") == 0)
    *out = CORRIDOR_PAPER_A3;
  else if (g_strcmp0 (s, "letter") == 0)
    *out = CORRIDOR_PAPER_LETTER;
  else
    return FALSE;
  return TRUE;
}

/* ---- layout ---------------------------------------------------------- */

typedef struct { double x, y, w, h; } Rect;

static double
header_bottom (CorridorBrief *self)
{
  return MARGIN + BANNER_H + 8 + 24 + 14;
}

static double
body_bottom (CorridorBrief *self)
{
  return self->height - MARGIN - BANNER_H - FOOTER_H;
}

static gboolean
landscape (CorridorBrief *self)
{
  return self->width >= self->height;
}

/* Page 1: the map, the key figures and the start of the table. */
static void
main_layout (CorridorBrief *self, Rect *map, Rect *keys, Rect *table)
{
  double top = header_bottom (self), bottom = body_bottom (self);
  double inner = self->width - 2 * MARGIN;
  guint n_keys = MIN (self->key_figures->len, 8);
  double keys_h = n_keys ? 20 + ROW_H * (n_keys + 1) : 0;
  if (landscape (self))
    {
      *map = (Rect) { MARGIN, top, inner * 0.60, bottom - top };
      double cx = map->x + map->w + GAP, cw = self->width - MARGIN - cx;
      *keys = (Rect) { cx, top, cw, keys_h };
      double ty = top + keys_h + (keys_h > 0 ? GAP : 0);
      *table = (Rect) { cx, ty, cw, bottom - ty };
    }
  else
    {
      double map_h = (bottom - top) * 0.55;
      *map = (Rect) { MARGIN, top, inner, map_h };
      double y = top + map_h + GAP;
      *keys = (Rect) { MARGIN, y, inner * 0.36, keys_h };
      *table = (Rect) { MARGIN + inner * 0.36 + GAP, y, inner * 0.64 - GAP, bottom - y };
    }
}

static guint
table_capacity (double height)
{
  /* Title and header rows, then data rows; the totals row sits on the last page. */
  double usable = height - 20 - ROW_H;
  return usable > ROW_H ? (guint) floor (usable / ROW_H) : 0;
}

static int
cmp_route_kg (gconstpointer a, gconstpointer b)
{
  const CorridorRoute *x = *(CorridorRoute * const *) a, *y = *(CorridorRoute * const *) b;
  if (x->total_kg != y->total_kg)
    return x->total_kg > y->total_kg ? -1 : 1;
  if (x->n_shipments != y->n_shipments)
    return x->n_shipments > y->n_shipments ? -1 : 1;
  return g_strcmp0 (x->key, y->key);
}

guint
corridor_brief_paginate (CorridorBrief *self, double width_pt, double height_pt)
{
  g_return_val_if_fail (CORRIDOR_IS_BRIEF (self), 0);
  self->width = width_pt;
  self->height = height_pt;
  g_array_set_size (self->pages, 0);
  g_ptr_array_set_size (self->rows, 0);
  g_array_set_size (self->atlas_items, 0);

  for (guint i = 0; i < corridor_renderer_get_n_routes (self->renderer); i++)
    g_ptr_array_add (self->rows, (gpointer) corridor_renderer_get_route (self->renderer, i));
  g_ptr_array_sort (self->rows, cmp_route_kg);

  Rect map, keys, table;
  main_layout (self, &map, &keys, &table);
  /* One row more is kept free on the page that ends the table, for totals. */
  guint cap1 = table_capacity (table.h), capn = table_capacity (body_bottom (self) - header_bottom (self));
  guint n = self->rows->len, done = MIN (n, cap1 > 0 ? cap1 - 1 : 0);
  if (done < n && done + 1 == n && cap1 > 0)
    done = n - 1;   /* keep at least the totals' line free */
  Page first = { PAGE_MAIN, 0, done, 0 };
  g_array_append_val (self->pages, first);
  while (done < n && capn > 1)
    {
      guint take = MIN (n - done, capn - 1);
      Page p = { PAGE_TABLE, done, take, 0 };
      g_array_append_val (self->pages, p);
      done += take;
    }

  if (self->atlas == CORRIDOR_ATLAS_PORT)
    {
      for (guint i = 0; i < corridor_renderer_get_n_ports (self->renderer); i++)
        {
          const CorridorPortSummary *ps = corridor_renderer_get_port (self->renderer, i);
          if (ps->n_in + ps->n_out + ps->n_transit > 0)
            g_array_append_val (self->atlas_items, i);
        }
    }
  else if (self->atlas == CORRIDOR_ATLAS_CORRIDOR)
    for (guint i = 0; i < self->rows->len; i++)
      g_array_append_val (self->atlas_items, i);
  for (guint i = 0; i < self->atlas_items->len; i++)
    {
      Page p = { PAGE_ATLAS, 0, 0, i };
      g_array_append_val (self->pages, p);
    }
  return self->pages->len;
}

/* ---- drawing helpers ------------------------------------------------- */

static PangoLayout *
text_layout (cairo_t *cr, const char *font, const char *text, double max_w)
{
  PangoLayout *l = pango_cairo_create_layout (cr);
  PangoFontDescription *d = pango_font_description_from_string (font);
  pango_layout_set_font_description (l, d);
  pango_font_description_free (d);
  pango_layout_set_text (l, text ? text : "", -1);
  if (max_w > 0)
    {
      pango_layout_set_width (l, (int) (max_w * PANGO_SCALE));
      pango_layout_set_ellipsize (l, PANGO_ELLIPSIZE_END);
    }
  return l;
}

static double
draw_text (cairo_t *cr, const char *font, const char *text, double x, double y, double max_w,
           PangoAlignment align)
{
  PangoLayout *l = text_layout (cr, font, text, max_w);
  pango_layout_set_alignment (l, align);
  int w, h;
  pango_layout_get_size (l, &w, &h);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, l);
  g_object_unref (l);
  return (double) h / PANGO_SCALE;
}

static void
draw_banners (CorridorBrief *self, cairo_t *cr)
{
  if (self->marking == NULL || self->marking[0] == '\0')
    return;
  const double ys[2] = { MARGIN, self->height - MARGIN - BANNER_H };
  for (int i = 0; i < 2; i++)
    {
      cairo_rectangle (cr, MARGIN, ys[i], self->width - 2 * MARGIN, BANNER_H);
      cairo_set_source_rgb (cr, 0.62, 0.09, 0.11);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      draw_text (cr, "Sans Bold 8", self->marking, MARGIN, ys[i] + 2, self->width - 2 * MARGIN,
                 PANGO_ALIGN_CENTER);
    }
}

static void
draw_header (CorridorBrief *self, cairo_t *cr, const char *suffix)
{
  double y = MARGIN + BANNER_H + 8;
  g_autofree char *title = suffix ? g_strdup_printf ("%s — %s", self->title, suffix) : g_strdup (self->title);
  corridor_style_set_source (cr, &corridor_style_label);
  draw_text (cr, "Sans Bold 16", title, MARGIN, y, self->width - 2 * MARGIN, PANGO_ALIGN_LEFT);
  cairo_set_source_rgb (cr, 0.35, 0.38, 0.42);
  draw_text (cr, "Sans 9", self->subtitle && self->subtitle[0] ? self->subtitle : "All shipments",
             MARGIN, y + 24, self->width - 2 * MARGIN, PANGO_ALIGN_LEFT);
}

static void
draw_footer (CorridorBrief *self, cairo_t *cr, guint page)
{
  double y = self->height - MARGIN - BANNER_H - FOOTER_H + 6;
  cairo_set_source_rgb (cr, 0.75, 0.76, 0.78);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN, y - 3);
  cairo_line_to (cr, self->width - MARGIN, y - 3);
  cairo_stroke (cr);
  GString *src = g_string_new ("Sources: ");
  if (self->sources->len == 0)
    g_string_append (src, "none");
  for (guint i = 0; i < self->sources->len; i++)
    {
      const CorridorBriefSource *s = g_ptr_array_index (self->sources, i);
      g_string_append_printf (src, "%s%s (SHA-256 %.12s…)", i ? "; " : "", s->name,
                              s->sha256 ? s->sha256 : "");
    }
  cairo_set_source_rgb (cr, 0.3, 0.32, 0.36);
  double inner = self->width - 2 * MARGIN;
  draw_text (cr, "Sans 6.5", src->str, MARGIN, y, inner * 0.75, PANGO_ALIGN_LEFT);
  g_string_free (src, TRUE);
  g_autofree char *gen = g_strdup_printf ("Generated %s by Corridor", self->generated ? self->generated : "");
  draw_text (cr, "Sans 6.5", gen, MARGIN, y + 10, inner * 0.75, PANGO_ALIGN_LEFT);
  g_autofree char *num = g_strdup_printf ("Page %u of %u", page + 1, self->pages->len);
  draw_text (cr, "Sans 7", num, MARGIN + inner * 0.75, y, inner * 0.25, PANGO_ALIGN_RIGHT);
}

/* A scale bar true at the map's centre latitude: both projections keep
 * x = longitude, so one degree spans 111.32·cos(φ) km across the map. */
static void
draw_scale_bar (cairo_t *cr, CorridorViewport *vp, const Rect *r)
{
  double lon, lat;
  corridor_viewport_pixel_to_geo (vp, r->w / 2, r->h / 2, &lon, &lat);
  double km_per_pt = 111.32 * cos (lat * G_PI / 180.0) / corridor_viewport_get_scale (vp);
  double target = r->w * 0.22 * km_per_pt;
  /* The largest 1, 2 or 5 × 10^k km that fits. */
  double step = pow (10, floor (log10 (MAX (target, 1e-6))));
  double nice = step * 5 <= target ? step * 5 : step * 2 <= target ? step * 2 : step;
  double len = nice / km_per_pt;
  g_autofree char *label = g_strdup_printf ("%g km (%g nm) at %.0f°%s", nice, round (nice / 1.852),
                                            fabs (lat), lat >= 0 ? "N" : "S");
  PangoLayout *l = text_layout (cr, "Sans 6", label, 0);
  int lw, lh;
  pango_layout_get_pixel_size (l, &lw, &lh);
  double box_w = MAX (len, lw) + 12;
  double x = r->x + r->w - box_w - 6 + 6, y = r->y + r->h - 18;
  cairo_rectangle (cr, x - 6, y - 12, box_w, 24);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_fill (cr);
  for (int i = 0; i < 4; i++)
    {
      cairo_rectangle (cr, x + len * i / 4, y, len / 4, 3.5);
      if (i % 2 == 0)
        cairo_set_source_rgb (cr, 0.15, 0.17, 0.2);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.15, 0.17, 0.2);
      cairo_set_line_width (cr, 0.4);
      cairo_stroke (cr);
    }
  cairo_set_source_rgb (cr, 0.15, 0.17, 0.2);
  cairo_move_to (cr, x, y - 10);
  pango_cairo_show_layout (cr, l);
  g_object_unref (l);
}

static void
draw_north_arrow (cairo_t *cr, const Rect *r)
{
  double cx = r->x + r->w - 18, cy = r->y + 24;
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_arc (cr, cx, cy, 13, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_move_to (cr, cx, cy - 10);
  cairo_line_to (cr, cx + 5, cy + 6);
  cairo_line_to (cr, cx, cy + 3);
  cairo_line_to (cr, cx - 5, cy + 6);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.15, 0.17, 0.2);
  cairo_fill (cr);
  draw_text (cr, "Sans Bold 6", "N", cx - 3, cy - 21, 0, PANGO_ALIGN_LEFT);
}

/* The box a page's map shows: a port's own waters with the corridors
 * leaving it, or what the routes cover (one route, or all), padded. */
static gboolean
routes_bbox (CorridorBrief *self, const CorridorRoute *only, const CorridorPortSummary *port,
             double bbox[4])
{
  if (port)
    {
      bbox[0] = MAX (port->lon - 14, -180), bbox[2] = MIN (port->lon + 14, 180);
      bbox[1] = MAX (port->lat - 9, -85), bbox[3] = MIN (port->lat + 9, 85);
      return TRUE;
    }
  double w = G_MAXDOUBLE, s = G_MAXDOUBLE, e = -G_MAXDOUBLE, n = -G_MAXDOUBLE;
  for (guint i = 0; i < corridor_renderer_get_n_routes (self->renderer); i++)
    {
      const CorridorRoute *r = corridor_renderer_get_route (self->renderer, i);
      if (only && r != only)
        continue;
      if (r->sea)
        for (guint k = 0; k < r->sea->points->len / 2; k++)
          {
            double lon = g_array_index (r->sea->points, double, 2 * k);
            double lat = g_array_index (r->sea->points, double, 2 * k + 1);
            w = MIN (w, lon), e = MAX (e, lon), s = MIN (s, lat), n = MAX (n, lat);
          }
      for (guint k = 0; k < r->stops->len; k++)
        {
          const CorridorStop *st = &g_array_index (r->stops, CorridorStop, k);
          w = MIN (w, st->lon), e = MAX (e, st->lon), s = MIN (s, st->lat), n = MAX (n, st->lat);
        }
    }
  if (w > e)
    return FALSE;
  double px = MAX ((e - w) * 0.08, 3.0), py = MAX ((n - s) * 0.08, 3.0);
  bbox[0] = MAX (w - px, -180), bbox[1] = MAX (s - py, -85);
  bbox[2] = MIN (e + px, 180), bbox[3] = MIN (n + py, 85);
  return TRUE;
}

/* Symbols and labels are sized for screens in pixels; on paper the map is
 * drawn at this many "pixels" per point so they print at a reading size. */
#define PRINT_DENSITY 1.6

static void
draw_map (CorridorBrief *self, cairo_t *cr, const Rect *r, const double *bbox)
{
  int w = (int) r->w, h = (int) r->h;
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR,
                                                          (int) (w * PRINT_DENSITY), (int) (h * PRINT_DENSITY));
  if (bbox)
    corridor_viewport_fit_bbox (vp, bbox[0], bbox[1], bbox[2], bbox[3]);
  cairo_save (cr);
  cairo_translate (cr, r->x, r->y);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_clip (cr);
  cairo_scale (cr, 1 / PRINT_DENSITY, 1 / PRINT_DENSITY);
  corridor_renderer_draw (self->renderer, cr, vp);
  cairo_restore (cr);
  /* The same view in page points, for the scale bar. */
  g_autoptr(CorridorViewport) page_vp = corridor_viewport_copy (vp);
  corridor_viewport_set_size (page_vp, w, h);
  corridor_viewport_set_scale (page_vp, corridor_viewport_get_scale (vp) / PRINT_DENSITY);
  Rect local = { r->x, r->y, w, h };
  draw_scale_bar (cr, page_vp, &local);
  draw_north_arrow (cr, &local);
  cairo_rectangle (cr, r->x, r->y, w, h);
  cairo_set_source_rgb (cr, 0.45, 0.47, 0.5);
  cairo_set_line_width (cr, 0.6);
  cairo_stroke (cr);
}

static void
draw_key_figures (CorridorBrief *self, cairo_t *cr, const Rect *r)
{
  guint n = MIN (self->key_figures->len, 8);
  if (n == 0)
    return;
  corridor_style_set_source (cr, &corridor_style_label);
  draw_text (cr, "Sans Bold 9", "Key figures (by betweenness)", r->x, r->y, r->w, PANGO_ALIGN_LEFT);
  double y = r->y + 18;
  const double cols[] = { 0, 0.38, 0.64, 0.84 };
  const char *heads[] = { "Actor", "Role", "Contacts", "Betw." };
  cairo_set_source_rgb (cr, 0.35, 0.38, 0.42);
  for (int c = 0; c < 4; c++)
    draw_text (cr, "Sans Bold 7", heads[c], r->x + cols[c] * r->w, y, r->w * 0.3, PANGO_ALIGN_LEFT);
  y += ROW_H;
  corridor_style_set_source (cr, &corridor_style_label);
  for (guint i = 0; i < n; i++, y += ROW_H)
    {
      const CorridorKeyFigure *k = g_ptr_array_index (self->key_figures, i);
      g_autofree char *deg = g_strdup_printf ("%u", k->degree);
      g_autofree char *bc = g_strdup_printf ("%.3f", k->betweenness);
      draw_text (cr, "Sans 7", k->handle, r->x, y, r->w * 0.37, PANGO_ALIGN_LEFT);
      draw_text (cr, "Sans 7", k->role ? k->role : "—", r->x + cols[1] * r->w, y, r->w * 0.25, PANGO_ALIGN_LEFT);
      draw_text (cr, "Sans 7", deg, r->x + cols[2] * r->w, y, r->w * 0.18, PANGO_ALIGN_LEFT);
      draw_text (cr, "Sans 7", bc, r->x + cols[3] * r->w, y, r->w * 0.16, PANGO_ALIGN_LEFT);
    }
}

static char *
route_label (const CorridorRoute *r)
{
  GString *s = g_string_new (NULL);
  for (guint k = 0; k < r->stops->len; k++)
    {
      const CorridorStop *st = &g_array_index (r->stops, CorridorStop, k);
      g_string_append_printf (s, "%s%s", k ? (k + 1 == r->stops->len ? " → " : " → ") : "",
                              st->name ? st->name : st->locode);
    }
  return g_string_free (s, FALSE);
}

static void
format_kg (double kg, char *buf, gsize len)
{
  /* Thousands grouped with thin spaces: unambiguous in every locale. */
  gint64 v = (gint64) llround (kg);
  char digits[32];
  g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, v);
  GString *s = g_string_new (NULL);
  int n = (int) strlen (digits);
  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (s, "\u2009");
      g_string_append_c (s, digits[i]);
    }
  g_strlcpy (buf, s->str, len);
  g_string_free (s, TRUE);
}

static void
draw_table (CorridorBrief *self, cairo_t *cr, const Rect *r, guint first, guint count,
            gboolean continued, gboolean with_totals)
{
  corridor_style_set_source (cr, &corridor_style_label);
  draw_text (cr, "Sans Bold 9", continued ? "Top corridors (continued)" : "Top corridors", r->x, r->y,
             r->w, PANGO_ALIGN_LEFT);
  double y = r->y + 18;
  const double cols[] = { 0, 0.43, 0.51, 0.655 };
  const char *heads[] = { "Corridor", "No.", "kg", "Dates" };
  cairo_set_source_rgb (cr, 0.35, 0.38, 0.42);
  for (int c = 0; c < 4; c++)
    draw_text (cr, "Sans Bold 7", heads[c], r->x + cols[c] * r->w, y, r->w * 0.5, PANGO_ALIGN_LEFT);
  y += ROW_H;
  corridor_style_set_source (cr, &corridor_style_label);
  for (guint i = first; i < first + count && i < self->rows->len; i++, y += ROW_H)
    {
      const CorridorRoute *route = g_ptr_array_index (self->rows, i);
      g_autofree char *label = route_label (route);
      char kg[48], n[16];
      format_kg (route->total_kg, kg, sizeof kg);
      g_snprintf (n, sizeof n, "%u", route->n_shipments);
      g_autofree char *dates = g_strdup_printf ("%s – %s", route->first_date ? route->first_date : "?",
                                                route->last_date ? route->last_date : "?");
      if (i % 2 == 1)
        {
          cairo_rectangle (cr, r->x - 2, y - 1.5, r->w + 2, ROW_H);
          cairo_set_source_rgb (cr, 0.95, 0.96, 0.97);
          cairo_fill (cr);
          corridor_style_set_source (cr, &corridor_style_label);
        }
      draw_text (cr, "Sans 6.5", label, r->x, y, r->w * 0.43, PANGO_ALIGN_LEFT);
      draw_text (cr, "Sans 6.5", n, r->x + cols[1] * r->w, y, r->w * 0.07, PANGO_ALIGN_LEFT);
      draw_text (cr, "Sans 6.5", kg, r->x + cols[2] * r->w, y, r->w * 0.13, PANGO_ALIGN_LEFT);
      draw_text (cr, "Sans 6", dates, r->x + cols[3] * r->w, y, r->w * 0.34, PANGO_ALIGN_LEFT);
    }
  if (with_totals)
    {
      guint ships = 0;
      double total = 0;
      for (guint i = 0; i < self->rows->len; i++)
        {
          const CorridorRoute *route = g_ptr_array_index (self->rows, i);
          ships += route->n_shipments;
          total += route->total_kg;
        }
      cairo_set_source_rgb (cr, 0.45, 0.47, 0.5);
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, r->x, y - 1);
      cairo_line_to (cr, r->x + r->w, y - 1);
      cairo_stroke (cr);
      corridor_style_set_source (cr, &corridor_style_label);
      char kg[48], n[16];
      format_kg (total, kg, sizeof kg);
      g_snprintf (n, sizeof n, "%u", ships);
      g_autofree char *label = g_strdup_printf ("Total: %u corridors", self->rows->len);
      draw_text (cr, "Sans Bold 6.5", label, r->x, y + 1, r->w * 0.43, PANGO_ALIGN_LEFT);
      draw_text (cr, "Sans Bold 6.5", n, r->x + cols[1] * r->w, y + 1, r->w * 0.07, PANGO_ALIGN_LEFT);
      draw_text (cr, "Sans Bold 6.5", kg, r->x + cols[2] * r->w, y + 1, r->w * 0.13, PANGO_ALIGN_LEFT);
    }
}

void
corridor_brief_draw_page (CorridorBrief *self, cairo_t *cr, guint page)
{
  g_return_if_fail (CORRIDOR_IS_BRIEF (self));
  g_return_if_fail (page < self->pages->len);
  const Page *p = &g_array_index (self->pages, Page, page);
  gboolean table_ends_here = p->kind != PAGE_ATLAS &&
                             (page + 1 == self->pages->len ||
                              g_array_index (self->pages, Page, page + 1).kind == PAGE_ATLAS);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  draw_banners (self, cr);

  if (p->kind == PAGE_MAIN)
    {
      draw_header (self, cr, NULL);
      Rect map, keys, table;
      main_layout (self, &map, &keys, &table);
      double bbox[4];
      draw_map (self, cr, &map, routes_bbox (self, NULL, NULL, bbox) ? bbox : NULL);
      draw_key_figures (self, cr, &keys);
      draw_table (self, cr, &table, p->first_row, p->n_rows, FALSE, table_ends_here);
    }
  else if (p->kind == PAGE_TABLE)
    {
      draw_header (self, cr, NULL);
      Rect r = { MARGIN, header_bottom (self), self->width - 2 * MARGIN, body_bottom (self) - header_bottom (self) };
      draw_table (self, cr, &r, p->first_row, p->n_rows, TRUE, table_ends_here);
    }
  else
    {
      guint item = g_array_index (self->atlas_items, guint, p->atlas_item);
      const CorridorPortSummary *port = NULL;
      const CorridorRoute *route = NULL;
      g_autofree char *suffix = NULL;
      if (self->atlas == CORRIDOR_ATLAS_PORT)
        {
          port = corridor_renderer_get_port (self->renderer, item);
          suffix = g_strdup_printf ("%s (%s): %u out · %u in · %u transit", port->name, port->locode,
                                    port->n_out, port->n_in, port->n_transit);
        }
      else
        {
          route = g_ptr_array_index (self->rows, item);
          g_autofree char *label = route_label (route);
          suffix = g_strdup_printf ("%s: %u shipments", label, route->n_shipments);
        }
      draw_header (self, cr, suffix);
      Rect map = { MARGIN, header_bottom (self), self->width - 2 * MARGIN, body_bottom (self) - header_bottom (self) };
      double bbox[4];
      draw_map (self, cr, &map, routes_bbox (self, route, port, bbox) ? bbox : NULL);
    }
  draw_footer (self, cr, page);
  cairo_restore (cr);
}

gboolean
corridor_brief_write_pdf (CorridorBrief *self, const char *path, CorridorPaper paper,
                          gboolean land, const char *date, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_BRIEF (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  double w, h;
  corridor_paper_size (paper, land, &w, &h);
  guint n = corridor_brief_paginate (self, w, h);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s: %s", path,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  /* A fixed creation date (and nothing else time-dependent) makes the same
   * inputs give the same bytes. */
  g_autofree char *stamp = NULL;
  if (date)
    stamp = g_strdup_printf ("%sT00:00:00Z", date);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, self->subtitle);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Corridor");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, stamp);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, stamp);
  cairo_t *cr = cairo_create (surface);
  for (guint i = 0; i < n; i++)
    {
      corridor_brief_draw_page (self, cr, i);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_status_t status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
