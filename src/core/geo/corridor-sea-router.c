/* corridor-sea-router.c: sea routes as shortest paths on a lane graph.
 *
 * Method. The graph's nodes are (1) points set 12 km off the coast at
 * every vertex of the 1:50m land rings simplified to ~10 km (headlands,
 * capes, bay mouths: where ships turn), (2) an open-ocean trunk lattice
 * every 8° at least 150 km from land, and (3) the vertices of the modelled straits,
 * canals and rivers in maps/waterways.tsv. Two nodes are joined when the
 * straight segment between them touches no land (tested on a grid index of
 * the land edges, corridor-land-index.c); each node tries its nearest
 * candidates only, which keeps preparation well under a second. Waterway
 * vertices are joined in chain order whatever the 1:50m land says (rivers
 * are narrower than the map), and their open-water ends join the network
 * like any node. Ports attach per query to the nearest nodes they can see
 * (ignoring the first 25 km, where terminals sit behind breakwaters the map
 * cannot show), or, for ports a waterway serves, to that waterway only.
 * The trunk lattice only carries long ocean crossings that no coastal
 * pair can see across. Routes are A* searches, then pulled taut: a run of
 * open-water nodes is replaced by the longest straight legs that still
 * clear the land, so routes run headland to headland, as ships do, rather
 * than zig-zagging through the graph. Coastal nodes are kept sparse (one
 * per ~20 km of simplified coast), so routes from neighbouring ports turn
 * at the very same headlands (Brazil's bulge, Finisterre, Ushant) and share
 * the legs between them exactly; the renderer bundles what they share.
 * Routes of one case are also routed along each other: a leg an earlier
 * route already sails costs 10% less, and is kept whole, so a new route
 * joins an existing corridor instead of running beside it. (A discount on
 * the lattice itself bundles too, but draws grid stair-steps.)
 *
 * Invariants: the graph is immutable after construction, so routing is
 * thread-safe (the per-port attachment cache has its own lock); every SEA
 * segment a route returns was tested clear of land. */
#include "corridor-sea-router.h"
#include "corridor-error.h"
#include "corridor-land-index.h"
#include "corridor-maps.h"
#include "corridor-projection.h"
#include "corridor-basemap.h"

#include <math.h>
#include <string.h>

#define COAST_OFFSET_KM   12.0
#define SIMPLIFY_DEG      0.15
#define NODE_MIN_GAP_KM   18.0
#define TRUNK_STEP_DEG    8.0
#define TRUNK_CLEAR_KM    150.0
#define COAST_RANGE_KM    320.0
#define TRUNK_RANGE_KM    1900.0
#define TRUNK_LINK_KM     1300.0
#define TRUNK_TRIES       8
#define MAX_TRIES         48
#define TRUNK_DISCOUNT    1.0
/* A leg that an earlier route of the case already sails costs this much
 * per km, so later routes join existing corridors rather than run a few
 * km beside them. */
#define LANE_DISCOUNT     0.9
#define PORT_SKIP_KM      25.0
#define ATTACH_MAX        16
/* Where lanes are built: every gazetteer port's sea with a wide margin. */
#define REGION_W (-135.0)
#define REGION_E (75.0)
#define REGION_S (-66.0)
#define REGION_N (78.0)

enum { NODE_COAST, NODE_TRUNK, NODE_WATERWAY };

typedef struct { double lon, lat; guint8 kind; } Node;
typedef struct { guint a, b; float w; guint8 kind; } Edge;
typedef struct { guint to; float w; guint8 kind; } Arc;

typedef struct {
  char      *name;
  char      *kind;      /* canal, strait, river */
  char     **ports;     /* LOCODEs served */
  guint      first;     /* first node index of its vertices */
  guint      n;
} Waterway;

typedef struct {
  guint  node;
  float  w;
  guint8 kind;
  gboolean has_via;   /* enters through an offshore point first */
  double via_lon, via_lat;
} Attach;

struct _CorridorSeaRouter
{
  GObject            parent_instance;
  CorridorLandIndex *index;
  GArray            *nodes;     /* Node */
  guint             *adj_start; /* CSR */
  Arc               *arcs;
  guint              n_edges;
  GPtrArray         *waterways; /* Waterway* */
  GHashTable        *served;    /* LOCODE -> Waterway* */
  GMutex             lock;
  GHashTable        *attach_cache; /* "LOCODE@lon,lat" -> GArray of Attach */
  /* Spatial buckets of sea nodes (2° cells) for attachment searches. */
  GHashTable        *buckets;   /* cell key -> GArray of guint */
  guint             *component; /* per node: connected component id */
  guint              main_component;
  GHashTable        *by_coord;  /* quantised "lon,lat" -> node + 1 */
};

G_DEFINE_FINAL_TYPE (CorridorSeaRouter, corridor_sea_router, G_TYPE_OBJECT)

/* ---- routes ---------------------------------------------------------- */

CorridorSeaRoute *
corridor_sea_route_new (void)
{
  CorridorSeaRoute *r = g_new0 (CorridorSeaRoute, 1);
  r->points = g_array_new (FALSE, FALSE, sizeof (double));
  r->kinds = g_array_new (FALSE, FALSE, sizeof (guint8));
  return r;
}

CorridorSeaRoute *
corridor_sea_route_copy (const CorridorSeaRoute *route)
{
  CorridorSeaRoute *r = corridor_sea_route_new ();
  g_array_append_vals (r->points, route->points->data, route->points->len);
  g_array_append_vals (r->kinds, route->kinds->data, route->kinds->len);
  r->length_nm = route->length_nm;
  return r;
}

void
corridor_sea_route_free (CorridorSeaRoute *route)
{
  if (route == NULL)
    return;
  g_array_unref (route->points);
  g_array_unref (route->kinds);
  g_free (route);
}

char *
corridor_sea_route_key (const CorridorStop *stops, guint n_stops)
{
  GString *key = g_string_new (NULL);
  for (guint i = 0; i < n_stops; i++)
    {
      if (i)
        g_string_append_c (key, '>');
      if (stops[i].locode[0])
        g_string_append (key, stops[i].locode);
      else
        g_string_append_printf (key, "%.5f,%.5f", stops[i].lon, stops[i].lat);
    }
  return g_string_free (key, FALSE);
}

/* ---- geometry helpers ------------------------------------------------ */

static double
km (double lon0, double lat0, double lon1, double lat1)
{
  return corridor_geo_distance_km (lat0, lon0, lat1, lon1);
}

/* The point @d km from (lon0, lat0) towards (lon1, lat1), along the straight
 * lon/lat segment (the same line the land test checks). */
static void
along (double lon0, double lat0, double lon1, double lat1, double d, double *lon, double *lat)
{
  double total = km (lon0, lat0, lon1, lat1);
  double t = total > 0 ? MIN (d / total, 1.0) : 1.0;
  *lon = lon0 + t * (lon1 - lon0);
  *lat = lat0 + t * (lat1 - lat0);
}

static gint64
bucket_key (double lon, double lat)
{
  gint64 c = (gint64) floor ((lon + 180.0) / 2.0), r = (gint64) floor ((lat + 90.0) / 2.0);
  return r * 1000 + c;
}

static void
bucket_add (GHashTable *buckets, double lon, double lat, guint node)
{
  gint64 key = bucket_key (lon, lat);
  GArray *a = g_hash_table_lookup (buckets, &key);
  if (a == NULL)
    {
      a = g_array_new (FALSE, FALSE, sizeof (guint));
      gint64 *k = g_new (gint64, 1);
      *k = key;
      g_hash_table_insert (buckets, k, a);
    }
  g_array_append_val (a, node);
}

/* Calls back every node in buckets within @radius_km of a point. */
static void
nodes_near (GHashTable *buckets, double lon, double lat, double radius_km,
            void (*fn) (guint node, gpointer data), gpointer data)
{
  double dlat = radius_km / 110.57;
  double dlon = radius_km / (111.32 * MAX (cos (lat * G_PI / 180.0), 0.1));
  int c0 = (int) floor ((lon - dlon + 180.0) / 2.0), c1 = (int) floor ((lon + dlon + 180.0) / 2.0);
  int r0 = (int) floor ((lat - dlat + 90.0) / 2.0), r1 = (int) floor ((lat + dlat + 90.0) / 2.0);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      {
        gint64 key = (gint64) r * 1000 + c;
        GArray *a = g_hash_table_lookup (buckets, &key);
        for (guint i = 0; a && i < a->len; i++)
          fn (g_array_index (a, guint, i), data);
      }
}

typedef struct { guint node; double d; } Cand;

static int
cmp_cand (gconstpointer a, gconstpointer b)
{
  const Cand *x = a, *y = b;
  if (x->d != y->d)
    return x->d < y->d ? -1 : 1;
  return (x->node > y->node) - (x->node < y->node);
}

typedef struct {
  const GArray *nodes;
  double lon, lat, radius;
  GArray *out;       /* Cand */
  guint exclude;
  const guint *component;  /* when set, only nodes of component `want` */
  guint want;
} Collect;

static void
collect_cb (guint node, gpointer data)
{
  Collect *c = data;
  if (node == c->exclude || (c->component && c->component[node] != c->want))
    return;
  const Node *n = &g_array_index (c->nodes, Node, node);
  double d = km (c->lon, c->lat, n->lon, n->lat);
  if (d <= c->radius)
    {
      Cand cand = { node, d };
      g_array_append_val (c->out, cand);
    }
}

/* ---- Douglas–Peucker ------------------------------------------------- */

static void
dp_mark (const double *v, guint first, guint last, double tol, gboolean *keep)
{
  if (last <= first + 1)
    return;
  double ax = v[2 * first], ay = v[2 * first + 1], bx = v[2 * last], by = v[2 * last + 1];
  double dx = bx - ax, dy = by - ay, len = hypot (dx, dy);
  double best = -1;
  guint best_i = first;
  for (guint i = first + 1; i < last; i++)
    {
      double px = v[2 * i] - ax, py = v[2 * i + 1] - ay;
      double d = len > 0 ? fabs (px * dy - py * dx) / len : hypot (px, py);
      if (d > best)
        best = d, best_i = i;
    }
  if (best > tol)
    {
      keep[best_i] = TRUE;
      dp_mark (v, first, best_i, tol, keep);
      dp_mark (v, best_i, last, tol, keep);
    }
}

/* ---- construction ---------------------------------------------------- */

static void
corridor_sea_router_finalize (GObject *object)
{
  CorridorSeaRouter *self = CORRIDOR_SEA_ROUTER (object);
  corridor_land_index_free (self->index);
  g_array_unref (self->nodes);
  g_free (self->adj_start);
  g_free (self->arcs);
  g_ptr_array_unref (self->waterways);
  g_hash_table_unref (self->served);
  g_hash_table_unref (self->attach_cache);
  g_hash_table_unref (self->buckets);
  g_free (self->component);
  g_hash_table_unref (self->by_coord);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (corridor_sea_router_parent_class)->finalize (object);
}

static void
corridor_sea_router_class_init (CorridorSeaRouterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = corridor_sea_router_finalize;
}

static void
waterway_free (gpointer data)
{
  Waterway *w = data;
  g_free (w->name);
  g_free (w->kind);
  g_strfreev (w->ports);
  g_free (w);
}

static void
corridor_sea_router_init (CorridorSeaRouter *self)
{
  self->nodes = g_array_new (FALSE, FALSE, sizeof (Node));
  self->waterways = g_ptr_array_new_with_free_func (waterway_free);
  self->served = g_hash_table_new (g_str_hash, g_str_equal);
  self->attach_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_array_unref);
  self->buckets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) g_array_unref);
  self->by_coord = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->lock);
}

static char *
coord_key (double lon, double lat)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                          (gint64) llround (lon * 1e6), (gint64) llround (lat * 1e6));
}

static gboolean
in_region (double lon, double lat)
{
  return lon >= REGION_W && lon <= REGION_E && lat >= REGION_S && lat <= REGION_N;
}

static void
add_node (CorridorSeaRouter *self, double lon, double lat, guint8 kind)
{
  Node n = { lon, lat, kind };
  g_array_append_val (self->nodes, n);
  if (kind != NODE_WATERWAY)
    bucket_add (self->buckets, lon, lat, self->nodes->len - 1);
}

typedef struct { CorridorSeaRouter *self; double lon, lat; gboolean near; } NearCheck;

static void
near_cb (guint node, gpointer data)
{
  NearCheck *nc = data;
  const Node *n = &g_array_index (nc->self->nodes, Node, node);
  if (!nc->near && km (nc->lon, nc->lat, n->lon, n->lat) < NODE_MIN_GAP_KM)
    nc->near = TRUE;
}

static gboolean
node_too_close (CorridorSeaRouter *self, double lon, double lat)
{
  NearCheck nc = { self, lon, lat, FALSE };
  nodes_near (self->buckets, lon, lat, NODE_MIN_GAP_KM, near_cb, &nc);
  return nc.near;
}

/* A point @d km off vertex (x, y) on the side of (nx, ny), a unit vector in
 * local km space; NULL-free check that it is water with some clearance. */
static gboolean
try_offset (CorridorSeaRouter *self, double x, double y, double nx, double ny, double d,
            double *ox, double *oy)
{
  double kx = 111.32 * MAX (cos (y * G_PI / 180.0), 0.05), ky = 110.57;
  *ox = x + nx * d / kx;
  *oy = y + ny * d / ky;
  if (!in_region (*ox, *oy) || fabs (*oy) > 84)
    return FALSE;
  if (corridor_land_index_point_on_land (self->index, *ox, *oy))
    return FALSE;
  return corridor_land_index_distance_to_coast (self->index, *ox, *oy, d) >= d * 0.55;
}

static void
add_coast_nodes (CorridorSeaRouter *self, CorridorLayer *land)
{
  const double *v = corridor_layer_get_vertices (land);
  const CorridorPart *parts = corridor_layer_get_parts (land);
  guint n_parts = corridor_layer_get_n_parts (land);
  for (guint p = 0; p < n_parts; p++)
    {
      const CorridorPart *part = &parts[p];
      if (part->count < 4 || part->bbox.max_x < REGION_W || part->bbox.min_x > REGION_E ||
          part->bbox.max_y < REGION_S || part->bbox.min_y > REGION_N)
        continue;
      const double *pv = v + 2 * (gsize) part->first;
      guint n = part->count;
      g_autofree gboolean *keep = g_new0 (gboolean, n);
      keep[0] = keep[n - 1] = TRUE;
      dp_mark (pv, 0, n - 1, SIMPLIFY_DEG, keep);
      /* Kept vertices, without the closing duplicate. */
      g_autoptr(GArray) ks = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i + 1 < n; i++)
        if (keep[i])
          g_array_append_val (ks, i);
      guint m = ks->len;
      if (m < 3)
        {
          /* An islet: one node off its centre in each of four directions. */
          double cx = (part->bbox.min_x + part->bbox.max_x) / 2, cy = (part->bbox.min_y + part->bbox.max_y) / 2;
          static const double dirs[4][2] = { { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 } };
          for (int d = 0; d < 4; d++)
            {
              double ox, oy;
              if (try_offset (self, cx, cy, dirs[d][0], dirs[d][1], COAST_OFFSET_KM + 5, &ox, &oy) &&
                  !node_too_close (self, ox, oy))
                add_node (self, ox, oy, NODE_COAST);
            }
          continue;
        }
      for (guint k = 0; k < m; k++)
        {
          guint ip = g_array_index (ks, guint, (k + m - 1) % m);
          guint ic = g_array_index (ks, guint, k);
          guint in = g_array_index (ks, guint, (k + 1) % m);
          double x = pv[2 * ic], y = pv[2 * ic + 1];
          double kx = 111.32 * MAX (cos (y * G_PI / 180.0), 0.05), ky = 110.57;
          /* Edge directions in local km; their left normals point to the
           * water side of a clockwise (outer) ring. */
          double e1x = (x - pv[2 * ip]) * kx, e1y = (y - pv[2 * ip + 1]) * ky;
          double e2x = (pv[2 * in] - x) * kx, e2y = (pv[2 * in + 1] - y) * ky;
          double l1 = hypot (e1x, e1y), l2 = hypot (e2x, e2y);
          if (l1 == 0 || l2 == 0)
            continue;
          double nx = -e1y / l1 - e2y / l2, ny = e1x / l1 + e2x / l2;
          double ln = hypot (nx, ny);
          if (ln < 1e-6)
            nx = -e1y / l1, ny = e1x / l1, ln = 1;
          nx /= ln, ny /= ln;
          double ox, oy;
          gboolean ok = FALSE;
          for (int side = 0; side < 2 && !ok; side++)
            for (double d = COAST_OFFSET_KM; d <= COAST_OFFSET_KM * 2.5 && !ok; d += COAST_OFFSET_KM * 0.75)
              ok = try_offset (self, x, y, side ? -nx : nx, side ? -ny : ny, d, &ox, &oy);
          if (ok && !node_too_close (self, ox, oy))
            add_node (self, ox, oy, NODE_COAST);
        }
    }
}

static void
add_trunk_nodes (CorridorSeaRouter *self)
{
  for (double lat = -60.0; lat <= 72.0; lat += TRUNK_STEP_DEG)
    for (double lon = REGION_W + 3.0; lon <= REGION_E; lon += TRUNK_STEP_DEG)
      if (!corridor_land_index_point_on_land (self->index, lon, lat) &&
          corridor_land_index_distance_to_coast (self->index, lon, lat, TRUNK_CLEAR_KM) >= TRUNK_CLEAR_KM)
        add_node (self, lon, lat, NODE_TRUNK);
}

static gboolean
load_waterways (CorridorSeaRouter *self, const char *path, GArray *edges, GError **error)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint ln = 0; lines[ln]; ln++)
    {
      char *line = g_strchomp (lines[ln]);
      if (line[0] == '\0' || line[0] == '#')
        continue;
      g_auto(GStrv) cols = g_strsplit (line, "\t", -1);
      if (g_strv_length (cols) != 4)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                       "%s:%u: expected 4 tab-separated columns", path, ln + 1);
          return FALSE;
        }
      g_auto(GStrv) pts = g_strsplit (cols[3], ";", -1);
      Waterway *w = g_new0 (Waterway, 1);
      w->name = g_strdup (cols[0]);
      w->kind = g_strdup (cols[1]);
      w->ports = cols[2][0] ? g_strsplit (cols[2], "|", -1) : g_new0 (char *, 1);
      w->first = self->nodes->len;
      for (guint i = 0; pts[i]; i++)
        {
          char *s = g_strstrip (pts[i]), *end;
          if (*s == '\0')
            continue;
          double lon = g_ascii_strtod (s, &end);
          double lat = *end == ',' ? g_ascii_strtod (end + 1, &end) : NAN;
          if (!isfinite (lon) || !isfinite (lat) || *end != '\0' || fabs (lon) > 180 || fabs (lat) > 90)
            {
              g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                           "%s:%u: bad point “%s”", path, ln + 1, s);
              waterway_free (w);
              return FALSE;
            }
          add_node (self, lon, lat, NODE_WATERWAY);
          w->n++;
        }
      if (w->n < 2)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                       "%s:%u: a waterway needs at least two points", path, ln + 1);
          waterway_free (w);
          return FALSE;
        }
      for (guint i = 0; i + 1 < w->n; i++)
        {
          const Node *a = &g_array_index (self->nodes, Node, w->first + i);
          const Node *b = &g_array_index (self->nodes, Node, w->first + i + 1);
          Edge e = { w->first + i, w->first + i + 1, (float) km (a->lon, a->lat, b->lon, b->lat),
                     CORRIDOR_SEGMENT_WATERWAY };
          g_array_append_val (edges, e);
        }
      g_ptr_array_add (self->waterways, w);
      for (char **p = w->ports; *p; p++)
        if (!g_hash_table_contains (self->served, *p))
          g_hash_table_insert (self->served, *p, w);
    }
  return TRUE;
}

typedef struct {
  CorridorSeaRouter *self;
  guint              begin, end;
  GArray            *edges;
} EdgeJob;

static void
try_edge (CorridorSeaRouter *self, EdgeJob *job, guint i, const Node *a, const Cand *cd)
{
  const Node *b = &g_array_index (self->nodes, Node, cd->node);
  if (corridor_land_index_segment_on_land (self->index, a->lon, a->lat, b->lon, b->lat))
    return;
  double w = cd->d * (a->kind == NODE_TRUNK && b->kind == NODE_TRUNK ? TRUNK_DISCOUNT : 1.0);
  Edge e = { i, cd->node, (float) w, CORRIDOR_SEGMENT_SEA };
  g_array_append_val (job->edges, e);
}

/* Coast nodes link to their nearest visible coast neighbours and to a few
 * trunk nodes; trunk nodes link to every trunk node in range (each pair
 * once, from its lower index). A pair two coast nodes both try is linked
 * twice, which costs A* nothing but a relaxation. */
static gpointer
edge_job (gpointer data)
{
  EdgeJob *job = data;
  CorridorSeaRouter *self = job->self;
  g_autoptr(GArray) cands = g_array_new (FALSE, FALSE, sizeof (Cand));
  for (guint i = job->begin; i < job->end; i++)
    {
      const Node *a = &g_array_index (self->nodes, Node, i);
      if (a->kind == NODE_WATERWAY)
        continue;
      double range = a->kind == NODE_TRUNK ? TRUNK_RANGE_KM : TRUNK_LINK_KM;
      g_array_set_size (cands, 0);
      Collect c = { self->nodes, a->lon, a->lat, range, cands, i, NULL, 0 };
      nodes_near (self->buckets, a->lon, a->lat, range, collect_cb, &c);
      g_array_sort (cands, cmp_cand);
      guint coast_tries = 0, trunk_tries = 0;
      for (guint k = 0; k < cands->len; k++)
        {
          const Cand *cd = &g_array_index (cands, Cand, k);
          const Node *b = &g_array_index (self->nodes, Node, cd->node);
          if (a->kind == NODE_TRUNK)
            {
              if (b->kind == NODE_TRUNK && cd->node > i)
                try_edge (self, job, i, a, cd);
              continue;
            }
          if (b->kind == NODE_COAST && cd->d <= COAST_RANGE_KM && coast_tries < MAX_TRIES)
            {
              coast_tries++;
              try_edge (self, job, i, a, cd);
            }
          else if (b->kind == NODE_TRUNK && trunk_tries < TRUNK_TRIES)
            {
              trunk_tries++;
              try_edge (self, job, i, a, cd);
            }
        }
    }
  return NULL;
}

/* Attachments of an open-water or coastal point to visible sea nodes,
 * ignoring land within @skip_km of the point. */
static GArray *
find_attachments (CorridorSeaRouter *self, double lon, double lat, double skip_km, guint8 kind)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Attach));
  g_autoptr(GArray) cands = g_array_new (FALSE, FALSE, sizeof (Cand));
  for (double radius = 250; radius <= 1000 && out->len == 0; radius *= 2)
    {
      g_array_set_size (cands, 0);
      /* Only the connected sea: a lake or an enclosed lagoon is no way out. */
      Collect c = { self->nodes, lon, lat, radius, cands, G_MAXUINT, self->component, self->main_component };
      nodes_near (self->buckets, lon, lat, radius, collect_cb, &c);
      g_array_sort (cands, cmp_cand);
      for (guint k = 0; k < cands->len && out->len < ATTACH_MAX && k < 200; k++)
        {
          const Cand *cd = &g_array_index (cands, Cand, k);
          const Node *b = &g_array_index (self->nodes, Node, cd->node);
          double sx = lon, sy = lat;
          if (skip_km > 0)
            {
              if (cd->d <= skip_km)
                {
                  Attach at = { cd->node, (float) cd->d, kind };
                  g_array_append_val (out, at);
                  continue;
                }
              along (lon, lat, b->lon, b->lat, skip_km, &sx, &sy);
            }
          if (corridor_land_index_segment_on_land (self->index, sx, sy, b->lon, b->lat))
            continue;
          Attach at = { cd->node, (float) cd->d, kind };
          g_array_append_val (out, at);
        }
    }
  if (out->len == 0 && cands->len > 0)
    {
      /* Nothing visible anywhere near: take the nearest node so that every
       * port stays routable; the connector is marked as such. */
      const Cand *cd = &g_array_index (cands, Cand, 0);
      Attach at = { cd->node, (float) cd->d, kind };
      g_array_append_val (out, at);
    }
  return out;
}

/* Connected components of the graph; the largest is the world ocean. */
static void
label_components (CorridorSeaRouter *self)
{
  guint n = self->nodes->len;
  self->component = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    self->component[i] = G_MAXUINT;
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  guint next = 0, best = 0, best_size = 0;
  for (guint i = 0; i < n; i++)
    {
      if (self->component[i] != G_MAXUINT)
        continue;
      guint size = 0;
      self->component[i] = next;
      g_array_append_val (stack, i);
      while (stack->len > 0)
        {
          guint u = g_array_index (stack, guint, stack->len - 1);
          g_array_set_size (stack, stack->len - 1);
          size++;
          for (guint e = self->adj_start[u]; e < self->adj_start[u + 1]; e++)
            if (self->component[self->arcs[e].to] == G_MAXUINT)
              {
                self->component[self->arcs[e].to] = next;
                g_array_append_val (stack, self->arcs[e].to);
              }
        }
      if (size > best_size)
        best = next, best_size = size;
      next++;
    }
  self->main_component = best;
}

CorridorSeaRouter *
corridor_sea_router_new (CorridorLayer *land, const char *waterways_path, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_LAYER (land), NULL);
  g_autoptr(CorridorSeaRouter) self = g_object_new (CORRIDOR_TYPE_SEA_ROUTER, NULL);
  self->index = corridor_land_index_new (land, 0.5);

  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  if (waterways_path && !load_waterways (self, waterways_path, edges, error))
    return NULL;
  add_trunk_nodes (self);
  add_coast_nodes (self, land);

  /* Visibility edges, the costly part, on every core. */
  guint n = self->nodes->len;
  guint n_jobs = CLAMP (g_get_num_processors (), 1, 8);
  EdgeJob jobs[8];
  GThread *threads[8] = { NULL };
  for (guint j = 0; j < n_jobs; j++)
    {
      /* Interleave ranges in small blocks so jobs get similar work. */
      jobs[j] = (EdgeJob) { self, (guint) ((guint64) n * j / n_jobs), (guint) ((guint64) n * (j + 1) / n_jobs),
                            g_array_new (FALSE, FALSE, sizeof (Edge)) };
      if (j > 0)
        threads[j] = g_thread_new ("corridor-lanes", edge_job, &jobs[j]);
    }
  edge_job (&jobs[0]);
  for (guint j = 1; j < n_jobs; j++)
    g_thread_join (threads[j]);
  for (guint j = 0; j < n_jobs; j++)
    {
      g_array_append_vals (edges, jobs[j].edges->data, jobs[j].edges->len);
      g_array_unref (jobs[j].edges);
    }

  /* Waterway ends in open water join the network. */
  for (guint i = 0; i < self->waterways->len; i++)
    {
      Waterway *w = g_ptr_array_index (self->waterways, i);
      guint ends[2] = { w->first, w->first + w->n - 1 };
      gboolean is_river = g_strcmp0 (w->kind, "river") == 0;
      for (int e = is_river ? 1 : 0; e < 2; e++)
        {
          const Node *end = &g_array_index (self->nodes, Node, ends[e]);
          g_autoptr(GArray) at = find_attachments (self, end->lon, end->lat, 8.0, CORRIDOR_SEGMENT_WATERWAY);
          for (guint k = 0; k < at->len; k++)
            {
              const Attach *a = &g_array_index (at, Attach, k);
              Edge ed = { ends[e], a->node, a->w, CORRIDOR_SEGMENT_SEA };
              g_array_append_val (edges, ed);
            }
        }
    }

  /* CSR adjacency, both directions. */
  self->n_edges = edges->len;
  self->adj_start = g_new0 (guint, n + 1);
  for (guint i = 0; i < edges->len; i++)
    {
      const Edge *e = &g_array_index (edges, Edge, i);
      self->adj_start[e->a + 1]++;
      self->adj_start[e->b + 1]++;
    }
  for (guint i = 0; i < n; i++)
    self->adj_start[i + 1] += self->adj_start[i];
  self->arcs = g_new (Arc, MAX (1, self->adj_start[n]));
  g_autofree guint *fill = g_new0 (guint, n);
  for (guint i = 0; i < edges->len; i++)
    {
      const Edge *e = &g_array_index (edges, Edge, i);
      self->arcs[self->adj_start[e->a] + fill[e->a]++] = (Arc) { e->b, e->w, e->kind };
      self->arcs[self->adj_start[e->b] + fill[e->b]++] = (Arc) { e->a, e->w, e->kind };
    }
  label_components (self);
  for (guint i = 0; i < n; i++)
    {
      const Node *nd = &g_array_index (self->nodes, Node, i);
      g_hash_table_replace (self->by_coord, coord_key (nd->lon, nd->lat), GUINT_TO_POINTER (i + 1));
    }
  return g_steal_pointer (&self);
}

static GMutex default_lock;
static CorridorSeaRouter *default_router;

CorridorSeaRouter *
corridor_sea_router_get_default (GError **error)
{
  CorridorSeaRouter *result = NULL;
  g_mutex_lock (&default_lock);
  if (default_router == NULL)
    {
      g_autofree char *land_path = corridor_maps_path ("land-50m.shp");
      g_autofree char *ww_path = corridor_maps_path ("waterways.tsv");
      g_autoptr(CorridorLayer) land = corridor_layer_load (land_path, error);
      if (land)
        default_router = corridor_sea_router_new (land, g_file_test (ww_path, G_FILE_TEST_EXISTS) ? ww_path : NULL,
                                                  error);
    }
  result = default_router;
  g_mutex_unlock (&default_lock);
  return result;
}

guint
corridor_sea_router_get_n_nodes (CorridorSeaRouter *self)
{
  g_return_val_if_fail (CORRIDOR_IS_SEA_ROUTER (self), 0);
  return self->nodes->len;
}

guint
corridor_sea_router_get_n_edges (CorridorSeaRouter *self)
{
  g_return_val_if_fail (CORRIDOR_IS_SEA_ROUTER (self), 0);
  return self->n_edges;
}

/* ---- queries --------------------------------------------------------- */

/* The nearest open-water point off a port: on rings of growing radius, the
 * point furthest from any coast, once one is 5 km clear. */
static gboolean
find_sea_exit (CorridorSeaRouter *self, double lon, double lat, double *ex, double *ey)
{
  static const double radii[] = { 8, 15, 25, 40, 60 };
  *ex = lon, *ey = lat;
  double kx = 111.32 * MAX (cos (lat * G_PI / 180.0), 0.05), ky = 110.57;
  for (guint r = 0; r < G_N_ELEMENTS (radii); r++)
    {
      double best = 0;
      for (int b = 0; b < 24; b++)
        {
          double ang = b * G_PI / 12.0;
          double x = lon + radii[r] * cos (ang) / kx, y = lat + radii[r] * sin (ang) / ky;
          if (corridor_land_index_point_on_land (self->index, x, y))
            continue;
          double clear = corridor_land_index_distance_to_coast (self->index, x, y, 20);
          if (clear >= 5 && clear > best)
            best = clear, *ex = x, *ey = y;
        }
      if (best > 0)
        return TRUE;
    }
  return FALSE;
}

/* Where a stop enters the network: a waterway that serves it, else the sea
 * nodes it can see. Cached per stop. */
static GArray *
stop_attachments (CorridorSeaRouter *self, const CorridorStop *stop)
{
  g_autofree char *key = g_strdup_printf ("%s@%.5f,%.5f", stop->locode, stop->lon, stop->lat);
  g_mutex_lock (&self->lock);
  GArray *cached = g_hash_table_lookup (self->attach_cache, key);
  if (cached)
    {
      g_array_ref (cached);
      g_mutex_unlock (&self->lock);
      return cached;
    }
  g_mutex_unlock (&self->lock);

  GArray *at;
  Waterway *w = stop->locode[0] ? g_hash_table_lookup (self->served, stop->locode) : NULL;
  if (w)
    {
      /* Enter the waterway at its vertex nearest the port. */
      at = g_array_new (FALSE, FALSE, sizeof (Attach));
      guint best = w->first;
      double best_d = G_MAXDOUBLE;
      for (guint i = 0; i < w->n; i++)
        {
          const Node *nd = &g_array_index (self->nodes, Node, w->first + i);
          double d = km (stop->lon, stop->lat, nd->lon, nd->lat);
          if (d < best_d)
            best_d = d, best = w->first + i;
        }
      Attach a = { best, (float) best_d, CORRIDOR_SEGMENT_CONNECTOR };
      g_array_append_val (at, a);
    }
  else
    {
      at = find_attachments (self, stop->lon, stop->lat, PORT_SKIP_KM, CORRIDOR_SEGMENT_CONNECTOR);
      /* Also through the port's own offshore point: from open water the
       * network is in sight even where the coast hides it from the quay. */
      double ex, ey;
      if (find_sea_exit (self, stop->lon, stop->lat, &ex, &ey))
        {
          double d0 = km (stop->lon, stop->lat, ex, ey);
          g_autoptr(GArray) more = find_attachments (self, ex, ey, 0, CORRIDOR_SEGMENT_SEA);
          for (guint k = 0; k < more->len; k++)
            {
              Attach a = g_array_index (more, Attach, k);
              a.w += (float) d0;
              a.has_via = TRUE;
              a.via_lon = ex;
              a.via_lat = ey;
              g_array_append_val (at, a);
            }
        }
    }

  g_mutex_lock (&self->lock);
  if (!g_hash_table_contains (self->attach_cache, key))
    g_hash_table_insert (self->attach_cache, g_strdup (key), g_array_ref (at));
  g_mutex_unlock (&self->lock);
  return at;
}

typedef struct { float f; guint node; } HeapItem;

static void
heap_push (GArray *heap, float f, guint node)
{
  HeapItem it = { f, node };
  g_array_append_val (heap, it);
  HeapItem *h = (HeapItem *) heap->data;
  guint i = heap->len - 1;
  while (i > 0)
    {
      guint p = (i - 1) / 2;
      if (h[p].f <= h[i].f)
        break;
      HeapItem t = h[p];
      h[p] = h[i];
      h[i] = t;
      i = p;
    }
}

static HeapItem
heap_pop (GArray *heap)
{
  HeapItem *h = (HeapItem *) heap->data;
  HeapItem top = h[0];
  h[0] = h[heap->len - 1];
  g_array_set_size (heap, heap->len - 1);
  h = (HeapItem *) heap->data;
  guint i = 0, n = heap->len;
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      if (l < n && h[l].f < h[m].f)
        m = l;
      if (r < n && h[r].f < h[m].f)
        m = r;
      if (m == i)
        break;
      HeapItem t = h[m];
      h[m] = h[i];
      h[i] = t;
      i = m;
    }
  return top;
}

static void
append_point (CorridorSeaRoute *route, double lon, double lat, guint8 kind)
{
  guint n = route->points->len / 2;
  if (n > 0)
    {
      double plon = g_array_index (route->points, double, 2 * (n - 1));
      double plat = g_array_index (route->points, double, 2 * (n - 1) + 1);
      if (plon == lon && plat == lat)
        return;
      route->length_nm += km (plon, plat, lon, lat) / 1.852;
      g_array_append_val (route->kinds, kind);
    }
  g_array_append_val (route->points, lon);
  g_array_append_val (route->points, lat);
}

/* One leg, appended to @route. */
static gboolean
route_leg (CorridorSeaRouter *self, const CorridorStop *a, const CorridorStop *b,
           GHashTable *overlay, CorridorSeaRoute *route, GError **error)
{
  if (route->points->len == 0)
    append_point (route, a->lon, a->lat, CORRIDOR_SEGMENT_CONNECTOR);
  if (g_strcmp0 (a->locode, b->locode) == 0 && a->lon == b->lon && a->lat == b->lat)
    return TRUE;

  g_autoptr(GArray) src = stop_attachments (self, a);
  g_autoptr(GArray) dst = stop_attachments (self, b);
  guint n = self->nodes->len;
  const guint GOAL = n;
  g_autofree float *g = g_new (float, n + 1);
  g_autofree guint *from = g_new (guint, n + 1);
  g_autofree guint8 *via = g_new (guint8, n + 1);
  g_autofree guint8 *closed = g_new0 (guint8, n + 1);
  g_autofree guint8 *lane = g_new0 (guint8, n + 1);  /* reached along an existing corridor */
  for (guint i = 0; i <= n; i++)
    g[i] = G_MAXFLOAT, from[i] = G_MAXUINT;
  /* Goal lookup: node -> connector cost into the goal. */
  g_autofree float *to_goal = g_new (float, n);
  g_autofree gint *goal_at = g_new (gint, n);     /* which goal attachment */
  g_autofree gint *src_at = g_new (gint, n + 1);  /* which start attachment */
  for (guint i = 0; i < n; i++)
    to_goal[i] = -1, goal_at[i] = -1, src_at[i] = -1;
  for (guint k = 0; k < dst->len; k++)
    {
      const Attach *at = &g_array_index (dst, Attach, k);
      if (to_goal[at->node] < 0 || at->w < to_goal[at->node])
        to_goal[at->node] = at->w, goal_at[at->node] = (gint) k;
    }

  g_autoptr(GArray) heap = g_array_new (FALSE, FALSE, sizeof (HeapItem));
  for (guint k = 0; k < src->len; k++)
    {
      const Attach *at = &g_array_index (src, Attach, k);
      if (at->w < g[at->node])
        {
          g[at->node] = at->w;
          from[at->node] = G_MAXUINT;  /* from the start stop */
          via[at->node] = at->kind;
          src_at[at->node] = (gint) k;
          const Node *nd = &g_array_index (self->nodes, Node, at->node);
          heap_push (heap, at->w + LANE_DISCOUNT * km (nd->lon, nd->lat, b->lon, b->lat), at->node);
        }
    }
  /* The source stop can also see the goal stop directly (two ports on one
   * stretch of coast): try the straight connector as a candidate. */
  gboolean found = FALSE;
  while (heap->len > 0)
    {
      HeapItem it = heap_pop (heap);
      guint u = it.node;
      if (closed[u])
        continue;
      closed[u] = 1;
      if (u == GOAL)
        {
          found = TRUE;
          break;
        }
      if (to_goal[u] >= 0 && g[u] + to_goal[u] < g[GOAL])
        {
          g[GOAL] = g[u] + to_goal[u];
          from[GOAL] = u;
          heap_push (heap, g[GOAL], GOAL);
        }
      for (guint e = self->adj_start[u]; e < self->adj_start[u + 1]; e++)
        {
          const Arc *arc = &self->arcs[e];
          float ng = g[u] + arc->w;
          if (ng < g[arc->to])
            {
              g[arc->to] = ng;
              from[arc->to] = u;
              via[arc->to] = arc->kind;
              lane[arc->to] = 0;
              const Node *nd = &g_array_index (self->nodes, Node, arc->to);
              heap_push (heap, ng + LANE_DISCOUNT * km (nd->lon, nd->lat, b->lon, b->lat), arc->to);
            }
        }
      GArray *extra = overlay ? g_hash_table_lookup (overlay, GUINT_TO_POINTER (u)) : NULL;
      for (guint e = 0; extra && e < extra->len; e++)
        {
          const Arc *arc = &g_array_index (extra, Arc, e);
          float ng = g[u] + arc->w;
          if (ng < g[arc->to])
            {
              g[arc->to] = ng;
              from[arc->to] = u;
              via[arc->to] = arc->kind;
              lane[arc->to] = 1;
              const Node *nd = &g_array_index (self->nodes, Node, arc->to);
              heap_push (heap, ng + LANE_DISCOUNT * km (nd->lon, nd->lat, b->lon, b->lat), arc->to);
            }
        }
    }
  if (!found)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                   "No sea route from %s to %s", a->locode[0] ? a->locode : "a point",
                   b->locode[0] ? b->locode : "a point");
      return FALSE;
    }
  /* Walk back from the goal, then append in travel order. */
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint u = from[GOAL]; u != G_MAXUINT; u = from[u])
    g_array_prepend_val (path, u);
  guint first = g_array_index (path, guint, 0);
  const Node *fn = &g_array_index (self->nodes, Node, first);
  if (src_at[first] >= 0)
    {
      const Attach *sa = &g_array_index (src, Attach, src_at[first]);
      if (sa->has_via)
        append_point (route, sa->via_lon, sa->via_lat, CORRIDOR_SEGMENT_CONNECTOR);
    }
  append_point (route, fn->lon, fn->lat, via[first]);
  for (guint i = 1; i < path->len;)
    {
      guint u = g_array_index (path, guint, i);
      if (via[u] == CORRIDOR_SEGMENT_SEA && !lane[u])
        {
          /* Pull taut: the furthest node of this open-water run that the
           * last point can see. Only sea nodes are skipped; waterway
           * vertices are kept, as rivers are not straight. */
          const Node *from_node = &g_array_index (self->nodes, Node, g_array_index (path, guint, i - 1));
          guint best = i;
          for (guint j = i + 1; j < path->len; j++)
            {
              guint v = g_array_index (path, guint, j);
              if (via[v] != CORRIDOR_SEGMENT_SEA || lane[v])
                break;
              const Node *to = &g_array_index (self->nodes, Node, v);
              if (!corridor_land_index_segment_on_land (self->index, from_node->lon, from_node->lat,
                                                        to->lon, to->lat))
                best = j;
            }
          u = g_array_index (path, guint, best);
          i = best;
        }
      const Node *nd = &g_array_index (self->nodes, Node, u);
      append_point (route, nd->lon, nd->lat, via[u]);
      i++;
    }
  guint last = g_array_index (path, guint, path->len - 1);
  if (goal_at[last] >= 0)
    {
      const Attach *ga = &g_array_index (dst, Attach, goal_at[last]);
      if (ga->has_via)
        append_point (route, ga->via_lon, ga->via_lat, CORRIDOR_SEGMENT_SEA);
    }
  append_point (route, b->lon, b->lat, CORRIDOR_SEGMENT_CONNECTOR);
  return TRUE;
}

static void
overlay_arcs_free (gpointer data)
{
  g_array_unref (data);
}

static void
overlay_add (GHashTable *overlay, guint a, guint b, float w)
{
  for (int dir = 0; dir < 2; dir++)
    {
      guint from = dir ? b : a, to = dir ? a : b;
      GArray *arcs = g_hash_table_lookup (overlay, GUINT_TO_POINTER (from));
      if (arcs == NULL)
        {
          arcs = g_array_new (FALSE, FALSE, sizeof (Arc));
          g_hash_table_insert (overlay, GUINT_TO_POINTER (from), arcs);
        }
      Arc arc = { to, w, CORRIDOR_SEGMENT_SEA };
      g_array_append_val (arcs, arc);
    }
}

/* The open-water legs of @lanes whose ends are graph nodes, as extra arcs. */
static GHashTable *
build_overlay (CorridorSeaRouter *self, GPtrArray *lanes)
{
  GHashTable *overlay = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, overlay_arcs_free);
  for (guint r = 0; lanes && r < lanes->len; r++)
    {
      const CorridorSeaRoute *lr = g_ptr_array_index (lanes, r);
      const double *pt = (const double *) lr->points->data;
      guint np = lr->points->len / 2;
      for (guint k = 0; k + 1 < np && k < lr->kinds->len; k++)
        {
          if (g_array_index (lr->kinds, guint8, k) != CORRIDOR_SEGMENT_SEA)
            continue;
          g_autofree char *ka = coord_key (pt[2 * k], pt[2 * k + 1]);
          g_autofree char *kb = coord_key (pt[2 * k + 2], pt[2 * k + 3]);
          guint na = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_coord, ka));
          guint nb = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_coord, kb));
          if (na && nb && na != nb)
            overlay_add (overlay, na - 1, nb - 1,
                         (float) (LANE_DISCOUNT * km (pt[2 * k], pt[2 * k + 1], pt[2 * k + 2], pt[2 * k + 3])));
        }
    }
  return overlay;
}

CorridorSeaRoute *
corridor_sea_router_route_along (CorridorSeaRouter *self, const CorridorStop *stops, guint n_stops,
                                 GPtrArray *lanes, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_SEA_ROUTER (self), NULL);
  g_return_val_if_fail (stops != NULL && n_stops >= 1, NULL);
  g_autoptr(GHashTable) overlay = lanes && lanes->len ? build_overlay (self, lanes) : NULL;
  g_autoptr(CorridorSeaRoute) route = corridor_sea_route_new ();
  for (guint i = 0; i + 1 < n_stops; i++)
    if (!route_leg (self, &stops[i], &stops[i + 1], overlay, route, error))
      return NULL;
  if (n_stops == 1)
    append_point (route, stops[0].lon, stops[0].lat, CORRIDOR_SEGMENT_CONNECTOR);
  return g_steal_pointer (&route);
}

CorridorSeaRoute *
corridor_sea_router_route (CorridorSeaRouter *self, const CorridorStop *stops, guint n_stops,
                           GError **error)
{
  return corridor_sea_router_route_along (self, stops, n_stops, NULL, error);
}

void
corridor_sea_router_get_node (CorridorSeaRouter *self, guint index, double *lon, double *lat)
{
  g_return_if_fail (CORRIDOR_IS_SEA_ROUTER (self));
  g_return_if_fail (index < self->nodes->len);
  const Node *nd = &g_array_index (self->nodes, Node, index);
  *lon = nd->lon;
  *lat = nd->lat;
}
