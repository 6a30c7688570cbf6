/* test-gazetteer.c: the port gazetteer and text keys. Checks the bundled
 * maps/ports.tsv for well-formed, unique LOCODEs and alias keys, the lookups
 * analysts rely on, loader errors, and positions against the World Port Index. */

#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "corridor-error.h"
#include "corridor-gazetteer.h"
#include "corridor-text.h"

/* Where the (non-Caribbean) origin countries and the destination countries are. */
static const char * const south_america[] = {
  "AR", "BO", "BR", "CL", "CO", "EC", "GF", "GY", "PE", "PY", "SR", "UY", "VE", NULL
};
static const char * const central_caribbean[] = {
  "AG", "AW", "BB", "BQ", "BS", "BZ", "CR", "CU", "CW", "DM", "DO", "GD", "GP", "GT",
  "HN", "HT", "JM", "KN", "KY", "LC", "MQ", "MX", "NI", "PA", "PR", "SV", "SX", "TT",
  "VC", NULL
};
static const char * const europe[] = {
  "AL", "BE", "BG", "CY", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GI", "GR", "HR",
  "IE", "IS", "IT", "LT", "LV", "ME", "MT", "NL", "NO", "PL", "PT", "RO", "RU", "SE",
  "SI", "UA", NULL
};

static CorridorGazetteer *
bundled (void)
{
  g_autoptr (GError) error = NULL;
  CorridorGazetteer *gaz = corridor_gazetteer_get_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (gaz);
  return gaz;
}

/* Text keys ------------------------------------------------------------------ */

static void
assert_key (const char *text, const char *expected)
{
  g_autofree char *key = corridor_text_key (text);

  g_assert_cmpstr (key, ==, expected);
}

static void
test_text_key (void)
{
  assert_key ("  Antuérpia ", "antuerpia");
  assert_key ("ANTUÉRPIA", "antuerpia");
  assert_key ("Gdańsk", "gdansk");
  assert_key ("Port-Saïd", "port said");
  assert_key ("port  said.", "port said");
  assert_key ("R'dam", "r dam");
  assert_key ("Pointe-à-Pitre", "pointe a pitre");
  assert_key ("Øresund", "oresund");
  assert_key ("Æbeltoft", "aebeltoft");
  assert_key ("Œuvre", "oeuvre");
  assert_key ("Straße", "strasse");
  assert_key ("Świnoujście", "swinoujscie");
  assert_key ("Łódź", "lodz");
  assert_key ("Đakovo", "dakovo");
  assert_key ("Bandırma", "bandirma");
  assert_key ("İzmir", "izmir");
  assert_key ("Aliağa", "aliaga");
  assert_key ("Þórshöfn", "thorshofn");
  assert_key ("São Luís", "sao luis");
  assert_key ("Ｒｏｔｔｅｒｄａｍ", "rotterdam");  /* full-width: NFKD compatibility */
  assert_key ("Maasvlakte 2", "maasvlakte 2");
  assert_key ("BE ANR", "be anr");
  assert_key ("", "");
  assert_key (" -- ", "");
  assert_key (NULL, "");
  assert_key ("Ant\xff" "werp", "");        /* invalid UTF-8 */
  assert_key ("\xc3\x28", "");              /* truncated sequence */
}

static void
test_locode_normalize (void)
{
  char out[6];

  g_assert_true (corridor_locode_normalize ("BEANR", out));
  g_assert_cmpstr (out, ==, "BEANR");
  g_assert_true (corridor_locode_normalize ("be anr", out));
  g_assert_cmpstr (out, ==, "BEANR");
  g_assert_true (corridor_locode_normalize (" NL RTM ", out));
  g_assert_cmpstr (out, ==, "NLRTM");
  g_assert_true (corridor_locode_normalize ("ecgye", out));
  g_assert_cmpstr (out, ==, "ECGYE");
  g_assert_true (corridor_locode_normalize ("DEBR2", out));  /* digits 2-9 are valid */
  g_assert_cmpstr (out, ==, "DEBR2");

  g_assert_false (corridor_locode_normalize ("BE  ANR", out));
  g_assert_false (corridor_locode_normalize ("BEA NR", out));
  g_assert_false (corridor_locode_normalize ("BEAN1", out));  /* 0 and 1 are never used */
  g_assert_false (corridor_locode_normalize ("B1ANR", out));
  g_assert_false (corridor_locode_normalize ("BEANRX", out));
  g_assert_false (corridor_locode_normalize ("BEAN", out));
  g_assert_false (corridor_locode_normalize ("", out));
  g_assert_false (corridor_locode_normalize (NULL, out));
  g_assert_cmpstr (out, ==, "");
}

/* The bundled file ---------------------------------------------------------- */

static gpointer
get_default_thread (gpointer data G_GNUC_UNUSED)
{
  return corridor_gazetteer_get_default (NULL);
}

/* Run first: several threads race for the one-time load. */
static void
test_default_once (void)
{
  GThread *threads[8];
  CorridorGazetteer *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("gaz", get_default_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      CorridorGazetteer *gaz = g_thread_join (threads[i]);

      g_assert_nonnull (gaz);
      if (first == NULL)
        first = gaz;
      g_assert_true (gaz == first);
    }
  g_assert_true (bundled () == first);
}

static void
test_bundled_wellformed (void)
{
  CorridorGazetteer *gaz = bundled ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = corridor_gazetteer_get_n_ports (gaz);
  guint n_sa = 0, n_origin = 0, n_eu = 0;

  g_test_message ("%u ports in the bundled gazetteer", n);
  g_assert_cmpuint (n, >=, 250);

  for (guint i = 0; i < n; i++)
    {
      const CorridorPort *p = corridor_gazetteer_get_port (gaz, i);
      char norm[6];

      g_assert_nonnull (p);
      g_assert_cmpuint (strlen (p->locode), ==, 5);
      g_assert_true (corridor_locode_normalize (p->locode, norm));
      g_assert_cmpstr (norm, ==, p->locode);
      g_assert_true (g_hash_table_add (seen, p->locode));  /* unique */
      g_assert_cmpuint (strlen (p->country), ==, 2);
      g_assert_true (strncmp (p->country, p->locode, 2) == 0);
      g_assert_true (p->name != NULL && p->name[0] != '\0');
      g_assert_cmpfloat (fabs (p->lat), <=, 90.0);
      g_assert_cmpfloat (fabs (p->lon), <=, 180.0);
      g_assert_true (corridor_gazetteer_lookup_locode (gaz, p->locode) == p);

      if (g_strv_contains (south_america, p->country))
        n_sa++, n_origin++;
      else if (g_strv_contains (central_caribbean, p->country))
        n_origin++;
      else if (g_strv_contains (europe, p->country))
        n_eu++;
    }

  g_test_message ("%u South American, %u origin (incl. Central America/Caribbean), %u European",
                  n_sa, n_origin, n_eu);
  g_assert_cmpuint (n_sa, >=, 10);
  g_assert_cmpuint (n_origin, >=, 60);
  g_assert_cmpuint (n_eu, >=, 60);
}

/* Every key (LOCODE, name, alias) must lead to one port only, and no alias may
 * be shaped like another port's LOCODE, or lookups would depend on order. */
static void
test_bundled_unique_keys (void)
{
  CorridorGazetteer *gaz = bundled ();
  g_autoptr (GHashTable) owner = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = corridor_gazetteer_get_n_ports (gaz);
  guint clashes = 0;

  for (guint i = 0; i < n; i++)
    {
      const CorridorPort *p = corridor_gazetteer_get_port (gaz, i);
      g_autoptr (GPtrArray) texts = g_ptr_array_new ();

      g_ptr_array_add (texts, p->locode);
      g_ptr_array_add (texts, p->name);
      for (guint j = 0; p->aliases != NULL && p->aliases[j] != NULL; j++)
        g_ptr_array_add (texts, p->aliases[j]);

      for (guint j = 0; j < texts->len; j++)
        {
          const char *text = g_ptr_array_index (texts, j);
          g_autofree char *key = corridor_text_key (text);
          const CorridorPort *other;
          char norm[6];

          g_assert_cmpstr (key, !=, "");
          other = g_hash_table_lookup (owner, key);
          if (other != NULL && other != p)
            {
              g_test_message ("key \"%s\" (%s) is on both %s and %s",
                              key, text, other->locode, p->locode);
              clashes++;
            }
          else
            g_hash_table_insert (owner, g_strdup (key), (gpointer) p);

          if (corridor_locode_normalize (text, norm)
              && corridor_gazetteer_lookup_locode (gaz, norm) != NULL
              && corridor_gazetteer_lookup_locode (gaz, norm) != p)
            {
              g_test_message ("alias \"%s\" of %s is the LOCODE of another port", text, p->locode);
              clashes++;
            }

          /* Every text must find its own port. */
          if (corridor_gazetteer_lookup (gaz, text) != p)
            {
              g_test_message ("\"%s\" of %s does not find its port", text, p->locode);
              clashes++;
            }
        }
    }
  g_assert_cmpuint (clashes, ==, 0);
}

static void
assert_lookup (CorridorGazetteer *gaz, const char *text, const char *locode)
{
  const CorridorPort *p = corridor_gazetteer_lookup (gaz, text);

  if (locode == NULL)
    {
      g_assert_null (p);
      return;
    }
  g_assert_nonnull (p);
  g_assert_cmpstr (p->locode, ==, locode);
}

static void
test_bundled_lookups (void)
{
  CorridorGazetteer *gaz = bundled ();
  const char * const european[] = { "BEANR", "NLRTM", "DEHAM", "ESALG", "ESVLC", "FRLEH",
                                    "PTLIS", "ITGIT", "GBFXT", "PLGDN", "GRPIR", NULL };
  const char * const south_american[] = { "ECGYE", "ECPSJ", "ECPBO", "COCTG", "COBUN",
                                          "BRSSZ", "BRPNG", "PECLL", "ARBUE", "UYMVD",
                                          "PYASU", "VEPBL", NULL };

  assert_lookup (gaz, "Amberes", "BEANR");
  assert_lookup (gaz, "ANTUÉRPIA", "BEANR");
  assert_lookup (gaz, "antwerpen", "BEANR");
  assert_lookup (gaz, "BE ANR", "BEANR");
  assert_lookup (gaz, "beanr", "BEANR");
  assert_lookup (gaz, "Deurganckdok", "BEANR");
  assert_lookup (gaz, "Róterdam", "NLRTM");
  assert_lookup (gaz, "rotterdam", "NLRTM");
  assert_lookup (gaz, "Maasvlakte 2", "NLRTM");
  assert_lookup (gaz, "gdansk", "PLGDN");
  assert_lookup (gaz, "Danzig", "PLGDN");
  assert_lookup (gaz, "guayaquil", "ECGYE");
  assert_lookup (gaz, "GYE", "ECGYE");
  assert_lookup (gaz, "EC GYE", "ECGYE");
  assert_lookup (gaz, "Cartagena", "COCTG");
  assert_lookup (gaz, "Cartagena (Spain)", "ESCAR");
  assert_lookup (gaz, "Manzanillo", "MXZLO");
  assert_lookup (gaz, "Tanger Med", "MAPTM");
  assert_lookup (gaz, "Tanger-Med", "MAPTM");
  assert_lookup (gaz, "Tánger", "MATNG");
  assert_lookup (gaz, "hamburgo", "DEHAM");
  assert_lookup (gaz, "Le Havre", "FRLEH");
  assert_lookup (gaz, "Sevilla", "ESSVQ");
  assert_lookup (gaz, "Leixões", "PTLEI");
  assert_lookup (gaz, "İzmir", "TRIZM");
  assert_lookup (gaz, "Odessa", "UAODS");
  assert_lookup (gaz, "Vlissingen", "NLVLI");
  assert_lookup (gaz, "Flushing", "NLVLI");

  assert_lookup (gaz, "Atlantis", NULL);
  assert_lookup (gaz, "ZZZZZ", NULL);
  assert_lookup (gaz, "Antwerp harbour basin 7", NULL);  /* exact, never fuzzy */
  assert_lookup (gaz, "", NULL);
  assert_lookup (gaz, "Ant\xff", NULL);
  assert_lookup (gaz, NULL, NULL);
  g_assert_null (corridor_gazetteer_lookup_locode (gaz, "Antwerp"));

  for (guint i = 0; european[i] != NULL; i++)
    g_assert_nonnull (corridor_gazetteer_lookup_locode (gaz, european[i]));
  for (guint i = 0; south_american[i] != NULL; i++)
    g_assert_nonnull (corridor_gazetteer_lookup_locode (gaz, south_american[i]));
}

/* Loading errors and additions ---------------------------------------------- */

static void
assert_load_fails (const char *contents, const char *line_tag)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorGazetteer) gaz = corridor_gazetteer_new ();
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  int fd;

  fd = g_file_open_tmp ("corridor-ports-XXXXXX.tsv", &path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);

  g_assert_false (corridor_gazetteer_load_file (gaz, path, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT);
  expected = g_strdup_printf ("%s:%s:", path, line_tag);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, expected));
  /* A refused file adds nothing. */
  g_assert_cmpuint (corridor_gazetteer_get_n_ports (gaz), ==, 0);

  g_unlink (path);
}

#define GOOD "# comment\nBEANR\tAntwerp\tBE\t51.2700\t4.3400\tAntwerpen|Anvers\n\n"

static void
test_load_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorGazetteer) gaz = corridor_gazetteer_new ();

  assert_load_fails (GOOD "NLRTM\tRotterdam\tNL\t51.9\n", "4");
  assert_load_fails (GOOD "NLRTM\tRotterdam\tNL\t51.9\t4.2\tx\textra\n", "4");
  assert_load_fails (GOOD "NL RTM\tRotterdam\tNL\t51.9\t4.2\t\n", "4");
  assert_load_fails (GOOD "NLRT1\tRotterdam\tNL\t51.9\t4.2\t\n", "4");
  assert_load_fails (GOOD "NLRTM\tRotterdam\tNL\t91.0\t4.2\t\n", "4");
  assert_load_fails (GOOD "NLRTM\tRotterdam\tNL\t51.9\t-180.5\t\n", "4");
  assert_load_fails (GOOD "NLRTM\tRotterdam\tNL\tnorth\t4.2\t\n", "4");
  assert_load_fails (GOOD "NLRTM\tRotterdam\tNL\t51.9\t4.2east\t\n", "4");
  assert_load_fails (GOOD "NLRTM\tRotterdam\tNL\tnan\t4.2\t\n", "4");
  assert_load_fails (GOOD "NLRTM\tRotterdam\tBE\t51.9\t4.2\t\n", "4");
  assert_load_fails (GOOD "NLRTM\t\tNL\t51.9\t4.2\t\n", "4");
  assert_load_fails ("BEANR\tAntwerp\tBE\t51.27\t4.34\t\nBEANR\tAntwerp\tBE\t51.27\t4.34\t\n", "2");

  g_assert_false (corridor_gazetteer_load_file (gaz, "/nonexistent/ports.tsv", &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO);
}

static void
test_add_port (void)
{
  g_autoptr (CorridorGazetteer) gaz = corridor_gazetteer_new ();
  const char * const aliases[] = { "Puerto Nuevo X", "PNX", NULL };
  const char * const aliases2[] = { "Puerto Viejo X", NULL };
  g_autoptr (CorridorPort) port = corridor_port_new ("XXPNX", "Nueva Port", "XX", 1.5, -2.5, aliases);
  g_autoptr (CorridorPort) moved = corridor_port_new ("xx pnx", "Nueva Port", "XX", 1.6, -2.6, aliases2);
  const CorridorPort *p;

  corridor_gazetteer_add_port (gaz, port);
  g_assert_cmpuint (corridor_gazetteer_get_n_ports (gaz), ==, 1);
  p = corridor_gazetteer_lookup (gaz, "puerto nuevo x");
  g_assert_nonnull (p);
  g_assert_true (p != port);  /* the gazetteer keeps its own copy */
  g_assert_cmpstr (p->locode, ==, "XXPNX");
  g_assert_true (corridor_gazetteer_lookup (gaz, "pnx") == p);

  /* Same LOCODE again: replaces, position and count unchanged. */
  corridor_gazetteer_add_port (gaz, moved);
  g_assert_cmpuint (corridor_gazetteer_get_n_ports (gaz), ==, 1);
  p = corridor_gazetteer_lookup (gaz, "XXPNX");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->locode, ==, "XXPNX");
  g_assert_cmpfloat_with_epsilon (p->lat, 1.6, 1e-9);
  g_assert_true (corridor_gazetteer_lookup (gaz, "Puerto Viejo X") == p);
  g_assert_null (corridor_gazetteer_lookup (gaz, "Puerto Nuevo X"));
}

/* World Port Index cross-check ------------------------------------------------ */

static double
haversine_km (double lat1, double lon1, double lat2, double lon2)
{
  const double r = 6371.0088;
  double p1 = lat1 * G_PI / 180.0, p2 = lat2 * G_PI / 180.0;
  double dp = (lat2 - lat1) * G_PI / 180.0, dl = (lon2 - lon1) * G_PI / 180.0;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2.0 * r * asin (MIN (1.0, sqrt (a)));
}

/* RFC 4180: quoted fields may hold commas, "" and line breaks; rows end in
 * CRLF or LF. Returns an array of GStrv rows. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;
  gboolean any = FALSE;
  const char *p = text;

  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;

  for (; *p != '\0'; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, c);
          continue;
        }

      if (c == '"')
        {
          quoted = TRUE;
          any = TRUE;
        }
      else if (c == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          any = TRUE;
        }
      else if (c == '\r' && p[1] == '\n')
        continue;
      else if (c == '\n')
        {
          if (any || field->len > 0)
            {
              g_ptr_array_add (row, g_strdup (field->str));
              g_ptr_array_add (row, NULL);
              g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
              g_ptr_array_unref (row);
              row = g_ptr_array_new_with_free_func (g_free);
            }
          g_string_truncate (field, 0);
          any = FALSE;
        }
      else
        g_string_append_c (field, c);
    }
  if (any || field->len > 0)
    {
      g_ptr_array_add (row, g_strdup (field->str));
      g_ptr_array_add (row, NULL);
      g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
    }
  return rows;
}

static void
test_csv_parser (void)
{
  g_autoptr (GPtrArray) rows = parse_csv ("\xEF\xBB\xBF" "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
                                          "1,\"two\r\nlines\",\r\n");
  char **r0, **r1;

  g_assert_cmpuint (rows->len, ==, 2);
  r0 = g_ptr_array_index (rows, 0);
  r1 = g_ptr_array_index (rows, 1);
  g_assert_cmpuint (g_strv_length (r0), ==, 3);
  g_assert_cmpstr (r0[0], ==, "a");
  g_assert_cmpstr (r0[1], ==, "b,c");
  g_assert_cmpstr (r0[2], ==, "say \"hi\"");
  g_assert_cmpuint (g_strv_length (r1), ==, 3);
  g_assert_cmpstr (r1[1], ==, "two\r\nlines");
  g_assert_cmpstr (r1[2], ==, "");
}

static int
column (char **header, const char *name)
{
  for (int i = 0; header[i] != NULL; i++)
    if (strcmp (header[i], name) == 0)
      return i;
  return -1;
}

static void
test_wpi_positions (void)
{
  const char *shared = g_getenv ("CORRIDOR_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GHashTable) nearest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  CorridorGazetteer *gaz = bundled ();
  char **header;
  int c_name, c_code, c_lat, c_lon;
  guint matched = 0, far = 0, n;

  if (shared == NULL)
    {
      g_test_skip ("CORRIDOR_SHARED_DATA is not set: no World Port Index to compare with");
      return;
    }
  path = g_build_filename (shared, "wpi", "UpdatedPub150.csv", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *msg = g_strdup_printf ("%s is absent: World Port Index check skipped", path);

      g_test_skip (msg);
      return;
    }
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  rows = parse_csv (contents);
  g_assert_cmpuint (rows->len, >, 1000);
  header = g_ptr_array_index (rows, 0);
  c_name = column (header, "Main Port Name");
  c_code = column (header, "UN/LOCODE");
  c_lat = column (header, "Latitude");
  c_lon = column (header, "Longitude");
  g_assert_cmpint (c_name, >=, 0);
  g_assert_cmpint (c_code, >=, 0);
  g_assert_cmpint (c_lat, >=, 0);
  g_assert_cmpint (c_lon, >=, 0);

  /* One LOCODE can appear on several WPI entries; the closest one counts. */
  for (guint i = 1; i < rows->len; i++)
    {
      char **r = g_ptr_array_index (rows, i);
      guint len = g_strv_length (r);
      char code[6];
      const CorridorPort *p;
      double lat, lon, d;
      double *best;

      if ((guint) MAX (MAX (c_code, c_lat), c_lon) >= len)
        continue;
      if (!corridor_locode_normalize (r[c_code], code))
        continue;
      p = corridor_gazetteer_lookup_locode (gaz, code);
      if (p == NULL)
        continue;
      lat = g_ascii_strtod (r[c_lat], NULL);
      lon = g_ascii_strtod (r[c_lon], NULL);
      d = haversine_km (p->lat, p->lon, lat, lon);
      best = g_hash_table_lookup (nearest, code);
      if (best == NULL)
        {
          best = g_new (double, 1);
          *best = d;
          g_hash_table_insert (nearest, g_strdup (code), best);
        }
      else if (d < *best)
        *best = d;
      if (d > 15.0)
        g_test_message ("WPI %s \"%s\" at %.4f,%.4f is %.1f km from ours",
                        code, r[c_name], lat, lon, d);
    }

  n = corridor_gazetteer_get_n_ports (gaz);
  for (guint i = 0; i < n; i++)
    {
      const CorridorPort *p = corridor_gazetteer_get_port (gaz, i);
      double *best = g_hash_table_lookup (nearest, p->locode);

      if (best == NULL)
        {
          g_test_message ("not in the World Port Index: %s %s", p->locode, p->name);
          continue;
        }
      matched++;
      if (*best > 15.0)
        {
          g_test_message ("FAR: %s %s is %.1f km from the World Port Index", p->locode, p->name, *best);
          far++;
        }
    }

  g_test_message ("%u of %u LOCODEs matched in the World Port Index; %u more than 15 km off",
                  matched, n, far);
  g_assert_cmpuint (matched, >=, n / 2);
  g_assert_cmpuint (far, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gazetteer/default-once", test_default_once);
  g_test_add_func ("/gazetteer/text-key", test_text_key);
  g_test_add_func ("/gazetteer/locode-normalize", test_locode_normalize);
  g_test_add_func ("/gazetteer/bundled/wellformed", test_bundled_wellformed);
  g_test_add_func ("/gazetteer/bundled/unique-keys", test_bundled_unique_keys);
  g_test_add_func ("/gazetteer/bundled/lookups", test_bundled_lookups);
  g_test_add_func ("/gazetteer/load-errors", test_load_errors);
  g_test_add_func ("/gazetteer/add-port", test_add_port);
  g_test_add_func ("/gazetteer/csv-parser", test_csv_parser);
  g_test_add_func ("/gazetteer/wpi-positions", test_wpi_positions);

  return g_test_run ();
}
