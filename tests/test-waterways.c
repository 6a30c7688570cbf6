/* test-waterways.c: the hand-modelled canals, straits and rivers in
 * maps/waterways.tsv that the sea router joins to its open-water graph.
 * Checks the documented format, that every open-water end is clear of
 * land-50m, that river chains reach the ports they claim to serve, and that
 * every gazetteer port too far inland for the router is served by a chain. */

#include <math.h>
#include <string.h>

#include "corridor-error.h"
#include "corridor-gazetteer.h"
#include "corridor-layer.h"
#include "corridor-projection.h"

/* Limits the format promises (documented at the top of maps/waterways.tsv). */
#define MAX_SEGMENT_KM     15.0  /* consecutive vertices */
#define END_CLEARANCE_KM    5.0  /* open-water ends: a circle this wide stays off land */
#define END_CIRCLE_SAMPLES 16
#define PORT_REACH_KM      10.0  /* a served port lies this close to some vertex */
#define INLAND_KM          15.0  /* a port farther than this from open water needs a chain */

typedef struct {
  char    *name;
  char    *kind;      /* "canal", "strait" or "river" */
  GStrv    ports;     /* LOCODEs, possibly empty */
  guint    n_points;
  double  *lon;
  double  *lat;
  guint    line;      /* 1-based line in the file, for messages */
} Waterway;

static void
waterway_free (Waterway *w)
{
  g_free (w->name);
  g_free (w->kind);
  g_strfreev (w->ports);
  g_free (w->lon);
  g_free (w->lat);
  g_free (w);
}

/* Parses one decimal number that must fill all of @text. */
static gboolean
parse_double (const char *text, double *out)
{
  char *end = NULL;

  if (*text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  return end != text && *end == '\0';
}

/* The format exactly as documented: '#' and blank lines ignored, otherwise
 * name TAB kind TAB ports TAB points, points "lon,lat;lon,lat;...". */
static GPtrArray *
parse_waterways (const char *text, GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) waterway_free);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      g_auto (GStrv) cols = NULL;
      g_auto (GStrv) pts = NULL;
      Waterway *w;
      guint n;

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';
      if (line[0] == '#' || line[0] == '\0')
        continue;

      cols = g_strsplit (line, "\t", -1);
      if (g_strv_length (cols) != 4)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_FAILED,
                       "line %u: %u columns, expected 4", i + 1, g_strv_length (cols));
          return NULL;
        }
      if (cols[0][0] == '\0' || cols[3][0] == '\0')
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_FAILED,
                       "line %u: empty name or points", i + 1);
          return NULL;
        }

      pts = g_strsplit (cols[3], ";", -1);
      n = g_strv_length (pts);
      w = g_new0 (Waterway, 1);
      w->name = g_strdup (cols[0]);
      w->kind = g_strdup (cols[1]);
      w->ports = cols[2][0] != '\0' ? g_strsplit (cols[2], "|", -1) : g_new0 (char *, 1);
      w->n_points = n;
      w->lon = g_new (double, n);
      w->lat = g_new (double, n);
      w->line = i + 1;
      g_ptr_array_add (out, w);

      for (guint k = 0; k < n; k++)
        {
          g_auto (GStrv) xy = g_strsplit (pts[k], ",", -1);

          if (g_strv_length (xy) != 2
              || !parse_double (xy[0], &w->lon[k]) || !parse_double (xy[1], &w->lat[k]))
            {
              g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_FAILED,
                           "line %u: bad point %u \"%s\"", i + 1, k + 1, pts[k]);
              return NULL;
            }
        }
    }
  return g_steal_pointer (&out);
}

/* Fixtures -------------------------------------------------------------------- */

static GPtrArray *
bundled_waterways (void)
{
  static GPtrArray *ways;

  if (ways == NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("CORRIDOR_MAPS_DIR"), "waterways.tsv", NULL);
      g_autofree char *text = NULL;
      g_autoptr (GError) error = NULL;

      g_file_get_contents (path, &text, NULL, &error);
      g_assert_no_error (error);
      ways = parse_waterways (text, &error);
      g_assert_no_error (error);
      g_assert_nonnull (ways);
    }
  return ways;
}

static CorridorLayer *
land_50m (void)
{
  static CorridorLayer *land;

  if (land == NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("CORRIDOR_MAPS_DIR"), "land-50m.shp", NULL);
      g_autoptr (GError) error = NULL;

      land = corridor_layer_load (path, &error);
      g_assert_no_error (error);
    }
  return land;
}

static CorridorGazetteer *
gazetteer (void)
{
  g_autoptr (GError) error = NULL;
  CorridorGazetteer *gaz = corridor_gazetteer_get_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (gaz);
  return gaz;
}

/* The point @km from (lon, lat) at bearing @angle (radians from east); a flat
 * local approximation, good to well under 1% at these distances. */
static void
offset_point (double lon, double lat, double km, double angle, double *out_lon, double *out_lat)
{
  *out_lat = lat + km / 111.195 * sin (angle);
  *out_lon = lon + km / (111.195 * cos (lat * G_PI / 180.0)) * cos (angle);
}

static gboolean
is_clear_of_land (CorridorLayer *land, double lon, double lat, double km)
{
  if (corridor_layer_contains (land, lon, lat))
    return FALSE;
  for (int i = 0; i < END_CIRCLE_SAMPLES; i++)
    {
      double x, y;

      offset_point (lon, lat, km, 2 * G_PI * i / END_CIRCLE_SAMPLES, &x, &y);
      if (corridor_layer_contains (land, x, y))
        return FALSE;
    }
  return TRUE;
}

/* Distance in km (to 0.5 km) from a point to the nearest sample outside
 * land-50m, searching rings out to @limit_km; G_MAXDOUBLE if none. Samples
 * on a ring are at most 0.5 km apart, so a water body that wide is found. */
static double
nearest_open_water_km (CorridorLayer *land, double lon, double lat, double limit_km)
{
  if (!corridor_layer_contains (land, lon, lat))
    return 0.0;
  for (double r = 0.5; r <= limit_km; r += 0.5)
    {
      int n = MAX (16, (int) ceil (2 * G_PI * r / 0.5));

      for (int i = 0; i < n; i++)
        {
          double x, y;

          offset_point (lon, lat, r, 2 * G_PI * i / n, &x, &y);
          if (!corridor_layer_contains (land, x, y))
            return r;
        }
    }
  return G_MAXDOUBLE;
}

static gboolean
is_kind (const char *kind, const char *want)
{
  return g_strcmp0 (kind, want) == 0;
}

/* Tests ------------------------------------------------------------------------ */

static void
test_parser_rejects (void)
{
  static const char * const bad[] = {
    "Kiel Canal\tcanal\t\n",                                     /* 3 columns */
    "Kiel Canal\tcanal\t\t9.1,53.8;10.2,54.4\textra\n",          /* 5 columns */
    "Kiel Canal\tcanal\t\t9.1,53.8;10.2\n",                       /* half a point */
    "Kiel Canal\tcanal\t\t9.1,53.8;10.2,54.4x\n",                 /* trailing junk */
    "Kiel Canal\tcanal\t\t9.1,53.8;;10.2,54.4\n",                 /* empty point */
    "\tcanal\t\t9.1,53.8;10.2,54.4\n",                           /* no name */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) ways = parse_waterways (bad[i], &error);

      g_assert_null (ways);
      g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_FAILED);
    }

  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) ways =
      parse_waterways ("# comment\n\nX\triver\tDEHAM|DEBRV\t9.9,53.5;8.4,53.9\r\n", &error);
    Waterway *w;

    g_assert_no_error (error);
    g_assert_cmpuint (ways->len, ==, 1);
    w = g_ptr_array_index (ways, 0);
    g_assert_cmpstr (w->kind, ==, "river");
    g_assert_cmpuint (g_strv_length (w->ports), ==, 2);
    g_assert_cmpuint (w->n_points, ==, 2);
    g_assert_cmpfloat_with_epsilon (w->lat[1], 53.9, 1e-12);
  }
}

static void
test_fields (void)
{
  GPtrArray *ways = bundled_waterways ();
  CorridorGazetteer *gaz = gazetteer ();
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_canal = 0, n_strait = 0, n_river = 0, n_vertices = 0;
  double total_km = 0;

  g_assert_cmpuint (ways->len, >, 0);
  for (guint i = 0; i < ways->len; i++)
    {
      Waterway *w = g_ptr_array_index (ways, i);

      if (!g_hash_table_add (names, w->name))
        g_error ("line %u: name \"%s\" used twice", w->line, w->name);

      if (is_kind (w->kind, "canal"))
        n_canal++;
      else if (is_kind (w->kind, "strait"))
        n_strait++;
      else if (is_kind (w->kind, "river"))
        n_river++;
      else
        g_error ("line %u (%s): kind \"%s\" is not canal, strait or river", w->line, w->name, w->kind);

      if (is_kind (w->kind, "river") && g_strv_length (w->ports) == 0)
        g_error ("line %u (%s): a river must serve at least one port", w->line, w->name);
      for (guint k = 0; w->ports[k] != NULL; k++)
        if (corridor_gazetteer_lookup_locode (gaz, w->ports[k]) == NULL)
          g_error ("line %u (%s): port \"%s\" is not in the gazetteer", w->line, w->name, w->ports[k]);

      g_assert_cmpuint (w->n_points, >=, 2);
      n_vertices += w->n_points;
      for (guint k = 0; k < w->n_points; k++)
        {
          g_assert_true (isfinite (w->lon[k]) && isfinite (w->lat[k]));
          g_assert_cmpfloat (fabs (w->lon[k]), <=, 180.0);
          g_assert_cmpfloat (fabs (w->lat[k]), <=, 90.0);
          if (k > 0)
            {
              double d = corridor_geo_distance_km (w->lat[k - 1], w->lon[k - 1], w->lat[k], w->lon[k]);

              if (d > MAX_SEGMENT_KM)
                g_error ("line %u (%s): vertices %u and %u are %.1f km apart (max %.0f)",
                         w->line, w->name, k, k + 1, d, MAX_SEGMENT_KM);
              total_km += d;
            }
        }
    }
  g_test_message ("%u waterways: %u canals, %u straits, %u rivers; %u vertices, %.0f km",
                  ways->len, n_canal, n_strait, n_river, n_vertices, total_km);
}

static void
test_open_water_ends (void)
{
  GPtrArray *ways = bundled_waterways ();
  CorridorLayer *land = land_50m ();
  guint n_ends = 0;

  for (guint i = 0; i < ways->len; i++)
    {
      Waterway *w = g_ptr_array_index (ways, i);
      guint last = w->n_points - 1;

      /* A river starts at its port and only its mouth must be at sea. */
      if (!is_kind (w->kind, "river"))
        {
          if (!is_clear_of_land (land, w->lon[0], w->lat[0], END_CLEARANCE_KM))
            g_error ("line %u (%s): first point %.4f,%.4f is not %.0f km clear of land-50m",
                     w->line, w->name, w->lon[0], w->lat[0], END_CLEARANCE_KM);
          n_ends++;
        }
      if (!is_clear_of_land (land, w->lon[last], w->lat[last], END_CLEARANCE_KM))
        g_error ("line %u (%s): last point %.4f,%.4f is not %.0f km clear of land-50m",
                 w->line, w->name, w->lon[last], w->lat[last], END_CLEARANCE_KM);
      n_ends++;
    }
  g_test_message ("%u open-water ends clear of land by %.0f km", n_ends, END_CLEARANCE_KM);
}

static double
nearest_vertex_km (const Waterway *w, const CorridorPort *port)
{
  double best = G_MAXDOUBLE;

  for (guint k = 0; k < w->n_points; k++)
    best = MIN (best, corridor_geo_distance_km (port->lat, port->lon, w->lat[k], w->lon[k]));
  return best;
}

static void
test_served_ports_reached (void)
{
  GPtrArray *ways = bundled_waterways ();
  CorridorGazetteer *gaz = gazetteer ();
  guint n_served = 0;

  for (guint i = 0; i < ways->len; i++)
    {
      Waterway *w = g_ptr_array_index (ways, i);

      for (guint k = 0; w->ports[k] != NULL; k++)
        {
          const CorridorPort *port = corridor_gazetteer_lookup_locode (gaz, w->ports[k]);
          double d = nearest_vertex_km (w, port);

          g_assert_nonnull (port);
          if (d > PORT_REACH_KM)
            g_error ("line %u (%s): %s is %.1f km from the nearest vertex (max %.0f)",
                     w->line, w->name, w->ports[k], d, PORT_REACH_KM);
          n_served++;
        }

      /* The chain starts at its furthest-upstream port. */
      if (is_kind (w->kind, "river"))
        {
          const CorridorPort *first = corridor_gazetteer_lookup_locode (gaz, w->ports[0]);
          double d = corridor_geo_distance_km (first->lat, first->lon, w->lat[0], w->lon[0]);

          if (d > PORT_REACH_KM)
            g_error ("line %u (%s): first point is %.1f km from %s (max %.0f)",
                     w->line, w->name, d, first->locode, PORT_REACH_KM);
        }
    }
  g_test_message ("%u port services, each within %.0f km of its chain", n_served, PORT_REACH_KM);
}

static void
test_required_present (void)
{
  static const char * const required[] = {
    "Panama Canal", "Suez Canal", "Kiel Canal",
    "Bosporus", "Dardanelles", "Strait of Messina", "Strait of Gibraltar",
    "Dover Strait", "Øresund", "Great Belt",
  };
  GPtrArray *ways = bundled_waterways ();

  for (guint r = 0; r < G_N_ELEMENTS (required); r++)
    {
      const Waterway *found = NULL;

      for (guint i = 0; i < ways->len && found == NULL; i++)
        {
          const Waterway *w = g_ptr_array_index (ways, i);

          if (strcmp (w->name, required[r]) == 0)
            found = w;
        }
      if (found == NULL)
        g_error ("waterway \"%s\" is missing", required[r]);
      g_assert_false (is_kind (found->kind, "river"));
    }
}

static gboolean
is_served (GPtrArray *ways, const char *locode)
{
  for (guint i = 0; i < ways->len; i++)
    {
      const Waterway *w = g_ptr_array_index (ways, i);

      if (g_strv_contains ((const char * const *) w->ports, locode))
        return TRUE;
    }
  return FALSE;
}

static void
test_inland_ports_served (void)
{
  GPtrArray *ways = bundled_waterways ();
  CorridorLayer *land = land_50m ();
  CorridorGazetteer *gaz = gazetteer ();
  guint n_inland = 0, n_served = 0;
  g_autoptr (GString) missing = g_string_new (NULL);

  for (guint i = 0; i < corridor_gazetteer_get_n_ports (gaz); i++)
    {
      const CorridorPort *port = corridor_gazetteer_get_port (gaz, i);
      gboolean served = is_served (ways, port->locode);

      n_served += served;
      if (nearest_open_water_km (land, port->lon, port->lat, INLAND_KM) <= INLAND_KM)
        continue;
      n_inland++;
      if (!served)
        g_string_append_printf (missing, " %s (%s)", port->locode, port->name);
    }
  g_test_message ("%u of %u ports lie over %.0f km from open water in land-50m; "
                  "%u ports are served by a waterway",
                  n_inland, corridor_gazetteer_get_n_ports (gaz), INLAND_KM, n_served);
  if (missing->len > 0)
    g_error ("inland ports served by no waterway:%s", missing->str);
  /* The check must have something to check: Asunción and Manaus are far inland. */
  g_assert_cmpuint (n_inland, >=, 10);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waterways/parser-rejects", test_parser_rejects);
  g_test_add_func ("/waterways/fields", test_fields);
  g_test_add_func ("/waterways/open-water-ends", test_open_water_ends);
  g_test_add_func ("/waterways/served-ports-reached", test_served_ports_reached);
  g_test_add_func ("/waterways/required-present", test_required_present);
  g_test_add_func ("/waterways/inland-ports-served", test_inland_ports_served);

  return g_test_run ();
}
