/* test-review.c: `corridor review` and `corridor audit` run as real processes
 * on copies of the demo case: corrections, decisions, grade and notes show in
 * `corridor shipments`, survive `corridor infer`, and are audited with the
 * values before and after and the OS user; bad input exits 1 or 2 and writes
 * nothing; `audit --verify` passes on an untouched case and names the first
 * entry after the file is tampered with through sqlite3. */
#include "corridor-error.h"
#include "corridor-test-cli.h"
#include "corridor-store.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static char *tmpdir;
static char *base_case;

/* A private copy of the demo case, so each test starts from the same state. */
static char *
copy_case (const char *name)
{
  return corridor_test_copy_case (base_case, tmpdir, name);
}

#define parse corridor_test_parse_json

/* Every shipment of the case, whatever its status. */
static JsonNode *
all_shipments (const char *path)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (corridor_test_run_full (&out, NULL, "shipments", path, "--status", "inferred", "--status",
                        "confirmed", "--status", "rejected", NULL), ==, 0);
  return parse (out);
}

static JsonObject *
find_shipment (JsonNode *doc, const char *id)
{
  JsonArray *a = json_object_get_array_member (json_node_get_object (doc), "shipments");

  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *s = json_array_get_object_element (a, i);
      if (g_strcmp0 (json_object_get_string_member (s, "id"), id) == 0)
        return s;
    }
  return NULL;
}

static char *
shipment_id (JsonNode *doc, guint index)
{
  JsonArray *a = json_object_get_array_member (json_node_get_object (doc), "shipments");

  g_assert_cmpuint (json_array_get_length (a), >, index);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (a, index), "id"));
}

static const char *
port_locode (JsonObject *s, const char *member)
{
  return json_object_get_string_member (json_object_get_object_member (s, member), "locode");
}

static JsonNode *
audit_json (const char *path)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (corridor_test_run_full (&out, NULL, "audit", path, "--format", "json", NULL), ==, 0);
  return parse (out);
}

static guint
audit_count (const char *path)
{
  g_autoptr(JsonNode) doc = audit_json (path);

  return json_array_get_length (json_object_get_array_member (json_node_get_object (doc),
                                                              "audit"));
}

/* The last entry with @action on @object whose JSON mentions @field, or NULL. */
static JsonObject *
find_entry (JsonNode *doc, const char *action, const char *object, const char *field)
{
  JsonArray *a = json_object_get_array_member (json_node_get_object (doc), "audit");
  JsonObject *found = NULL;

  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *e = json_array_get_object_element (a, i);
      JsonNode *after = json_object_get_member (e, "after");

      if (g_strcmp0 (json_object_get_string_member (e, "action"), action) != 0)
        continue;
      if (object != NULL && g_strcmp0 (json_object_get_string_member (e, "object"), object) != 0)
        continue;
      if (field != NULL && (!JSON_NODE_HOLDS_OBJECT (after) ||
                            !json_object_has_member (json_node_get_object (after), field)))
        continue;
      found = e;
    }
  return found;
}

static char *
member_json (JsonObject *entry, const char *which)
{
  return json_to_string (json_object_get_member (entry, which), FALSE);
}

/* A port the shipment does not touch yet, by name: the review resolves it. */
static void
pick_new_origin (JsonObject *s, const char **name, const char **locode)
{
  if (g_strcmp0 (port_locode (s, "origin"), "ECGYE") != 0 &&
      g_strcmp0 (port_locode (s, "destination"), "ECGYE") != 0)
    *name = "guayaquil", *locode = "ECGYE";
  else
    *name = "Santos", *locode = "BRSSZ";
}

static void
test_corrections (void)
{
  g_autofree char *path = copy_case ("corrections.corridor");
  g_autoptr(JsonNode) before = all_shipments (path);
  g_autofree char *id = shipment_id (before, 0);
  JsonObject *s0 = find_shipment (before, id);
  g_autofree char *old_origin = g_strdup (port_locode (s0, "origin"));
  g_autofree char *err = NULL;
  const char *origin_name, *origin_code;
  /* Values no inference gives, so each one is a change. */
  const char *outcome = g_strcmp0 (json_object_get_string_member (s0, "outcome"), "seized") == 0
                        ? "delivered" : "seized";
  g_autofree char *set_outcome = g_strdup_printf ("outcome=%s", outcome);
  g_autofree char *outcome_upper = g_ascii_strup (outcome, -1);
  g_autofree char *set_outcome_upper = g_strdup_printf ("outcome=%s", outcome_upper);
  guint n_audit = audit_count (path);

  pick_new_origin (s0, &origin_name, &origin_code);
  {
    g_autofree char *set_origin = g_strdup_printf ("origin=%s", origin_name);

    g_assert_cmpint (corridor_test_run_full (NULL, &err, "review", path, id, "--set", set_origin,
                          "--set", "transit=Algeciras; ESVLC",
                          "--set", "departed=2000-01-02",
                          "--set", "quantity_kg=1234.5",
                          "--set", "vessel=Test Trader",
                          "--set", "imo=IMO 1234567",
                          "--set", "concealment=scrap metal (analyst)",
                          "--set", set_outcome,
                          "--set", "grade=b2",
                          "--note", "Seen at the terminal.\nSecond line.", NULL), ==, 0);
  }
  g_assert_nonnull (strstr (err, "10 changes"));

  /* `corridor shipments` shows the analyst's values, the status unchanged. */
  for (int round = 0; round < 2; round++)
    {
      g_autoptr(JsonNode) doc = all_shipments (path);
      JsonObject *s = find_shipment (doc, id);
      JsonArray *transit, *notes;
      JsonObject *vessel, *note;

      g_assert_nonnull (s);
      g_assert_cmpstr (port_locode (s, "origin"), ==, origin_code);
      transit = json_object_get_array_member (s, "transit");
      g_assert_cmpuint (json_array_get_length (transit), ==, 2);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (transit, 0),
                                                      "locode"), ==, "ESALG");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (transit, 1),
                                                      "locode"), ==, "ESVLC");
      g_assert_cmpstr (json_object_get_string_member (s, "departed"), ==, "2000-01-02");
      g_assert_cmpfloat (json_object_get_double_member (s, "quantity_kg"), ==, 1234.5);
      vessel = json_object_get_object_member (s, "vessel");
      g_assert_nonnull (vessel);
      g_assert_cmpstr (json_object_get_string_member (vessel, "name"), ==, "Test Trader");
      g_assert_cmpstr (json_object_get_string_member (vessel, "imo"), ==, "1234567");
      g_assert_cmpstr (json_object_get_string_member (s, "concealment"), ==,
                       "scrap metal (analyst)");
      g_assert_cmpstr (json_object_get_string_member (s, "outcome"), ==, outcome);
      g_assert_cmpstr (json_object_get_string_member (s, "status"), ==, "inferred");
      g_assert_cmpstr (json_object_get_string_member (s, "grade"), ==, "B2");
      notes = json_object_get_array_member (s, "notes");
      g_assert_cmpuint (json_array_get_length (notes), ==, 1);
      note = json_array_get_object_element (notes, 0);
      g_assert_cmpstr (json_object_get_string_member (note, "text"), ==,
                       "Seen at the terminal.\nSecond line.");
      g_assert_cmpstr (json_object_get_string_member (note, "user"), ==, g_get_user_name ());

      /* Inference runs again over the same messages: the shipment comes
       * back under its id, and the analyst's values stand. */
      if (round == 0)
        g_assert_cmpint (corridor_test_run_full (NULL, NULL, "infer", path, NULL), ==, 0);
    }

  /* Each change is audited, with the values before and after and the user. */
  {
    g_autoptr(JsonNode) audit = audit_json (path);
    JsonObject *e = find_entry (audit, "review.set", id, "origin");
    g_autofree char *b = NULL, *a = NULL, *want_b = NULL, *want_a = NULL;
    JsonObject *imo = find_entry (audit, "review.set", id, "imo");
    JsonObject *note = find_entry (audit, "review.note", id, "note");
    JsonObject *infer = find_entry (audit, "infer", NULL, "shipments");

    g_assert_nonnull (e);
    b = member_json (e, "before");
    a = member_json (e, "after");
    want_b = g_strdup_printf ("{\"origin\":\"%s\"}", old_origin);
    want_a = g_strdup_printf ("{\"origin\":\"%s\"}", origin_code);
    g_assert_cmpstr (b, ==, want_b);
    g_assert_cmpstr (a, ==, want_a);
    g_assert_cmpstr (json_object_get_string_member (e, "user"), ==, g_get_user_name ());
    g_assert_true (g_str_has_suffix (json_object_get_string_member (e, "ts"), "Z"));
    g_assert_nonnull (imo);
    g_clear_pointer (&a, g_free);
    a = member_json (imo, "after");
    g_assert_cmpstr (a, ==, "{\"imo\":\"1234567\"}");
    g_assert_nonnull (note);
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (note, "before")));
    g_assert_nonnull (infer);
    /* 9 corrections and a note, then the infer run. */
    g_assert_cmpuint (audit_count (path), ==, n_audit + 11);
  }

  /* The same values again change nothing and add no entry. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (corridor_test_run_full (NULL, &err, "review", path, id, "--set", set_outcome_upper, "--set",
                        "grade=B2", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "nothing changed"));
  g_assert_cmpuint (audit_count (path), ==, n_audit + 11);

  /* An empty value makes a field unknown again. */
  g_assert_cmpint (corridor_test_run_full (NULL, NULL, "review", path, id, "--set", "vessel=", "--set", "imo=",
                        "--set", "transit=", NULL), ==, 0);
  {
    g_autoptr(JsonNode) doc = all_shipments (path);
    JsonObject *s = find_shipment (doc, id);

    g_assert_true (json_object_get_null_member (s, "vessel"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s, "transit")), ==, 0);
  }
  g_assert_cmpint (corridor_test_run_full (NULL, NULL, "audit", path, "--verify", NULL), ==, 0);
}

static void
test_decisions (void)
{
  g_autofree char *path = copy_case ("decisions.corridor");
  g_autoptr(JsonNode) before = all_shipments (path);
  g_autofree char *keep = shipment_id (before, 0), *drop = shipment_id (before, 1);

  g_assert_cmpint (corridor_test_run_full (NULL, NULL, "review", path, keep, "--confirm", NULL), ==, 0);
  g_assert_cmpint (corridor_test_run_full (NULL, NULL, "review", path, drop, "--reject", "--note",
                        "a cancelled plan, not a shipment", NULL), ==, 0);
  g_assert_cmpint (corridor_test_run_full (NULL, NULL, "infer", path, NULL), ==, 0);
  {
    g_autoptr(JsonNode) doc = all_shipments (path);
    g_autofree char *shown = NULL;
    g_autoptr(JsonNode) shown_doc = NULL;

    g_assert_cmpstr (json_object_get_string_member (find_shipment (doc, keep), "status"), ==,
                     "confirmed");
    g_assert_cmpstr (json_object_get_string_member (find_shipment (doc, drop), "status"), ==,
                     "rejected");
    /* The default listing leaves rejected shipments out. */
    g_assert_cmpint (corridor_test_run_full (&shown, NULL, "shipments", path, NULL), ==, 0);
    shown_doc = parse (shown);
    g_assert_nonnull (find_shipment (shown_doc, keep));
    g_assert_null (find_shipment (shown_doc, drop));
  }
  {
    g_autoptr(JsonNode) audit = audit_json (path);
    JsonObject *e = find_entry (audit, "review.confirm", keep, "status");
    g_autofree char *b = NULL, *a = NULL;

    g_assert_nonnull (e);
    b = member_json (e, "before");
    a = member_json (e, "after");
    g_assert_cmpstr (b, ==, "{\"status\":\"inferred\"}");
    g_assert_cmpstr (a, ==, "{\"status\":\"confirmed\"}");
    g_assert_nonnull (find_entry (audit, "review.reject", drop, "status"));
  }
  /* An analyst may change their mind: rejected, then confirmed. */
  g_assert_cmpint (corridor_test_run_full (NULL, NULL, "review", path, drop, "--confirm", NULL), ==, 0);
  {
    g_autoptr(JsonNode) doc = all_shipments (path);
    g_assert_cmpstr (json_object_get_string_member (find_shipment (doc, drop), "status"), ==,
                     "confirmed");
  }
}

/* Runs a review expected to fail with @status and @needle in its message,
 * and checks that no audit entry was written (test_errors() compares the
 * shipments once all refusals are through). */
static void
expect_refused (const char *path, int status, const char *needle, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  guint n = audit_count (path);
  int wait_status = 0;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CORRIDOR_BIN"));
  g_ptr_array_add (argv, (gpointer) "review");
  va_start (ap, needle);
  for (const char *a = va_arg (ap, const char *); a; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &wait_status, &error));
  g_assert_no_error (error);
  g_test_message ("refused: %s", err);
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, status);
  g_assert_nonnull (strstr (err, needle));
  g_assert_cmpuint (audit_count (path), ==, n);
}

static void
test_errors (void)
{
  g_autofree char *path = copy_case ("errors.corridor");
  g_autofree char *missing = g_build_filename (tmpdir, "missing.corridor", NULL);
  g_autoptr(JsonNode) doc = all_shipments (path), after = NULL;
  g_autofree char *id = shipment_id (doc, 0);
  g_autofree char *err = NULL, *json_before = json_to_string (doc, FALSE), *json_after = NULL;

  /* The shape of the command line: exit 2. */
  expect_refused (path, 2, "colour", path, id, "--set", "colour=red", NULL);
  expect_refused (path, 2, "FIELD=VALUE", path, id, "--set", "origin", NULL);
  expect_refused (path, 2, "nothing to do", path, id, NULL);
  expect_refused (path, 2, "not both", path, id, "--confirm", "--reject", NULL);
  expect_refused (path, 2, "one shipment ID", path, "--confirm", NULL);
  /* Values the case refuses: exit 1, naming the value. */
  expect_refused (path, 1, "check digit", path, id, "--set", "imo=9074728", NULL);
  expect_refused (path, 1, "YYYY-MM-DD", path, id, "--set", "departed=2021-02-30", NULL);
  expect_refused (path, 1, "Atlantis", path, id, "--set", "origin=Atlantis", NULL);
  expect_refused (path, 1, "Admiralty", path, id, "--set", "grade=G7", NULL);
  expect_refused (path, 1, "kilograms", path, id, "--set", "quantity_kg=lots", NULL);
  expect_refused (path, 1, "outcome", path, id, "--set", "outcome=stolen", NULL);
  expect_refused (path, 1, "before it departed", path, id, "--set", "departed=2099-01-01",
                  "--set", "arrived=2098-01-01", NULL);
  expect_refused (path, 1, "control character", path, id, "--set", "vessel=MSC\x1b[2JAnna", NULL);
  expect_refused (path, 1, "s-999999", path, "s-999999", "--confirm", NULL);
  /* All or none: a good action before a bad one is not kept either. */
  expect_refused (path, 1, "check digit", path, id, "--confirm", "--set", "vessel=Other",
                  "--note", "x", "--set", "imo=9074728", NULL);
  after = all_shipments (path);
  json_after = json_to_string (after, FALSE);
  g_assert_cmpstr (json_before, ==, json_after);

  /* A missing case is a user error and is never created. */
  g_assert_cmpint (corridor_test_run_full (NULL, &err, "review", missing, "s-1", "--confirm", NULL), ==, 1);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_cmpint (corridor_test_run_full (NULL, NULL, "audit", missing, NULL), ==, 1);
  g_assert_cmpint (corridor_test_run_full (NULL, NULL, "audit", missing, "--verify", NULL), ==, 1);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_cmpint (corridor_test_run_full (NULL, NULL, "audit", NULL), ==, 2);
  g_assert_cmpint (corridor_test_run_full (NULL, NULL, "audit", path, "--format", "xml", NULL), ==, 2);
}

static void
tamper (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
  sqlite3_close (db);
}

static void
test_audit_log (void)
{
  g_autofree char *path = copy_case ("audit.corridor");
  g_autofree char *csv = g_build_filename (tmpdir, "audit-export.csv", NULL);
  g_autoptr(JsonNode) doc = all_shipments (path);
  g_autofree char *id = shipment_id (doc, 0);
  g_autofree char *out = NULL, *err = NULL, *user_col = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean seen_import = FALSE, seen_infer = FALSE, seen_export = FALSE, seen_review = FALSE;
  gboolean seen_rlo = FALSE;

  GStatBuf st;

  /* Case files are private to their analyst. */
  g_assert_cmpint (g_stat (base_case, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpint (corridor_test_run_full (NULL, NULL, "export", path, "--format", "csv", "--straight", "-o", csv,
                        NULL), ==, 0);
  /* A right-to-left override in a note must not reorder the listing. */
  g_assert_cmpint (corridor_test_run_full (NULL, NULL, "review", path, id, "--confirm", "--note",
                        "cargo \u202Eevil", NULL), ==, 0);

  g_assert_cmpint (corridor_test_run_full (&out, NULL, "audit", path, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  user_col = g_strdup_printf ("Z  %s  ", g_get_user_name ());
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%u  ", i + 1);

      /* ID  TIME  USER  ACTION  OBJECT  before → after */
      g_assert_true (g_str_has_prefix (lines[i], prefix));
      g_assert_nonnull (strstr (lines[i], user_col));
      g_assert_nonnull (strstr (lines[i], " → "));
      g_assert_null (strstr (lines[i], "\u202E"));
      seen_import |= strstr (lines[i], "  import  ") != NULL;
      seen_infer |= strstr (lines[i], "  infer  ") != NULL;
      seen_export |= strstr (lines[i], "  export  ") != NULL && strstr (lines[i], csv) != NULL;
      seen_review |= strstr (lines[i], "  review.confirm  ") != NULL;
      seen_rlo |= strstr (lines[i], "⟦RLO⟧") != NULL;
    }
  g_assert_true (seen_import);
  g_assert_true (seen_infer);
  g_assert_true (seen_export);
  g_assert_true (seen_review);
  g_assert_true (seen_rlo);

  /* Untouched, the chain holds. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (corridor_test_run_full (&out, NULL, "audit", path, "--verify", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "intact"));

  /* An edited row is found even with the append-only triggers dropped. */
  {
    g_autofree char *edited = copy_case ("edited.corridor");
    g_autoptr(JsonNode) v = NULL;
    JsonObject *o;

    g_assert_cmpint (corridor_test_run_full (NULL, NULL, "audit", edited, "--verify", NULL), ==, 0);
    tamper (edited, "DROP TRIGGER audit_log_no_update;"
                    "UPDATE audit_log SET after_json = after_json || ' ' WHERE id = 2");
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (corridor_test_run_full (NULL, &err, "audit", edited, "--verify", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "entry 2"));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (corridor_test_run_full (&out, NULL, "audit", edited, "--verify", "--format", "json", NULL), ==, 1);
    v = parse (out);
    o = json_node_get_object (v);
    g_assert_false (json_object_get_boolean_member (o, "intact"));
    g_assert_cmpint (json_object_get_int_member (o, "first_bad"), ==, 2);
    /* The listing still shows what is there. */
    g_assert_cmpint (corridor_test_run_full (NULL, NULL, "audit", edited, NULL), ==, 0);
  }

  /* The newest entries cut off: the chain alone cannot tell, the
   * AUTOINCREMENT high-water mark can. */
  {
    g_autofree char *cut = g_build_filename (tmpdir, "cut.corridor", NULL);
    g_autoptr(GFile) src = g_file_new_for_path (path), dst = g_file_new_for_path (cut);
    guint n = audit_count (path);
    g_autofree char *needle = g_strdup_printf ("entry %u", n);

    g_assert_true (g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
    tamper (cut, "DROP TRIGGER audit_log_no_delete;"
                 "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)");
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (corridor_test_run_full (NULL, &err, "audit", cut, "--verify", NULL), ==, 1);
    g_assert_nonnull (strstr (err, needle));
  }

  /* A row removed in the middle breaks the next one's link. */
  {
    g_autofree char *holed = copy_case ("holed.corridor");

    tamper (holed, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 1");
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (corridor_test_run_full (NULL, &err, "audit", holed, "--verify", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "entry 2"));
  }
}

/* The store API the GUI will call: one transaction, entries with the user. */
static void
test_store_api (void)
{
  g_autofree char *path = copy_case ("api.corridor");
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = corridor_store_open (path, CORRIDOR_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) shipments = NULL;
  g_autoptr(GHashTable) reviews = NULL;
  g_autoptr(GPtrArray) log = NULL;
  const CorridorShipment *s;
  const CorridorReview *r;
  const CorridorAuditEntry *last;
  guint changed = 0;
  gint64 n;
  CorridorReviewAction bad[] = {
    { CORRIDOR_REVIEW_NOTE, NULL, "kept only if all pass" },
    { CORRIDOR_REVIEW_SET, "arrived", "yesterday" },
  };
  CorridorReviewAction good[] = {
    { CORRIDOR_REVIEW_SET, "concealment", "  frozen fish " },
    { CORRIDOR_REVIEW_SET, "grade", "c3" },
    { CORRIDOR_REVIEW_NOTE, NULL, "called the agent" },
  };

  g_assert_no_error (error);
  shipments = corridor_store_query_shipments (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shipments->len, >, 0);
  s = g_ptr_array_index (shipments, 0);
  n = corridor_store_count_audit (store);

  g_assert_false (corridor_store_review (store, s->id, bad, G_N_ELEMENTS (bad), &changed, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (corridor_store_count_audit (store), ==, n);
  reviews = corridor_store_list_reviews (store, &error);
  g_assert_no_error (error);
  g_assert_null (g_hash_table_lookup (reviews, s->id));
  g_clear_pointer (&reviews, g_hash_table_unref);

  g_assert_true (corridor_store_review (store, s->id, good, G_N_ELEMENTS (good), &changed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_cmpint (corridor_store_count_audit (store), ==, n + 3);
  reviews = corridor_store_list_reviews (store, &error);
  g_assert_no_error (error);
  r = g_hash_table_lookup (reviews, s->id);
  g_assert_nonnull (r);
  g_assert_cmpstr (r->grade, ==, "C3");
  g_assert_true (g_strv_contains ((const char *const *) r->corrected, "concealment"));
  g_assert_cmpuint (r->notes->len, ==, 1);

  log = corridor_store_list_audit (store, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (log, log->len - 1);
  g_assert_cmpstr (last->action, ==, "review.note");
  g_assert_cmpstr (last->object, ==, s->id);
  g_assert_cmpstr (last->os_user, ==, g_get_user_name ());
  last = g_ptr_array_index (log, log->len - 3);
  g_assert_cmpstr (last->after_json, ==, "{\"concealment\":\"frozen fish\"}");
  g_assert_true (corridor_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* Built once; every test works on its own copy. */
  tmpdir = corridor_test_demo_dir ("corridor-review-XXXXXX", &base_case);
  g_test_add_func ("/review/corrections", test_corrections);
  g_test_add_func ("/review/decisions", test_decisions);
  g_test_add_func ("/review/errors", test_errors);
  g_test_add_func ("/review/store-api", test_store_api);
  g_test_add_func ("/audit/log", test_audit_log);
  ret = g_test_run ();
  corridor_test_remove_tree (tmpdir);
  return ret;
}
