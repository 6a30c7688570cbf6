/* corridor-renderer.c: the one map renderer, Cairo only.
 *
 * A frame is drawn in two passes. The base pass (sea, land, countries,
 * coastlines, user layers, graticule) is the heavy one: every vertex is
 * projected once per frame straight into device pixels, runs of vertices
 * that land within half a pixel of the last one are dropped, and parts whose
 * bounding box misses the target are never touched. For image targets the
 * base pass is cut into horizontal bands drawn on all cores at once, each
 * band into its own rows of the shared buffer. The overlay pass (corridors,
 * ports, labels, legend) is light because shipments are aggregated into
 * routes when the scene is set, so its cost does not grow with shipments.
 * Highlighted corridors (the selection) are drawn last of the corridors,
 * over the bundled lanes, so a selected route stays visible in a bundle.
 *
 * Longitudes are unwrapped: a part is drawn once for every 360° copy of it
 * that meets the view, which makes views across the antimeridian exact. */
#include "corridor-renderer.h"
#include "corridor-hairline.h"
#include "corridor-labels.h"
#include "corridor-style.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

struct _CorridorRenderer
{
  GObject              parent_instance;
  CorridorBasemap     *basemap;
  GPtrArray           *layers;        /* CorridorLayer* drawn over the basemap */
  CorridorRenderFlags  flags;
  GPtrArray           *routes;        /* CorridorRoute* */
  GArray              *ports;         /* CorridorPortSummary */
  double               max_route_kg;
  guint                max_route_n;
  double               max_port_kg;
  GHashTable          *sea_routes;    /* key -> CorridorSeaRoute*, or NULL */
  GArray              *lanes;         /* CorridorLaneSegment: the bundled scene */
  double               max_lane_kg;
  guint                max_lane_n;
  CorridorColourMode   colour_mode;
  char               **highlight;     /* route keys, or NULL */
  /* Mercator y per vertex, per layer, computed once (layer -> double*). */
  GHashTable          *mercator_cache;
  GMutex               cache_lock;
};

G_DEFINE_FINAL_TYPE (CorridorRenderer, corridor_renderer, G_TYPE_OBJECT)

/* ---- transforms ------------------------------------------------------ */

typedef struct {
  double s;          /* pixels per degree */
  double tx, ty;     /* px = x * s + tx ; py = ty - y * s */
  double tol;        /* drop vertices closer than this to the last one (px) */
  double x0, x1;     /* visible unwrapped x range */
  double y0, y1;     /* visible projected y range (of this band) */
  CorridorProjection projection;
} Xform;

static void
xform_init (Xform *t, CorridorViewport *vp, double band_y0, double band_y1, double tol)
{
  t->s = corridor_viewport_get_scale (vp);
  t->projection = corridor_viewport_get_projection (vp);
  double cx = corridor_viewport_get_center_x (vp), cy = corridor_viewport_get_center_y (vp);
  t->tx = corridor_viewport_get_width (vp) / 2.0 - cx * t->s;
  t->ty = corridor_viewport_get_height (vp) / 2.0 + cy * t->s - band_y0;
  t->tol = tol;
  t->x0 = (0 - t->tx) / t->s;
  t->x1 = (corridor_viewport_get_width (vp) - t->tx) / t->s;
  t->y1 = t->ty / t->s;                              /* top of band */
  t->y0 = (t->ty - (band_y1 - band_y0)) / t->s;      /* bottom of band */
}

static inline double
proj_y (const Xform *t, double lat)
{
  return t->projection == CORRIDOR_PROJECTION_MERCATOR
         ? corridor_projection_y_from_lat (t->projection, lat) : lat;
}

static const double *
layer_y_cache (CorridorRenderer *self, CorridorLayer *layer, CorridorProjection p)
{
  if (p != CORRIDOR_PROJECTION_MERCATOR)
    return NULL;
  g_mutex_lock (&self->cache_lock);
  double *ys = g_hash_table_lookup (self->mercator_cache, layer);
  if (ys == NULL)
    {
      guint n = corridor_layer_get_n_vertices (layer);
      const double *v = corridor_layer_get_vertices (layer);
      ys = g_new (double, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        ys[i] = corridor_projection_y_from_lat (p, v[2 * i + 1]);
      g_hash_table_insert (self->mercator_cache, g_object_ref (layer), ys);
    }
  g_mutex_unlock (&self->cache_lock);
  return ys;
}

/* Where projected vertices go: a Cairo path (fills, vector output) or
 * straight into pixels as hairlines (thin strokes on image targets). */
typedef struct {
  cairo_t          *cr;
  CorridorHairline *hair;
  double            fx, fy, lx, ly;   /* first and last point of the run */
} Sink;

static inline void
sink_move (Sink *k, double x, double y)
{
  if (k->hair)
    k->fx = k->lx = x, k->fy = k->ly = y;
  else
    cairo_move_to (k->cr, x, y);
}

static inline void
sink_line (Sink *k, double x, double y)
{
  if (k->hair)
    {
      corridor_hairline_segment (k->hair, k->lx, k->ly, x, y);
      k->lx = x, k->ly = y;
    }
  else
    cairo_line_to (k->cr, x, y);
}

static inline void
sink_close (Sink *k)
{
  if (k->hair)
    corridor_hairline_segment (k->hair, k->lx, k->ly, k->fx, k->fy);
  else
    cairo_close_path (k->cr);
}

/* Adds one part (ring or line) to the sink, once per visible 360° copy.
 * Returns the number of copies drawn. */
static guint
append_part (Sink *sink, const Xform *t, const double *v, const double *ys,
             const CorridorPart *p, gboolean close)
{
  double by0 = proj_y (t, p->bbox.min_y), by1 = proj_y (t, p->bbox.max_y);
  if (by1 < t->y0 || by0 > t->y1)
    return 0;
  /* Sub-pixel parts vanish at this scale. */
  if ((p->bbox.max_x - p->bbox.min_x) * t->s < t->tol &&
      (by1 - by0) * t->s < t->tol && close)
    return 0;

  int k0 = (int) ceil ((t->x0 - p->bbox.max_x) / 360.0);
  int k1 = (int) floor ((t->x1 - p->bbox.min_x) / 360.0);
  guint drawn = 0;
  for (int k = k0; k <= k1; k++)
    {
      double off = k * 360.0;
      double txk = t->tx + off * t->s;
      const double *pv = v + 2 * (gsize) p->first;
      const double *py = ys ? ys + p->first : NULL;
      double lx = 0, ly = 0;
      guint last = p->count - 1;
      for (guint i = 0; i <= last; i++)
        {
          double x = pv[2 * i] * t->s + txk;
          double y = t->ty - (py ? py[i] : pv[2 * i + 1]) * t->s;
          if (i == 0)
            sink_move (sink, x, y);
          else if (fabs (x - lx) >= t->tol || fabs (y - ly) >= t->tol || i == last)
            sink_line (sink, x, y);
          else
            continue;
          lx = x;
          ly = y;
        }
      if (close)
        sink_close (sink);
      drawn++;
    }
  return drawn;
}

/* Sends a whole layer to the sink; returns TRUE if anything was drawn. */
static gboolean
layer_to_sink (CorridorRenderer *self, Sink *sink, const Xform *t, CorridorLayer *layer)
{
  const double *v = corridor_layer_get_vertices (layer);
  const double *ys = layer_y_cache (self, layer, t->projection);
  const CorridorPart *parts = corridor_layer_get_parts (layer);
  guint n = corridor_layer_get_n_parts (layer);
  gboolean close = corridor_layer_get_kind (layer) == CORRIDOR_LAYER_POLYGONS;
  guint drawn = 0;
  for (guint i = 0; i < n; i++)
    if (parts[i].count >= 2)
      drawn += append_part (sink, t, v, ys, &parts[i], close);
  return drawn > 0;
}

static gboolean
layer_path (CorridorRenderer *self, cairo_t *cr, const Xform *t, CorridorLayer *layer)
{
  Sink sink = { cr, NULL, 0, 0, 0, 0 };
  return layer_to_sink (self, &sink, t, layer);
}

/* Strokes a layer's outlines thinly: as hairlines into @raster when there
 * is one (the fast path), else through Cairo. */
static void
stroke_layer (CorridorRenderer *self, cairo_t *cr, cairo_surface_t *raster, const Xform *t,
              CorridorLayer *layer, const CorridorRGBA *color, double width)
{
  if (raster)
    {
      CorridorHairline hair;
      cairo_surface_flush (raster);
      corridor_hairline_init (&hair, raster, color, width);
      Sink sink = { NULL, &hair, 0, 0, 0, 0 };
      layer_to_sink (self, &sink, t, layer);
      cairo_surface_mark_dirty (raster);
      return;
    }
  cairo_new_path (cr);
  if (layer_path (self, cr, t, layer))
    {
      corridor_style_set_source (cr, color);
      cairo_set_line_width (cr, width);
      cairo_stroke (cr);
    }
}

static void
draw_points_layer (cairo_t *cr, const Xform *t, CorridorLayer *layer)
{
  const double *v = corridor_layer_get_vertices (layer);
  guint n = corridor_layer_get_n_vertices (layer);
  for (guint i = 0; i < n; i++)
    {
      double y = proj_y (t, v[2 * i + 1]);
      if (y < t->y0 - 1 || y > t->y1 + 1)
        continue;
      double lon = v[2 * i];
      int k0 = (int) ceil ((t->x0 - lon) / 360.0 - 0.01);
      int k1 = (int) floor ((t->x1 - lon) / 360.0 + 0.01);
      for (int k = k0; k <= k1; k++)
        {
          double px = (lon + k * 360.0) * t->s + t->tx, py = t->ty - y * t->s;
          cairo_new_sub_path (cr);
          cairo_arc (cr, px, py, 2.5, 0, 2 * G_PI);
        }
    }
  corridor_style_set_source (cr, &corridor_style_layer_fill);
  cairo_fill_preserve (cr);
  corridor_style_set_source (cr, &corridor_style_layer_stroke);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

static double
graticule_step (double scale)
{
  /* Aim for lines roughly 100-200 px apart. */
  static const double steps[] = { 1, 2, 5, 10, 15, 30 };
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * scale >= 90)
      return steps[i];
  return 30;
}

static void
draw_graticule (cairo_t *cr, const Xform *t, double width, double height)
{
  double step = graticule_step (t->s);
  double max_lat = t->projection == CORRIDOR_PROJECTION_MERCATOR ? 80 : 90;
  double ytop = t->ty - proj_y (t, max_lat) * t->s, ybot = t->ty - proj_y (t, -max_lat) * t->s;
  for (double lon = floor (t->x0 / step) * step; lon <= t->x1; lon += step)
    {
      double px = round (lon * t->s + t->tx) + 0.5;
      cairo_move_to (cr, px, MAX (ytop, 0));
      cairo_line_to (cr, px, MIN (ybot, height));
    }
  for (double lat = -max_lat; lat <= max_lat; lat += step)
    {
      double py = round (t->ty - proj_y (t, lat) * t->s) + 0.5;
      if (py < -1 || py > height + 1)
        continue;
      cairo_move_to (cr, 0, py);
      cairo_line_to (cr, width, py);
    }
  corridor_style_set_source (cr, &corridor_style_graticule);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

/* The heavy pass, for rows [band_y0, band_y1) of the viewport, drawn into
 * @cr whose origin is the band's top-left corner. @raster is the image
 * behind @cr when thin lines may be drawn straight into its pixels. */
static void
draw_base (CorridorRenderer *self, cairo_t *cr, cairo_surface_t *raster, CorridorViewport *vp,
           double band_y0, double band_y1, double tol)
{
  Xform t;
  xform_init (&t, vp, band_y0, band_y1, tol);
  double width = corridor_viewport_get_width (vp);
  double height = band_y1 - band_y0;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  corridor_style_set_source (cr, &corridor_style_sea);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);

  if (self->flags & CORRIDOR_RENDER_GRATICULE)
    draw_graticule (cr, &t, width, height);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  /* Shapefile rings are oriented (outer clockwise, holes counter-clockwise),
   * so the non-zero rule is right, and Cairo fills it faster than even-odd. */
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);

  if (self->basemap)
    {
      CorridorBasemapLevel level = corridor_basemap_choose_level (self->basemap, t.s);
      CorridorLayer *land = corridor_basemap_get_land (self->basemap, level);
      CorridorLayer *countries = corridor_basemap_get_countries (self->basemap, level);
      CorridorLayer *fill = land ? land : countries;
      if (fill && layer_path (self, cr, &t, fill))
        {
          corridor_style_set_source (cr, &corridor_style_land);
          cairo_fill (cr);
          cairo_new_path (cr);
        }
      /* Borders are faint, thin lines: until the view is zoomed well in,
       * the coarse level draws them indistinguishably at a tenth of the
       * vertices. */
      CorridorLayer *borders = t.s < 8.0 ? corridor_basemap_get_countries (self->basemap, CORRIDOR_BASEMAP_110M) : NULL;
      if (borders == NULL)
        borders = countries;
      if ((self->flags & CORRIDOR_RENDER_COUNTRIES) && borders)
        stroke_layer (self, cr, raster, &t, borders, &corridor_style_border, 0.5);
      if (fill)
        stroke_layer (self, cr, raster, &t, fill, &corridor_style_coast, 0.7);
    }

  for (guint i = 0; i < self->layers->len; i++)
    {
      CorridorLayer *layer = g_ptr_array_index (self->layers, i);
      cairo_new_path (cr);
      switch (corridor_layer_get_kind (layer))
        {
        case CORRIDOR_LAYER_POLYGONS:
          if (layer_path (self, cr, &t, layer))
            {
              corridor_style_set_source (cr, &corridor_style_layer_fill);
              cairo_fill (cr);
              stroke_layer (self, cr, raster, &t, layer, &corridor_style_layer_stroke, 0.9);
            }
          break;
        case CORRIDOR_LAYER_LINES:
          stroke_layer (self, cr, raster, &t, layer, &corridor_style_layer_stroke, 1.0);
          break;
        case CORRIDOR_LAYER_POINTS:
          draw_points_layer (cr, &t, layer);
          break;
        }
    }
  cairo_restore (cr);
}

/* ---- scene ----------------------------------------------------------- */

static void
route_free (gpointer data)
{
  CorridorRoute *r = data;
  g_array_unref (r->stops);
  g_free (r->key);
  g_free (r->first_date);
  g_free (r->last_date);
  g_free (r);
}

static void
port_summary_clear (gpointer data)
{
  CorridorPortSummary *p = data;
  g_free (p->name);
}

static void
corridor_renderer_finalize (GObject *object)
{
  CorridorRenderer *self = CORRIDOR_RENDERER (object);
  g_clear_object (&self->basemap);
  g_ptr_array_unref (self->layers);
  g_ptr_array_unref (self->routes);
  g_array_unref (self->ports);
  g_array_unref (self->lanes);
  g_clear_pointer (&self->sea_routes, g_hash_table_unref);
  g_strfreev (self->highlight);
  g_hash_table_unref (self->mercator_cache);
  g_mutex_clear (&self->cache_lock);
  G_OBJECT_CLASS (corridor_renderer_parent_class)->finalize (object);
}

static void
corridor_renderer_class_init (CorridorRendererClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = corridor_renderer_finalize;
}

static void
corridor_renderer_init (CorridorRenderer *self)
{
  self->layers = g_ptr_array_new_with_free_func (g_object_unref);
  self->flags = CORRIDOR_RENDER_DEFAULT;
  self->routes = g_ptr_array_new_with_free_func (route_free);
  self->ports = g_array_new (FALSE, TRUE, sizeof (CorridorPortSummary));
  g_array_set_clear_func (self->ports, port_summary_clear);
  self->lanes = g_array_new (FALSE, TRUE, sizeof (CorridorLaneSegment));
  self->mercator_cache = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                                g_object_unref, g_free);
  g_mutex_init (&self->cache_lock);
}

CorridorRenderer *
corridor_renderer_new (void)
{
  return g_object_new (CORRIDOR_TYPE_RENDERER, NULL);
}

void
corridor_renderer_set_basemap (CorridorRenderer *self, CorridorBasemap *basemap)
{
  g_return_if_fail (CORRIDOR_IS_RENDERER (self));
  g_set_object (&self->basemap, basemap);
}

CorridorBasemap *
corridor_renderer_get_basemap (CorridorRenderer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), NULL);
  return self->basemap;
}

void
corridor_renderer_add_layer (CorridorRenderer *self, CorridorLayer *layer)
{
  g_return_if_fail (CORRIDOR_IS_RENDERER (self));
  g_return_if_fail (CORRIDOR_IS_LAYER (layer));
  g_ptr_array_add (self->layers, g_object_ref (layer));
}

void
corridor_renderer_remove_layer (CorridorRenderer *self, CorridorLayer *layer)
{
  g_return_if_fail (CORRIDOR_IS_RENDERER (self));
  g_mutex_lock (&self->cache_lock);
  g_hash_table_remove (self->mercator_cache, layer);
  g_mutex_unlock (&self->cache_lock);
  g_ptr_array_remove (self->layers, layer);
}

guint
corridor_renderer_get_n_layers (CorridorRenderer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), 0);
  return self->layers->len;
}

void
corridor_renderer_set_flags (CorridorRenderer *self, CorridorRenderFlags flags)
{
  g_return_if_fail (CORRIDOR_IS_RENDERER (self));
  self->flags = flags;
}

CorridorRenderFlags
corridor_renderer_get_flags (CorridorRenderer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), 0);
  return self->flags;
}

void
corridor_renderer_set_colour_mode (CorridorRenderer *self, CorridorColourMode mode)
{
  g_return_if_fail (CORRIDOR_IS_RENDERER (self));
  g_return_if_fail ((guint) mode < CORRIDOR_N_COLOUR_MODES);
  self->colour_mode = mode;
}

CorridorColourMode
corridor_renderer_get_colour_mode (CorridorRenderer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), CORRIDOR_COLOUR_OUTCOME);
  return self->colour_mode;
}

/* Bundled lanes carry the sea-routed corridors unless arcs are asked for. */
static gboolean
draws_lanes (CorridorRenderer *self)
{
  return self->lanes->len > 0 && !(self->flags & CORRIDOR_RENDER_STRAIGHT);
}

guint
corridor_renderer_get_colour_classes (CorridorRenderer *self)
{
  guint mask = 0;
  gboolean lanes;

  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), 0);
  lanes = draws_lanes (self);
  for (guint i = 0; i < self->routes->len; i++)
    {
      const CorridorRoute *r = g_ptr_array_index (self->routes, i);
      if (!(lanes && r->sea))
        mask |= 1u << corridor_route_get_colour_class (r, self->colour_mode);
    }
  for (guint i = 0; lanes && i < self->lanes->len; i++)
    mask |= 1u << corridor_lane_segment_get_colour_class (&g_array_index (self->lanes,
                                                                          CorridorLaneSegment, i),
                                                          self->colour_mode);
  return mask;
}

double
corridor_renderer_get_max_corridor_kg (CorridorRenderer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), 0);
  return draws_lanes (self) ? self->max_lane_kg : self->max_route_kg;
}

double
corridor_renderer_get_corridor_width (CorridorRenderer *self, double kg)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), NAN);
  double max = corridor_renderer_get_max_corridor_kg (self);
  if (!(max > 0) || isnan (kg))
    return NAN;
  /* As route_width and lane_width draw it. */
  return 1.5 + 7.0 * sqrt (CLAMP (kg, 0, max) / max);
}

void
corridor_renderer_set_highlight (CorridorRenderer *self, const char *const *keys)
{
  g_return_if_fail (CORRIDOR_IS_RENDERER (self));
  /* Copied first: @keys may be what get_highlight returned. */
  char **copy = keys != NULL && keys[0] != NULL ? g_strdupv ((char **) keys) : NULL;
  g_strfreev (self->highlight);
  self->highlight = copy;
}

const char *const *
corridor_renderer_get_highlight (CorridorRenderer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), NULL);
  return (const char *const *) self->highlight;
}

static CorridorPortSummary *
summary_for (CorridorRenderer *self, GHashTable *index, const CorridorStop *stop)
{
  gpointer idx;
  if (g_hash_table_lookup_extended (index, stop->locode, NULL, &idx))
    return &g_array_index (self->ports, CorridorPortSummary, GPOINTER_TO_UINT (idx));
  CorridorPortSummary ps = { 0 };
  memcpy (ps.locode, stop->locode, sizeof ps.locode);
  ps.locode[5] = '\0';
  ps.name = g_strdup (stop->name ? stop->name : stop->locode);
  ps.lat = stop->lat;
  ps.lon = stop->lon;
  g_array_append_val (self->ports, ps);
  CorridorPortSummary *added = &g_array_index (self->ports, CorridorPortSummary, self->ports->len - 1);
  g_hash_table_insert (index, g_strdup (added->locode), GUINT_TO_POINTER (self->ports->len - 1));
  return added;
}

/* The index in [first, n) with the highest count, the lowest on a tie, or
 * @fallback when all those counts are zero. */
static guint
most_common (const guint *counts, guint first, guint n, guint fallback)
{
  guint best = fallback, best_n = 0;
  for (guint i = first; i < n; i++)
    if (counts[i] > best_n)
      {
        best = i;
        best_n = counts[i];
      }
  return best;
}

guint
corridor_route_get_colour_class (const CorridorRoute *route, CorridorColourMode mode)
{
  g_return_val_if_fail (route != NULL, 0);
  switch (mode)
    {
    case CORRIDOR_COLOUR_STATUS:
      return route->dominant_status;
    case CORRIDOR_COLOUR_ROLES:
      return route->dominant_role;
    case CORRIDOR_COLOUR_OUTCOME:
    case CORRIDOR_N_COLOUR_MODES:
    default:
      return route->dominant;
    }
}

guint
corridor_lane_segment_get_colour_class (const CorridorLaneSegment *segment,
                                        CorridorColourMode mode)
{
  g_return_val_if_fail (segment != NULL, 0);
  switch (mode)
    {
    case CORRIDOR_COLOUR_STATUS:
      return segment->dominant_status;
    case CORRIDOR_COLOUR_ROLES:
      return segment->dominant_role;
    case CORRIDOR_COLOUR_OUTCOME:
    case CORRIDOR_N_COLOUR_MODES:
    default:
      return segment->dominant;
    }
}

/* Segments are keyed by their endpoints quantised to ~1 m, undirected:
 * routes from the same lane graph share exact coordinates. */
static char *
lane_key (double a0, double b0, double a1, double b1)
{
  gint64 p[4] = { llround (a0 * 1e5), llround (b0 * 1e5), llround (a1 * 1e5), llround (b1 * 1e5) };
  if (p[0] > p[2] || (p[0] == p[2] && p[1] > p[3]))
    {
      gint64 t0 = p[0], t1 = p[1];
      p[0] = p[2], p[1] = p[3], p[2] = t0, p[3] = t1;
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                          p[0], p[1], p[2], p[3]);
}

static void
bundle_lanes (CorridorRenderer *self)
{
  g_array_set_size (self->lanes, 0);
  self->max_lane_kg = 0;
  self->max_lane_n = 0;
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < self->routes->len; i++)
    {
      const CorridorRoute *r = g_ptr_array_index (self->routes, i);
      if (r->sea == NULL)
        continue;
      const double *pt = (const double *) r->sea->points->data;
      guint n = r->sea->points->len / 2;
      for (guint k = 0; k + 1 < n; k++)
        {
          char *key = lane_key (pt[2 * k], pt[2 * k + 1], pt[2 * k + 2], pt[2 * k + 3]);
          gpointer idx;
          CorridorLaneSegment *seg;
          if (g_hash_table_lookup_extended (index, key, NULL, &idx))
            {
              g_free (key);
              seg = &g_array_index (self->lanes, CorridorLaneSegment, GPOINTER_TO_UINT (idx));
            }
          else
            {
              CorridorLaneSegment fresh = { pt[2 * k], pt[2 * k + 1], pt[2 * k + 2], pt[2 * k + 3] };
              g_array_append_val (self->lanes, fresh);
              g_hash_table_insert (index, key, GUINT_TO_POINTER (self->lanes->len - 1));
              seg = &g_array_index (self->lanes, CorridorLaneSegment, self->lanes->len - 1);
            }
          seg->kg += r->total_kg;
          seg->n_shipments += r->n_shipments;
          for (guint o = 0; o < CORRIDOR_N_OUTCOMES; o++)
            seg->outcome_counts[o] += r->outcome_counts[o];
          for (guint o = 0; o < CORRIDOR_N_STATUSES; o++)
            seg->status_counts[o] += r->status_counts[o];
          for (guint o = 0; o < CORRIDOR_N_ROLES; o++)
            seg->role_counts[o] += r->role_counts[o];
        }
    }
  for (guint i = 0; i < self->lanes->len; i++)
    {
      CorridorLaneSegment *seg = &g_array_index (self->lanes, CorridorLaneSegment, i);
      seg->dominant = most_common (seg->outcome_counts, 0, CORRIDOR_N_OUTCOMES, 0);
      seg->dominant_status = most_common (seg->status_counts, 0, CORRIDOR_N_STATUSES, 0);
      seg->dominant_role = most_common (seg->role_counts, 1, CORRIDOR_N_ROLES, CORRIDOR_ROLE_NONE);
      self->max_lane_kg = MAX (self->max_lane_kg, seg->kg);
      self->max_lane_n = MAX (self->max_lane_n, seg->n_shipments);
    }
}

void
corridor_renderer_set_sea_routes (CorridorRenderer *self, GHashTable *routes)
{
  g_return_if_fail (CORRIDOR_IS_RENDERER (self));
  if (routes)
    g_hash_table_ref (routes);
  g_clear_pointer (&self->sea_routes, g_hash_table_unref);
  self->sea_routes = routes;
}

guint
corridor_renderer_get_n_lane_segments (CorridorRenderer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), 0);
  return self->lanes->len;
}

const CorridorLaneSegment *
corridor_renderer_get_lane_segment (CorridorRenderer *self, guint index)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), NULL);
  g_return_val_if_fail (index < self->lanes->len, NULL);
  return &g_array_index (self->lanes, CorridorLaneSegment, index);
}

void
corridor_renderer_set_scene (CorridorRenderer *self, GPtrArray *shipments, GPtrArray *ports)
{
  g_return_if_fail (CORRIDOR_IS_RENDERER (self));

  g_ptr_array_set_size (self->routes, 0);
  g_array_set_size (self->ports, 0);
  self->max_route_kg = 0;
  self->max_route_n = 0;
  self->max_port_kg = 0;

  g_autoptr(GHashTable) port_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) route_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (ports)
    for (guint i = 0; i < ports->len; i++)
      {
        const CorridorPort *p = g_ptr_array_index (ports, i);
        CorridorStop stop = { { 0 }, (char *) p->name, p->lat, p->lon };
        g_strlcpy (stop.locode, p->locode, sizeof stop.locode);
        summary_for (self, port_index, &stop);
      }

  for (guint i = 0; shipments && i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      if (s->n_stops < 2)
        continue;
      GString *key = g_string_new (NULL);
      for (guint k = 0; k < s->n_stops; k++)
        g_string_append_len (key, s->stops[k].locode, 5);
      CorridorRoute *route = g_hash_table_lookup (route_index, key->str);
      if (route == NULL)
        {
          route = g_new0 (CorridorRoute, 1);
          route->stops = g_array_sized_new (FALSE, TRUE, sizeof (CorridorStop), s->n_stops);
          for (guint k = 0; k < s->n_stops; k++)
            {
              CorridorPortSummary *ps = summary_for (self, port_index, &s->stops[k]);
              CorridorStop stop = s->stops[k];
              stop.name = ps->name;  /* borrowed from the summary */
              g_array_append_val (route->stops, stop);
            }
          route->key = corridor_sea_route_key ((CorridorStop *) route->stops->data, route->stops->len);
          route->sea = self->sea_routes ? g_hash_table_lookup (self->sea_routes, route->key) : NULL;
          g_ptr_array_add (self->routes, route);
          g_hash_table_insert (route_index, g_string_free (key, FALSE), route);
        }
      else
        g_string_free (key, TRUE);

      double kg = isnan (s->quantity_kg) ? 0 : s->quantity_kg;
      route->n_shipments++;
      route->total_kg += kg;
      route->outcome_counts[s->outcome < CORRIDOR_N_OUTCOMES ? s->outcome : 0]++;
      route->status_counts[s->status < CORRIDOR_N_STATUSES ? s->status : 0]++;
      for (guint k = 0; s->actors != NULL && k < s->actors->len; k++)
        {
          const CorridorShipmentActor *a = g_ptr_array_index (s->actors, k);
          route->role_counts[a->role < CORRIDOR_N_ROLES ? a->role : CORRIDOR_ROLE_NONE]++;
        }
      const char *d0 = s->departed ? s->departed : s->arrived;
      const char *d1 = s->arrived ? s->arrived : s->departed;
      if (d0 && (route->first_date == NULL || strcmp (d0, route->first_date) < 0))
        g_free (route->first_date), route->first_date = g_strdup (d0);
      if (d1 && (route->last_date == NULL || strcmp (d1, route->last_date) > 0))
        g_free (route->last_date), route->last_date = g_strdup (d1);

      for (guint k = 0; k < s->n_stops; k++)
        {
          CorridorPortSummary *ps = summary_for (self, port_index, &s->stops[k]);
          if (k == 0)
            ps->n_out++, ps->kg_out += kg;
          else if (k == s->n_stops - 1)
            ps->n_in++, ps->kg_in += kg;
          else
            ps->n_transit++;
        }
    }

  for (guint i = 0; i < self->routes->len; i++)
    {
      CorridorRoute *r = g_ptr_array_index (self->routes, i);
      r->dominant = most_common (r->outcome_counts, 0, CORRIDOR_N_OUTCOMES, 0);
      r->dominant_status = most_common (r->status_counts, 0, CORRIDOR_N_STATUSES, 0);
      r->dominant_role = most_common (r->role_counts, 1, CORRIDOR_N_ROLES, CORRIDOR_ROLE_NONE);
      self->max_route_kg = MAX (self->max_route_kg, r->total_kg);
      self->max_route_n = MAX (self->max_route_n, r->n_shipments);
    }
  for (guint i = 0; i < self->ports->len; i++)
    {
      CorridorPortSummary *p = &g_array_index (self->ports, CorridorPortSummary, i);
      self->max_port_kg = MAX (self->max_port_kg, p->kg_in + p->kg_out);
    }
  bundle_lanes (self);
}

guint
corridor_renderer_get_n_routes (CorridorRenderer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), 0);
  return self->routes->len;
}

const CorridorRoute *
corridor_renderer_get_route (CorridorRenderer *self, guint index)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), NULL);
  g_return_val_if_fail (index < self->routes->len, NULL);
  return g_ptr_array_index (self->routes, index);
}

guint
corridor_renderer_get_n_ports (CorridorRenderer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), 0);
  return self->ports->len;
}

const CorridorPortSummary *
corridor_renderer_get_port (CorridorRenderer *self, guint index)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), NULL);
  g_return_val_if_fail (index < self->ports->len, NULL);
  return &g_array_index (self->ports, CorridorPortSummary, index);
}

/* ---- overlays -------------------------------------------------------- */

static double
route_width (CorridorRenderer *self, const CorridorRoute *r)
{
  /* Area-true-ish: width grows with the square root of the kilograms. */
  if (self->max_route_kg > 0)
    return 1.5 + 7.0 * sqrt (r->total_kg / self->max_route_kg);
  return 1.5 + 4.0 * sqrt ((double) r->n_shipments / MAX (1, self->max_route_n));
}

static double
port_radius (CorridorRenderer *self, const CorridorPortSummary *p)
{
  double kg = p->kg_in + p->kg_out;
  guint n = p->n_in + p->n_out + p->n_transit;
  if (n == 0)
    return 1.6;
  if (self->max_port_kg > 0)
    return 3.0 + 7.0 * sqrt (kg / self->max_port_kg);
  return 3.5;
}

/* The pixel position of (lon, lat) nearest to the previous point in x, so
 * a leg never runs the long way round the world. */
static void
leg_points (CorridorViewport *vp, const CorridorStop *a, const CorridorStop *b,
            double *ax, double *ay, double *bx, double *by)
{
  corridor_viewport_geo_to_pixel (vp, a->lon, a->lat, ax, ay);
  double dlon = corridor_lon_normalize (b->lon - a->lon);
  double s = corridor_viewport_get_scale (vp);
  corridor_viewport_geo_to_pixel (vp, b->lon, b->lat, NULL, by);
  *bx = *ax + dlon * s;
}

static void
route_path (cairo_t *cr, CorridorViewport *vp, const CorridorRoute *r)
{
  for (guint k = 0; k + 1 < r->stops->len; k++)
    {
      const CorridorStop *a = &g_array_index (r->stops, CorridorStop, k);
      const CorridorStop *b = &g_array_index (r->stops, CorridorStop, k + 1);
      double ax, ay, bx, by;
      leg_points (vp, a, b, &ax, &ay, &bx, &by);
      double dx = bx - ax, dy = by - ay;
      /* A gentle arc: the control point sits off the chord's midpoint by a
       * fifth of the chord, on the poleward side as a great circle bows. */
      double side = (dx * 0.2 < 0) == (a->lat + b->lat >= 0) ? 1.0 : -1.0;
      double cx = (ax + bx) / 2 - side * dy * 0.2, cy = (ay + by) / 2 + side * dx * 0.2;
      if (k == 0)
        cairo_move_to (cr, ax, ay);
      else
        cairo_line_to (cr, ax, ay);
      cairo_curve_to (cr, ax + (cx - ax) * 2.0 / 3.0, ay + (cy - ay) * 2.0 / 3.0,
                      bx + (cx - bx) * 2.0 / 3.0, by + (cy - by) * 2.0 / 3.0, bx, by);
    }
}

static void
draw_routes (CorridorRenderer *self, cairo_t *cr, CorridorViewport *vp)
{
  /* A third of a pixel is finer than the eye resolves on a wide stroke and
   * flattens curves into far fewer segments than Cairo's default. */
  cairo_save (cr);
  cairo_set_tolerance (cr, 0.3);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  /* Joins only fall between the nearly collinear pieces of a flattened
   * curve, where a bevel looks the same as a round join at a tenth of the cost. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  /* Widest first so thin corridors stay visible on top. */
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  for (guint i = 0; i < self->routes->len; i++)
    g_ptr_array_add (order, g_ptr_array_index (self->routes, i));
  for (guint i = 1; i < order->len; i++)
    for (guint j = i; j > 0; j--)
      {
        CorridorRoute *a = g_ptr_array_index (order, j - 1), *b = g_ptr_array_index (order, j);
        if (a->total_kg >= b->total_kg)
          break;
        order->pdata[j - 1] = b;
        order->pdata[j] = a;
      }
  gboolean straight = (self->flags & CORRIDOR_RENDER_STRAIGHT) != 0;
  for (guint i = 0; i < order->len; i++)
    {
      const CorridorRoute *r = g_ptr_array_index (order, i);
      if (r->sea && !straight)
        continue;   /* drawn with the bundled lanes */
      double w = route_width (self, r);
      route_path (cr, vp, r);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, w + 1.5);
      cairo_stroke_preserve (cr);
      corridor_style_set_source (cr, corridor_style_class_color (self->colour_mode,
                                                                 corridor_route_get_colour_class (r, self->colour_mode)));
      cairo_set_line_width (cr, w);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static double
lane_width (CorridorRenderer *self, const CorridorLaneSegment *seg)
{
  if (self->max_lane_kg > 0)
    return 1.5 + 7.0 * sqrt (seg->kg / self->max_lane_kg);
  return 1.5 + 4.0 * sqrt ((double) seg->n_shipments / MAX (1, self->max_lane_n));
}

typedef struct {
  double  width;
  guint   cls;    /* colour class in the renderer's mode */
  GArray *segs;   /* guint indices into self->lanes */
} LaneClass;

static int
cmp_lane_class (gconstpointer a, gconstpointer b)
{
  const LaneClass *x = *(LaneClass * const *) a, *y = *(LaneClass * const *) b;
  if (x->width != y->width)
    return x->width > y->width ? -1 : 1;
  return (int) x->cls - (int) y->cls;
}

static void
lane_class_free (gpointer data)
{
  LaneClass *c = data;
  g_array_unref (c->segs);
  g_free (c);
}

/* Adds one lane segment to the path. Its far end is placed by the shorter
 * way round in longitude from the near end, so a segment across the
 * antimeridian stays short. The drawing and the hit test share this. */
static void
segment_path (cairo_t *cr, CorridorViewport *vp, double lon0, double lat0, double lon1,
              double lat1)
{
  double ax, ay, by;

  corridor_viewport_geo_to_pixel (vp, lon0, lat0, &ax, &ay);
  corridor_viewport_geo_to_pixel (vp, lon1, lat1, NULL, &by);
  cairo_move_to (cr, ax, ay);
  cairo_line_to (cr, ax + corridor_lon_normalize (lon1 - lon0) * corridor_viewport_get_scale (vp),
                 by);
}

static void
lane_class_path (CorridorRenderer *self, cairo_t *cr, CorridorViewport *vp, const LaneClass *c)
{
  for (guint k = 0; k < c->segs->len; k++)
    {
      const CorridorLaneSegment *seg = &g_array_index (self->lanes, CorridorLaneSegment,
                                                       g_array_index (c->segs, guint, k));
      segment_path (cr, vp, seg->lon0, seg->lat0, seg->lon1, seg->lat1);
    }
}

/* The bundled corridors: every lane segment once, as wide as the kilograms
 * it carries. Segments are batched by (width, colour) so a frame costs a
 * few dozen strokes however many routes share the lanes. */
static void
draw_lanes (CorridorRenderer *self, cairo_t *cr, CorridorViewport *vp)
{
  if (self->lanes->len == 0 || (self->flags & CORRIDOR_RENDER_STRAIGHT))
    return;
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) classes = g_ptr_array_new_with_free_func (lane_class_free);
  for (guint i = 0; i < self->lanes->len; i++)
    {
      const CorridorLaneSegment *seg = &g_array_index (self->lanes, CorridorLaneSegment, i);
      double w = round (lane_width (self, seg) * 2) / 2;
      guint cls = corridor_lane_segment_get_colour_class (seg, self->colour_mode);
      guint key = (guint) (w * 2) * 8 + cls + 1;
      LaneClass *c = g_hash_table_lookup (by_key, GUINT_TO_POINTER (key));
      if (c == NULL)
        {
          c = g_new0 (LaneClass, 1);
          c->width = w;
          c->cls = cls;
          c->segs = g_array_new (FALSE, FALSE, sizeof (guint));
          g_ptr_array_add (classes, c);
          g_hash_table_insert (by_key, GUINT_TO_POINTER (key), c);
        }
      g_array_append_val (c->segs, i);
    }
  g_ptr_array_sort (classes, cmp_lane_class);
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* All casings first, so no casing ever cuts across a coloured lane. */
  for (guint i = 0; i < classes->len; i++)
    {
      const LaneClass *c = g_ptr_array_index (classes, i);
      cairo_new_path (cr);
      lane_class_path (self, cr, vp, c);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, c->width + 1.5);
      cairo_stroke (cr);
    }
  for (guint i = 0; i < classes->len; i++)
    {
      const LaneClass *c = g_ptr_array_index (classes, i);
      cairo_new_path (cr);
      lane_class_path (self, cr, vp, c);
      corridor_style_set_source (cr, corridor_style_class_color (self->colour_mode, c->cls));
      cairo_set_line_width (cr, c->width);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static gboolean
is_highlighted (CorridorRenderer *self, const char *key)
{
  return self->highlight != NULL && g_strv_contains ((const char *const *) self->highlight, key);
}

/* The selected corridors, over everything else of the scene but the port
 * symbols: a sea-routed one along its own path, as wide as its own share
 * of the lanes it runs in (so it shows as a strand of its bundle), an arc
 * as wide as it is drawn. */
static void
draw_highlight (CorridorRenderer *self, cairo_t *cr, CorridorViewport *vp)
{
  gboolean straight = (self->flags & CORRIDOR_RENDER_STRAIGHT) != 0;

  if (self->highlight == NULL)
    return;
  cairo_save (cr);
  cairo_set_tolerance (cr, 0.3);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->routes->len; i++)
    {
      const CorridorRoute *r = g_ptr_array_index (self->routes, i);
      double w;

      if (!is_highlighted (self, r->key))
        continue;
      cairo_new_path (cr);
      if (r->sea != NULL && !straight)
        {
          const double *pt = (const double *) r->sea->points->data;
          guint n = r->sea->points->len / 2;

          for (guint k = 0; k + 1 < n; k++)
            segment_path (cr, vp, pt[2 * k], pt[2 * k + 1], pt[2 * k + 2], pt[2 * k + 3]);
          CorridorLaneSegment own = { 0 };
          own.kg = r->total_kg;
          own.n_shipments = r->n_shipments;
          w = lane_width (self, &own);
        }
      else
        {
          route_path (cr, vp, r);
          w = route_width (self, r);
        }
      w = MAX (w, 3.0);
      corridor_style_set_source (cr, &corridor_style_highlight_casing);
      cairo_set_line_width (cr, w + 4.0);
      cairo_stroke_preserve (cr);
      corridor_style_set_source (cr, &corridor_style_highlight);
      cairo_set_line_width (cr, w);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static gboolean
port_visible (CorridorViewport *vp, const CorridorPortSummary *p, double *px, double *py)
{
  corridor_viewport_geo_to_pixel (vp, p->lon, p->lat, px, py);
  return *px >= -10 && *py >= -10 &&
         *px <= corridor_viewport_get_width (vp) + 10 &&
         *py <= corridor_viewport_get_height (vp) + 10;
}

static void
draw_ports (CorridorRenderer *self, cairo_t *cr, CorridorViewport *vp)
{
  /* On paper every dot stays round. */
  gboolean vector = cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE;
  /* Two batched passes (quiet ports, then busy ones on top), each one fill
   * and one stroke: a few hundred separate Cairo operations would cost more
   * than the whole basemap. */
  for (int busy_pass = 0; busy_pass <= 1; busy_pass++)
    {
      gboolean any = FALSE;
      cairo_new_path (cr);
      for (guint i = 0; i < self->ports->len; i++)
        {
          const CorridorPortSummary *p = &g_array_index (self->ports, CorridorPortSummary, i);
          gboolean busy = p->n_in + p->n_out + p->n_transit > 0;
          double px, py;
          if (busy != busy_pass || !port_visible (vp, p, &px, &py))
            continue;
          double r = port_radius (self, p);
          if (!busy_pass && !vector)
            {
              /* A 3 px dot: a square is indistinguishable and far cheaper
               * to fill than an arc, for hundreds of ports. */
              cairo_rectangle (cr, px - r, py - r, 2 * r, 2 * r);
              any = TRUE;
              continue;
            }
          cairo_new_sub_path (cr);
          cairo_arc (cr, px, py, r, 0, 2 * G_PI);
          any = TRUE;
        }
      if (!any)
        continue;
      corridor_style_set_source (cr, &corridor_style_port);
      if (!busy_pass)
        {
          /* Quiet ports are plain dots; an outline would not show at 1.6 px. */
          cairo_fill (cr);
          continue;
        }
      cairo_fill_preserve (cr);
      corridor_style_set_source (cr, &corridor_style_port_outline);
      cairo_set_line_width (cr, 1.2);
      cairo_stroke (cr);
    }
}

/* Port symbols are obstacles for labels. */
static void
block_ports (CorridorRenderer *self, CorridorViewport *vp, CorridorLabeler *labeler)
{
  for (guint i = 0; i < self->ports->len; i++)
    {
      const CorridorPortSummary *p = &g_array_index (self->ports, CorridorPortSummary, i);
      double px, py;
      if (!port_visible (vp, p, &px, &py))
        continue;
      double r = port_radius (self, p);
      corridor_labeler_block (labeler, px - r, py - r, 2 * r, 2 * r);
    }
}

static int
compare_port_traffic (gconstpointer a, gconstpointer b)
{
  const CorridorPortSummary *pa = *(CorridorPortSummary * const *) a;
  const CorridorPortSummary *pb = *(CorridorPortSummary * const *) b;
  double ka = pa->kg_in + pa->kg_out + (pa->n_in + pa->n_out + pa->n_transit);
  double kb = pb->kg_in + pb->kg_out + (pb->n_in + pb->n_out + pb->n_transit);
  if (ka != kb)
    return ka > kb ? -1 : 1;
  return strcmp (pa->locode, pb->locode);
}

static void
draw_labels (CorridorRenderer *self, cairo_t *cr, CorridorViewport *vp, CorridorLabeler *labeler)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  double s = corridor_viewport_get_scale (vp);
  for (guint i = 0; i < self->ports->len; i++)
    {
      CorridorPortSummary *p = &g_array_index (self->ports, CorridorPortSummary, i);
      gboolean busy = p->n_in + p->n_out + p->n_transit > 0;
      /* Quiet ports get names only once zoomed in enough to have room. */
      if (busy || s > 12)
        g_ptr_array_add (order, p);
    }
  if (order->len == 0)
    return;
  g_ptr_array_sort (order, compare_port_traffic);

  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 8");
  PangoFontDescription *bold = pango_font_description_from_string ("Sans Bold 8.5");
  for (guint i = 0; i < order->len; i++)
    {
      const CorridorPortSummary *p = g_ptr_array_index (order, i);
      double px, py;
      if (!port_visible (vp, p, &px, &py))
        continue;
      gboolean busy = p->n_in + p->n_out + p->n_transit > 0;
      pango_layout_set_font_description (layout, busy ? bold : font);
      pango_layout_set_text (layout, p->name, -1);
      int lw, lh;
      pango_layout_get_pixel_size (layout, &lw, &lh);
      double x, y;
      if (!corridor_labeler_place (labeler, px, py, port_radius (self, p) + 2, lw, lh, &x, &y))
        continue;
      /* The halo is the text itself drawn around the anchor from the glyph
       * cache: stroking glyph outlines would cost ten times more. */
      static const double halo[][2] = { { -1, -1 }, { 1, -1 }, { -1, 1 }, { 1, 1 },
                                         { 0, -1.3 }, { 0, 1.3 }, { -1.3, 0 }, { 1.3, 0 } };
      corridor_style_set_source (cr, &corridor_style_label_halo);
      for (guint h = 0; h < G_N_ELEMENTS (halo); h++)
        {
          cairo_move_to (cr, x + halo[h][0], y + halo[h][1]);
          pango_cairo_show_layout (cr, layout);
        }
      cairo_move_to (cr, x, y);
      corridor_style_set_source (cr, &corridor_style_label);
      pango_cairo_show_layout (cr, layout);
    }
  pango_font_description_free (font);
  pango_font_description_free (bold);
  g_object_unref (layout);
}

static const char *
outcome_label (CorridorOutcome o)
{
  switch (o)
    {
    case CORRIDOR_OUTCOME_DELIVERED: return "Delivered";
    case CORRIDOR_OUTCOME_SEIZED: return "Seized";
    case CORRIDOR_OUTCOME_LOST: return "Lost";
    case CORRIDOR_OUTCOME_UNKNOWN:
    case CORRIDOR_N_OUTCOMES:
    default: return "Outcome unknown";
    }
}

static const char *
class_label (CorridorColourMode mode, guint cls)
{
  switch (mode)
    {
    case CORRIDOR_COLOUR_STATUS:
      switch (cls)
        {
        case CORRIDOR_STATUS_CONFIRMED: return "Confirmed";
        case CORRIDOR_STATUS_REJECTED: return "Rejected";
        default: return "Inferred";
        }
    case CORRIDOR_COLOUR_ROLES:
      switch (cls)
        {
        case CORRIDOR_ROLE_SENDER: return "Mostly senders";
        case CORRIDOR_ROLE_INTERMEDIARY: return "Mostly intermediaries";
        case CORRIDOR_ROLE_DISTRIBUTOR: return "Mostly distributors";
        default: return "Roles unknown";
        }
    case CORRIDOR_COLOUR_OUTCOME:
    case CORRIDOR_N_COLOUR_MODES:
    default:
      return outcome_label (cls);
    }
}

static void
draw_legend (CorridorRenderer *self, cairo_t *cr, CorridorViewport *vp)
{
  /* Every mode has at most this many classes. */
#define MAX_CLASSES 8
  G_STATIC_ASSERT ((int) CORRIDOR_N_OUTCOMES <= MAX_CLASSES && (int) CORRIDOR_N_STATUSES <= MAX_CLASSES
                   && (int) CORRIDOR_N_ROLES <= MAX_CLASSES);
  gboolean present[MAX_CLASSES] = { FALSE };
  guint n_entries = 0;
  for (guint i = 0; i < self->routes->len; i++)
    {
      const CorridorRoute *r = g_ptr_array_index (self->routes, i);
      guint cls = corridor_route_get_colour_class (r, self->colour_mode);
      if (!present[cls])
        n_entries++;
      present[cls] = TRUE;
    }
  if (n_entries == 0)
    return;

  /* Only what is drawn: the classes present, then the port symbol. */
  const char *labels[MAX_CLASSES + 2];
  int kinds[MAX_CLASSES + 2];
  guint n = 0;
  labels[n] = "Corridors (width: kg)";
  kinds[n++] = -2;
  for (guint o = 0; o < corridor_colour_mode_get_n_classes (self->colour_mode); o++)
    if (present[o])
      {
        labels[n] = class_label (self->colour_mode, o);
        kinds[n++] = o;
      }
  labels[n] = "Port (size: kg handled)";
  kinds[n++] = -1;

  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 8");
  PangoFontDescription *bold = pango_font_description_from_string ("Sans Bold 8");
  const double pad = 8, row = 16, swatch = 26;
  int text_w = 0;
  for (guint i = 0; i < n; i++)
    {
      int w, h;
      pango_layout_set_font_description (layout, kinds[i] == -2 ? bold : font);
      pango_layout_set_text (layout, labels[i], -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      text_w = MAX (text_w, kinds[i] == -2 ? w - (int) (swatch + 8) : w);
    }
  double box_w = pad * 2 + swatch + 8 + text_w, box_h = pad * 2 + row * n;
  double x = 12, y = corridor_viewport_get_height (vp) - box_h - 12;

  cairo_rectangle (cr, x, y, box_w, box_h);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.88);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.8);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  double cy = y + pad;
  for (guint i = 0; i < n; i++, cy += row)
    {
      double tx = x + pad + swatch + 8;
      if (kinds[i] == -2)
        tx = x + pad;
      else if (kinds[i] == -1)
        {
          cairo_arc (cr, x + pad + swatch / 2, cy + row / 2 - 1, 4, 0, 2 * G_PI);
          corridor_style_set_source (cr, &corridor_style_port);
          cairo_fill (cr);
        }
      else
        {
          corridor_style_set_source (cr, corridor_style_class_color (self->colour_mode, kinds[i]));
          cairo_set_line_width (cr, 4);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_move_to (cr, x + pad, cy + row / 2 - 1);
          cairo_line_to (cr, x + pad + swatch, cy + row / 2 - 1);
          cairo_stroke (cr);
        }
      pango_layout_set_font_description (layout, kinds[i] == -2 ? bold : font);
      pango_layout_set_text (layout, labels[i], -1);
      corridor_style_set_source (cr, &corridor_style_label);
      cairo_move_to (cr, tx, cy);
      pango_cairo_show_layout (cr, layout);
    }

  pango_font_description_free (font);
  pango_font_description_free (bold);
  g_object_unref (layout);
}

/* Corridors and port symbols: drawn per band, in viewport pixels. */
static void
draw_scene (CorridorRenderer *self, cairo_t *cr, CorridorViewport *vp)
{
  cairo_save (cr);
  if (self->flags & CORRIDOR_RENDER_CORRIDORS)
    {
      draw_lanes (self, cr, vp);
      draw_routes (self, cr, vp);
      draw_highlight (self, cr, vp);
    }
  if (self->flags & CORRIDOR_RENDER_PORTS)
    draw_ports (self, cr, vp);
  cairo_restore (cr);
}

/* Labels and legend: placed over the whole view, so drawn in one pass. */
static void
draw_annotations (CorridorRenderer *self, cairo_t *cr, CorridorViewport *vp)
{
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, corridor_viewport_get_width (vp), corridor_viewport_get_height (vp));
  cairo_clip (cr);
  if (self->flags & CORRIDOR_RENDER_LABELS)
    {
      CorridorLabeler *labeler = corridor_labeler_new (corridor_viewport_get_width (vp),
                                                       corridor_viewport_get_height (vp));
      if (self->flags & CORRIDOR_RENDER_PORTS)
        block_ports (self, vp, labeler);
      draw_labels (self, cr, vp, labeler);
      corridor_labeler_free (labeler);
    }
  if (self->flags & CORRIDOR_RENDER_LEGEND)
    draw_legend (self, cr, vp);
  cairo_restore (cr);
}

void
corridor_renderer_draw (CorridorRenderer *self, cairo_t *cr, CorridorViewport *viewport)
{
  g_return_if_fail (CORRIDOR_IS_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (CORRIDOR_IS_VIEWPORT (viewport));

  /* Vector targets keep more detail than a pixel grid needs. */
  cairo_surface_t *target = cairo_get_target (cr);
  gboolean vector = cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE;
  /* Thin lines go straight into pixels only when device space is the
   * viewport's own pixel grid on a plain ARGB32 image. */
  cairo_matrix_t m;
  cairo_get_matrix (cr, &m);
  gboolean identity = m.xx == 1 && m.yy == 1 && m.xy == 0 && m.yx == 0 && m.x0 == 0 && m.y0 == 0;
  cairo_surface_t *raster = !vector && identity &&
                            cairo_image_surface_get_format (target) == CAIRO_FORMAT_ARGB32 &&
                            cairo_image_surface_get_width (target) >= corridor_viewport_get_width (viewport) &&
                            cairo_image_surface_get_height (target) >= corridor_viewport_get_height (viewport)
                            ? target : NULL;
  draw_base (self, cr, raster, viewport, 0, corridor_viewport_get_height (viewport), vector ? 0.25 : 0.5);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, corridor_viewport_get_width (viewport), corridor_viewport_get_height (viewport));
  cairo_clip (cr);
  draw_scene (self, cr, viewport);
  cairo_restore (cr);
  draw_annotations (self, cr, viewport);
}

typedef struct {
  CorridorRenderer *self;
  CorridorViewport *vp;
  unsigned char    *data;
  int               stride, width;
  int               y0, y1;
} Band;

static gpointer
band_thread (gpointer data)
{
  Band *b = data;
  cairo_surface_t *s = cairo_image_surface_create_for_data (b->data + (gsize) b->y0 * b->stride,
                                                            CAIRO_FORMAT_ARGB32, b->width,
                                                            b->y1 - b->y0, b->stride);
  cairo_t *cr = cairo_create (s);
  draw_base (b->self, cr, s, b->vp, b->y0, b->y1, 0.5);
  /* The scene in viewport coordinates, clipped to this band's rows. */
  cairo_rectangle (cr, 0, 0, b->width, b->y1 - b->y0);
  cairo_clip (cr);
  cairo_translate (cr, 0, -b->y0);
  draw_scene (b->self, cr, b->vp);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  cairo_surface_destroy (s);
  return NULL;
}

typedef struct {
  Band  *bands;
  guint  n;
  gint   next;   /* atomic */
} BandQueue;

static gpointer
band_worker (gpointer data)
{
  BandQueue *q = data;
  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&q->next, 1);
      if (i >= q->n)
        return NULL;
      band_thread (&q->bands[i]);
    }
}

cairo_surface_t *
corridor_renderer_render_image (CorridorRenderer *self, CorridorViewport *viewport)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), NULL);
  g_return_val_if_fail (CORRIDOR_IS_VIEWPORT (viewport), NULL);

  int w = corridor_viewport_get_width (viewport), h = corridor_viewport_get_height (viewport);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_surface_flush (surface);
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  /* Warm the Mercator cache before threads share it. */
  if (self->basemap && corridor_viewport_get_projection (viewport) == CORRIDOR_PROJECTION_MERCATOR)
    {
      CorridorBasemapLevel level = corridor_basemap_choose_level (self->basemap,
                                                                  corridor_viewport_get_scale (viewport));
      CorridorLayer *l;
      if ((l = corridor_basemap_get_land (self->basemap, level)))
        layer_y_cache (self, l, CORRIDOR_PROJECTION_MERCATOR);
      if ((l = corridor_basemap_get_countries (self->basemap, level)))
        layer_y_cache (self, l, CORRIDOR_PROJECTION_MERCATOR);
    }

  /* More bands than cores, taken from a shared counter: the north holds
   * most of the land, so equal halves would leave one core idle. */
  guint n_threads = CLAMP (g_get_num_processors (), 1, 8);
  guint n_bands = h < 64 ? 1 : MIN (n_threads * 2, 24u);
  Band bands[24];
  for (guint i = 0; i < n_bands; i++)
    bands[i] = (Band) { self, viewport, data, stride, w,
                        (int) ((gint64) h * i / n_bands), (int) ((gint64) h * (i + 1) / n_bands) };
  BandQueue queue = { bands, n_bands, 0 };
  GThread *threads[8] = { NULL };
  for (guint t = 1; t < MIN (n_threads, n_bands); t++)
    threads[t] = g_thread_new ("corridor-band", band_worker, &queue);
  band_worker (&queue);
  for (guint t = 1; t < MIN (n_threads, n_bands); t++)
    g_thread_join (threads[t]);
  cairo_surface_mark_dirty (surface);

  cairo_t *cr = cairo_create (surface);
  draw_annotations (self, cr, viewport);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

const CorridorPortSummary *
corridor_renderer_port_at (CorridorRenderer *self, CorridorViewport *viewport,
                           double px, double py)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), NULL);
  g_return_val_if_fail (CORRIDOR_IS_VIEWPORT (viewport), NULL);
  /* A few hundred ports: a linear scan costs microseconds, less than
   * keeping a spatial index in step with every pan and zoom. */
  const CorridorPortSummary *best = NULL;
  double best_d = G_MAXDOUBLE;
  for (guint i = 0; i < self->ports->len; i++)
    {
      const CorridorPortSummary *p = &g_array_index (self->ports, CorridorPortSummary, i);
      double x, y;
      corridor_viewport_geo_to_pixel (viewport, p->lon, p->lat, &x, &y);
      double d = hypot (x - px, y - py);
      double reach = MAX (port_radius (self, p), 3.0) + 3.0;
      if (d <= reach && d < best_d)
        {
          best = p;
          best_d = d;
        }
    }
  return best;
}

static int
compare_route_kg (gconstpointer a, gconstpointer b)
{
  const CorridorRoute *x = *(const CorridorRoute * const *) a;
  const CorridorRoute *y = *(const CorridorRoute * const *) b;

  return x->total_kg < y->total_kg ? -1 : x->total_kg > y->total_kg ? 1 : 0;
}

GPtrArray *
corridor_renderer_routes_at (CorridorRenderer *self, CorridorViewport *viewport,
                             double px, double py)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();

  g_return_val_if_fail (CORRIDOR_IS_RENDERER (self), NULL);
  g_return_val_if_fail (CORRIDOR_IS_VIEWPORT (viewport), NULL);

  /* Cairo's own stroke test on the very paths draw_routes and draw_lanes
   * build, so what is hit is exactly what is seen; a 1×1 scratch surface is
   * enough because in_stroke works on the path, not on pixels. */
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (surface);
  gboolean straight = (self->flags & CORRIDOR_RENDER_STRAIGHT) != 0;

  cairo_set_tolerance (cr, 0.3);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < self->routes->len; i++)
    {
      const CorridorRoute *r = g_ptr_array_index (self->routes, i);

      cairo_new_path (cr);
      if (r->sea != NULL && !straight)
        {
          const double *pt = (const double *) r->sea->points->data;
          guint n = r->sea->points->len / 2;

          for (guint k = 0; k + 1 < n; k++)
            segment_path (cr, viewport, pt[2 * k], pt[2 * k + 1], pt[2 * k + 2], pt[2 * k + 3]);
        }
      else
        route_path (cr, viewport, r);
      /* Thin corridors get a reach a finger or a shaky hand can find. */
      cairo_set_line_width (cr, MAX (route_width (self, r), 4.0) + 6.0);
      if (cairo_in_stroke (cr, px, py))
        g_ptr_array_add (hits, (gpointer) r);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_ptr_array_sort (hits, compare_route_kg);
  return g_steal_pointer (&hits);
}
