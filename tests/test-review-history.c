/* test-review-history.c: the session's undo/redo history of review commands,
 * headless, against copies of a real demo case: commands undo newest first
 * and redo in their order, a new command forgets what could be redone, the
 * inverse of each kind of review (decision, every field, grade, note) is
 * computed from the case as it was and brings it back, undo and redo are
 * audited like any review, a failed undo leaves the history as it was, and
 * the property notifications fire only on change. */
#include "corridor-review.h"
#include "corridor-demo.h"
#include "corridor-error.h"
#include "corridor-gazetteer.h"
#include "corridor-store.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

static char *tmpdir;
static char *base_case;

/* A private copy of the demo case, opened read-write. */
static CorridorStore *
open_copy (const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr (GFile) src = g_file_new_for_path (base_case);
  g_autoptr (GFile) dst = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  CorridorStore *store;

  g_assert_true (g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  store = corridor_store_open (path, CORRIDOR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* The first shown shipment that is inferred and has a quantity, a
 * departure and an arrival (the demo case has several). */
static char *
pick_shipment (CorridorStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = corridor_store_query_shipments (store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      CorridorShipment *s = g_ptr_array_index (all, i);
      if (s->status == CORRIDOR_STATUS_INFERRED && !isnan (s->quantity_kg)
          && s->departed != NULL && s->arrived != NULL && s->n_stops == 2)
        return g_strdup (s->id);
    }
  g_assert_not_reached ();
  return NULL;
}

static char *
field_of (CorridorStore *store, const char *id, const char *field)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorShipment) s = corridor_store_get_shipment (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  return corridor_review_field_value (s, field);
}

static char *
grade_of (CorridorStore *store, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) reviews = corridor_store_list_reviews (store, &error);
  CorridorReview *review;

  g_assert_no_error (error);
  review = g_hash_table_lookup (reviews, id);
  return review != NULL ? g_strdup (review->grade) : NULL;
}

static guint
n_notes_of (CorridorStore *store, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) reviews = corridor_store_list_reviews (store, &error);
  CorridorReview *review;

  g_assert_no_error (error);
  review = g_hash_table_lookup (reviews, id);
  return review != NULL ? review->notes->len : 0;
}

/* The newest audit entry. */
static CorridorAuditEntry *
last_audit (CorridorStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) log = corridor_store_list_audit (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (log->len, >, 0);
  return g_ptr_array_steal_index (log, log->len - 1);
}

static void
review_one (CorridorReviewHistory *history, CorridorStore *store, const char *id,
            CorridorReviewKind kind, const char *field, const char *value)
{
  g_autoptr (GError) error = NULL;
  CorridorReviewAction a = { kind, field, value };
  guint changed = 0;

  g_assert_true (corridor_review_history_review (history, store, id, &a, 1, NULL, &changed,
                                                 &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
}

static void
undo (CorridorReviewHistory *history, CorridorStore *store)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (corridor_review_history_undo (history, store, &error));
  g_assert_no_error (error);
}

static void
redo (CorridorReviewHistory *history, CorridorStore *store)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (corridor_review_history_redo (history, store, &error));
  g_assert_no_error (error);
}

static void
assert_field (CorridorStore *store, const char *id, const char *field, const char *expected)
{
  g_autofree char *value = field_of (store, id, field);
  g_assert_cmpstr (value, ==, expected);
}

/* Confirm, undo (status back to inferred, audited as a review.set), redo. */
static void
test_confirm_undo_redo (void)
{
  g_autoptr (CorridorStore) store = open_copy ("confirm.corridor");
  g_autoptr (CorridorReviewHistory) history = corridor_review_history_new ();
  g_autofree char *id = pick_shipment (store);
  g_autofree char *label = g_strdup_printf ("Confirm %s", id);
  gint64 n_audit = corridor_store_count_audit (store);

  g_assert_false (corridor_review_history_can_undo (history));
  g_assert_false (corridor_review_history_can_redo (history));
  review_one (history, store, id, CORRIDOR_REVIEW_CONFIRM, NULL, NULL);
  assert_field (store, id, "status", "confirmed");
  g_assert_true (corridor_review_history_can_undo (history));
  g_assert_cmpstr (corridor_review_history_get_undo_label (history), ==, label);
  g_assert_cmpstr (corridor_review_history_get_focus (history), ==, id);
  g_assert_cmpint (corridor_store_count_audit (store), ==, n_audit + 1);
  {
    g_autoptr (CorridorAuditEntry) e = last_audit (store);
    g_assert_cmpstr (e->action, ==, "review.confirm");
    g_assert_cmpstr (e->object, ==, id);
  }

  undo (history, store);
  assert_field (store, id, "status", "inferred");
  g_assert_false (corridor_review_history_can_undo (history));
  g_assert_true (corridor_review_history_can_redo (history));
  g_assert_cmpstr (corridor_review_history_get_redo_label (history), ==, label);
  g_assert_cmpint (corridor_store_count_audit (store), ==, n_audit + 2);
  {
    g_autoptr (CorridorAuditEntry) e = last_audit (store);
    g_assert_cmpstr (e->action, ==, "review.set");
    g_assert_cmpstr (e->object, ==, id);
    g_assert_cmpstr (e->before_json, ==, "{\"status\":\"confirmed\"}");
    g_assert_cmpstr (e->after_json, ==, "{\"status\":\"inferred\"}");
  }

  redo (history, store);
  assert_field (store, id, "status", "confirmed");
  g_assert_true (corridor_review_history_can_undo (history));
  g_assert_false (corridor_review_history_can_redo (history));
  g_assert_cmpint (corridor_store_count_audit (store), ==, n_audit + 3);
  {
    g_autoptr (CorridorAuditEntry) e = last_audit (store);
    g_assert_cmpstr (e->action, ==, "review.confirm");
  }
  /* Rejecting a confirmed one undoes back to confirmed, not to inferred. */
  review_one (history, store, id, CORRIDOR_REVIEW_REJECT, NULL, NULL);
  assert_field (store, id, "status", "rejected");
  undo (history, store);
  assert_field (store, id, "status", "confirmed");
  g_assert_true (corridor_store_verify_audit (store, NULL, NULL));
}

/* Three commands undo newest first and redo oldest first; a new command
 * after an undo forgets the redo stack. */
static void
test_order_and_redo_cleared (void)
{
  g_autoptr (CorridorStore) store = open_copy ("order.corridor");
  g_autoptr (CorridorReviewHistory) history = corridor_review_history_new ();
  g_autofree char *id = pick_shipment (store);
  g_autofree char *kg = field_of (store, id, "quantity_kg");
  g_autofree char *vessel = field_of (store, id, "vessel");
  guint notes = n_notes_of (store, id);

  review_one (history, store, id, CORRIDOR_REVIEW_SET, "quantity_kg", "500");
  review_one (history, store, id, CORRIDOR_REVIEW_SET, "vessel", "MSC Test Vessel");
  review_one (history, store, id, CORRIDOR_REVIEW_NOTE, NULL, "  Checked against the "
                                                             "manifest.  ");
  g_assert_cmpuint (corridor_review_history_get_n_undo (history), ==, 3);
  g_assert_cmpuint (n_notes_of (store, id), ==, notes + 1);

  undo (history, store);   /* the note */
  g_assert_cmpuint (n_notes_of (store, id), ==, notes);
  {
    g_autoptr (CorridorAuditEntry) e = last_audit (store);
    g_assert_cmpstr (e->action, ==, "review.unnote");
  }
  assert_field (store, id, "vessel", "MSC Test Vessel");
  undo (history, store);   /* the vessel */
  assert_field (store, id, "vessel", vessel);
  assert_field (store, id, "quantity_kg", "500");
  undo (history, store);   /* the quantity */
  assert_field (store, id, "quantity_kg", kg);
  g_assert_false (corridor_review_history_can_undo (history));
  g_assert_cmpuint (corridor_review_history_get_n_redo (history), ==, 3);

  redo (history, store);   /* the quantity again */
  assert_field (store, id, "quantity_kg", "500");
  assert_field (store, id, "vessel", vessel);
  redo (history, store);   /* the vessel */
  assert_field (store, id, "vessel", "MSC Test Vessel");
  g_assert_cmpuint (n_notes_of (store, id), ==, notes);
  g_assert_cmpuint (corridor_review_history_get_n_redo (history), ==, 1);

  /* A new command: the note can no longer be redone. */
  review_one (history, store, id, CORRIDOR_REVIEW_SET, "concealment", "in bananas");
  g_assert_false (corridor_review_history_can_redo (history));
  g_assert_cmpuint (corridor_review_history_get_n_redo (history), ==, 0);
  g_assert_cmpuint (corridor_review_history_get_n_undo (history), ==, 3);
  {
    g_autoptr (GError) error = NULL;
    g_assert_false (corridor_review_history_redo (history, store, &error));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
  }
  g_assert_cmpuint (n_notes_of (store, id), ==, notes);
}

/* The inverse list itself: reversed, each SET back to the value before
 * (a field set twice to the first value, unknown as ""), NOTE as UNNOTE of
 * the trimmed text, a decision as SET status. */
static void
test_inverse_computed (void)
{
  g_autoptr (CorridorStore) store = open_copy ("inverse.corridor");
  g_autofree char *id = pick_shipment (store);
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorShipment) s = corridor_store_get_shipment (store, id, &error);
  g_autofree char *kg = corridor_review_field_value (s, "quantity_kg");
  const CorridorReviewAction actions[] = {
    { CORRIDOR_REVIEW_CONFIRM, NULL, NULL },
    { CORRIDOR_REVIEW_SET, "quantity_kg", "1" },
    { CORRIDOR_REVIEW_SET, "quantity_kg", "2" },
    { CORRIDOR_REVIEW_SET, "grade", "b2" },
    { CORRIDOR_REVIEW_NOTE, NULL, "  hello \n" },
    { CORRIDOR_REVIEW_SET, "transit", "ESALG" },
    { CORRIDOR_REVIEW_REJECT, NULL, NULL },
  };
  g_autoptr (GPtrArray) inverse = NULL;
  CorridorReviewAction *a;

  g_assert_no_error (error);
  g_assert_cmpint (s->status, ==, CORRIDOR_STATUS_INFERRED);
  inverse = corridor_review_inverse (s, "A1", actions, G_N_ELEMENTS (actions));
  g_assert_cmpuint (inverse->len, ==, G_N_ELEMENTS (actions));

  a = g_ptr_array_index (inverse, 0);   /* of REJECT: back to confirmed */
  g_assert_cmpint (a->kind, ==, CORRIDOR_REVIEW_SET);
  g_assert_cmpstr (a->field, ==, "status");
  g_assert_cmpstr (a->value, ==, "confirmed");
  a = g_ptr_array_index (inverse, 1);   /* of transit: none before */
  g_assert_cmpint (a->kind, ==, CORRIDOR_REVIEW_SET);
  g_assert_cmpstr (a->field, ==, "transit");
  g_assert_cmpstr (a->value, ==, "");
  a = g_ptr_array_index (inverse, 2);
  g_assert_cmpint (a->kind, ==, CORRIDOR_REVIEW_UNNOTE);
  g_assert_cmpstr (a->value, ==, "hello");
  a = g_ptr_array_index (inverse, 3);
  g_assert_cmpint (a->kind, ==, CORRIDOR_REVIEW_SET);
  g_assert_cmpstr (a->field, ==, "grade");
  g_assert_cmpstr (a->value, ==, "A1");
  a = g_ptr_array_index (inverse, 4);
  g_assert_cmpstr (a->field, ==, "quantity_kg");
  g_assert_cmpstr (a->value, ==, "1");
  a = g_ptr_array_index (inverse, 5);
  g_assert_cmpstr (a->field, ==, "quantity_kg");
  g_assert_cmpstr (a->value, ==, kg);
  a = g_ptr_array_index (inverse, 6);   /* of CONFIRM */
  g_assert_cmpstr (a->field, ==, "status");
  g_assert_cmpstr (a->value, ==, "inferred");

  /* No grade before: the inverse clears it. */
  {
    const CorridorReviewAction grade[] = { { CORRIDOR_REVIEW_SET, "grade", "C3" } };
    g_autoptr (GPtrArray) inv = corridor_review_inverse (s, NULL, grade, 1);
    a = g_ptr_array_index (inv, 0);
    g_assert_cmpstr (a->value, ==, "");
  }
}

/* Every field the Edit Facts dialog offers, set and undone through the
 * store: each comes back exactly (unknown stays unknown), and redo puts
 * the analyst's value back. */
static void
test_each_field_round_trip (void)
{
  g_autoptr (CorridorStore) store = open_copy ("fields.corridor");
  g_autoptr (CorridorReviewHistory) history = corridor_review_history_new ();
  g_autofree char *id = pick_shipment (store);
  g_autofree char *origin = field_of (store, id, "origin");
  g_autofree char *destination = field_of (store, id, "destination");
  /* Ports of the case that the shipment does not touch. */
  const char *ports[] = { "ESALG", "NLRTM", "BEANR", "DEHAM", "ESVLC", "FRLEH", NULL };
  const char *port_a = NULL, *port_b = NULL;

  for (guint i = 0; ports[i] != NULL; i++)
    if (g_strcmp0 (ports[i], origin) != 0 && g_strcmp0 (ports[i], destination) != 0)
      {
        if (port_a == NULL)
          port_a = ports[i];
        else if (port_b == NULL)
          port_b = ports[i];
      }
  g_assert_nonnull (port_b);

  const struct { const char *field; const char *value; const char *canonical; } sets[] = {
    { "origin", port_a, port_a },
    { "destination", port_b, port_b },
    { "transit", "ESALG; NLRTM", "ESALG;NLRTM" },
    { "departed", "2000-01-02", "2000-01-02" },
    { "arrived", "2099-12-30", "2099-12-30" },
    { "quantity_kg", "1234.5", "1234.5" },
    { "vessel", "Test Vessel", "Test Vessel" },
    { "imo", "IMO 9074729", "9074729" },
    { "concealment", "false floor", "false floor" },
    { "outcome", "Seized", "seized" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      g_autofree char *before = field_of (store, id, sets[i].field);
      gint64 n_audit = corridor_store_count_audit (store);

      /* The transit test needs origin and destination apart from its ports. */
      if (strcmp (sets[i].field, "transit") == 0
          && (g_strcmp0 (origin, "ESALG") == 0 || g_strcmp0 (origin, "NLRTM") == 0
              || g_strcmp0 (destination, "ESALG") == 0 || g_strcmp0 (destination, "NLRTM") == 0))
        continue;
      g_test_message ("field %s: %s -> %s", sets[i].field, before, sets[i].value);
      review_one (history, store, id, CORRIDOR_REVIEW_SET, sets[i].field, sets[i].value);
      assert_field (store, id, sets[i].field, sets[i].canonical);
      undo (history, store);
      assert_field (store, id, sets[i].field, before);
      g_assert_cmpint (corridor_store_count_audit (store), ==, n_audit + 2);
      redo (history, store);
      assert_field (store, id, sets[i].field, sets[i].canonical);
      undo (history, store);
      assert_field (store, id, sets[i].field, before);
    }
  /* All of them were undone: the shipment is as inference left it. */
  assert_field (store, id, "origin", origin);
  assert_field (store, id, "destination", destination);
}

/* Several facts in one command undo together, dates in either order. */
static void
test_multi_field_command (void)
{
  g_autoptr (CorridorStore) store = open_copy ("multi.corridor");
  g_autoptr (CorridorReviewHistory) history = corridor_review_history_new ();
  g_autofree char *id = pick_shipment (store);
  g_autofree char *departed = field_of (store, id, "departed");
  g_autofree char *arrived = field_of (store, id, "arrived");
  g_autoptr (GError) error = NULL;
  const CorridorReviewAction edit[] = {
    { CORRIDOR_REVIEW_SET, "departed", "2030-01-01" },
    { CORRIDOR_REVIEW_SET, "arrived", "2030-02-01" },
  };
  g_autofree char *label = g_strdup_printf ("Edit 2 facts of %s", id);
  guint changed = 0;

  g_assert_true (corridor_review_history_review (history, store, id, edit, 2, NULL, &changed,
                                                 &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpstr (corridor_review_history_get_undo_label (history), ==, label);
  /* Undoing runs arrived back first, then departed: the check is at the end. */
  undo (history, store);
  assert_field (store, id, "departed", departed);
  assert_field (store, id, "arrived", arrived);
  redo (history, store);
  assert_field (store, id, "departed", "2030-01-01");

  /* A refused review records nothing and changes nothing. */
  const CorridorReviewAction bad[] = {
    { CORRIDOR_REVIEW_SET, "quantity_kg", "3" },
    { CORRIDOR_REVIEW_SET, "imo", "1234568" },
  };
  g_autofree char *kg = field_of (store, id, "quantity_kg");
  g_assert_false (corridor_review_history_review (history, store, id, bad, 2, NULL, NULL,
                                                  &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (corridor_review_history_get_n_undo (history), ==, 1);
  assert_field (store, id, "quantity_kg", kg);
}

/* Grades undo to the grade before, the first one to none. */
static void
test_grade (void)
{
  g_autoptr (CorridorStore) store = open_copy ("grade.corridor");
  g_autoptr (CorridorReviewHistory) history = corridor_review_history_new ();
  g_autofree char *id = pick_shipment (store);
  g_autofree char *label = g_strdup_printf ("Grade %s as B2", id);
  g_autofree char *g = NULL;

  g_assert_null (grade_of (store, id));
  review_one (history, store, id, CORRIDOR_REVIEW_SET, "grade", "B2");
  g_assert_cmpstr (corridor_review_history_get_undo_label (history), ==, label);
  review_one (history, store, id, CORRIDOR_REVIEW_SET, "grade", "C3");
  g = grade_of (store, id);
  g_assert_cmpstr (g, ==, "C3");
  g_clear_pointer (&g, g_free);
  undo (history, store);
  g = grade_of (store, id);
  g_assert_cmpstr (g, ==, "B2");
  g_clear_pointer (&g, g_free);
  undo (history, store);
  g = grade_of (store, id);
  g_assert_null (g);
}

/* Nothing changed: nothing recorded. A failed undo (read-only store)
 * keeps the command for a later try. */
static void
test_no_change_and_failed_undo (void)
{
  g_autoptr (CorridorStore) store = open_copy ("fail.corridor");
  g_autoptr (CorridorReviewHistory) history = corridor_review_history_new ();
  g_autofree char *id = pick_shipment (store);
  g_autofree char *kg = field_of (store, id, "quantity_kg");
  g_autoptr (GError) error = NULL;
  CorridorReviewAction same = { CORRIDOR_REVIEW_SET, "quantity_kg", kg };
  guint changed = 99;

  g_assert_true (corridor_review_history_review (history, store, id, &same, 1, NULL, &changed,
                                                 &error));
  g_assert_cmpuint (changed, ==, 0);
  g_assert_false (corridor_review_history_can_undo (history));

  review_one (history, store, id, CORRIDOR_REVIEW_CONFIRM, NULL, NULL);
  {
    g_autoptr (CorridorStore) ro = corridor_store_open (corridor_store_get_path (store),
                                                        CORRIDOR_STORE_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    g_assert_false (corridor_review_history_undo (history, ro, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  g_assert_true (corridor_review_history_can_undo (history));
  g_assert_false (corridor_review_history_can_redo (history));
  assert_field (store, id, "status", "confirmed");
  undo (history, store);
  assert_field (store, id, "status", "inferred");

  /* An unknown shipment is refused before anything runs. */
  g_assert_false (corridor_review_history_review (history, store, "s-does-not-exist", &same, 1,
                                                  NULL, NULL, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
  g_assert_cmpuint (corridor_review_history_get_n_redo (history), ==, 1);
}

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* can-undo notifies when it flips, not on every command; clear empties. */
static void
test_notify_and_clear (void)
{
  g_autoptr (CorridorStore) store = open_copy ("notify.corridor");
  g_autoptr (CorridorReviewHistory) history = corridor_review_history_new ();
  g_autofree char *id = pick_shipment (store);
  guint can_undo = 0, undo_label = 0;

  g_signal_connect (history, "notify::can-undo", G_CALLBACK (count_notify), &can_undo);
  g_signal_connect (history, "notify::undo-label", G_CALLBACK (count_notify), &undo_label);
  review_one (history, store, id, CORRIDOR_REVIEW_SET, "grade", "B2");
  review_one (history, store, id, CORRIDOR_REVIEW_SET, "grade", "B3");
  g_assert_cmpuint (can_undo, ==, 1);
  g_assert_cmpuint (undo_label, ==, 2);
  corridor_review_history_clear (history);
  g_assert_cmpuint (can_undo, ==, 2);
  g_assert_false (corridor_review_history_can_undo (history));
  g_assert_null (corridor_review_history_get_undo_label (history));
  g_assert_null (corridor_review_history_get_focus (history));
}

/* Past the depth, the oldest commands are forgotten. */
static void
test_depth (void)
{
  g_autoptr (CorridorStore) store = open_copy ("depth.corridor");
  g_autoptr (CorridorReviewHistory) history = corridor_review_history_new ();
  g_autofree char *id = pick_shipment (store);

  g_assert_true (corridor_store_begin (store, NULL));
  for (guint i = 0; i < CORRIDOR_REVIEW_HISTORY_DEPTH + 5; i++)
    review_one (history, store, id, CORRIDOR_REVIEW_SET, "grade", i % 2 ? "B2" : "C3");
  g_assert_true (corridor_store_commit (store, NULL));
  g_assert_cmpuint (corridor_review_history_get_n_undo (history), ==,
                    CORRIDOR_REVIEW_HISTORY_DEPTH);
}

static gboolean
exists (CorridorStore *store, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorShipment) s = corridor_store_get_shipment (store, id, &error);

  if (s == NULL)
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
  return s != NULL;
}

/* Whether the default query lists @id (a shipment merged away is not). */
static gboolean
listed (CorridorStore *store, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorFilter) all = corridor_filter_new ();
  g_autoptr (GPtrArray) shipments = NULL;

  all->statuses = (1u << CORRIDOR_N_STATUSES) - 1;
  shipments = corridor_store_query_shipments (store, all, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < shipments->len; i++)
    if (strcmp (((CorridorShipment *) g_ptr_array_index (shipments, i))->id, id) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_last_action (CorridorStore *store, const char *action)
{
  g_autoptr (CorridorAuditEntry) e = last_audit (store);
  g_assert_cmpstr (e->action, ==, action);
}

/* The distinct evidence messages of @id, in order; in @origin and
 * @destination the first backing that field. */
static GPtrArray *
evidence_messages (CorridorStore *store, const char *id, char **origin, char **destination)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) evidence = corridor_store_list_evidence (store, id, &error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < evidence->len; i++)
    {
      CorridorEvidence *e = g_ptr_array_index (evidence, i);
      gboolean seen = FALSE;

      for (guint k = 0; k < ids->len && !seen; k++)
        seen = strcmp (g_ptr_array_index (ids, k), e->message->id) == 0;
      if (!seen)
        g_ptr_array_add (ids, g_strdup (e->message->id));
      if (origin != NULL && *origin == NULL && g_strcmp0 (e->field, "origin") == 0)
        *origin = g_strdup (e->message->id);
      if (destination != NULL && *destination == NULL
          && g_strcmp0 (e->field, "destination") == 0)
        *destination = g_strdup (e->message->id);
    }
  return ids;
}

/* A hand-made shipment: created, undone (deleted, audited), made again
 * under a new id by redo, and a review of it recorded after the creation
 * follows it to that id. */
static void
test_create_shipment (void)
{
  g_autoptr (CorridorStore) store = open_copy ("create.corridor");
  g_autoptr (CorridorReviewHistory) history = corridor_review_history_new ();
  g_autofree char *from = pick_shipment (store);
  g_autofree char *origin = field_of (store, from, "origin");
  g_autofree char *destination = field_of (store, from, "destination");
  g_autoptr (GPtrArray) messages = evidence_messages (store, from, NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  g_assert_cmpuint (messages->len, >=, 2);
  const char *ids[] = { g_ptr_array_index (messages, 0), g_ptr_array_index (messages, 1), NULL };
  const CorridorReviewAction actions[] = {
    { CORRIDOR_REVIEW_SET, "origin", origin },
    { CORRIDOR_REVIEW_SET, "destination", destination },
  };

  g_assert_true (corridor_review_history_create_shipment (history, store, ids, actions, 2, &id,
                                                          &error));
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_true (exists (store, id));
  assert_field (store, id, "status", "confirmed");
  assert_field (store, id, "origin", origin);
  g_assert_cmpstr (corridor_review_history_get_focus (history), ==, id);
  g_assert_cmpstr (corridor_review_history_get_undo_label (history), ==,
                   "New shipment from 2 messages");

  review_one (history, store, id, CORRIDOR_REVIEW_SET, "quantity_kg", "10");
  undo (history, store);   /* the weight */
  undo (history, store);   /* the shipment */
  g_assert_false (exists (store, id));
  assert_last_action (store, "review.delete");
  g_assert_null (corridor_review_history_get_focus (history));

  redo (history, store);
  const char *again = corridor_review_history_get_focus (history);
  g_assert_nonnull (again);
  g_assert_true (exists (store, again));
  g_autofree char *again_id = g_strdup (again);
  redo (history, store);   /* the weight, on the shipment made again */
  assert_field (store, again_id, "quantity_kg", "10");
  g_assert_cmpstr (corridor_review_history_get_focus (history), ==, again_id);

  /* A refused creation records nothing. */
  const char *none[] = { "no-such-message", NULL };
  g_assert_false (corridor_review_history_create_shipment (history, store, none, actions, 2,
                                                           NULL, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (corridor_review_history_get_n_undo (history), ==, 2);
}

/* Merge two shipments, undo, redo; each audited. */
static void
test_merge_shipments (void)
{
  g_autoptr (CorridorStore) store = open_copy ("merge.corridor");
  g_autoptr (CorridorReviewHistory) history = corridor_review_history_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = corridor_store_query_shipments (store, NULL, &error);
  const char *into, *from;

  g_assert_cmpuint (all->len, >=, 2);
  into = ((CorridorShipment *) g_ptr_array_index (all, 0))->id;
  from = ((CorridorShipment *) g_ptr_array_index (all, 1))->id;
  g_assert_true (corridor_review_history_merge_shipments (history, store, into, from, &error));
  g_assert_no_error (error);
  g_assert_false (listed (store, from));
  g_assert_true (listed (store, into));
  assert_last_action (store, "review.merge");
  g_assert_cmpstr (corridor_review_history_get_focus (history), ==, into);
  g_autofree char *label = g_strdup_printf ("Merge %s into %s", from, into);
  g_assert_cmpstr (corridor_review_history_get_undo_label (history), ==, label);

  undo (history, store);
  g_assert_true (listed (store, from));
  assert_last_action (store, "review.unmerge");
  redo (history, store);
  g_assert_false (listed (store, from));
  undo (history, store);
  g_assert_true (listed (store, from));

  /* Into itself: refused, nothing recorded. */
  g_assert_false (corridor_review_history_merge_shipments (history, store, into, into, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (corridor_review_history_get_n_redo (history), ==, 1);
}

/* Split the origin's and the destination's messages off a shipment. */
static void
test_split_shipment (void)
{
  g_autoptr (CorridorStore) store = open_copy ("split.corridor");
  g_autoptr (CorridorReviewHistory) history = corridor_review_history_new ();
  g_autofree char *id = pick_shipment (store);
  g_autofree char *o = NULL, *d = NULL, *new_id = NULL;
  g_autoptr (GPtrArray) messages = evidence_messages (store, id, &o, &d);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (o);
  g_assert_nonnull (d);
  g_assert_cmpstr (o, !=, d);
  g_assert_cmpuint (messages->len, >, 2);
  const char *ids[] = { o, d, NULL };
  g_assert_true (corridor_review_history_split_shipment (history, store, id, ids, &new_id,
                                                         &error));
  g_assert_no_error (error);
  g_assert_true (exists (store, new_id));
  assert_last_action (store, "review.split");
  g_assert_cmpstr (corridor_review_history_get_focus (history), ==, new_id);
  {
    g_autoptr (GPtrArray) left = evidence_messages (store, id, NULL, NULL);
    g_assert_cmpuint (left->len, ==, messages->len - 2);
  }
  undo (history, store);
  g_assert_false (exists (store, new_id));
  assert_last_action (store, "review.unsplit");
  g_assert_cmpstr (corridor_review_history_get_focus (history), ==, id);
  {
    g_autoptr (GPtrArray) back = evidence_messages (store, id, NULL, NULL);
    g_assert_cmpuint (back->len, ==, messages->len);
  }
  redo (history, store);
  g_assert_true (exists (store, corridor_review_history_get_focus (history)));
  undo (history, store);
}

/* Actor merges and the case gazetteer, each undone through the store. */
static void
test_actors_and_ports (void)
{
  g_autoptr (CorridorStore) store = open_copy ("actors.corridor");
  g_autoptr (CorridorReviewHistory) history = corridor_review_history_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) actors = corridor_store_list_actor_summaries (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (actors->len, >=, 2);
  const char *alias = ((CorridorActorSummary *) g_ptr_array_index (actors, 0))->handle;
  const char *canonical = ((CorridorActorSummary *) g_ptr_array_index (actors, 1))->handle;
  g_assert_true (corridor_review_history_merge_actors (history, store, alias, canonical, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GPtrArray) merges = corridor_store_list_actor_merges (store, &error);
    g_assert_cmpuint (merges->len, ==, 1);
  }
  g_assert_null (corridor_review_history_get_focus (history));
  undo (history, store);
  {
    g_autoptr (GPtrArray) merges = corridor_store_list_actor_merges (store, &error);
    g_assert_cmpuint (merges->len, ==, 0);
  }
  assert_last_action (store, "review.unmerge-actor");

  const char *aliases[] = { "Puerto Prueba Sur", NULL };
  g_autoptr (CorridorPort) port = corridor_port_new ("ARZZQ", "Puerto Prueba", NULL, -38.1,
                                                     -57.5, aliases);
  g_assert_false (corridor_store_has_port (store, "ARZZQ"));
  g_assert_true (corridor_review_history_add_port (history, store, port, &error));
  g_assert_no_error (error);
  g_assert_true (corridor_store_has_port (store, "ARZZQ"));
  g_assert_false (corridor_review_history_can_redo (history));
  undo (history, store);
  g_assert_false (corridor_store_has_port (store, "ARZZQ"));
  assert_last_action (store, "gazetteer.remove-port");
  redo (history, store);
  g_assert_true (corridor_store_has_port (store, "ARZZQ"));

  g_assert_true (corridor_review_history_add_port_alias (history, store, "BEANR",
                                                         "Antwerpen Testkaai", &error));
  g_assert_no_error (error);
  {
    g_autoptr (CorridorGazetteer) gaz = corridor_store_load_gazetteer (store, &error);
    const CorridorPort *p = corridor_gazetteer_lookup (gaz, "antwerpen testkaai");
    g_assert_nonnull (p);
    g_assert_cmpstr (p->locode, ==, "BEANR");
  }
  undo (history, store);
  assert_last_action (store, "gazetteer.remove-alias");
  {
    g_autoptr (CorridorGazetteer) gaz = corridor_store_load_gazetteer (store, &error);
    g_assert_null (corridor_gazetteer_lookup (gaz, "antwerpen testkaai"));
  }
  g_assert_true (corridor_store_verify_audit (store, NULL, NULL));
}

static void
test_describe (void)
{
  const CorridorReviewAction kg = { CORRIDOR_REVIEW_SET, "quantity_kg", "500" };
  const CorridorReviewAction clear = { CORRIDOR_REVIEW_SET, "vessel", " " };
  const CorridorReviewAction note = { CORRIDOR_REVIEW_NOTE, NULL, "x" };
  const CorridorReviewAction undecide = { CORRIDOR_REVIEW_SET, "status", "inferred" };
  const CorridorReviewAction evil = { CORRIDOR_REVIEW_SET, "vessel", "A\u202eB" };
  g_autofree char *a = corridor_review_describe ("s-12", &kg, 1);
  g_autofree char *b = corridor_review_describe ("s-12", &clear, 1);
  g_autofree char *c = corridor_review_describe ("s-12", &note, 1);
  g_autofree char *d = corridor_review_describe ("s-12", &undecide, 1);
  g_autofree char *e = corridor_review_describe ("s-12", &evil, 1);

  g_assert_cmpstr (a, ==, "Set kg of s-12 to 500");
  g_assert_cmpstr (b, ==, "Clear vessel of s-12");
  g_assert_cmpstr (c, ==, "Add a note to s-12");
  g_assert_cmpstr (d, ==, "Mark s-12 as inferred");
  /* A control in the value is shown, not obeyed. */
  g_assert_null (strstr (e, "\u202e"));
  g_assert_nonnull (strstr (e, "⟦RLO⟧"));
  g_assert_cmpstr (corridor_review_reliability_meaning ('b'), ==, "Usually reliable");
  g_assert_cmpstr (corridor_review_credibility_meaning ('6'), ==, "Truth cannot be judged");
  g_assert_null (corridor_review_reliability_meaning ('G'));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("corridor-review-history-XXXXXX", &error);
  g_assert_no_error (error);
  base_case = g_build_filename (tmpdir, "base.corridor", NULL);
  if (!corridor_demo_build (base_case, &error))
    g_error ("could not build the demo case: %s", error->message);

  g_test_add_func ("/review-history/confirm-undo-redo", test_confirm_undo_redo);
  g_test_add_func ("/review-history/order-and-redo-cleared", test_order_and_redo_cleared);
  g_test_add_func ("/review-history/inverse", test_inverse_computed);
  g_test_add_func ("/review-history/each-field", test_each_field_round_trip);
  g_test_add_func ("/review-history/multi-field", test_multi_field_command);
  g_test_add_func ("/review-history/grade", test_grade);
  g_test_add_func ("/review-history/no-change-and-failed-undo", test_no_change_and_failed_undo);
  g_test_add_func ("/review-history/notify-and-clear", test_notify_and_clear);
  g_test_add_func ("/review-history/depth", test_depth);
  g_test_add_func ("/review-history/describe", test_describe);
  g_test_add_func ("/review-history/create-shipment", test_create_shipment);
  g_test_add_func ("/review-history/merge-shipments", test_merge_shipments);
  g_test_add_func ("/review-history/split-shipment", test_split_shipment);
  g_test_add_func ("/review-history/actors-and-ports", test_actors_and_ports);
  ret = g_test_run ();

  {
    g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (tmpdir);
  }
  g_free (base_case);
  g_free (tmpdir);
  return ret;
}
