/* corridor-land-index.c: a uniform grid over land polygon edges.
 * Invariants: every polygon edge is listed in every cell its segment
 * touches (supercover); a cell with no edge is wholly land or wholly water,
 * decided by even-odd crossings along the cell row's centre line. */
#include "corridor-land-index.h"
#include "corridor-projection.h"

#include <math.h>
#include <string.h>

enum { CELL_WATER = 0, CELL_LAND = 1, CELL_MIXED = 2 };

typedef struct { double x0, y0, x1, y1; } Edge;

struct _CorridorLandIndex
{
  CorridorLayer *land;
  double  cell;
  int     cols, rows;
  guint8 *kind;        /* cols * rows */
  guint  *start;       /* cols * rows + 1, CSR offsets into ids */
  guint  *ids;
  Edge   *edges;
  guint   n_edges;
};

static inline int
col_of (CorridorLandIndex *self, double x)
{
  return CLAMP ((int) floor ((x + 180.0) / self->cell), 0, self->cols - 1);
}

static inline int
row_of (CorridorLandIndex *self, double y)
{
  return CLAMP ((int) floor ((y + 90.0) / self->cell), 0, self->rows - 1);
}

/* Calls @fn for every cell a segment passes through (a conservative
 * supercover: the segment's bbox cells, filtered by the strip it sweeps). */
typedef gboolean (*CellFunc) (CorridorLandIndex *self, int c, int r, gpointer data);

static gboolean
walk_cells (CorridorLandIndex *self, double x0, double y0, double x1, double y1,
            CellFunc fn, gpointer data)
{
  int r0 = row_of (self, MIN (y0, y1)), r1 = row_of (self, MAX (y0, y1));
  for (int r = r0; r <= r1; r++)
    {
      /* The x range the segment covers within this row's y band. */
      double yb0 = -90.0 + r * self->cell, yb1 = yb0 + self->cell;
      double xa, xb;
      if (y1 == y0)
        xa = MIN (x0, x1), xb = MAX (x0, x1);
      else
        {
          double ta = (CLAMP (yb0, MIN (y0, y1), MAX (y0, y1)) - y0) / (y1 - y0);
          double tb = (CLAMP (yb1, MIN (y0, y1), MAX (y0, y1)) - y0) / (y1 - y0);
          double xa0 = x0 + ta * (x1 - x0), xb0 = x0 + tb * (x1 - x0);
          xa = MIN (xa0, xb0), xb = MAX (xa0, xb0);
        }
      int c0 = col_of (self, xa), c1 = col_of (self, xb);
      for (int c = c0; c <= c1; c++)
        if (fn (self, c, r, data))
          return TRUE;
    }
  return FALSE;
}

typedef struct {
  guint  *counts;
  guint   edge;
  gboolean fill;
} Stamp;

static gboolean
stamp_cell (CorridorLandIndex *self, int c, int r, gpointer data)
{
  Stamp *st = data;
  guint cell = (guint) r * self->cols + c;
  if (st->fill)
    self->ids[self->start[cell] + st->counts[cell]] = st->edge;
  st->counts[cell]++;
  return FALSE;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

CorridorLandIndex *
corridor_land_index_new (CorridorLayer *land, double cell_deg)
{
  g_return_val_if_fail (CORRIDOR_IS_LAYER (land), NULL);
  g_return_val_if_fail (cell_deg > 0, NULL);

  CorridorLandIndex *self = g_new0 (CorridorLandIndex, 1);
  self->land = g_object_ref (land);
  self->cell = cell_deg;
  self->cols = (int) ceil (360.0 / cell_deg);
  self->rows = (int) ceil (180.0 / cell_deg);
  gsize n_cells = (gsize) self->cols * self->rows;

  const double *v = corridor_layer_get_vertices (land);
  const CorridorPart *parts = corridor_layer_get_parts (land);
  guint n_parts = corridor_layer_get_n_parts (land);
  GArray *edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  for (guint p = 0; p < n_parts; p++)
    for (guint i = 0; i + 1 < parts[p].count; i++)
      {
        const double *a = v + 2 * (gsize) (parts[p].first + i);
        Edge e = { a[0], a[1], a[2], a[3] };
        if (e.x0 != e.x1 || e.y0 != e.y1)
          g_array_append_val (edges, e);
      }
  self->n_edges = edges->len;
  self->edges = (Edge *) g_array_free (edges, FALSE);

  /* Two passes: count, then fill (CSR). */
  guint *counts = g_new0 (guint, n_cells);
  Stamp st = { counts, 0, FALSE };
  for (guint e = 0; e < self->n_edges; e++)
    {
      st.edge = e;
      walk_cells (self, self->edges[e].x0, self->edges[e].y0, self->edges[e].x1,
                  self->edges[e].y1, stamp_cell, &st);
    }
  self->start = g_new (guint, n_cells + 1);
  self->start[0] = 0;
  for (gsize i = 0; i < n_cells; i++)
    self->start[i + 1] = self->start[i] + counts[i];
  self->ids = g_new (guint, MAX (self->start[n_cells], 1));
  memset (counts, 0, n_cells * sizeof (guint));
  st.fill = TRUE;
  for (guint e = 0; e < self->n_edges; e++)
    {
      st.edge = e;
      walk_cells (self, self->edges[e].x0, self->edges[e].y0, self->edges[e].x1,
                  self->edges[e].y1, stamp_cell, &st);
    }
  g_free (counts);

  /* Classify edge-free cells by crossings on each row's centre line. */
  self->kind = g_new0 (guint8, n_cells);
  GArray **row_x = g_new0 (GArray *, self->rows);
  for (guint e = 0; e < self->n_edges; e++)
    {
      const Edge *ed = &self->edges[e];
      double ylo = MIN (ed->y0, ed->y1), yhi = MAX (ed->y0, ed->y1);
      int r0 = row_of (self, ylo), r1 = row_of (self, yhi);
      for (int r = r0; r <= r1; r++)
        {
          double yc = -90.0 + (r + 0.5) * self->cell;
          /* Half-open in y so a vertex on the line counts once. */
          if (!((ed->y0 <= yc && ed->y1 > yc) || (ed->y1 <= yc && ed->y0 > yc)))
            continue;
          double x = ed->x0 + (yc - ed->y0) * (ed->x1 - ed->x0) / (ed->y1 - ed->y0);
          if (row_x[r] == NULL)
            row_x[r] = g_array_new (FALSE, FALSE, sizeof (double));
          g_array_append_val (row_x[r], x);
        }
    }
  for (int r = 0; r < self->rows; r++)
    {
      GArray *xs = row_x[r];
      if (xs)
        qsort (xs->data, xs->len, sizeof (double), cmp_double);
      guint k = 0;
      gboolean inside = FALSE;
      for (int c = 0; c < self->cols; c++)
        {
          double xc = -180.0 + (c + 0.5) * self->cell;
          while (xs && k < xs->len && g_array_index (xs, double, k) <= xc)
            inside = !inside, k++;
          gsize cell = (gsize) r * self->cols + c;
          if (self->start[cell + 1] > self->start[cell])
            self->kind[cell] = CELL_MIXED;
          else
            self->kind[cell] = inside ? CELL_LAND : CELL_WATER;
        }
      if (xs)
        g_array_unref (xs);
    }
  g_free (row_x);
  return self;
}

void
corridor_land_index_free (CorridorLandIndex *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->land);
  g_free (self->kind);
  g_free (self->start);
  g_free (self->ids);
  g_free (self->edges);
  g_free (self);
}

gboolean
corridor_land_index_point_on_land (CorridorLandIndex *self, double lon, double lat)
{
  g_return_val_if_fail (self != NULL, FALSE);
  int c = col_of (self, lon), r = row_of (self, lat);
  guint8 k = self->kind[(gsize) r * self->cols + c];
  if (k != CELL_MIXED)
    return k == CELL_LAND;
  return corridor_layer_contains (self->land, lon, lat);
}

static inline double
orient (double ax, double ay, double bx, double by, double cx, double cy)
{
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

static inline gboolean
segments_cross (const Edge *e, double x0, double y0, double x1, double y1)
{
  double d1 = orient (x0, y0, x1, y1, e->x0, e->y0);
  double d2 = orient (x0, y0, x1, y1, e->x1, e->y1);
  if ((d1 > 0 && d2 > 0) || (d1 < 0 && d2 < 0))
    return FALSE;
  double d3 = orient (e->x0, e->y0, e->x1, e->y1, x0, y0);
  double d4 = orient (e->x0, e->y0, e->x1, e->y1, x1, y1);
  if ((d3 > 0 && d4 > 0) || (d3 < 0 && d4 < 0))
    return FALSE;
  if (d1 == 0 && d2 == 0)
    {
      /* Collinear: overlapping bounding boxes mean touching. */
      return MAX (MIN (x0, x1), MIN (e->x0, e->x1)) <= MIN (MAX (x0, x1), MAX (e->x0, e->x1)) &&
             MAX (MIN (y0, y1), MIN (e->y0, e->y1)) <= MIN (MAX (y0, y1), MAX (e->y0, e->y1));
    }
  return TRUE;
}

typedef struct { double x0, y0, x1, y1; } Query;

static gboolean
cell_blocks (CorridorLandIndex *self, int c, int r, gpointer data)
{
  const Query *q = data;
  gsize cell = (gsize) r * self->cols + c;
  if (self->kind[cell] == CELL_LAND)
    return TRUE;
  for (guint i = self->start[cell]; i < self->start[cell + 1]; i++)
    if (segments_cross (&self->edges[self->ids[i]], q->x0, q->y0, q->x1, q->y1))
      return TRUE;
  return FALSE;
}

gboolean
corridor_land_index_segment_on_land (CorridorLandIndex *self, double lon0, double lat0,
                                     double lon1, double lat1)
{
  g_return_val_if_fail (self != NULL, TRUE);
  Query q = { lon0, lat0, lon1, lat1 };
  if (corridor_land_index_point_on_land (self, lon0, lat0))
    return TRUE;
  /* With the start over water, any land on the way means crossing an edge
   * or entering a cell that is land through and through. */
  return walk_cells (self, lon0, lat0, lon1, lat1, cell_blocks, &q);
}

static double
point_segment_km (double px, double py, const Edge *e)
{
  /* Local equirectangular metric around the point: good to a fraction of a
   * percent over the few tens of km this is asked about. */
  double kx = 111.32 * cos (py * G_PI / 180.0), ky = 110.57;
  double ax = (e->x0 - px) * kx, ay = (e->y0 - py) * ky;
  double bx = (e->x1 - px) * kx, by = (e->y1 - py) * ky;
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
  double cx = ax + t * dx, cy = ay + t * dy;
  return sqrt (cx * cx + cy * cy);
}

double
corridor_land_index_distance_to_coast (CorridorLandIndex *self, double lon, double lat,
                                       double max_km)
{
  g_return_val_if_fail (self != NULL, max_km);
  double dlat = max_km / 110.57;
  double dlon = max_km / (111.32 * MAX (cos (lat * G_PI / 180.0), 0.05));
  int c0 = col_of (self, lon - dlon), c1 = col_of (self, lon + dlon);
  int r0 = row_of (self, lat - dlat), r1 = row_of (self, lat + dlat);
  double best = max_km;
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      {
        gsize cell = (gsize) r * self->cols + c;
        for (guint i = self->start[cell]; i < self->start[cell + 1]; i++)
          best = MIN (best, point_segment_km (lon, lat, &self->edges[self->ids[i]]));
      }
  return best;
}
