/* test-review-structure.c: the analyst reshaping the findings (schema 7),
 * through the store calls the GUI uses and through `corridor review` run as
 * a real process on copies of the demo case: notes taken back and decisions
 * put back, shipments made by hand, merged and split, handles merged, ports
 * and aliases added to the case's gazetteer. Each action and its undo,
 * their audit entries with the values before and after, `corridor infer`
 * keeping all of it (an alias the analyst added is extracted), refusals on
 * a read-only case, clear errors and exit codes, the v6 → v7 migration, and
 * `corridor audit --verify` passing afterwards. */
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

static char *tmpdir;
static char *base_case;

/* A private copy of the demo case, so each test starts from the same state. */
static char *
copy_case (const char *name)
{
  return corridor_test_copy_case (base_case, tmpdir, name);
}

#define parse corridor_test_parse_json

/* Runs `corridor ARGS…`, expecting exit @status and, when @needle is set,
 * @needle in what it wrote to stderr; returns its stdout. */
G_GNUC_NULL_TERMINATED static char *
run (int status, const char *needle, const char *first, ...)
{
  g_autofree char *out = NULL, *err = NULL;
  va_list ap;
  int got;

  va_start (ap, first);
  got = corridor_test_runv (&out, &err, first, ap);
  va_end (ap);
  if (got != status || (needle != NULL && strstr (err, needle) == NULL))
    g_error ("corridor %s: exit %d (wanted %d), stderr: %s (wanted “%s”)", first, got, status,
             err, needle != NULL ? needle : "");
  return g_steal_pointer (&out);
}

/* Every shipment the case lists, whatever its status. */
static JsonNode *
all_shipments (const char *path)
{
  g_autofree char *out = run (0, NULL, "shipments", path, "--status", "inferred", "--status",
                              "confirmed", "--status", "rejected", NULL);

  return parse (out);
}

static JsonArray *
shipments_of (JsonNode *doc)
{
  return json_object_get_array_member (json_node_get_object (doc), "shipments");
}

static JsonObject *
find_shipment (JsonNode *doc, const char *id)
{
  JsonArray *a = shipments_of (doc);

  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *s = json_array_get_object_element (a, i);
      if (g_strcmp0 (json_object_get_string_member (s, "id"), id) == 0)
        return s;
    }
  return NULL;
}

/* The shipment as JSON text (NULL when not listed), to compare states. */
static char *
shipment_text (const char *path, const char *id)
{
  g_autoptr(JsonNode) doc = all_shipments (path);
  JsonObject *s = find_shipment (doc, id);
  g_autoptr(JsonNode) node = NULL;

  if (s == NULL)
    return NULL;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, s);
  return json_to_string (node, FALSE);
}

/* The strings of array member @member of @o, in order. */
static GPtrArray *
strings_of (JsonObject *o, const char *member)
{
  JsonArray *a = json_object_get_array_member (o, member);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (a); i++)
    g_ptr_array_add (out, g_strdup (json_array_get_string_element (a, i)));
  return out;
}

static gboolean
has_string (GPtrArray *list, const char *s)
{
  return g_ptr_array_find_with_equal_func (list, s, g_str_equal, NULL);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The ids of the shipments `corridor shipments PATH ARGS…` lists, sorted. */
G_GNUC_NULL_TERMINATED static char *
listed_ids (const char *path, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) doc = NULL;
  va_list ap;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CORRIDOR_BIN"));
  g_ptr_array_add (argv, (gpointer) "shipments");
  g_ptr_array_add (argv, (gpointer) path);
  va_start (ap, path);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  doc = parse (out);
  for (guint i = 0; i < json_array_get_length (shipments_of (doc)); i++)
    g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
                                      json_array_get_object_element (shipments_of (doc), i),
                                      "id")));
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (",", (char **) ids->pdata);
}

static JsonNode *
audit_json (const char *path)
{
  g_autofree char *out = run (0, NULL, "audit", path, "--format", "json", NULL);

  return parse (out);
}

/* The last audit entry with @action on @object, or NULL. */
static JsonObject *
last_entry (JsonNode *doc, const char *action, const char *object)
{
  JsonArray *a = json_object_get_array_member (json_node_get_object (doc), "audit");
  JsonObject *found = NULL;

  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *e = json_array_get_object_element (a, i);

      if (g_strcmp0 (json_object_get_string_member (e, "action"), action) == 0 &&
          (object == NULL || g_strcmp0 (json_object_get_string_member (e, "object"), object) == 0))
        found = e;
    }
  return found;
}

/* Entry @action on @object exists, with the JSON before and after holding
 * @before_has and @after_has (NULL: that side is null). */
static void
assert_audited (const char *path, const char *action, const char *object, const char *before_has,
                const char *after_has)
{
  g_autoptr(JsonNode) doc = audit_json (path);
  JsonObject *e = last_entry (doc, action, object);
  JsonNode *before, *after;
  g_autofree char *b = NULL, *a = NULL;

  if (e == NULL)
    g_error ("no audit entry %s on %s", action, object);
  before = json_object_get_member (e, "before");
  after = json_object_get_member (e, "after");
  b = json_to_string (before, FALSE);
  a = json_to_string (after, FALSE);
  g_test_message ("%s %s: %s → %s", action, object, b, a);
  if (before_has == NULL)
    g_assert_true (JSON_NODE_HOLDS_NULL (before));
  else
    g_assert_nonnull (strstr (b, before_has));
  if (after_has == NULL)
    g_assert_true (JSON_NODE_HOLDS_NULL (after));
  else
    g_assert_nonnull (strstr (a, after_has));
  g_assert_cmpstr (json_object_get_string_member (e, "user"), ==, g_get_user_name ());
}

static void
assert_verified (const char *path)
{
  g_autofree char *out = run (0, NULL, "audit", path, "--verify", NULL);

  g_assert_nonnull (strstr (out, "intact"));
}

static CorridorStore *
open_store (const char *path, CorridorStoreOpenFlags flags)
{
  g_autoptr(GError) error = NULL;
  CorridorStore *store = corridor_store_open (path, flags, &error);

  g_assert_no_error (error);
  return store;
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

/* --- notes taken back, decisions put back --- */

static void
test_unnote_and_status (void)
{
  g_autofree char *path = copy_case ("notes.corridor");
  g_autoptr(CorridorStore) store = open_store (path, CORRIDOR_STORE_OPEN_DEFAULT);
  g_autoptr(GPtrArray) shipments = corridor_store_query_shipments (store, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) reviews = NULL;
  g_autoptr(GPtrArray) log = NULL;
  const CorridorShipment *s = g_ptr_array_index (shipments, 0);
  g_autofree char *id = g_strdup (s->id);
  const CorridorReviewAction note[] = { { CORRIDOR_REVIEW_NOTE, NULL, "called the agent" } };
  const CorridorReviewAction two[] = {
    { CORRIDOR_REVIEW_NOTE, NULL, "first" },
    { CORRIDOR_REVIEW_NOTE, NULL, "called the agent" },
  };
  const CorridorReviewAction unnote[] = { { CORRIDOR_REVIEW_UNNOTE, NULL, " called the agent " } };
  const CorridorReviewAction absent[] = { { CORRIDOR_REVIEW_UNNOTE, NULL, "never written" } };
  const CorridorReviewAction confirm[] = { { CORRIDOR_REVIEW_CONFIRM, NULL, NULL } };
  const CorridorReviewAction back[] = { { CORRIDOR_REVIEW_SET, "status", "Inferred" } };
  const CorridorReviewAction bogus[] = { { CORRIDOR_REVIEW_SET, "status", "maybe" } };
  const CorridorAuditEntry *last;
  const CorridorReview *r;
  guint changed = 0;
  gint64 n;

  g_assert_true (corridor_store_review (store, id, note, 1, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (corridor_store_review (store, id, two, 2, &changed, &error));
  /* UNNOTE takes back the newest note with that text, and only it. */
  g_assert_true (corridor_store_review (store, id, unnote, 1, &changed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  reviews = corridor_store_list_reviews (store, &error);
  r = g_hash_table_lookup (reviews, id);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->notes->len, ==, 2);
  g_assert_cmpstr (((CorridorReviewNote *) g_ptr_array_index (r->notes, 0))->text, ==,
                   "called the agent");
  g_assert_cmpstr (((CorridorReviewNote *) g_ptr_array_index (r->notes, 1))->text, ==, "first");
  log = corridor_store_list_audit (store, &error);
  last = g_ptr_array_index (log, log->len - 1);
  g_assert_cmpstr (last->action, ==, "review.unnote");
  g_assert_cmpstr (last->object, ==, id);
  g_assert_cmpstr (last->before_json, ==, "{\"note\":\"called the agent\"}");
  g_assert_null (last->after_json);

  n = corridor_store_count_audit (store);
  g_assert_false (corridor_store_review (store, id, absent, 1, &changed, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (corridor_store_count_audit (store), ==, n);

  /* A decision put back by SET status, audited as review.set. */
  g_assert_true (corridor_store_review (store, id, confirm, 1, &changed, &error));
  g_assert_true (corridor_store_review (store, id, back, 1, &changed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_clear_pointer (&log, g_ptr_array_unref);
  log = corridor_store_list_audit (store, &error);
  last = g_ptr_array_index (log, log->len - 1);
  g_assert_cmpstr (last->action, ==, "review.set");
  g_assert_cmpstr (last->before_json, ==, "{\"status\":\"confirmed\"}");
  g_assert_cmpstr (last->after_json, ==, "{\"status\":\"inferred\"}");
  g_assert_false (corridor_store_review (store, id, bogus, 1, &changed, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  {
    g_autoptr(CorridorShipment) now = corridor_store_get_shipment (store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (now->status, ==, CORRIDOR_STATUS_INFERRED);
  }
  g_clear_object (&store);

  /* The same through the command line. */
  g_free (run (0, "1 change", "review", path, id, "--unnote", "first", NULL));
  g_free (run (0, "1 change", "review", path, id, "--set", "status=rejected", NULL));
  g_free (run (1, "no note", "review", path, id, "--unnote", "first", NULL));
  g_free (run (1, "expected inferred", "review", path, id, "--set", "status=gone", NULL));
  assert_verified (path);
}

/* --- shipments made by hand --- */

/* Two message ids of shipment @id (its first two evidence messages). */
static void
two_messages (CorridorStore *store, const char *id, char **a, char **b, char **sender_of_a)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ev = corridor_store_list_evidence (store, id, &error);
  const CorridorEvidence *first;

  g_assert_no_error (error);
  first = g_ptr_array_index (ev, 0);
  *a = g_strdup (first->message->id);
  *sender_of_a = g_strdup (first->message->sender);
  *b = NULL;
  for (guint i = 1; i < ev->len && *b == NULL; i++)
    {
      const CorridorEvidence *e = g_ptr_array_index (ev, i);

      if (strcmp (e->message->id, *a) != 0)
        *b = g_strdup (e->message->id);
    }
  g_assert_nonnull (*b);
}

static void
test_create (void)
{
  g_autofree char *path = copy_case ("create.corridor");
  g_autoptr(CorridorStore) store = open_store (path, CORRIDOR_STORE_OPEN_DEFAULT);
  g_autoptr(GPtrArray) shipments = corridor_store_query_shipments (store, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *sender = NULL, *id = NULL, *before = NULL;
  g_autofree char *after = NULL, *second = NULL, *set_sender = NULL;
  g_autoptr(GHashTable) reviews = NULL;
  const CorridorShipment *s0 = g_ptr_array_index (shipments, 0);
  gint64 n;

  two_messages (store, s0->id, &a, &b, &sender);
  set_sender = g_strdup (sender);
  {
    const char *ids[] = { a, b, a, NULL };
    const CorridorReviewAction actions[] = {
      { CORRIDOR_REVIEW_SET, "origin", "Santos" },
      { CORRIDOR_REVIEW_SET, "destination", "NLRTM" },
      { CORRIDOR_REVIEW_SET, "departed", "2019-05-01" },
      { CORRIDOR_REVIEW_SET, "sender", set_sender },
      { CORRIDOR_REVIEW_SET, "grade", "b3" },
      { CORRIDOR_REVIEW_NOTE, NULL, "pieced together from two chats" },
    };

    g_assert_true (corridor_store_create_shipment (store, ids, actions, G_N_ELEMENTS (actions),
                                                   &id, &error));
    g_assert_no_error (error);
  }
  g_assert_true (g_str_has_prefix (id, "m-"));
  {
    g_autoptr(CorridorShipment) m = corridor_store_get_shipment (store, id, &error);
    gboolean saw_sender = FALSE, saw_unknown = FALSE;

    g_assert_no_error (error);
    g_assert_cmpint (m->status, ==, CORRIDOR_STATUS_CONFIRMED);
    g_assert_cmpfloat (m->confidence, ==, 1.0);
    g_assert_cmpuint (m->n_stops, ==, 2);
    g_assert_cmpstr (m->stops[0].locode, ==, "BRSSZ");
    g_assert_cmpstr (m->stops[1].locode, ==, "NLRTM");
    g_assert_cmpstr (m->departed, ==, "2019-05-01");
    g_assert_cmpuint (g_strv_length (m->evidence), ==, 2);
    g_assert_cmpstr (m->evidence[0], ==, a);
    g_assert_cmpstr (m->evidence[1], ==, b);
    /* The senders and recipients of the messages, roles unknown unless set. */
    g_assert_cmpuint (m->actors->len, >=, 2);
    for (guint i = 0; i < m->actors->len; i++)
      {
        const CorridorShipmentActor *act = g_ptr_array_index (m->actors, i);

        if (strcmp (act->handle, sender) == 0)
          {
            g_assert_cmpint (act->role, ==, CORRIDOR_ROLE_SENDER);
            saw_sender = TRUE;
          }
        else
          {
            g_assert_cmpint (act->role, ==, CORRIDOR_ROLE_NONE);
            saw_unknown = TRUE;
          }
      }
    g_assert_true (saw_sender && saw_unknown);
  }
  reviews = corridor_store_list_reviews (store, &error);
  g_assert_cmpstr (((CorridorReview *) g_hash_table_lookup (reviews, id))->grade, ==, "B3");
  g_assert_cmpuint (((CorridorReview *) g_hash_table_lookup (reviews, id))->notes->len, ==, 1);

  /* Refusals write nothing. */
  n = corridor_store_count_audit (store);
  {
    const char *ids[] = { a, NULL };
    const char *missing[] = { "no-such-message", NULL };
    const CorridorReviewAction no_dest[] = { { CORRIDOR_REVIEW_SET, "origin", "Santos" } };
    const CorridorReviewAction ok[] = {
      { CORRIDOR_REVIEW_SET, "origin", "Santos" },
      { CORRIDOR_REVIEW_SET, "destination", "Antwerp" },
    };
    const CorridorReviewAction nobody[] = {
      { CORRIDOR_REVIEW_SET, "origin", "Santos" },
      { CORRIDOR_REVIEW_SET, "destination", "Antwerp" },
      { CORRIDOR_REVIEW_SET, "distributor", "nobody_at_all" },
    };
    const CorridorReviewAction status[] = {
      { CORRIDOR_REVIEW_SET, "origin", "Santos" },
      { CORRIDOR_REVIEW_SET, "destination", "Antwerp" },
      { CORRIDOR_REVIEW_SET, "status", "inferred" },
    };
    const char *none[] = { NULL };
    char *got = NULL;

    g_assert_false (corridor_store_create_shipment (store, ids, no_dest, 1, &got, &error));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "destination"));
    g_clear_error (&error);
    g_assert_false (corridor_store_create_shipment (store, missing, ok, 2, &got, &error));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (corridor_store_create_shipment (store, ids, nobody, 3, &got, &error));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (corridor_store_create_shipment (store, ids, status, 3, &got, &error));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (corridor_store_create_shipment (store, none, ok, 2, &got, &error));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (corridor_store_delete_manual_shipment (store, s0->id, &error));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (corridor_store_delete_manual_shipment (store, "m-999", &error));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_null (got);
  }
  g_assert_cmpint (corridor_store_count_audit (store), ==, n);
  g_clear_object (&store);
  {
    g_autofree char *has_id = g_strdup_printf ("\"id\":\"%s\"", id);

    assert_audited (path, "review.create", id, NULL, has_id);
  }

  /* Inference never touches it. */
  before = shipment_text (path, id);
  g_assert_nonnull (before);
  g_free (run (0, NULL, "infer", path, NULL));
  after = shipment_text (path, id);
  g_assert_cmpstr (before, ==, after);

  /* The command line: the new id on stdout; --delete is the undo. */
  {
    g_autofree char *msgs = g_strdup_printf ("%s,%s", a, b);
    g_autofree char *out = run (0, "made by hand", "review", path, "--create", msgs, "--set",
                                "origin=guayaquil", "--set", "destination=Antwerp", "--set",
                                "transit=Algeciras", NULL);

    g_assert_true (g_str_has_suffix (out, "\n"));
    second = g_strstrip (g_strdup (out));
    g_assert_true (g_str_has_prefix (second, "m-"));
    g_assert_cmpstr (second, !=, id);
  }
  {
    g_autoptr(JsonNode) doc = all_shipments (path);
    JsonObject *m = find_shipment (doc, second);

    g_assert_nonnull (m);
    g_assert_cmpstr (json_object_get_string_member (m, "status"), ==, "confirmed");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (m, "transit")), ==, 1);
  }
  g_free (run (0, "deleted", "review", path, second, "--delete", NULL));
  g_assert_null (shipment_text (path, second));
  assert_audited (path, "review.delete", second, "\"status\":\"confirmed\"", NULL);
  g_free (run (1, "inferred", "review", path, s0->id, "--delete", NULL));
  g_free (run (1, "m-999", "review", path, "m-999", "--delete", NULL));
  g_free (run (1, "destination", "review", path, "--create", a, "--set", "origin=Santos", NULL));
  g_free (run (1, "no-such", "review", path, "--create", "no-such", "--set", "origin=Santos",
               "--set", "destination=Antwerp", NULL));
  g_free (run (2, "no shipment ID", "review", path, s0->id, "--create", a, NULL));
  g_free (run (2, "not a field", "review", path, "--create", a, "--set", "colour=red", NULL));
  g_free (run (2, "at a time", "review", path, "--create", a, "--merge-actor", "x=y", NULL));
  assert_verified (path);
}

/* --- merges --- */

static void
test_merge (void)
{
  g_autofree char *path = copy_case ("merge.corridor");
  g_autoptr(JsonNode) doc = all_shipments (path);
  JsonArray *all = shipments_of (doc);
  g_autofree char *into = NULL, *from = NULL, *into_before = NULL, *from_before = NULL;
  const char *vessel_from = NULL;

  /* A shipment with no vessel takes one from the shipment merged into it. */
  for (guint i = 0; i < json_array_get_length (all) && into == NULL; i++)
    {
      JsonObject *s = json_array_get_object_element (all, i);
      if (json_object_get_null_member (s, "vessel"))
        into = g_strdup (json_object_get_string_member (s, "id"));
    }
  for (guint i = 0; i < json_array_get_length (all) && from == NULL; i++)
    {
      JsonObject *s = json_array_get_object_element (all, i);
      if (!json_object_get_null_member (s, "vessel"))
        {
          from = g_strdup (json_object_get_string_member (s, "id"));
          vessel_from = json_object_get_string_member (json_object_get_object_member (s, "vessel"),
                                                       "name");
        }
    }
  g_assert_nonnull (into);
  g_assert_nonnull (from);
  into_before = shipment_text (path, into);
  from_before = shipment_text (path, from);

  g_free (run (0, "merged", "review", path, into, "--merge", from, NULL));
  for (int round = 0; round < 2; round++)
    {
      g_autoptr(JsonNode) now = all_shipments (path);
      JsonObject *merged = find_shipment (now, into);
      JsonObject *was = find_shipment (doc, from);
      g_autoptr(GPtrArray) ev = strings_of (merged, "evidence");
      g_autoptr(GPtrArray) from_ev = strings_of (was, "evidence");
      g_autoptr(GPtrArray) boxes = strings_of (merged, "containers");
      g_autoptr(GPtrArray) from_boxes = strings_of (was, "containers");

      /* The shipment merged in is no longer listed; its evidence, containers
       * and the fields the other lacked are the merged one's. */
      g_assert_null (find_shipment (now, from));
      g_assert_nonnull (merged);
      for (guint i = 0; i < from_ev->len; i++)
        g_assert_true (has_string (ev, g_ptr_array_index (from_ev, i)));
      for (guint i = 0; i < from_boxes->len; i++)
        g_assert_true (has_string (boxes, g_ptr_array_index (from_boxes, i)));
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (merged, "vessel"),
                                                      "name"), ==, vessel_from);
      /* … and it stays so after inference runs again. */
      if (round == 0)
        g_free (run (0, NULL, "infer", path, NULL));
    }
  {
    g_autofree char *has_from = g_strdup_printf ("\"id\":\"%s\"", from);
    g_autofree char *filled = g_strdup_printf ("\"filled\":{\"vessel\":\"%s\"", vessel_from);

    assert_audited (path, "review.merge", into, has_from, filled);
  }
  {
    g_autoptr(CorridorStore) store = open_store (path, CORRIDOR_STORE_OPEN_READ_ONLY);
    g_autoptr(GPtrArray) edits = corridor_store_list_structure_edits (store, NULL);
    const CorridorStructureEdit *e;

    g_assert_cmpuint (edits->len, ==, 1);
    e = g_ptr_array_index (edits, 0);
    g_assert_cmpint (e->kind, ==, CORRIDOR_STRUCTURE_MERGE);
    g_assert_cmpstr (e->target_id, ==, into);
    g_assert_cmpstr (e->other_id, ==, from);
    g_assert_false (e->inert);
  }

  /* Refusals. */
  g_free (run (1, "itself", "review", path, into, "--merge", into, NULL));
  g_free (run (1, "merged into", "review", path, from, "--merge", into, NULL));
  g_free (run (1, "s-999999", "review", path, into, "--merge", "s-999999", NULL));
  g_free (run (1, "not merged", "review", path, from, "--unmerge", into, NULL));
  g_free (run (2, "goes alone", "review", path, into, "--merge", from, "--confirm", NULL));
  g_free (run (2, "one shipment ID", "review", path, "--merge", from, NULL));

  /* The undo gives back both exactly as inference made them. */
  g_free (run (0, "took", "review", path, into, "--unmerge", from, NULL));
  {
    g_autofree char *a = shipment_text (path, into), *b = shipment_text (path, from);

    g_assert_cmpstr (a, ==, into_before);
    g_assert_cmpstr (b, ==, from_before);
  }
  {
    g_autofree char *has_from = g_strdup_printf ("\"from\":\"%s\"", from);

    assert_audited (path, "review.unmerge", into, has_from, "\"shipment\"");
  }

  /* Inference loses one of the ids: the merge is kept, inert, listed as such. */
  g_free (run (0, "merged", "review", path, into, "--merge", from, NULL));
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE shipment_keys SET key = key || '#gone' "
                                            "WHERE id = '%s'", from);
    tamper (path, sql);
  }
  g_free (run (0, NULL, "infer", path, NULL));
  {
    g_autoptr(CorridorStore) store = open_store (path, CORRIDOR_STORE_OPEN_READ_ONLY);
    g_autoptr(GPtrArray) edits = corridor_store_list_structure_edits (store, NULL);

    g_assert_cmpuint (edits->len, ==, 1);
    g_assert_true (((CorridorStructureEdit *) g_ptr_array_index (edits, 0))->inert);
  }
  g_assert_null (shipment_text (path, from));
  {
    /* The merged one holds nothing of the lost id any more. */
    g_autoptr(JsonNode) now = all_shipments (path);
    JsonObject *s = find_shipment (now, into);

    g_assert_nonnull (s);
    g_assert_true (json_object_get_null_member (s, "vessel"));
  }
  g_free (run (0, "took", "review", path, into, "--unmerge", from, NULL));
  {
    g_autoptr(CorridorStore) store = open_store (path, CORRIDOR_STORE_OPEN_READ_ONLY);
    g_autoptr(GPtrArray) edits = corridor_store_list_structure_edits (store, NULL);

    g_assert_cmpuint (edits->len, ==, 0);
  }
  assert_verified (path);
}

/* --- splits --- */

/* Picks a shipment and some of its evidence messages that name both its
 * origin and destination but are not all of it. */
static gboolean
pick_split (CorridorStore *store, char **out_id, GPtrArray *out_messages)
{
  g_autoptr(GPtrArray) shipments = corridor_store_query_shipments (store, NULL, NULL);

  for (guint i = 0; i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      g_autoptr(GPtrArray) ev = corridor_store_list_evidence (store, s->id, NULL);
      const char *o = NULL, *d = NULL;

      for (guint k = 0; k < ev->len; k++)
        {
          const CorridorEvidence *e = g_ptr_array_index (ev, k);

          if (o == NULL && g_strcmp0 (e->field, "origin") == 0)
            o = e->message->id;
          if (d == NULL && g_strcmp0 (e->field, "destination") == 0)
            d = e->message->id;
        }
      if (o == NULL || d == NULL || g_strv_length (s->evidence) < 4)
        continue;
      g_ptr_array_add (out_messages, g_strdup (o));
      if (strcmp (o, d) != 0)
        g_ptr_array_add (out_messages, g_strdup (d));
      if (out_messages->len >= g_strv_length (s->evidence))
        {
          g_ptr_array_set_size (out_messages, 0);
          continue;
        }
      *out_id = g_strdup (s->id);
      return TRUE;
    }
  return FALSE;
}

static void
test_split (void)
{
  g_autofree char *path = copy_case ("split.corridor");
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *id = NULL, *arg = NULL, *new_id = NULL, *before = NULL, *out = NULL;
  g_autofree char *src_split = NULL, *new_split = NULL, *other_msg = NULL;
  g_autofree char *all_msgs = NULL;

  {
    g_autoptr(CorridorStore) store = open_store (path, CORRIDOR_STORE_OPEN_DEFAULT);
    g_autoptr(GPtrArray) shipments = NULL;

    g_assert_true (pick_split (store, &id, messages));
    /* A message of another shipment, for a refusal below. */
    shipments = corridor_store_query_shipments (store, NULL, NULL);
    for (guint i = 0; i < shipments->len && other_msg == NULL; i++)
      {
        const CorridorShipment *s = g_ptr_array_index (shipments, i);
        if (strcmp (s->id, id) != 0)
          other_msg = g_strdup (s->evidence[0]);
      }
  }
  g_ptr_array_add (messages, NULL);
  arg = g_strjoinv (",", (char **) messages->pdata);
  before = shipment_text (path, id);

  out = run (0, "split", "review", path, id, "--split", arg, NULL);
  new_id = g_strstrip (g_strdup (out));
  g_assert_true (g_str_has_prefix (new_id, "m-"));
  for (int round = 0; round < 2; round++)
    {
      g_autoptr(JsonNode) now = all_shipments (path);
      JsonObject *src = find_shipment (now, id), *made = find_shipment (now, new_id);
      g_autoptr(GPtrArray) src_ev = NULL, new_ev = NULL;

      g_assert_nonnull (src);
      g_assert_nonnull (made);
      src_ev = strings_of (src, "evidence");
      new_ev = strings_of (made, "evidence");
      /* The messages moved, exactly. */
      g_assert_cmpuint (new_ev->len, ==, messages->len - 1);
      for (guint i = 0; messages->pdata[i] != NULL; i++)
        {
          g_assert_true (has_string (new_ev, messages->pdata[i]));
          g_assert_false (has_string (src_ev, messages->pdata[i]));
        }
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (made, "origin"),
                                                      "locode"), ==,
                       json_object_get_string_member (json_object_get_object_member (src, "origin"),
                                                      "locode"));
      g_assert_cmpstr (json_object_get_string_member (made, "status"), ==,
                       json_object_get_string_member (src, "status"));
      /* Inference runs again: the split is made again the same. */
      if (round == 0)
        {
          src_split = shipment_text (path, id);
          new_split = shipment_text (path, new_id);
          g_free (run (0, NULL, "infer", path, NULL));
        }
      else
        {
          g_autofree char *a = shipment_text (path, id), *b = shipment_text (path, new_id);

          g_assert_cmpstr (a, ==, src_split);
          g_assert_cmpstr (b, ==, new_split);
        }
    }
  {
    g_autofree char *has_new = g_strdup_printf ("\"new_id\":\"%s\"", new_id);

    assert_audited (path, "review.split", id, "\"evidence\"", has_new);
  }

  /* Refusals. */
  g_free (run (1, "not evidence", "review", path, id, "--split", other_msg, NULL));
  g_free (run (1, "no-such-message", "review", path, id, "--split", "no-such-message", NULL));
  {
    /* Every message it has left. */
    g_autoptr(JsonNode) now = all_shipments (path);
    g_autoptr(GPtrArray) left = strings_of (find_shipment (now, id), "evidence");

    g_ptr_array_add (left, NULL);
    all_msgs = g_strjoinv (",", (char **) left->pdata);
    g_free (run (1, "without evidence", "review", path, id, "--split", all_msgs, NULL));
  }
  g_free (run (1, "was split off", "review", path, new_id, "--delete", NULL));
  g_free (run (1, "not split off", "review", path, new_id, "--unsplit", id, NULL));

  /* The undo puts it back exactly. */
  g_free (run (0, "put", "review", path, id, "--unsplit", new_id, NULL));
  {
    g_autofree char *now = shipment_text (path, id);

    g_assert_cmpstr (now, ==, before);
  }
  g_assert_null (shipment_text (path, new_id));
  assert_audited (path, "review.unsplit", id, "\"new\"", "\"shipment\"");
  g_free (run (0, NULL, "infer", path, NULL));
  {
    g_autofree char *now = shipment_text (path, id);

    g_assert_cmpstr (now, ==, before);
  }
  assert_verified (path);
}

/* --- merged handles --- */

static void
test_actor_merge (void)
{
  g_autofree char *path = copy_case ("actors.corridor");
  g_autoptr(JsonNode) doc = all_shipments (path);
  JsonObject *s0 = json_array_get_object_element (shipments_of (doc), 0);
  JsonArray *actors = json_object_get_array_member (s0, "actors");
  g_autofree char *canonical = g_strdup (json_object_get_string_member (
                                 json_array_get_object_element (actors, 0), "handle"));
  g_autofree char *alias = g_strdup (json_object_get_string_member (
                             json_array_get_object_element (actors, 1), "handle"));
  g_autofree char *pair = g_strdup_printf ("%s=%s", alias, canonical);
  g_autofree char *back = g_strdup_printf ("%s=%s", canonical, alias);
  g_autofree char *of_alias = listed_ids (path, "--actor", alias, NULL);
  g_autofree char *of_canonical = listed_ids (path, "--actor", canonical, NULL);
  g_autofree char *of_either = listed_ids (path, "--actor", alias, "--actor", canonical, NULL);
  guint alias_messages = 0;

  g_assert_cmpstr (of_alias, !=, of_canonical);
  {
    g_autofree char *out = run (0, NULL, "messages", path, "--actor", alias, NULL);
    g_autoptr(JsonNode) m = parse (out);

    alias_messages = json_array_get_length (json_object_get_array_member (
                                              json_node_get_object (m), "messages"));
  }

  g_free (run (0, "counts as", "review", path, "--merge-actor", pair, NULL));
  for (int round = 0; round < 2; round++)
    {
      g_autofree char *now_canonical = listed_ids (path, "--actor", canonical, NULL);
      g_autofree char *now_alias = listed_ids (path, "--actor", alias, NULL);
      g_autofree char *actors_out = run (0, NULL, "actors", path, NULL);
      g_autoptr(JsonNode) a = parse (actors_out);
      JsonArray *list = json_object_get_array_member (json_node_get_object (a), "actors");
      g_autoptr(JsonNode) now = all_shipments (path);
      gboolean canonical_listed = FALSE, sender_kept = FALSE;

      /* Either handle filters the shipments of both. */
      g_assert_cmpstr (now_canonical, ==, of_either);
      g_assert_cmpstr (now_alias, ==, of_either);
      /* The alias is listed nowhere as an actor of its own. */
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *act = json_array_get_object_element (list, i);
          const char *h = json_object_get_string_member (act, "handle");

          g_assert_cmpstr (h, !=, alias);
          if (g_strcmp0 (h, canonical) == 0)
            {
              g_autoptr(GPtrArray) al = strings_of (act, "aliases");

              canonical_listed = TRUE;
              g_assert_true (has_string (al, alias));
              g_assert_cmpint (json_object_get_int_member (act, "messages"), >=, alias_messages);
            }
        }
      g_assert_true (canonical_listed);
      for (guint i = 0; i < json_array_get_length (shipments_of (now)); i++)
        {
          JsonArray *sa = json_object_get_array_member (
                            json_array_get_object_element (shipments_of (now), i), "actors");

          for (guint k = 0; k < json_array_get_length (sa); k++)
            g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sa, k),
                                                            "handle"), !=, alias);
        }
      /* Messages keep their own sender: the evidence stays exact. */
      {
        g_autofree char *out = run (0, NULL, "messages", path, "--actor", canonical, NULL);
        g_autoptr(JsonNode) m = parse (out);
        JsonArray *msgs = json_object_get_array_member (json_node_get_object (m), "messages");

        for (guint i = 0; i < json_array_get_length (msgs); i++)
          sender_kept |= g_strcmp0 (json_object_get_string_member (
                                      json_array_get_object_element (msgs, i), "from"), alias) == 0;
        g_assert_true (sender_kept);
      }
      {
        g_autoptr(CorridorStore) store = open_store (path, CORRIDOR_STORE_OPEN_READ_ONLY);
        g_autoptr(GPtrArray) contacts = corridor_store_list_contacts (store, NULL);
        g_autoptr(GHashTable) roles = corridor_store_actor_roles (store, NULL);
        g_autoptr(GPtrArray) merges = corridor_store_list_actor_merges (store, NULL);

        for (guint i = 0; i < contacts->len; i++)
          {
            const CorridorContact *c = g_ptr_array_index (contacts, i);

            g_assert_cmpstr (c->a, !=, alias);
            g_assert_cmpstr (c->b, !=, alias);
          }
        g_assert_false (g_hash_table_contains (roles, alias));
        g_assert_true (g_hash_table_contains (roles, canonical));
        g_assert_cmpuint (merges->len, ==, 1);
        g_assert_cmpstr (((CorridorActorMerge *) g_ptr_array_index (merges, 0))->root, ==,
                         canonical);
      }
      if (round == 0)
        g_free (run (0, NULL, "infer", path, NULL));
    }
  {
    g_autofree char *has = g_strdup_printf ("\"canonical\":\"%s\"", canonical);

    assert_audited (path, "review.merge-actors", alias, "\"canonical\":null", has);
  }

  /* Refusals. */
  g_free (run (1, "nobody_here", "review", path, "--merge-actor", "nobody_here=x", NULL));
  g_free (run (1, "already merged", "review", path, "--merge-actor", pair, NULL));
  g_free (run (1, "circle", "review", path, "--merge-actor", back, NULL));
  g_free (run (2, "ALIAS=CANONICAL", "review", path, "--merge-actor", alias, NULL));
  g_free (run (1, "not merged", "review", path, "--unmerge-actor", canonical, NULL));

  g_free (run (0, "itself again", "review", path, "--unmerge-actor", alias, NULL));
  {
    g_autofree char *now_alias = listed_ids (path, "--actor", alias, NULL);

    g_assert_cmpstr (now_alias, ==, of_alias);
  }
  assert_audited (path, "review.unmerge-actor", alias, "\"counts_as\"", "\"canonical\":null");
  assert_verified (path);
}

/* --- the case's gazetteer --- */

static void
test_gazetteer (void)
{
  g_autofree char *path = copy_case ("gazetteer.corridor");
  g_autofree char *jsonl = g_build_filename (tmpdir, "quimera.jsonl", NULL);
  /* Two consignments talked of with names no gazetteer knows. */
  const char *lines =
    "{\"id\": \"q-1\", \"ts\": \"2030-03-01T10:00:00Z\", \"from\": \"nuevo_h\", \"to\": \"otro_q\", "
    "\"body\": \"la caja sale de Guayaquil para Puerto Quimera, contenedor MSKU 123456-5\"}\n"
    "{\"id\": \"q-2\", \"ts\": \"2030-03-02T10:00:00Z\", \"from\": \"otro_q\", \"to\": \"nuevo_h\", "
    "\"body\": \"ok, ETD 05/03 desde Guayaquil, ETA Puerto Quimera 25/03\"}\n"
    "{\"id\": \"q-3\", \"ts\": \"2030-06-01T10:00:00Z\", \"from\": \"lejano_z\", \"to\": \"cerca_w\", "
    "\"body\": \"sale de Santos el 04/06, destino Fantasmadam\"}\n"
    "{\"id\": \"q-4\", \"ts\": \"2030-06-02T10:00:00Z\", \"from\": \"cerca_w\", \"to\": \"lejano_z\", "
    "\"body\": \"ETA Fantasmadam 28/06, listos\"}\n";
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (jsonl, lines, -1, &error));
  g_free (run (0, NULL, "import", path, jsonl, NULL));
  /* Before: the names mean nothing. */
  g_free (run (1, "Quimera", "shipments", path, "--port", "Puerto Quimera", NULL));
  g_free (run (1, "fantasmadam", "shipments", path, "--port", "fantasmadam", NULL));

  g_free (run (0, "added", "review", path, "--add-port", "ECQMR", "--set", "name=Puerto Quimera",
               "--set", "lat=-2.6", "--set", "lon=-80.3", "--set", "alias=Quimera", NULL));
  g_free (run (0, "added", "review", path, "--add-alias", "BEANR=Fantasmadam", NULL));
  assert_audited (path, "gazetteer.add-port", "ECQMR", NULL, "\"name\":\"Puerto Quimera\"");
  assert_audited (path, "gazetteer.add-alias", "BEANR", NULL, "\"alias\":\"Fantasmadam\"");
  {
    g_autoptr(CorridorStore) store = open_store (path, CORRIDOR_STORE_OPEN_READ_ONLY);
    g_autoptr(CorridorGazetteer) gaz = corridor_store_load_gazetteer (store, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (corridor_gazetteer_lookup (gaz, "fantasmadam")->locode, ==, "BEANR");
    g_assert_cmpstr (corridor_gazetteer_lookup (gaz, "puerto quimera")->locode, ==, "ECQMR");
    g_assert_cmpstr (corridor_gazetteer_lookup (gaz, "QUIMERA")->locode, ==, "ECQMR");
    /* The bundled names keep their ports. */
    g_assert_cmpstr (corridor_gazetteer_lookup (gaz, "Antwerpen")->locode, ==, "BEANR");
  }

  /* Inference extracts the additions. */
  g_free (run (0, NULL, "infer", path, NULL));
  for (int round = 0; round < 2; round++)
    {
      g_autofree char *out = run (0, NULL, "shipments", path, "--port", "puerto quimera", NULL);
      g_autoptr(JsonNode) doc = parse (out);
      g_autofree char *out2 = run (0, NULL, "shipments", path, "--port", "Fantasmadam", "--from",
                                   "2030-01-01", NULL);
      g_autoptr(JsonNode) doc2 = parse (out2);
      JsonObject *q, *f;
      g_autoptr(GPtrArray) ev = NULL, ev2 = NULL;

      g_assert_cmpuint (json_array_get_length (shipments_of (doc)), ==, 1);
      q = json_array_get_object_element (shipments_of (doc), 0);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (q, "origin"),
                                                      "locode"), ==, "ECGYE");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (q, "destination"),
                                                      "locode"), ==, "ECQMR");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (q, "destination"),
                                                      "name"), ==, "Puerto Quimera");
      ev = strings_of (q, "evidence");
      g_assert_true (has_string (ev, "q-1") && has_string (ev, "q-2"));
      g_assert_cmpuint (json_array_get_length (shipments_of (doc2)), ==, 1);
      f = json_array_get_object_element (shipments_of (doc2), 0);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (f, "origin"),
                                                      "locode"), ==, "BRSSZ");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (f, "destination"),
                                                      "locode"), ==, "BEANR");
      ev2 = strings_of (f, "evidence");
      g_assert_true (has_string (ev2, "q-3") && has_string (ev2, "q-4"));
      if (round == 0)
        g_free (run (0, NULL, "infer", path, NULL));
    }

  /* Refusals. */
  g_free (run (1, "already known", "review", path, "--add-port", "BEANR", "--set", "name=X",
               "--set", "lat=1", "--set", "lon=1", NULL));
  g_free (run (1, "already names", "review", path, "--add-port", "NLZZZ", "--set", "name=Antwerp",
               "--set", "lat=1", "--set", "lon=1", NULL));
  g_free (run (1, "does not match", "review", path, "--add-port", "NLZZZ", "--set", "name=Zed",
               "--set", "lat=1", "--set", "lon=1", "--set", "country=BE", NULL));
  g_free (run (1, "degrees", "review", path, "--add-port", "NLZZZ", "--set", "name=Zed",
               "--set", "lat=north", "--set", "lon=1", NULL));
  g_free (run (2, "needs --set name", "review", path, "--add-port", "NLZZZ", "--set", "name=Zed",
               NULL));
  g_free (run (2, "not a field of a port", "review", path, "--add-port", "NLZZZ", "--set",
               "depth=12", NULL));
  g_free (run (1, "No port", "review", path, "--add-alias", "XXQQQ=Nowhere", NULL));
  g_free (run (1, "already names", "review", path, "--add-alias", "BEANR=Rotterdam", NULL));
  g_free (run (2, "LOCODE=ALIAS", "review", path, "--add-alias", "BEANR", NULL));
  g_free (run (1, "comes with the gazetteer", "review", path, "--remove-alias", "BEANR=Antwerpen",
               NULL));
  g_free (run (1, "no alias", "review", path, "--remove-alias", "BEANR=Nowhere", NULL));
  g_free (run (1, "in use", "review", path, "--remove-port", "ECQMR", NULL));
  g_free (run (1, "comes with the gazetteer", "review", path, "--remove-port", "BEANR", NULL));
  g_free (run (1, "No port", "review", path, "--remove-port", "XXQQQ", NULL));

  /* The undo: the alias goes, and with the next inference what it named. */
  g_free (run (0, "removed", "review", path, "--remove-alias", "BEANR=Fantasmadam", NULL));
  assert_audited (path, "gazetteer.remove-alias", "BEANR", "\"alias\":\"Fantasmadam\"", NULL);
  g_free (run (1, "fantasmadam", "shipments", path, "--port", "fantasmadam", NULL));
  g_free (run (0, NULL, "infer", path, NULL));
  {
    g_autofree char *out = run (0, NULL, "shipments", path, "--port", "BEANR", "--from",
                                "2030-01-01", NULL);
    g_autoptr(JsonNode) doc = parse (out);

    g_assert_cmpuint (json_array_get_length (shipments_of (doc)), ==, 0);
  }
  /* A port added and never used goes with its undo. */
  g_free (run (0, "added", "review", path, "--add-port", "NLZZZ", "--set", "name=Zeddam",
               "--set", "lat=52.1", "--set", "lon=4.2", NULL));
  g_free (run (0, "removed", "review", path, "--remove-port", "NLZZZ", NULL));
  assert_audited (path, "gazetteer.remove-port", "NLZZZ", "\"name\":\"Zeddam\"", NULL);
  g_free (run (1, "zeddam", "shipments", path, "--port", "zeddam", NULL));
  assert_verified (path);
}

/* --- a read-only case refuses every one --- */

static void
test_read_only (void)
{
  g_autofree char *path = copy_case ("read-only.corridor");
  g_autoptr(CorridorStore) store = open_store (path, CORRIDOR_STORE_OPEN_READ_ONLY);
  g_autoptr(GPtrArray) shipments = corridor_store_query_shipments (store, NULL, NULL);
  const CorridorShipment *s = g_ptr_array_index (shipments, 0), *t = g_ptr_array_index (shipments, 1);
  const char *ids[] = { s->evidence[0], NULL };
  const CorridorReviewAction sets[] = {
    { CORRIDOR_REVIEW_SET, "origin", "Santos" },
    { CORRIDOR_REVIEW_SET, "destination", "Antwerp" },
  };
  const CorridorReviewAction unnote[] = { { CORRIDOR_REVIEW_UNNOTE, NULL, "x" } };
  g_autoptr(CorridorPort) port = corridor_port_new ("NLZZZ", "Zeddam", "NL", 52.1, 4.2, NULL);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  gint64 n = corridor_store_count_audit (store);

#define REFUSED(call) \
  G_STMT_START { \
    g_assert_false (call); \
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_READ_ONLY); \
    g_clear_error (&error); \
  } G_STMT_END

  REFUSED (corridor_store_review (store, s->id, unnote, 1, NULL, &error));
  REFUSED (corridor_store_create_shipment (store, ids, sets, 2, &out, &error));
  REFUSED (corridor_store_delete_manual_shipment (store, "m-1", &error));
  REFUSED (corridor_store_merge_shipments (store, s->id, t->id, &error));
  REFUSED (corridor_store_unmerge_shipments (store, s->id, t->id, &error));
  REFUSED (corridor_store_split_shipment (store, s->id, ids, &out, &error));
  REFUSED (corridor_store_unsplit_shipment (store, s->id, "m-1", &error));
  REFUSED (corridor_store_merge_actors (store, s->evidence[0], "x", &error));
  REFUSED (corridor_store_unmerge_actor (store, "x", &error));
  REFUSED (corridor_store_add_case_port (store, port, &error));
  REFUSED (corridor_store_remove_case_port (store, "NLZZZ", &error));
  REFUSED (corridor_store_add_port_alias (store, "BEANR", "Zed", &error));
  REFUSED (corridor_store_remove_port_alias (store, "BEANR", "Zed", &error));
#undef REFUSED
  g_assert_null (out);
  g_assert_cmpint (corridor_store_count_audit (store), ==, n);
}

/* --- version 6 cases --- */

static void
test_migrate_v6 (void)
{
  g_autofree char *path = copy_case ("v6.corridor");
  g_autofree char *before = NULL, *after = NULL, *actors_before = NULL, *actors_after = NULL;
  g_autofree char *actors_v7 = NULL;

  /* The demo case as version 6 wrote it: no analyst role 'unknown', no
   * merge marks, no structure or handle tables. */
  tamper (path,
          "PRAGMA foreign_keys = OFF;"
          "CREATE TABLE sa6 ("
          "  shipment_rowid INTEGER NOT NULL REFERENCES shipments(rowid) ON DELETE CASCADE,"
          "  actor_id INTEGER NOT NULL REFERENCES actors(id),"
          "  role TEXT NOT NULL CHECK (role IN ('sender','intermediary','distributor')),"
          "  UNIQUE (shipment_rowid, actor_id, role));"
          "INSERT INTO sa6 (rowid, shipment_rowid, actor_id, role)"
          "  SELECT rowid, shipment_rowid, actor_id, role FROM shipment_actors;"
          "DROP TABLE shipment_actors;"
          "ALTER TABLE sa6 RENAME TO shipment_actors;"
          "CREATE INDEX shipment_actors_actor ON shipment_actors(actor_id);"
          "ALTER TABLE evidence DROP COLUMN merged_from;"
          "ALTER TABLE shipment_containers DROP COLUMN merged_from;"
          "ALTER TABLE port_aliases DROP COLUMN analyst;"
          "DROP TABLE review_structure; DROP TABLE actor_merges;"
          "PRAGMA user_version = 6;");
  /* Read-only, it is not migrated, and every listing still works. */
  before = run (0, NULL, "shipments", path, "--actor", "bigboss77", NULL);
  actors_before = run (0, NULL, "actors", path, NULL);
  {
    g_autoptr(CorridorStore) store = open_store (path, CORRIDOR_STORE_OPEN_READ_ONLY);
    g_autoptr(GPtrArray) edits = corridor_store_list_structure_edits (store, NULL);
    g_autoptr(GPtrArray) merges = corridor_store_list_actor_merges (store, NULL);
    g_autoptr(CorridorGazetteer) gaz = corridor_store_load_gazetteer (store, NULL);

    g_assert_cmpint (corridor_store_get_schema_version (store), ==, 6);
    g_assert_nonnull (edits);
    g_assert_cmpuint (edits->len, ==, 0);
    g_assert_cmpuint (merges->len, ==, 0);
    g_assert_nonnull (gaz);
  }
  /* Opened to write, it becomes version 7 with its shipments as they were. */
  {
    g_autoptr(CorridorStore) store = open_store (path, CORRIDOR_STORE_OPEN_DEFAULT);

    g_assert_cmpint (corridor_store_get_schema_version (store), ==, 7);
  }
  after = run (0, NULL, "shipments", path, "--actor", "bigboss77", NULL);
  actors_after = run (0, NULL, "actors", path, NULL);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (actors_before, ==, actors_after);
  /* And the version 7 actions work on it. */
  g_free (run (0, "counts as", "review", path, "--merge-actor", "tiburon9=bigboss77", NULL));
  actors_v7 = run (0, NULL, "actors", path, NULL);
  g_assert_cmpstr (actors_v7, !=, actors_after);
  assert_verified (path);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* Built once; every test works on its own copy. */
  tmpdir = corridor_test_demo_dir ("corridor-structure-XXXXXX", &base_case);
  g_test_add_func ("/review-structure/unnote-and-status", test_unnote_and_status);
  g_test_add_func ("/review-structure/create", test_create);
  g_test_add_func ("/review-structure/merge", test_merge);
  g_test_add_func ("/review-structure/split", test_split);
  g_test_add_func ("/review-structure/actor-merge", test_actor_merge);
  g_test_add_func ("/review-structure/gazetteer", test_gazetteer);
  g_test_add_func ("/review-structure/read-only", test_read_only);
  g_test_add_func ("/review-structure/migrate-v6", test_migrate_v6);
  ret = g_test_run ();
  corridor_test_remove_tree (tmpdir);
  return ret;
}
