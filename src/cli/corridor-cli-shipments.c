/* corridor-cli-shipments.c: `corridor shipments CASE [FILTERS] [--leads]
 * [--format json|csv|geojson]` (FORMATS.md §4). JSON exactly as the contract
 * shows (unknown values null or [], never guessed), CSV one plain RFC 4180
 * row per shipment, GeoJSON through the exporter along sea routes. Read-only:
 * the case is never created nor written. */
#include "corridor-cli.h"
#include "corridor-export.h"
#include "corridor-json-writer.h"
#include "corridor-routing.h"

#include <math.h>
#include <stdio.h>
#include <string.h>


static void
add_number (CorridorJsonWriter *b, const char *name, double v)
{
  corridor_json_writer_member (b, name);
  if (isnan (v))
    corridor_json_writer_null (b);
  else if (v == floor (v) && fabs (v) < 1e15)
    corridor_json_writer_int (b, (gint64) v);
  else
    corridor_json_writer_double (b, v);
}

static void
add_string (CorridorJsonWriter *b, const char *name, const char *v)
{
  corridor_json_writer_member (b, name);
  if (v == NULL)
    corridor_json_writer_null (b);
  else
    corridor_json_writer_string (b, v);
}

/* "vessel": {"name", "imo"}, or null when neither is known. */
static void
add_vessel (CorridorJsonWriter *b, const char *name, const char *imo)
{
  corridor_json_writer_member (b, "vessel");
  if (name == NULL && imo == NULL)
    {
      corridor_json_writer_null (b);
      return;
    }
  corridor_json_writer_begin_object (b);
  add_string (b, "name", name);
  add_string (b, "imo", imo);
  corridor_json_writer_end_object (b);
}

static void
add_strv (CorridorJsonWriter *b, const char *name, char **v)
{
  corridor_json_writer_member (b, name);
  corridor_json_writer_begin_array (b);
  for (guint i = 0; v != NULL && v[i] != NULL; i++)
    corridor_json_writer_string (b, v[i]);
  corridor_json_writer_end_array (b);
}

static void
add_port (CorridorJsonWriter *b, const char *name, const char *locode, const char *port_name,
          double lat, double lon)
{
  if (name != NULL)
    corridor_json_writer_member (b, name);
  if (locode == NULL)
    {
      corridor_json_writer_null (b);
      return;
    }
  corridor_json_writer_begin_object (b);
  add_string (b, "locode", locode);
  add_string (b, "name", port_name);
  add_number (b, "lat", lat);
  add_number (b, "lon", lon);
  corridor_json_writer_end_object (b);
}

static double
round2 (double v)
{
  return round (v * 100.0) / 100.0;
}

/* Review additions beyond FORMATS.md's shape (README, CLI): the analyst's
 * Admiralty "grade" (or null) and "notes" [{ts, user, text}]. */
static void
add_review (CorridorJsonWriter *b, const CorridorReview *review)
{
  add_string (b, "grade", review != NULL ? review->grade : NULL);
  corridor_json_writer_member (b, "notes");
  corridor_json_writer_begin_array (b);
  for (guint k = 0; review != NULL && k < review->notes->len; k++)
    {
      const CorridorReviewNote *n = g_ptr_array_index (review->notes, k);

      corridor_json_writer_begin_object (b);
      add_string (b, "ts", n->ts);
      add_string (b, "user", n->os_user);
      add_string (b, "text", n->text);
      corridor_json_writer_end_object (b);
    }
  corridor_json_writer_end_array (b);
}

static char *
shipments_json (GPtrArray *shipments, GHashTable *reviews)
{
  g_autoptr(CorridorJsonWriter) b = corridor_json_writer_new ();

  corridor_json_writer_begin_object (b);
  corridor_json_writer_member (b, "shipments");
  corridor_json_writer_begin_array (b);
  for (guint i = 0; i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      const CorridorStop *o = corridor_shipment_origin (s), *d = corridor_shipment_destination (s);

      corridor_json_writer_begin_object (b);
      add_string (b, "id", s->id);
      add_port (b, "origin", o->locode, o->name, o->lat, o->lon);
      corridor_json_writer_member (b, "transit");
      corridor_json_writer_begin_array (b);
      for (guint k = 1; k + 1 < s->n_stops; k++)
        add_port (b, NULL, s->stops[k].locode, s->stops[k].name, s->stops[k].lat, s->stops[k].lon);
      corridor_json_writer_end_array (b);
      add_port (b, "destination", d->locode, d->name, d->lat, d->lon);
      add_string (b, "departed", s->departed);
      add_string (b, "arrived", s->arrived);
      add_number (b, "quantity_kg", s->quantity_kg);
      add_strv (b, "containers", s->containers);
      add_vessel (b, s->vessel_name, s->vessel_imo);
      add_string (b, "concealment", s->concealment);
      add_string (b, "outcome", corridor_outcome_to_string (s->outcome));
      corridor_json_writer_member (b, "actors");
      corridor_json_writer_begin_array (b);
      for (guint k = 0; s->actors != NULL && k < s->actors->len; k++)
        {
          const CorridorShipmentActor *a = g_ptr_array_index (s->actors, k);
          corridor_json_writer_begin_object (b);
          add_string (b, "handle", a->handle);
          add_string (b, "role", corridor_role_to_string (a->role));
          corridor_json_writer_end_object (b);
        }
      corridor_json_writer_end_array (b);
      add_number (b, "confidence", round2 (s->confidence));
      add_string (b, "status", corridor_status_to_string (s->status));
      add_strv (b, "evidence", s->evidence);
      add_review (b, reviews != NULL ? g_hash_table_lookup (reviews, s->id) : NULL);
      corridor_json_writer_end_object (b);
    }
  corridor_json_writer_end_array (b);
  corridor_json_writer_end_object (b);
  return corridor_json_writer_steal (b, NULL);
}

static char *
leads_json (GPtrArray *leads)
{
  g_autoptr(CorridorJsonWriter) b = corridor_json_writer_new ();

  corridor_json_writer_begin_object (b);
  corridor_json_writer_member (b, "leads");
  corridor_json_writer_begin_array (b);
  for (guint i = 0; i < leads->len; i++)
    {
      const CorridorLead *l = g_ptr_array_index (leads, i);

      corridor_json_writer_begin_object (b);
      add_string (b, "id", l->id);
      add_port (b, "port", l->locode, l->name, l->lat, l->lon);
      add_string (b, "port_role", l->port_role);
      add_string (b, "date", l->date);
      add_number (b, "quantity_kg", l->quantity_kg);
      add_strv (b, "containers", l->containers);
      add_vessel (b, l->vessel_name, l->vessel_imo);
      add_string (b, "concealment", l->concealment);
      add_string (b, "outcome", corridor_outcome_to_string (l->outcome));
      add_number (b, "confidence", round2 (l->confidence));
      add_strv (b, "evidence", l->evidence);
      corridor_json_writer_end_object (b);
    }
  corridor_json_writer_end_array (b);
  corridor_json_writer_end_object (b);
  return corridor_json_writer_steal (b, NULL);
}

/* RFC 4180: quote when needed, double the quotes. */
static void
csv_field (GString *out, const char *v, gboolean last)
{
  if (v != NULL)
    {
      if (strpbrk (v, ",\"\r\n") != NULL)
        {
          g_string_append_c (out, '"');
          for (const char *c = v; *c != '\0'; c++)
            {
              if (*c == '"')
                g_string_append_c (out, '"');
              g_string_append_c (out, *c);
            }
          g_string_append_c (out, '"');
        }
      else
        g_string_append (out, v);
    }
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_number (GString *out, double v, gboolean last)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    csv_field (out, NULL, last);
  else if (v == floor (v) && fabs (v) < 1e15)
    {
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, (gint64) v);
      csv_field (out, buf, last);
    }
  else
    {
      g_ascii_formatd (buf, sizeof buf, "%.6g", v);
      csv_field (out, buf, last);
    }
}

static char *
join_strv (char **v)
{
  return v != NULL ? g_strjoinv (";", v) : g_strdup ("");
}

static char *
shipments_csv (GPtrArray *shipments)
{
  GString *out = g_string_new ("id,origin_locode,origin_name,origin_lat,origin_lon,transit_locodes,"
                               "destination_locode,destination_name,destination_lat,destination_lon,"
                               "departed,arrived,quantity_kg,containers,vessel_name,vessel_imo,"
                               "concealment,outcome,actors,confidence,status,evidence\r\n");

  for (guint i = 0; i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      const CorridorStop *o = corridor_shipment_origin (s), *d = corridor_shipment_destination (s);
      g_autoptr(GString) transit = g_string_new (NULL);
      g_autoptr(GString) actors = g_string_new (NULL);
      g_autofree char *containers = join_strv (s->containers);
      g_autofree char *evidence = join_strv (s->evidence);

      for (guint k = 1; k + 1 < s->n_stops; k++)
        g_string_append_printf (transit, "%s%s", k > 1 ? ";" : "", s->stops[k].locode);
      for (guint k = 0; s->actors != NULL && k < s->actors->len; k++)
        {
          const CorridorShipmentActor *a = g_ptr_array_index (s->actors, k);
          const char *role = corridor_role_to_string (a->role);

          /* No role known (a shipment made by hand): the handle alone. */
          g_string_append_printf (actors, "%s%s%s%s", k > 0 ? ";" : "", a->handle,
                                  role != NULL ? ":" : "", role != NULL ? role : "");
        }
      csv_field (out, s->id, FALSE);
      csv_field (out, o->locode, FALSE);
      csv_field (out, o->name, FALSE);
      csv_number (out, o->lat, FALSE);
      csv_number (out, o->lon, FALSE);
      csv_field (out, transit->str, FALSE);
      csv_field (out, d->locode, FALSE);
      csv_field (out, d->name, FALSE);
      csv_number (out, d->lat, FALSE);
      csv_number (out, d->lon, FALSE);
      csv_field (out, s->departed, FALSE);
      csv_field (out, s->arrived, FALSE);
      csv_number (out, s->quantity_kg, FALSE);
      csv_field (out, containers, FALSE);
      csv_field (out, s->vessel_name, FALSE);
      csv_field (out, s->vessel_imo, FALSE);
      csv_field (out, s->concealment, FALSE);
      csv_field (out, corridor_outcome_to_string (s->outcome), FALSE);
      csv_field (out, actors->str, FALSE);
      csv_number (out, round2 (s->confidence), FALSE);
      csv_field (out, corridor_status_to_string (s->status), FALSE);
      csv_field (out, evidence, TRUE);
    }
  return g_string_free (out, FALSE);
}

static char *
leads_csv (GPtrArray *leads)
{
  GString *out = g_string_new ("id,locode,name,lat,lon,port_role,date,quantity_kg,containers,"
                               "vessel_name,vessel_imo,concealment,outcome,confidence,evidence\r\n");

  for (guint i = 0; i < leads->len; i++)
    {
      const CorridorLead *l = g_ptr_array_index (leads, i);
      g_autofree char *containers = join_strv (l->containers);
      g_autofree char *evidence = join_strv (l->evidence);

      csv_field (out, l->id, FALSE);
      csv_field (out, l->locode, FALSE);
      csv_field (out, l->name, FALSE);
      csv_number (out, l->lat, FALSE);
      csv_number (out, l->lon, FALSE);
      csv_field (out, l->port_role, FALSE);
      csv_field (out, l->date, FALSE);
      csv_number (out, l->quantity_kg, FALSE);
      csv_field (out, containers, FALSE);
      csv_field (out, l->vessel_name, FALSE);
      csv_field (out, l->vessel_imo, FALSE);
      csv_field (out, l->concealment, FALSE);
      csv_field (out, corridor_outcome_to_string (l->outcome), FALSE);
      csv_number (out, round2 (l->confidence), FALSE);
      csv_field (out, evidence, TRUE);
    }
  return g_string_free (out, FALSE);
}

int
corridor_cli_shipments (int argc, char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *doc = NULL;
  gboolean leads = FALSE;
  CorridorCliFilterArgs fargs = { 0 };
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "json (default), csv or geojson", "FORMAT" },
    { "leads", 0, 0, G_OPTION_ARG_NONE, &leads, "List leads (findings with one known port) instead", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CASE — list the shipments");
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(CorridorFilter) filter = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  int status = CORRIDOR_EXIT_USAGE;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, corridor_cli_filter_group (&fargs));
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      corridor_cli_error ("%s", error->message);
      goto done;
    }
  if (argc != 2)
    {
      corridor_cli_error ("shipments: expected one CASE");
      goto done;
    }
  if (format == NULL)
    format = g_strdup ("json");
  if (strcmp (format, "json") != 0 && strcmp (format, "csv") != 0 &&
      (strcmp (format, "geojson") != 0 || leads))
    {
      corridor_cli_error ("shipments: --format %s: expected json, csv%s", format,
                          leads ? "" : " or geojson");
      goto done;
    }
  status = corridor_cli_open ("shipments", argv[1], CORRIDOR_STORE_OPEN_READ_ONLY, &fargs,
                              &store, &filter);
  if (status != CORRIDOR_EXIT_OK)
    goto done;

  status = CORRIDOR_EXIT_USER;
  rows = leads ? corridor_store_list_leads (store, filter, &error)
               : corridor_store_query_shipments (store, filter, &error);
  if (rows == NULL)
    {
      corridor_cli_error ("shipments: %s", error->message);
      goto done;
    }
  if (strcmp (format, "json") == 0)
    {
      g_autoptr(GHashTable) reviews = leads ? NULL : corridor_store_list_reviews (store, &error);

      if (!leads && reviews == NULL)
        {
          corridor_cli_error ("shipments: %s", error->message);
          goto done;
        }
      doc = leads ? leads_json (rows) : shipments_json (rows, reviews);
    }
  else if (strcmp (format, "csv") == 0)
    doc = leads ? leads_csv (rows) : shipments_csv (rows);
  else
    {
      /* Sea routes from the case's cache (read-only: computed, not stored). */
      g_autoptr(GHashTable) routes = corridor_routing_resolve (store, rows, &error);
      if (routes == NULL)
        {
          corridor_cli_error ("shipments: %s", error->message);
          goto done;
        }
      doc = corridor_export_geojson (rows, routes, filter, argv[1], &error);
      if (doc == NULL)
        {
          corridor_cli_error ("shipments: %s", error->message);
          goto done;
        }
    }
  fputs (doc, stdout);
  if (strcmp (format, "csv") != 0)
    fputc ('\n', stdout);
  status = fflush (stdout) == 0 ? CORRIDOR_EXIT_OK : CORRIDOR_EXIT_USER;

done:
  corridor_cli_filter_args_clear (&fargs);
  return status;
}
