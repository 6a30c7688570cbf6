/* test-corridors.c: the renderer's corridor view-model without a display:
 * shipments aggregate per stop sequence (CorridorRoute) and per shared
 * lane segment, each carrying outcome, status and role counts; the colour
 * a corridor gets in each colour mode; the width scale a legend reads; and
 * the highlight of selected corridors, checked by pixels on offscreen
 * Cairo surfaces. No basemap: the sea is one flat colour. */
#include "corridor-renderer.h"
#include "corridor-style.h"

#include <math.h>
#include <string.h>

typedef struct { int r, g, b; } Px;

static Px
pixel_at (cairo_surface_t *s, int x, int y)
{
  cairo_surface_flush (s);
  const unsigned char *data = cairo_image_surface_get_data (s);
  guint32 p = *(const guint32 *) (data + (gsize) y * cairo_image_surface_get_stride (s) + 4 * x);
  return (Px) { (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff };
}

static gboolean
near_color (Px p, const CorridorRGBA *c, int tol)
{
  return abs (p.r - (int) round (c->r * 255)) <= tol
         && abs (p.g - (int) round (c->g * 255)) <= tol
         && abs (p.b - (int) round (c->b * 255)) <= tol;
}

static CorridorShipment *
make (const char *id, const char *const *locodes, double kg, CorridorStatus status,
      CorridorOutcome outcome, const char *departed, const char *arrived)
{
  /* Positions for the ports the tests use. */
  static const struct { const char *code; double lon, lat; } where[] = {
    { "ECGYE", -79.91, -2.28 }, { "BEANR", 4.31, 51.28 }, { "ESALG", -5.44, 36.13 },
    { "BRSSZ", -46.30, -23.96 }, { "NLRTM", 4.05, 51.95 }, { "COCTG", -75.53, 10.40 },
  };
  CorridorShipment *s = corridor_shipment_new ();

  s->id = g_strdup (id);
  for (guint i = 0; locodes[i] != NULL; i++)
    for (guint k = 0; k < G_N_ELEMENTS (where); k++)
      if (strcmp (where[k].code, locodes[i]) == 0)
        corridor_shipment_add_stop (s, locodes[i], locodes[i], where[k].lat, where[k].lon);
  s->quantity_kg = kg;
  s->status = status;
  s->outcome = outcome;
  s->departed = g_strdup (departed);
  s->arrived = g_strdup (arrived);
  return s;
}

#define STOPS(...) ((const char *const[]) { __VA_ARGS__, NULL })

static const CorridorRoute *
find_route (CorridorRenderer *r, const char *key)
{
  for (guint i = 0; i < corridor_renderer_get_n_routes (r); i++)
    if (strcmp (corridor_renderer_get_route (r, i)->key, key) == 0)
      return corridor_renderer_get_route (r, i);
  return NULL;
}

static const CorridorPortSummary *
find_port (CorridorRenderer *r, const char *locode)
{
  for (guint i = 0; i < corridor_renderer_get_n_ports (r); i++)
    if (strcmp (corridor_renderer_get_port (r, i)->locode, locode) == 0)
      return corridor_renderer_get_port (r, i);
  return NULL;
}

/* The scene most tests share: two shipments on one pair, one with a
 * transit (another corridor), one of unknown weight, and a lead. */
static GPtrArray *
scene (void)
{
  GPtrArray *a = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_shipment_free);
  CorridorShipment *s;

  s = make ("s-1", STOPS ("ECGYE", "BEANR"), 800, CORRIDOR_STATUS_INFERRED,
            CORRIDOR_OUTCOME_DELIVERED, "2021-02-10", "2021-03-01");
  corridor_shipment_add_actor (s, "tiburon9", CORRIDOR_ROLE_SENDER);
  corridor_shipment_add_actor (s, "scheldekat", CORRIDOR_ROLE_INTERMEDIARY);
  g_ptr_array_add (a, s);
  s = make ("s-2", STOPS ("ECGYE", "BEANR"), 1200, CORRIDOR_STATUS_CONFIRMED,
            CORRIDOR_OUTCOME_SEIZED, "2021-01-05", NULL);
  corridor_shipment_add_actor (s, "pelicano", CORRIDOR_ROLE_SENDER);
  corridor_shipment_add_actor (s, "nobody", CORRIDOR_ROLE_NONE);
  g_ptr_array_add (a, s);
  s = make ("s-3", STOPS ("ECGYE", "ESALG", "BEANR"), 500, CORRIDOR_STATUS_CONFIRMED,
            CORRIDOR_OUTCOME_DELIVERED, NULL, "2021-04-02");
  corridor_shipment_add_actor (s, "rotterdammer", CORRIDOR_ROLE_DISTRIBUTOR);
  g_ptr_array_add (a, s);
  g_ptr_array_add (a, make ("s-4", STOPS ("BRSSZ", "NLRTM"), NAN, CORRIDOR_STATUS_CONFIRMED,
                            CORRIDOR_OUTCOME_UNKNOWN, NULL, NULL));
  g_ptr_array_add (a, make ("s-5", STOPS ("COCTG"), 300, CORRIDOR_STATUS_INFERRED,
                            CORRIDOR_OUTCOME_UNKNOWN, "2021-05-01", NULL));
  return a;
}

static void
test_aggregate_per_pair (void)
{
  g_autoptr (CorridorRenderer) r = corridor_renderer_new ();
  g_autoptr (GPtrArray) shipments = scene ();

  corridor_renderer_set_scene (r, shipments, NULL);
  /* The lead has no corridor; the transit makes a corridor of its own. */
  g_assert_cmpuint (corridor_renderer_get_n_routes (r), ==, 3);

  const CorridorRoute *pair = find_route (r, "ECGYE>BEANR");
  g_assert_nonnull (pair);
  g_assert_cmpuint (pair->n_shipments, ==, 2);
  g_assert_cmpfloat (pair->total_kg, ==, 2000);
  g_assert_cmpstr (pair->first_date, ==, "2021-01-05");
  g_assert_cmpstr (pair->last_date, ==, "2021-03-01");
  g_assert_cmpuint (pair->status_counts[CORRIDOR_STATUS_INFERRED], ==, 1);
  g_assert_cmpuint (pair->status_counts[CORRIDOR_STATUS_CONFIRMED], ==, 1);
  g_assert_cmpuint (pair->role_counts[CORRIDOR_ROLE_SENDER], ==, 2);
  g_assert_cmpuint (pair->role_counts[CORRIDOR_ROLE_INTERMEDIARY], ==, 1);
  g_assert_cmpuint (pair->role_counts[CORRIDOR_ROLE_NONE], ==, 1);
  g_assert_cmpuint (pair->outcome_counts[CORRIDOR_OUTCOME_DELIVERED], ==, 1);
  g_assert_cmpuint (pair->outcome_counts[CORRIDOR_OUTCOME_SEIZED], ==, 1);
  g_assert_cmpuint (pair->stops->len, ==, 2);

  const CorridorRoute *via = find_route (r, "ECGYE>ESALG>BEANR");
  g_assert_nonnull (via);
  g_assert_cmpuint (via->n_shipments, ==, 1);
  g_assert_cmpfloat (via->total_kg, ==, 500);
  g_assert_cmpstr (via->first_date, ==, "2021-04-02");
  g_assert_cmpstr (via->last_date, ==, "2021-04-02");

  /* Unknown weights add nothing: no "0 kg" guess, but the count holds. */
  const CorridorRoute *unknown = find_route (r, "BRSSZ>NLRTM");
  g_assert_nonnull (unknown);
  g_assert_cmpuint (unknown->n_shipments, ==, 1);
  g_assert_cmpfloat (unknown->total_kg, ==, 0);
  g_assert_null (unknown->first_date);

  /* Ports: Antwerp receives three, Algeciras sees one pass, the lead's
   * port is listed without a corridor. */
  g_assert_cmpuint (find_port (r, "BEANR")->n_in, ==, 3);
  g_assert_cmpfloat (find_port (r, "BEANR")->kg_in, ==, 2500);
  g_assert_cmpuint (find_port (r, "ESALG")->n_transit, ==, 1);
  g_assert_cmpuint (find_port (r, "ECGYE")->n_out, ==, 3);
  g_assert_null (find_port (r, "COCTG"));

  /* A new scene replaces the old one entirely. */
  g_ptr_array_remove_range (shipments, 0, 3);
  corridor_renderer_set_scene (r, shipments, NULL);
  g_assert_cmpuint (corridor_renderer_get_n_routes (r), ==, 1);
  g_assert_null (find_route (r, "ECGYE>BEANR"));
}

static CorridorSeaRoute *
sea_route (const double *lonlat, guint n)
{
  CorridorSeaRoute *route = corridor_sea_route_new ();

  g_array_append_vals (route->points, lonlat, 2 * n);
  for (guint i = 0; i + 1 < n; i++)
    {
      guint8 kind = CORRIDOR_SEGMENT_SEA;
      g_array_append_val (route->kinds, kind);
    }
  return route;
}

/* ECGYE>BEANR and BRSSZ>NLRTM share the leg (-30, 20)–(-10, 40); the
 * transit route runs it the other way round. */
static GHashTable *
sea_routes (void)
{
  GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) corridor_sea_route_free);
  static const double a[] = { -79.91, -2.28, -30, 20, -10, 40, 4.31, 51.28 };
  static const double b[] = { -46.30, -23.96, -30, 20, -10, 40, 4.05, 51.95 };
  static const double c[] = { -79.91, -2.28, -10, 40, -30, 20, -5.44, 36.13, 4.31, 51.28 };

  g_hash_table_insert (t, g_strdup ("ECGYE>BEANR"), sea_route (a, 4));
  g_hash_table_insert (t, g_strdup ("BRSSZ>NLRTM"), sea_route (b, 4));
  g_hash_table_insert (t, g_strdup ("ECGYE>ESALG>BEANR"), sea_route (c, 5));
  return t;
}

static const CorridorLaneSegment *
find_lane (CorridorRenderer *r, double lon0, double lat0, double lon1, double lat1)
{
  for (guint i = 0; i < corridor_renderer_get_n_lane_segments (r); i++)
    {
      const CorridorLaneSegment *s = corridor_renderer_get_lane_segment (r, i);
      if ((s->lon0 == lon0 && s->lat0 == lat0 && s->lon1 == lon1 && s->lat1 == lat1)
          || (s->lon0 == lon1 && s->lat0 == lat1 && s->lon1 == lon0 && s->lat1 == lat0))
        return s;
    }
  return NULL;
}

static void
test_aggregate_per_lane (void)
{
  g_autoptr (CorridorRenderer) r = corridor_renderer_new ();
  g_autoptr (GPtrArray) shipments = scene ();
  g_autoptr (GHashTable) routes = sea_routes ();

  corridor_renderer_set_sea_routes (r, routes);
  corridor_renderer_set_scene (r, shipments, NULL);
  g_assert_nonnull (find_route (r, "ECGYE>BEANR")->sea);

  /* a: 3 segments, b: 3 (one shared with a), c: 4 (one shared with a and
   * b, run backwards; one from ECGYE shared with nobody). */
  const CorridorLaneSegment *shared = find_lane (r, -30, 20, -10, 40);
  g_assert_nonnull (shared);
  g_assert_cmpuint (shared->n_shipments, ==, 4);
  g_assert_cmpfloat (shared->kg, ==, 2500);
  g_assert_cmpuint (shared->status_counts[CORRIDOR_STATUS_CONFIRMED], ==, 3);
  g_assert_cmpuint (shared->status_counts[CORRIDOR_STATUS_INFERRED], ==, 1);
  g_assert_cmpint (shared->dominant_status, ==, CORRIDOR_STATUS_CONFIRMED);
  g_assert_cmpuint (shared->role_counts[CORRIDOR_ROLE_SENDER], ==, 2);
  g_assert_cmpuint (shared->role_counts[CORRIDOR_ROLE_DISTRIBUTOR], ==, 1);
  g_assert_cmpint (shared->dominant_role, ==, CORRIDOR_ROLE_SENDER);

  const CorridorLaneSegment *only_a = find_lane (r, -10, 40, 4.31, 51.28);
  g_assert_nonnull (only_a);
  g_assert_cmpuint (only_a->n_shipments, ==, 2);
  g_assert_cmpfloat (only_a->kg, ==, 2000);
  /* c reaches Antwerp from Algeciras, not from (-10, 40). */
  const CorridorLaneSegment *c_last = find_lane (r, -5.44, 36.13, 4.31, 51.28);
  g_assert_nonnull (c_last);
  g_assert_cmpfloat (c_last->kg, ==, 500);
  g_assert_cmpint (c_last->dominant_role, ==, CORRIDOR_ROLE_DISTRIBUTOR);
  /* From Guayaquil a heads for (-30, 20), c for (-10, 40). */
  g_assert_cmpfloat (find_lane (r, -79.91, -2.28, -30, 20)->kg, ==, 2000);
  g_assert_cmpfloat (find_lane (r, -79.91, -2.28, -10, 40)->kg, ==, 500);
  g_assert_cmpuint (corridor_renderer_get_n_lane_segments (r), ==, 3 + 2 + 3);

  /* The legend's scale follows what is drawn: lanes, or arcs. */
  g_assert_cmpfloat (corridor_renderer_get_max_corridor_kg (r), ==, 2500);
  g_assert_cmpfloat_with_epsilon (corridor_renderer_get_corridor_width (r, 2500), 8.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (corridor_renderer_get_corridor_width (r, 0), 1.5, 1e-9);
  g_assert_cmpfloat (corridor_renderer_get_corridor_width (r, 625), <,
                     corridor_renderer_get_corridor_width (r, 2500));
  corridor_renderer_set_flags (r, CORRIDOR_RENDER_DEFAULT | CORRIDOR_RENDER_STRAIGHT);
  g_assert_cmpfloat (corridor_renderer_get_max_corridor_kg (r), ==, 2000);
}

static void
test_colour_choice (void)
{
  g_autoptr (CorridorRenderer) r = corridor_renderer_new ();
  g_autoptr (GPtrArray) shipments = scene ();
  CorridorColourMode mode;

  corridor_renderer_set_scene (r, shipments, NULL);
  const CorridorRoute *pair = find_route (r, "ECGYE>BEANR");
  const CorridorRoute *via = find_route (r, "ECGYE>ESALG>BEANR");
  const CorridorRoute *unknown = find_route (r, "BRSSZ>NLRTM");

  /* Status: one inferred, one confirmed: a tie goes to the lower value. */
  g_assert_cmpuint (corridor_route_get_colour_class (pair, CORRIDOR_COLOUR_STATUS), ==,
                    CORRIDOR_STATUS_INFERRED);
  g_assert_cmpuint (corridor_route_get_colour_class (via, CORRIDOR_COLOUR_STATUS), ==,
                    CORRIDOR_STATUS_CONFIRMED);
  /* Roles: two senders over one intermediary; an actor without a role
   * does not count; no actor at all is "no role". */
  g_assert_cmpuint (corridor_route_get_colour_class (pair, CORRIDOR_COLOUR_ROLES), ==,
                    CORRIDOR_ROLE_SENDER);
  g_assert_cmpuint (corridor_route_get_colour_class (via, CORRIDOR_COLOUR_ROLES), ==,
                    CORRIDOR_ROLE_DISTRIBUTOR);
  g_assert_cmpuint (corridor_route_get_colour_class (unknown, CORRIDOR_COLOUR_ROLES), ==,
                    CORRIDOR_ROLE_NONE);
  /* Outcome: unchanged (a tie of delivered and seized goes to delivered). */
  g_assert_cmpuint (corridor_route_get_colour_class (pair, CORRIDOR_COLOUR_OUTCOME), ==,
                    CORRIDOR_OUTCOME_DELIVERED);
  g_assert_cmpint (pair->dominant, ==, CORRIDOR_OUTCOME_DELIVERED);

  /* The legend lists exactly the classes drawn. */
  g_assert_cmpint (corridor_renderer_get_colour_mode (r), ==, CORRIDOR_COLOUR_OUTCOME);
  g_assert_cmpuint (corridor_renderer_get_colour_classes (r), ==,
                    (1u << CORRIDOR_OUTCOME_DELIVERED) | (1u << CORRIDOR_OUTCOME_UNKNOWN));
  corridor_renderer_set_colour_mode (r, CORRIDOR_COLOUR_ROLES);
  g_assert_cmpuint (corridor_renderer_get_colour_classes (r), ==,
                    (1u << CORRIDOR_ROLE_SENDER) | (1u << CORRIDOR_ROLE_DISTRIBUTOR)
                    | (1u << CORRIDOR_ROLE_NONE));
  corridor_renderer_set_colour_mode (r, CORRIDOR_COLOUR_STATUS);
  g_assert_cmpuint (corridor_renderer_get_colour_classes (r), ==,
                    (1u << CORRIDOR_STATUS_INFERRED) | (1u << CORRIDOR_STATUS_CONFIRMED));

  /* Every class of every mode has its own colour, none the highlight's. */
  for (guint m = 0; m < CORRIDOR_N_COLOUR_MODES; m++)
    for (guint a = 0; a < corridor_colour_mode_get_n_classes (m); a++)
      {
        const CorridorRGBA *ca = corridor_style_class_color (m, a);
        g_assert_false (ca->r == corridor_style_highlight.r && ca->g == corridor_style_highlight.g
                        && ca->b == corridor_style_highlight.b);
        for (guint b = a + 1; b < corridor_colour_mode_get_n_classes (m); b++)
          g_assert_false (memcmp (ca, corridor_style_class_color (m, b), sizeof *ca) == 0);
      }

  /* The settings' strings. */
  g_assert_true (corridor_colour_mode_from_string ("roles", &mode));
  g_assert_cmpint (mode, ==, CORRIDOR_COLOUR_ROLES);
  g_assert_true (corridor_colour_mode_from_string ("status", &mode));
  g_assert_cmpint (mode, ==, CORRIDOR_COLOUR_STATUS);
  g_assert_cmpstr (corridor_colour_mode_to_string (CORRIDOR_COLOUR_OUTCOME), ==, "outcome");
  g_assert_false (corridor_colour_mode_from_string ("role", &mode));
  g_assert_false (corridor_colour_mode_from_string (NULL, &mode));
}

/* A viewport around the test ports. */
static CorridorViewport *
viewport (void)
{
  CorridorViewport *vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, 900, 600);
  corridor_viewport_fit_bbox (vp, -90, -30, 15, 60);
  return vp;
}

static Px
lane_midpoint (cairo_surface_t *s, CorridorViewport *vp, double lon0, double lat0, double lon1,
               double lat1, double dy)
{
  double x0, y0, x1, y1;
  corridor_viewport_geo_to_pixel (vp, lon0, lat0, &x0, &y0);
  corridor_viewport_geo_to_pixel (vp, lon1, lat1, &x1, &y1);
  return pixel_at (s, (int) round ((x0 + x1) / 2), (int) round ((y0 + y1) / 2 + dy));
}

/* The lanes are drawn in the colour of the mode: the shared leg's class
 * differs between status (confirmed: 3 of 4) and roles (senders). */
static void
test_colour_pixels (void)
{
  g_autoptr (CorridorRenderer) r = corridor_renderer_new ();
  g_autoptr (GPtrArray) shipments = scene ();
  g_autoptr (GHashTable) routes = sea_routes ();
  g_autoptr (CorridorViewport) vp = viewport ();

  corridor_renderer_set_flags (r, CORRIDOR_RENDER_CORRIDORS);
  corridor_renderer_set_sea_routes (r, routes);
  corridor_renderer_set_scene (r, shipments, NULL);

  static const CorridorColourMode modes[] = { CORRIDOR_COLOUR_OUTCOME, CORRIDOR_COLOUR_STATUS,
                                              CORRIDOR_COLOUR_ROLES };
  const CorridorLaneSegment *shared = find_lane (r, -30, 20, -10, 40);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      corridor_renderer_set_colour_mode (r, modes[i]);
      cairo_surface_t *s = corridor_renderer_render_image (r, vp);
      guint cls = corridor_lane_segment_get_colour_class (shared, modes[i]);
      Px p = lane_midpoint (s, vp, -30, 20, -10, 40, 0);
      g_assert_true (near_color (p, corridor_style_class_color (modes[i], cls), 2));
      cairo_surface_destroy (s);
    }
  g_assert_cmpuint (corridor_lane_segment_get_colour_class (shared, CORRIDOR_COLOUR_STATUS), ==,
                    CORRIDOR_STATUS_CONFIRMED);
  g_assert_cmpuint (corridor_lane_segment_get_colour_class (shared, CORRIDOR_COLOUR_ROLES), ==,
                    CORRIDOR_ROLE_SENDER);
  g_assert_cmpuint (corridor_lane_segment_get_colour_class (shared, CORRIDOR_COLOUR_OUTCOME), ==,
                    CORRIDOR_OUTCOME_DELIVERED);
}

/* The middle of the coloured run of an arc's stroke down column @x:
 * pixels that are neither sea nor the white casing. */
static gboolean
stroke_centre (cairo_surface_t *s, int x, int *y_out)
{
  int first = -1, last = -1;
  for (int y = 0; y < cairo_image_surface_get_height (s); y++)
    {
      Px p = pixel_at (s, x, y);
      if (near_color (p, &corridor_style_sea, 12) || (p.r > 235 && p.g > 235 && p.b > 235))
        continue;
      if (first < 0)
        first = y;
      last = y;
    }
  if (first < 0)
    return FALSE;
  *y_out = (first + last) / 2;
  return TRUE;
}

static void
test_highlight_pixels (void)
{
  g_autoptr (CorridorRenderer) r = corridor_renderer_new ();
  g_autoptr (GPtrArray) shipments = scene ();
  g_autoptr (GHashTable) routes = sea_routes ();
  g_autoptr (CorridorViewport) vp = viewport ();
  const CorridorRGBA *lane_colour;
  cairo_surface_t *s;

  corridor_renderer_set_flags (r, CORRIDOR_RENDER_CORRIDORS);
  corridor_renderer_set_colour_mode (r, CORRIDOR_COLOUR_STATUS);
  corridor_renderer_set_sea_routes (r, routes);
  corridor_renderer_set_scene (r, shipments, NULL);
  lane_colour = corridor_style_class_color (CORRIDOR_COLOUR_STATUS, CORRIDOR_STATUS_CONFIRMED);

  /* Nothing highlighted: the bundle's colour. */
  g_assert_null (corridor_renderer_get_highlight (r));
  s = corridor_renderer_render_image (r, vp);
  g_assert_true (near_color (lane_midpoint (s, vp, -30, 20, -10, 40, 0), lane_colour, 2));
  cairo_surface_destroy (s);

  /* The light transit corridor selected: drawn over its bundle, in the
   * highlight colour on a dark casing, along its own path only. */
  const char *keys[] = { "ECGYE>ESALG>BEANR", NULL };
  corridor_renderer_set_highlight (r, keys);
  g_assert_cmpstr (corridor_renderer_get_highlight (r)[0], ==, "ECGYE>ESALG>BEANR");
  s = corridor_renderer_render_image (r, vp);
  g_assert_true (near_color (lane_midpoint (s, vp, -30, 20, -10, 40, 0), &corridor_style_highlight, 2));
  g_assert_true (near_color (lane_midpoint (s, vp, -5.44, 36.13, 4.31, 51.28, 0),
                             &corridor_style_highlight, 2));
  /* On each side of the yellow core, within a few pixels, its dark casing. */
  for (int dir = -1; dir <= 1; dir += 2)
    {
      int d = 0;
      while (abs (d) < 8 && near_color (lane_midpoint (s, vp, -30, 20, -10, 40, d),
                                        &corridor_style_highlight, 40))
        d += dir;
      g_assert_cmpint (abs (d), >=, 2);
      gboolean casing = FALSE;
      for (int k = 0; k < 3; k++)
        casing |= near_color (lane_midpoint (s, vp, -30, 20, -10, 40, d + dir * k),
                              &corridor_style_highlight_casing, 12);
      g_assert_true (casing);
    }
  /* BRSSZ>NLRTM (not selected) keeps the bundle's colours on its own legs. */
  g_assert_false (near_color (lane_midpoint (s, vp, -46.30, -23.96, -30, 20, 0),
                              &corridor_style_highlight, 40));
  cairo_surface_destroy (s);

  /* The highlight is drawn the same through Cairo on any surface. */
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 600);
  cairo_t *cr = cairo_create (img);
  corridor_renderer_draw (r, cr, vp);
  cairo_destroy (cr);
  g_assert_true (near_color (lane_midpoint (img, vp, -30, 20, -10, 40, 0), &corridor_style_highlight, 2));
  cairo_surface_destroy (img);

  /* Kept across scenes; cleared by NULL. */
  corridor_renderer_set_scene (r, shipments, NULL);
  g_assert_nonnull (corridor_renderer_get_highlight (r));
  corridor_renderer_set_highlight (r, NULL);
  g_assert_null (corridor_renderer_get_highlight (r));
  s = corridor_renderer_render_image (r, vp);
  g_assert_true (near_color (lane_midpoint (s, vp, -30, 20, -10, 40, 0), lane_colour, 2));
  cairo_surface_destroy (s);

  /* Arcs (no sea route): the highlighted one is yellow at its centre.
   * Alone in the scene, so its column holds no other stroke. */
  corridor_renderer_set_flags (r, CORRIDOR_RENDER_CORRIDORS | CORRIDOR_RENDER_STRAIGHT);
  g_ptr_array_remove_range (shipments, 0, 3);
  corridor_renderer_set_scene (r, shipments, NULL);
  double x0, x1, y;
  corridor_viewport_geo_to_pixel (vp, -46.30, -23.96, &x0, &y);
  corridor_viewport_geo_to_pixel (vp, 4.05, 51.95, &x1, &y);
  int column = (int) round ((x0 + x1) / 2), centre;
  s = corridor_renderer_render_image (r, vp);
  g_assert_true (stroke_centre (s, column, &centre));
  g_assert_false (near_color (pixel_at (s, column, centre), &corridor_style_highlight, 40));
  cairo_surface_destroy (s);
  const char *arc[] = { "BRSSZ>NLRTM", NULL };
  corridor_renderer_set_highlight (r, arc);
  s = corridor_renderer_render_image (r, vp);
  g_assert_true (stroke_centre (s, column, &centre));
  g_assert_true (near_color (pixel_at (s, column, centre), &corridor_style_highlight, 2));
  cairo_surface_destroy (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/corridors/aggregate-per-pair", test_aggregate_per_pair);
  g_test_add_func ("/corridors/aggregate-per-lane", test_aggregate_per_lane);
  g_test_add_func ("/corridors/colour-choice", test_colour_choice);
  g_test_add_func ("/corridors/colour-pixels", test_colour_pixels);
  g_test_add_func ("/corridors/highlight-pixels", test_highlight_pixels);
  return g_test_run ();
}
