/* test-infer.c: inference scored against the synthetic corpus's ground truth
 * exactly as FORMATS.md §3 says (origin and destination LOCODEs equal, and
 * departed or arrived within ±4 days, pairs one to one; roles by majority),
 * plus stable ids, analysts' decisions, leads, decoys and the CLI contract. */
#include "corridor-infer.h"
#include "corridor-corpus.h"
#include "corridor-demo.h"
#include "corridor-store.h"
#include "corridor-test-score.h"

#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

typedef struct {
  char          *dir;
  char          *path;
  CorridorStore *store;
} Case;

static void
case_free (Case *c)
{
  g_clear_object (&c->store);
  if (c->path != NULL)
    {
      g_autofree char *wal = g_strconcat (c->path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (c->path, "-shm", NULL);
      g_unlink (c->path);
      g_unlink (wal);
      g_unlink (shm);
    }
  if (c->dir != NULL)
    g_rmdir (c->dir);
  g_free (c->path);
  g_free (c->dir);
  g_free (c);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Case, case_free)

static Case *
case_new (void)
{
  Case *c = g_new0 (Case, 1);
  g_autoptr(GError) error = NULL;

  c->dir = g_dir_make_tmp ("corridor-infer-XXXXXX", &error);
  g_assert_no_error (error);
  c->path = g_build_filename (c->dir, "case.corridor", NULL);
  c->store = corridor_store_open (c->path, CORRIDOR_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  return c;
}

static void
add_messages (Case *c, GPtrArray *messages, const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 source;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);

  g_assert_true (corridor_store_begin (c->store, &error));
  g_assert_true (corridor_store_add_source (c->store, name, sha, 1, "synthetic", "test",
                                            &source, NULL, &error));
  for (guint i = 0; i < messages->len; i++)
    g_assert_true (corridor_store_add_message (c->store, source, g_ptr_array_index (messages, i),
                                               &error));
  g_assert_true (corridor_store_commit (c->store, &error));
  g_assert_no_error (error);
}

static void
infer (Case *c, CorridorInferReport *report)
{
  g_autoptr(GError) error = NULL;

  gboolean ok = corridor_infer_case (c->store, NULL, NULL, NULL, NULL, report, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static Case *
corpus_case (guint32 seed, guint n, CorridorCorpus **out_corpus)
{
  g_autoptr(GError) error = NULL;
  CorridorCorpus *corpus = corridor_corpus_generate (seed, n, &error);
  Case *c;
  g_autofree char *name = g_strdup_printf ("corpus-%u-%u", seed, n);

  g_assert_no_error (error);
  c = case_new ();
  add_messages (c, corpus->messages, name);
  infer (c, NULL);
  *out_corpus = corpus;
  return c;
}

/* Scoring, FORMATS.md §3: score_case() in corridor-test-score.h. */

static void
check_score (guint32 seed, guint n)
{
  g_autoptr(CorridorCorpus) corpus = NULL;
  g_autoptr(Case) c = corpus_case (seed, n, &corpus);
  Score s = score_case (corpus, c->store);

  g_test_message ("seed %u, %u shipments: predicted %u, matched %u, precision %.3f, recall %.3f, "
                  "F1 %.3f, role accuracy %.3f", seed, n, s.predicted, s.matched, s.precision,
                  s.recall, s.f1, s.roles);
  printf ("# seed %u (%u shipments, %u messages): P %.3f R %.3f F1 %.3f roles %.3f\n", seed, n,
          corpus->messages->len, s.precision, s.recall, s.f1, s.roles);
  g_assert_cmpfloat (s.f1, >=, 0.95);
  g_assert_cmpfloat (s.roles, >=, 0.9);
}

static void
test_score_demo (void)
{
  check_score (CORRIDOR_DEMO_SEED, CORRIDOR_DEMO_SHIPMENTS);
}

static void
test_score_120 (void)
{
  check_score (7, 120);
}

static void
test_score_other (void)
{
  check_score (424242, 80);
}

/* ---------------------------------------------------------------------------
 * Stability and analysts' decisions
 * ------------------------------------------------------------------------- */

static char *
shipments_signature (CorridorStore *store)
{
  g_autoptr(GPtrArray) all = corridor_store_query_shipments (store, NULL, NULL);
  GString *sig = g_string_new (NULL);

  g_assert_nonnull (all);
  for (guint i = 0; i < all->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (all, i);
      g_string_append_printf (sig, "%s %s %s %s %s\n", s->id, corridor_shipment_origin (s)->locode,
                              corridor_shipment_destination (s)->locode,
                              s->departed ? s->departed : "-", s->arrived ? s->arrived : "-");
    }
  return g_string_free (sig, FALSE);
}

static void
exec (Case *c, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (c->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_stable_and_decided (void)
{
  g_autoptr(CorridorCorpus) corpus = NULL;
  g_autoptr(Case) c = corpus_case (CORRIDOR_DEMO_SEED, 24, &corpus);
  g_autofree char *first = shipments_signature (c->store);
  g_autofree char *second = NULL;
  g_autoptr(GPtrArray) before = corridor_store_query_shipments (c->store, NULL, NULL);
  g_autoptr(GPtrArray) after = NULL;
  const CorridorShipment *picked;
  g_autofree char *sql = NULL;
  gint64 n_before = corridor_store_count_shipments (c->store);

  g_assert_cmpuint (before->len, >, 5);
  infer (c, NULL);
  second = shipments_signature (c->store);
  g_assert_cmpstr (first, ==, second);

  /* An analyst confirms one shipment and corrects its vessel, and rejects
   * another: inference again keeps both exactly, and duplicates neither. */
  picked = g_ptr_array_index (before, 2);
  sql = g_strdup_printf ("UPDATE shipments SET status = 'confirmed', vessel_name = 'Analyst Fix' "
                         "WHERE id = '%s'; UPDATE shipments SET status = 'rejected' WHERE id = '%s';",
                         picked->id, ((CorridorShipment *) g_ptr_array_index (before, 3))->id);
  exec (c, sql);
  infer (c, NULL);
  g_assert_cmpint (corridor_store_count_shipments (c->store), ==, n_before);
  after = corridor_store_query_shipments (c->store, NULL, NULL);
  {
    gboolean found = FALSE;
    for (guint i = 0; i < after->len; i++)
      {
        const CorridorShipment *s = g_ptr_array_index (after, i);
        g_assert_cmpstr (s->id, !=, ((CorridorShipment *) g_ptr_array_index (before, 3))->id);
        if (g_str_equal (s->id, picked->id))
          {
            found = TRUE;
            g_assert_cmpint (s->status, ==, CORRIDOR_STATUS_CONFIRMED);
            g_assert_cmpstr (s->vessel_name, ==, "Analyst Fix");
          }
      }
    g_assert_true (found);
  }
}

/* ---------------------------------------------------------------------------
 * Leads and decoys, on hand-written chats
 * ------------------------------------------------------------------------- */

static CorridorMessage *
msg (const char *id, const char *ts, const char *from, const char *to, const char *body)
{
  CorridorMessage *m = corridor_message_new ();
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (ts, NULL);

  g_assert_nonnull (dt);
  m->id = g_strdup (id);
  m->ts = g_date_time_to_unix (dt);
  m->tz_offset = (int) (g_date_time_get_utc_offset (dt) / G_TIME_SPAN_SECOND);
  m->sender = g_strdup (from);
  g_strfreev (m->recipients);
  m->recipients = g_new0 (char *, 2);
  m->recipients[0] = g_strdup (to);
  m->body = g_strdup (body);
  return m;
}

static void
test_decoys_and_leads (void)
{
  g_autoptr(Case) c = case_new ();
  g_autoptr(GPtrArray) m = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_message_free);
  g_autoptr(GPtrArray) shipments = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  CorridorInferReport report;

  /* Decoys only: a past job, a cancelled plan, holidays, football, prices. */
  g_ptr_array_add (m, msg ("d1", "2021-03-01T10:00:00+01:00", "a", "b",
                           "remember the old job to Antwerp back in 2018? 400 bricks, easy days"));
  g_ptr_array_add (m, msg ("d2", "2021-03-05T10:00:00-05:00", "c", "d",
                           "hay un trabajo de Guayaquil para Rotterdam el mes que viene, 300 bloques con fruta"));
  g_ptr_array_add (m, msg ("d3", "2021-03-09T10:00:00+01:00", "d", "c", "se cayó, no hay trabajo"));
  g_ptr_array_add (m, msg ("d4", "2021-03-10T10:00:00+01:00", "a", "b",
                           "holiday in Lisbon next week with the kids"));
  g_ptr_array_add (m, msg ("d5", "2021-03-11T10:00:00+01:00", "b", "a", "Santos ganó 2-0 anoche!!"));
  g_ptr_array_add (m, msg ("d6", "2021-03-12T10:00:00+01:00", "b", "a", "27 per key in Antwerp now"));
  /* A lead: a load at one known port only. */
  g_ptr_array_add (m, msg ("l1", "2021-06-01T10:00:00-03:00", "x", "y",
                           "800 tijolos prontos em Santos, vai no meio do café"));
  g_ptr_array_add (m, msg ("l2", "2021-06-03T10:00:00-03:00", "x", "y",
                           "o contêiner é MSKU1234565, ETD 10/06"));
  add_messages (c, m, "hand");
  infer (c, &report);

  shipments = corridor_store_query_shipments (c->store, NULL, NULL);
  g_assert_cmpuint (shipments->len, ==, 0);
  leads = corridor_store_list_leads (c->store, NULL, NULL);
  g_assert_cmpuint (leads->len, ==, 1);
  g_assert_cmpstr (((CorridorLead *) g_ptr_array_index (leads, 0))->locode, ==, "BRSSZ");
  g_assert_cmpuint (report.leads, ==, 1);
  g_assert_cmpuint (report.shipments, ==, 0);
}

/* ---------------------------------------------------------------------------
 * The CLI contract
 * ------------------------------------------------------------------------- */

static int
run_cli (char **out, const char *first, ...)
{
  const char *bin = g_getenv ("CORRIDOR_BIN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  va_list ap;

  if (bin == NULL)
    return -1;
  g_ptr_array_add (argv, (gpointer) bin);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, &err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static guint
count_shipments (const char *path, ...)
{
  g_autofree char *out = NULL;
  const char *argv[24] = { "shipments", path };
  guint n = 2;
  va_list ap;
  int rc;
  g_autoptr(JsonNode) root = NULL;

  va_start (ap, path);
  for (const char *a = va_arg (ap, const char *); a != NULL && n < 22; a = va_arg (ap, const char *))
    argv[n++] = a;
  va_end (ap);
  argv[n] = NULL;
  {
    const char *bin = g_getenv ("CORRIDOR_BIN");
    g_autoptr(GPtrArray) full = g_ptr_array_new ();
    int status;

    g_ptr_array_add (full, (gpointer) bin);
    for (guint i = 0; i < n; i++)
      g_ptr_array_add (full, (gpointer) argv[i]);
    g_ptr_array_add (full, NULL);
    g_assert_true (g_spawn_sync (NULL, (char **) full->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &out, NULL, &status, NULL));
    rc = WIFEXITED (status) ? WEXITSTATUS (status) : 128;
  }
  g_assert_cmpint (rc, ==, 0);
  root = parse (out);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (root), "shipments"));
}

static void
test_cli (void)
{
  g_autoptr(CorridorCorpus) corpus = NULL;
  g_autoptr(Case) c = NULL;
  g_autofree char *out = NULL, *csv = NULL, *actors = NULL, *msgs = NULL, *geo = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *list;
  JsonObject *first;
  const char *first_id, *first_actor;
  guint all;

  if (g_getenv ("CORRIDOR_BIN") == NULL)
    {
      g_test_skip ("CORRIDOR_BIN is not set");
      return;
    }
  c = corpus_case (CORRIDOR_DEMO_SEED, CORRIDOR_DEMO_SHIPMENTS, &corpus);
  g_clear_object (&c->store);

  g_assert_cmpint (run_cli (&out, "infer", c->path, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "shipments", c->path, NULL), ==, 0);
  root = parse (out);
  list = json_object_get_array_member (json_node_get_object (root), "shipments");
  all = json_array_get_length (list);
  g_assert_cmpuint (all, >=, 40);
  first = json_array_get_object_element (list, 0);
  for (const char *const *k = (const char *const[]) { "id", "origin", "transit", "destination",
         "departed", "arrived", "quantity_kg", "containers", "vessel", "concealment", "outcome",
         "actors", "confidence", "status", "evidence", NULL }; *k != NULL; k++)
    g_assert_true (json_object_has_member (first, *k));
  g_assert_true (json_object_has_member (json_object_get_object_member (first, "origin"), "locode"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "evidence")), >, 0);
  first_id = json_object_get_string_member (first, "id");
  first_actor = json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (first, "actors"), 0), "handle");

  /* Ordered by departed (else arrived). */
  for (guint i = 1; i < all; i++)
    {
      JsonObject *a = json_array_get_object_element (list, i - 1), *b = json_array_get_object_element (list, i);
      const char *da = json_object_get_string_member_with_default (a, "departed", NULL);
      const char *db = json_object_get_string_member_with_default (b, "departed", NULL);
      if (da == NULL)
        da = json_object_get_string_member_with_default (a, "arrived", "9999");
      if (db == NULL)
        db = json_object_get_string_member_with_default (b, "arrived", "9999");
      g_assert_cmpstr (da, <=, db);
    }

  /* Filters. */
  {
    guint antwerp = count_shipments (c->path, "--port", "BEANR", NULL);
    guint amberes = count_shipments (c->path, "--port", "amberes", NULL);
    guint both = count_shipments (c->path, "--port", "BEANR", "--port", "NLRTM", NULL);
    guint rotterdam = count_shipments (c->path, "--port", "Rotterdam", NULL);

    g_assert_cmpuint (antwerp, >, 0);
    g_assert_cmpuint (antwerp, ==, amberes);
    g_assert_cmpuint (both, ==, antwerp + rotterdam);
    g_assert_cmpuint (count_shipments (c->path, "--from", "2021-01-01", "--to", "2021-12-31", NULL), <, all);
    g_assert_cmpuint (count_shipments (c->path, "--role", "sender", NULL), >, 0);
    g_assert_cmpuint (count_shipments (c->path, "--actor", first_actor, NULL), >, 0);
    g_assert_cmpuint (count_shipments (c->path, "--status", "confirmed", NULL), ==, 0);
    g_assert_cmpuint (count_shipments (c->path, "--status", "inferred", NULL), ==, all);
  }

  g_assert_cmpint (run_cli (&csv, "shipments", c->path, "--format", "csv", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (csv, "id,origin_locode,"));
  {
    g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
    guint n = g_strv_length (lines);
    if (n > 0 && *lines[n - 1] == '\0')
      n--;
    g_assert_cmpuint (n, ==, all + 1);
  }
  g_assert_cmpint (run_cli (&geo, "shipments", c->path, "--format", "geojson", NULL), ==, 0);
  {
    g_autoptr(JsonNode) g = parse (geo);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (g), "type"), ==,
                     "FeatureCollection");
  }

  g_assert_cmpint (run_cli (&actors, "actors", c->path, NULL), ==, 0);
  {
    g_autoptr(JsonNode) a = parse (actors);
    JsonArray *arr = json_object_get_array_member (json_node_get_object (a), "actors");
    JsonObject *one;

    g_assert_cmpuint (json_array_get_length (arr), >, 10);
    one = json_array_get_object_element (arr, 0);
    for (const char *const *k = (const char *const[]) { "handle", "aliases", "role", "roles",
           "messages", "degree", "betweenness", NULL }; *k != NULL; k++)
      g_assert_true (json_object_has_member (one, *k));
  }

  g_assert_cmpint (run_cli (&msgs, "messages", c->path, "--shipment", first_id, NULL), ==, 0);
  {
    g_autoptr(JsonNode) a = parse (msgs);
    JsonArray *arr = json_object_get_array_member (json_node_get_object (a), "messages");
    g_assert_cmpuint (json_array_get_length (arr), >, 0);
    g_assert_true (json_object_has_member (json_array_get_object_element (arr, 0), "body"));
  }
  g_clear_pointer (&msgs, g_free);
  g_assert_cmpint (run_cli (&msgs, "messages", c->path, "--search", "ETA", NULL), ==, 0);
  g_clear_pointer (&msgs, g_free);
  g_assert_cmpint (run_cli (&msgs, "messages", c->path, NULL), ==, 2);
  g_clear_pointer (&msgs, g_free);
  g_assert_cmpint (run_cli (&msgs, "shipments", c->path, "--leads", NULL), ==, 0);
  {
    g_autoptr(JsonNode) a = parse (msgs);
    g_assert_true (json_object_has_member (json_node_get_object (a), "leads"));
  }

  /* A read command on a missing case fails with 1 and creates nothing. */
  missing = g_build_filename (c->dir, "missing.corridor", NULL);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "shipments", missing, NULL), ==, 1);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "shipments", c->path, "--format", "xml", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "shipments", c->path, "--from", "2022-01-01", "--to", "2021-01-01", NULL), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/infer/score/demo-seed", test_score_demo);
  g_test_add_func ("/infer/score/seed-7-120", test_score_120);
  g_test_add_func ("/infer/score/seed-424242-80", test_score_other);
  g_test_add_func ("/infer/stable-and-decided", test_stable_and_decided);
  g_test_add_func ("/infer/decoys-and-leads", test_decoys_and_leads);
  g_test_add_func ("/infer/cli", test_cli);
  return g_test_run ();
}
