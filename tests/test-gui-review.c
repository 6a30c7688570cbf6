/* test-gui-review.c: the analyst's review in a real window under Xvfb, on
 * the demo case: the review actions follow the chosen shipment and the
 * store (none without a shipment, none on a read-only case, none while the
 * store is lent to a reload); win.review-confirm confirms in the store and
 * in the reloaded shipments, audited, keeping the shipment chosen; win.undo
 * and win.redo go back and forth through the store (audited); a rejected
 * shipment hidden by the status filter is chosen again after its undo; the
 * Confirm/Reject toggles show the status and undecide; the Edit Facts
 * dialog shows a refused weight inline and saves a good one; the Grade and
 * Add Note dialogs write and the review bar shows the grade and notes.
 * Leaves gui-review.png (the evidence pane with its review bar). */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "corridor-application.h"
#include "corridor-window.h"
#include "corridor-evidence-panel.h"
#include "corridor-review.h"
#include "corridor-review-actions.h"
#include "corridor-review-bar.h"
#include "corridor-review-dialog.h"
#include "corridor-store.h"
#include "corridor-test-gui.h"

static CorridorApplication *app;
static CorridorWindow *window;
static char *dir;
static char *demo_path;
static char *shipment_id;   /* the shipment the tests review */

#define wait_until corridor_test_wait_until

static void
ensure_window (void)
{
  if (window != NULL)
    return;
  corridor_test_gui_keep_window (app, &window);
}

static CorridorEvidencePanel *
panel (void)
{
  return CORRIDOR_EVIDENCE_PANEL (corridor_window_get_evidence_panel (window));
}

static CorridorReviewBar *
review_bar (void)
{
  return CORRIDOR_REVIEW_BAR (corridor_evidence_panel_get_review_bar (panel ()));
}

static gboolean
enabled (const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), name);
}

static void
activate (const char *name, GVariant *param)
{
  g_assert_true (enabled (name));
  g_action_group_activate_action (G_ACTION_GROUP (window), name, param);
}

/* The window is done reloading: not busy and the pane has its store back. */
static gboolean
settled (gpointer data)
{
  return !corridor_window_get_busy (window) && corridor_evidence_panel_get_store (panel ()) != NULL;
}

static void
wait_settled (void)
{
  /* Let the idle work of the change start before waiting for its end. */
  corridor_test_spin (20);
  g_assert_true (wait_until (settled, NULL, 30000));
}

static const CorridorShipment *
shown (const char *id)
{
  GPtrArray *shipments = corridor_window_get_shipments (window);

  for (guint i = 0; shipments != NULL && i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      if (strcmp (s->id, id) == 0)
        return s;
    }
  return NULL;
}

static CorridorShipment *
stored (const char *id)
{
  g_autoptr (GError) error = NULL;
  CorridorShipment *s = corridor_store_get_shipment (corridor_window_get_store (window), id,
                                                     &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

static CorridorAuditEntry *
last_audit (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) log = corridor_store_list_audit (corridor_window_get_store (window),
                                                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, >, 0);
  return g_ptr_array_steal_index (log, log->len - 1);
}

static void
choose (const char *id)
{
  activate ("select-shipment", g_variant_new_string (id));
  g_assert_cmpstr (corridor_evidence_panel_get_shipment_id (panel ()), ==, id);
}

static const char *
status_state (void)
{
  static char buf[32];
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window),
                                                                "review-status");
  g_strlcpy (buf, g_variant_get_string (state, NULL), sizeof buf);
  return buf;
}

static GtkWidget *
find_type (GtkWidget *widget, GType type, guint skip)
{
  guint seen = 0;
  GtkWidget *stack[256];
  guint n = 0;

  stack[n++] = widget;
  /* Depth-first, in order. */
  while (n > 0)
    {
      GtkWidget *w = stack[--n];
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && seen++ == skip)
        return w;
      GtkWidget *children[64];
      guint k = 0;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL && k < 64;
           c = gtk_widget_get_next_sibling (c))
        children[k++] = c;
      while (k > 0 && n < G_N_ELEMENTS (stack))
        stack[n++] = children[--k];
    }
  return NULL;
}

/* A click, as the button's "clicked" (activate would wait for its
 * animation). */
static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
no_transition (gpointer data)
{
  for (guint i = 0;; i++)
    {
      GtkWidget *stack = find_type (GTK_WIDGET (data), GTK_TYPE_STACK, i);
      if (stack == NULL)
        return TRUE;
      if (gtk_stack_get_transition_running (GTK_STACK (stack)))
        return FALSE;
    }
}

static const char *review_actions[] = {
  "review-confirm", "review-reject", "review-status", "review-edit", "review-note",
  "review-grade", "merge-shipment", "split-shipment", "create-shipment",
};
/* Not about one shipment: enabled with a writable case alone. */
static const char *case_actions[] = { "merge-actor", "add-port" };

/* --- tests --- */

/* The demo case opens; before a shipment is chosen no review action is. */
static void
test_open_demo (void)
{
  ensure_window ();
  demo_path = corridor_test_gui_open_demo (window, dir);
  g_assert_false (corridor_store_is_read_only (corridor_window_get_store (window)));
  for (gsize i = 0; i < G_N_ELEMENTS (review_actions); i++)
    g_assert_false (enabled (review_actions[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (case_actions); i++)
    g_assert_true (enabled (case_actions[i]));
  g_assert_false (enabled ("undo"));
  g_assert_false (enabled ("redo"));

  /* An inferred shipment with a known weight to review. */
  GPtrArray *shipments = corridor_window_get_shipments (window);
  for (guint i = 0; i < shipments->len && shipment_id == NULL; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      if (s->status == CORRIDOR_STATUS_INFERRED && !isnan (s->quantity_kg))
        shipment_id = g_strdup (s->id);
    }
  g_assert_nonnull (shipment_id);
  choose (shipment_id);
  for (gsize i = 0; i < G_N_ELEMENTS (review_actions); i++)
    g_assert_true (enabled (review_actions[i]));
  g_assert_cmpstr (status_state (), ==, "inferred");
  g_assert_false (enabled ("undo"));
}

/* Ctrl+Return's action: confirmed in the store and the reloaded list,
 * audited; undo and redo through the store, each audited. */
static void
test_confirm_undo_redo (void)
{
  gint64 n_audit = corridor_store_count_audit (corridor_window_get_store (window));
  CorridorReviewHistory *history = corridor_review_actions_get_history (window);

  choose (shipment_id);
  activate ("review-confirm", NULL);
  /* The store is lent to the reload: nothing can be reviewed meanwhile. */
  if (corridor_evidence_panel_get_store (panel ()) == NULL)
    {
      g_assert_false (enabled ("review-confirm"));
      g_assert_false (enabled ("undo"));
    }
  wait_settled ();
  {
    g_autoptr (CorridorShipment) s = stored (shipment_id);
    g_assert_cmpint (s->status, ==, CORRIDOR_STATUS_CONFIRMED);
  }
  g_assert_nonnull (shown (shipment_id));
  g_assert_cmpint (shown (shipment_id)->status, ==, CORRIDOR_STATUS_CONFIRMED);
  g_assert_cmpstr (corridor_evidence_panel_get_shipment_id (panel ()), ==, shipment_id);
  g_assert_cmpstr (status_state (), ==, "confirmed");
  g_assert_true (g_str_has_prefix (corridor_review_bar_get_summary (review_bar ()), "Confirmed"));
  {
    GtkWidget *confirm = find_type (GTK_WIDGET (review_bar ()), GTK_TYPE_TOGGLE_BUTTON, 0);
    GtkWidget *reject = find_type (GTK_WIDGET (review_bar ()), GTK_TYPE_TOGGLE_BUTTON, 1);
    g_assert_nonnull (reject);
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (confirm)));
    g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (reject)));
  }
  g_assert_cmpint (corridor_store_count_audit (corridor_window_get_store (window)), ==,
                   n_audit + 1);
  {
    g_autoptr (CorridorAuditEntry) e = last_audit ();
    g_assert_cmpstr (e->action, ==, "review.confirm");
    g_assert_cmpstr (e->object, ==, shipment_id);
  }
  g_assert_true (enabled ("undo"));
  g_assert_false (enabled ("redo"));
  g_autofree char *label = g_strdup_printf ("Confirm %s", shipment_id);
  g_assert_cmpstr (corridor_review_history_get_undo_label (history), ==, label);

  activate ("undo", NULL);
  wait_settled ();
  {
    g_autoptr (CorridorShipment) s = stored (shipment_id);
    g_assert_cmpint (s->status, ==, CORRIDOR_STATUS_INFERRED);
  }
  g_assert_cmpint (shown (shipment_id)->status, ==, CORRIDOR_STATUS_INFERRED);
  g_assert_cmpstr (status_state (), ==, "inferred");
  {
    g_autoptr (CorridorAuditEntry) e = last_audit ();
    g_assert_cmpstr (e->action, ==, "review.set");
    g_assert_cmpstr (e->after_json, ==, "{\"status\":\"inferred\"}");
  }
  g_assert_false (enabled ("undo"));
  g_assert_true (enabled ("redo"));

  activate ("redo", NULL);
  wait_settled ();
  {
    g_autoptr (CorridorShipment) s = stored (shipment_id);
    g_assert_cmpint (s->status, ==, CORRIDOR_STATUS_CONFIRMED);
  }
  g_assert_cmpint (shown (shipment_id)->status, ==, CORRIDOR_STATUS_CONFIRMED);
  g_assert_cmpint (corridor_store_count_audit (corridor_window_get_store (window)), ==,
                   n_audit + 3);
  g_assert_cmpstr (corridor_evidence_panel_get_shipment_id (panel ()), ==, shipment_id);
}

/* The toggles: Confirm shown again undecides; Reject hides the shipment
 * (the default status filter), and its undo brings it back, chosen. */
static void
test_toggles_and_focus (void)
{
  choose (shipment_id);
  g_assert_cmpstr (status_state (), ==, "confirmed");
  activate ("review-status", g_variant_new_string ("confirmed"));
  wait_settled ();
  {
    g_autoptr (CorridorShipment) s = stored (shipment_id);
    g_assert_cmpint (s->status, ==, CORRIDOR_STATUS_INFERRED);
  }
  g_assert_cmpstr (status_state (), ==, "inferred");

  activate ("review-reject", NULL);
  wait_settled ();
  {
    g_autoptr (CorridorShipment) s = stored (shipment_id);
    g_assert_cmpint (s->status, ==, CORRIDOR_STATUS_REJECTED);
  }
  g_assert_null (shown (shipment_id));
  g_assert_cmpstr (corridor_evidence_panel_get_shipment_id (panel ()), !=, shipment_id);

  activate ("undo", NULL);
  wait_settled ();
  g_assert_nonnull (shown (shipment_id));
  g_assert_cmpint (shown (shipment_id)->status, ==, CORRIDOR_STATUS_INFERRED);
  g_assert_cmpstr (corridor_evidence_panel_get_shipment_id (panel ()), ==, shipment_id);
}

/* While text is typed in the window (the filter bar), Ctrl+Delete and
 * Ctrl+Z act on the text, not on the chosen shipment or the history. */
static void
test_typing_keeps_keys (void)
{
  choose (shipment_id);
  gint64 n_audit = corridor_store_count_audit (corridor_window_get_store (window));
  guint n_undo = corridor_review_history_get_n_undo (corridor_review_actions_get_history (window));

  activate ("show-filters", NULL);
  GtkWidget *text = find_type (corridor_window_get_filter_bar (window), GTK_TYPE_TEXT, 0);
  g_assert_nonnull (text);
  g_assert_true (wait_until (corridor_test_is_mapped, text, 5000));
  gtk_widget_grab_focus (text);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == text);
  gtk_editable_set_text (GTK_EDITABLE (text), "two words");
  gtk_editable_set_position (GTK_EDITABLE (text), 0);
  activate ("review-reject", NULL);
  activate ("undo", NULL);
  corridor_test_spin (50);
  g_assert_cmpint (corridor_store_count_audit (corridor_window_get_store (window)), ==, n_audit);
  g_assert_cmpuint (corridor_review_history_get_n_undo (corridor_review_actions_get_history (window)),
                    ==, n_undo);
  {
    g_autoptr (CorridorShipment) s = stored (shipment_id);
    g_assert_cmpint (s->status, !=, CORRIDOR_STATUS_REJECTED);
  }
  gtk_editable_set_text (GTK_EDITABLE (text), "");
  gtk_window_set_focus (GTK_WINDOW (window), GTK_WIDGET (corridor_window_get_map_view (window)));
}

static CorridorReviewDialog *
open_dialog (const char *action, const char *name)
{
  CorridorReviewDialog *dialog;

  activate (action, NULL);
  dialog = corridor_review_actions_get_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, name);
  g_assert_true (wait_until (corridor_test_is_mapped, dialog, 5000));
  return dialog;
}

static gboolean
dialog_gone (gpointer data)
{
  return corridor_review_actions_get_dialog (window) == NULL;
}

/* Edit Facts: a bad weight is refused inline (the dialog stays, the row
 * marked); a good one is saved, shown and undoable as one command. */
static void
test_edit_dialog (void)
{
  choose (shipment_id);
  CorridorReviewDialog *dialog = open_dialog ("review-edit", "review-edit");
  GtkWidget *kg = corridor_review_dialog_find (dialog, "quantity_kg");
  GtkWidget *apply = corridor_review_dialog_find (dialog, "apply");
  gint64 n_audit = corridor_store_count_audit (corridor_window_get_store (window));

  g_assert_true (ADW_IS_ENTRY_ROW (kg));
  g_assert_nonnull (apply);
  {
    g_autoptr (CorridorShipment) s = stored (shipment_id);
    g_autofree char *now = corridor_review_field_value (s, "quantity_kg");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kg)), ==, now);
  }
  gtk_editable_set_text (GTK_EDITABLE (kg), "a lot");
  click (apply);
  g_assert_nonnull (corridor_review_dialog_get_error (dialog));
  g_assert_nonnull (strstr (corridor_review_dialog_get_error (dialog), "quantity_kg"));
  g_assert_true (gtk_widget_has_css_class (kg, "error"));
  g_assert_true (corridor_review_actions_get_dialog (window) == dialog);
  g_assert_cmpint (corridor_store_count_audit (corridor_window_get_store (window)), ==, n_audit);

  gtk_editable_set_text (GTK_EDITABLE (kg), "750");
  click (apply);
  g_assert_true (wait_until (dialog_gone, NULL, 5000));
  wait_settled ();
  {
    g_autoptr (CorridorShipment) s = stored (shipment_id);
    g_assert_cmpfloat (s->quantity_kg, ==, 750.0);
  }
  g_assert_cmpfloat (shown (shipment_id)->quantity_kg, ==, 750.0);
  g_autofree char *label = g_strdup_printf ("Set kg of %s to 750", shipment_id);
  g_assert_cmpstr (corridor_review_history_get_undo_label (corridor_review_actions_get_history (window)),
                   ==, label);
  g_assert_cmpint (corridor_store_count_audit (corridor_window_get_store (window)), ==,
                   n_audit + 1);
  g_assert_nonnull (strstr (corridor_review_bar_get_summary (review_bar ()), "Corrected: kg"));

  /* Cancel writes nothing. */
  dialog = open_dialog ("review-edit", "review-edit");
  gtk_editable_set_text (GTK_EDITABLE (corridor_review_dialog_find (dialog, "vessel")), "X");
  click (corridor_review_dialog_find (dialog, "cancel"));
  g_assert_true (wait_until (dialog_gone, NULL, 5000));
  g_assert_cmpint (corridor_store_count_audit (corridor_window_get_store (window)), ==,
                   n_audit + 1);
}

/* Grade Source and Add Note write; the bar shows both. */
static void
test_grade_and_note (void)
{
  choose (shipment_id);
  guint notes = corridor_review_bar_get_n_notes (review_bar ());
  CorridorReviewDialog *dialog = open_dialog ("review-grade", "review-grade");

  adw_combo_row_set_selected (ADW_COMBO_ROW (corridor_review_dialog_find (dialog, "reliability")), 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (corridor_review_dialog_find (dialog, "credibility")), 1);
  g_assert_true (corridor_review_dialog_apply (dialog));
  g_assert_true (wait_until (dialog_gone, NULL, 5000));
  wait_settled ();
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GHashTable) reviews = corridor_store_list_reviews (corridor_window_get_store (window),
                                                                  &error);
    CorridorReview *review = g_hash_table_lookup (reviews, shipment_id);
    g_assert_nonnull (review);
    g_assert_cmpstr (review->grade, ==, "B2");
  }
  g_assert_cmpstr (corridor_review_bar_get_grade (review_bar ()), ==, "B2");
  g_assert_nonnull (strstr (corridor_review_bar_get_summary (review_bar ()), "Usually reliable"));

  dialog = open_dialog ("review-note", "review-note");
  GtkWidget *view = corridor_review_dialog_find (dialog, "note");
  g_assert_true (GTK_IS_TEXT_VIEW (view));
  /* Empty: refused inline. */
  g_assert_false (corridor_review_dialog_apply (dialog));
  g_assert_nonnull (corridor_review_dialog_get_error (dialog));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                            "Matches the port authority's manifest.", -1);
  g_assert_true (corridor_review_dialog_apply (dialog));
  wait_settled ();
  g_assert_cmpuint (corridor_review_bar_get_n_notes (review_bar ()), ==, notes + 1);
  {
    g_autoptr (CorridorAuditEntry) e = last_audit ();
    g_assert_cmpstr (e->action, ==, "review.note");
  }

  /* The notes open, for the screenshot. */
  GtkWidget *expander = find_type (GTK_WIDGET (review_bar ()), GTK_TYPE_EXPANDER, 0);
  g_assert_nonnull (expander);
  g_assert_true (gtk_widget_get_visible (expander));
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  /* The pane cross-fades to the reloaded selection: wait for it to end. */
  g_assert_true (wait_until (no_transition, panel (), 5000));
  corridor_test_spin (100);
  corridor_test_save_widget_png (GTK_WIDGET (panel ()), "gui-review.png");

  activate ("undo", NULL);   /* the note */
  wait_settled ();
  g_assert_cmpuint (corridor_review_bar_get_n_notes (review_bar ()), ==, notes);
  {
    g_autoptr (CorridorAuditEntry) e = last_audit ();
    g_assert_cmpstr (e->action, ==, "review.unnote");
  }
  activate ("undo", NULL);   /* the grade */
  wait_settled ();
  g_assert_null (corridor_review_bar_get_grade (review_bar ()));
  g_assert_true (corridor_store_verify_audit (corridor_window_get_store (window), NULL, NULL));
}

/* The first evidence message of @id backing @field. */
static char *
evidence_message (const char *id, const char *field)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) evidence = corridor_store_list_evidence (corridor_window_get_store (window),
                                                                 id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < evidence->len; i++)
    {
      CorridorEvidence *e = g_ptr_array_index (evidence, i);
      if (g_strcmp0 (e->field, field) == 0)
        return g_strdup (e->message->id);
    }
  g_assert_not_reached ();
  return NULL;
}

static void
check (CorridorReviewDialog *dialog, const char *name)
{
  GtkWidget *button = corridor_review_dialog_find (dialog, name);

  g_assert_true (GTK_IS_CHECK_BUTTON (button));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
}

/* Merge With, Split and New Shipment from Messages through their dialogs:
 * each changes the case, the pane chooses the shipment it is about, and
 * undo takes it back. */
static void
test_shipment_structure (void)
{
  g_autoptr (GError) error = NULL;
  CorridorStore *store = corridor_window_get_store (window);
  GPtrArray *all = corridor_window_get_shipments (window);
  const char *other = NULL;

  for (guint i = 0; i < all->len && other == NULL; i++)
    if (strcmp (((CorridorShipment *) g_ptr_array_index (all, i))->id, shipment_id) != 0)
      other = ((CorridorShipment *) g_ptr_array_index (all, i))->id;
  g_autofree char *other_id = g_strdup (other);

  /* Merge: the other one, by id; refused without a choice. */
  choose (shipment_id);
  CorridorReviewDialog *dialog = open_dialog ("merge-shipment", "review-merge");
  gtk_editable_set_text (GTK_EDITABLE (corridor_review_dialog_find (dialog, "other")), "");
  for (guint i = 0;; i++)
    {
      GtkWidget *c = find_type (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, i);
      if (c == NULL)
        break;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (c), FALSE);
    }
  g_assert_false (corridor_review_dialog_apply (dialog));
  g_assert_nonnull (corridor_review_dialog_get_error (dialog));
  gtk_editable_set_text (GTK_EDITABLE (corridor_review_dialog_find (dialog, "other")), other_id);
  g_assert_true (corridor_review_dialog_apply (dialog));
  wait_settled ();
  g_assert_null (shown (other_id));
  g_assert_cmpstr (corridor_evidence_panel_get_shipment_id (panel ()), ==, shipment_id);
  {
    g_autoptr (CorridorAuditEntry) e = last_audit ();
    g_assert_cmpstr (e->action, ==, "review.merge");
  }
  activate ("undo", NULL);
  wait_settled ();
  g_assert_nonnull (shown (other_id));

  /* Split the origin's and the destination's messages off. */
  g_autofree char *o = evidence_message (shipment_id, "origin");
  g_autofree char *d = evidence_message (shipment_id, "destination");
  choose (shipment_id);
  dialog = open_dialog ("split-shipment", "review-split");
  g_assert_false (corridor_review_dialog_apply (dialog));   /* nothing checked */
  check (dialog, o);
  check (dialog, d);
  g_assert_true (corridor_review_dialog_apply (dialog));
  wait_settled ();
  g_autofree char *split_id = g_strdup (corridor_evidence_panel_get_shipment_id (panel ()));
  g_assert_nonnull (split_id);
  g_assert_cmpstr (split_id, !=, shipment_id);
  g_assert_nonnull (shown (split_id));
  {
    g_autoptr (CorridorAuditEntry) e = last_audit ();
    g_assert_cmpstr (e->action, ==, "review.split");
  }
  activate ("undo", NULL);
  wait_settled ();
  g_assert_null (shown (split_id));
  g_assert_cmpstr (corridor_evidence_panel_get_shipment_id (panel ()), ==, shipment_id);

  /* A new shipment from the same two messages. */
  g_autoptr (CorridorShipment) s = stored (shipment_id);
  dialog = open_dialog ("create-shipment", "review-create");
  check (dialog, o);
  check (dialog, d);
  gtk_editable_set_text (GTK_EDITABLE (corridor_review_dialog_find (dialog, "origin")),
                         s->stops[0].locode);
  g_assert_false (corridor_review_dialog_apply (dialog));   /* no destination */
  g_assert_nonnull (corridor_review_dialog_get_error (dialog));
  gtk_editable_set_text (GTK_EDITABLE (corridor_review_dialog_find (dialog, "destination")),
                         s->stops[s->n_stops - 1].locode);
  g_assert_true (corridor_review_dialog_apply (dialog));
  wait_settled ();
  g_autofree char *made = g_strdup (corridor_evidence_panel_get_shipment_id (panel ()));
  g_assert_true (g_str_has_prefix (made, "m-"));
  g_assert_nonnull (shown (made));
  g_assert_cmpint (shown (made)->status, ==, CORRIDOR_STATUS_CONFIRMED);
  activate ("undo", NULL);
  wait_settled ();
  g_assert_null (shown (made));
  g_assert_null (corridor_store_get_shipment (store, made, &error));
  g_clear_error (&error);
}

static gboolean
has_rows (gpointer data)
{
  return gtk_tree_model_iter_n_children (GTK_TREE_MODEL (data), NULL) > 0;
}

/* Merge Actor (its entries complete the case's handles) and Add Port or
 * Alias (a refused latitude shown inline). */
static void
test_actor_and_port (void)
{
  CorridorStore *store = corridor_window_get_store (window);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) actors = corridor_store_list_actor_summaries (store, &error);

  g_assert_cmpuint (actors->len, >=, 2);
  CorridorReviewDialog *dialog = open_dialog ("merge-actor", "review-merge-actor");
  GtkWidget *alias = corridor_review_dialog_find (dialog, "alias");
  GtkWidget *canonical = corridor_review_dialog_find (dialog, "canonical");
  GtkEntryCompletion *completion = gtk_entry_get_completion (GTK_ENTRY (alias));
  GtkTreeModel *names = gtk_entry_completion_get_model (completion);
  g_assert_true (wait_until (has_rows, names, 10000));
  gtk_editable_set_text (GTK_EDITABLE (alias),
                         ((CorridorActorSummary *) g_ptr_array_index (actors, 0))->handle);
  gtk_editable_set_text (GTK_EDITABLE (canonical),
                         ((CorridorActorSummary *) g_ptr_array_index (actors, 1))->handle);
  g_assert_true (corridor_review_dialog_apply (dialog));
  wait_settled ();
  {
    g_autoptr (GPtrArray) merges = corridor_store_list_actor_merges (store, &error);
    g_assert_cmpuint (merges->len, ==, 1);
  }
  activate ("undo", NULL);
  wait_settled ();
  {
    g_autoptr (GPtrArray) merges = corridor_store_list_actor_merges (store, &error);
    g_assert_cmpuint (merges->len, ==, 0);
  }

  dialog = open_dialog ("add-port", "review-add-port");
  GtkWidget *lat = corridor_review_dialog_find (dialog, "lat");
  g_assert_false (gtk_widget_get_visible (lat));
  adw_combo_row_set_selected (ADW_COMBO_ROW (corridor_review_dialog_find (dialog, "kind")), 1);
  g_assert_true (gtk_widget_get_visible (lat));
  gtk_editable_set_text (GTK_EDITABLE (corridor_review_dialog_find (dialog, "locode")), "ARZZQ");
  gtk_editable_set_text (GTK_EDITABLE (corridor_review_dialog_find (dialog, "name")),
                         "Puerto Prueba");
  gtk_editable_set_text (GTK_EDITABLE (lat), "-138.1");
  gtk_editable_set_text (GTK_EDITABLE (corridor_review_dialog_find (dialog, "lon")), "-57.5");
  g_assert_false (corridor_review_dialog_apply (dialog));
  g_assert_nonnull (strstr (corridor_review_dialog_get_error (dialog), "Latitude"));
  g_assert_false (corridor_store_has_port (store, "ARZZQ"));
  gtk_editable_set_text (GTK_EDITABLE (lat), "-38.1");
  g_assert_true (corridor_review_dialog_apply (dialog));
  wait_settled ();
  g_assert_true (corridor_store_has_port (store, "ARZZQ"));
  activate ("undo", NULL);
  wait_settled ();
  g_assert_false (corridor_store_has_port (store, "ARZZQ"));
}

/* A case opened read-only: every review action is disabled, even with a
 * shipment chosen, and the history of the other case is gone. */
static void
test_read_only (void)
{
  g_autoptr (GFile) file = g_file_new_for_path (demo_path);

  corridor_window_open_case_read_only (window, file);
  g_assert_true (wait_until (corridor_test_not_busy, window, 60000));
  g_assert_true (corridor_store_is_read_only (corridor_window_get_store (window)));
  choose (shipment_id);
  for (gsize i = 0; i < G_N_ELEMENTS (review_actions); i++)
    g_assert_false (enabled (review_actions[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (case_actions); i++)
    g_assert_false (enabled (case_actions[i]));
  g_assert_false (enabled ("undo"));
  g_assert_false (enabled ("redo"));
  g_assert_false (corridor_review_history_can_undo (corridor_review_actions_get_history (window)));
  /* Activated anyway (a stale button): refused, nothing written. */
  gint64 n_audit = corridor_store_count_audit (corridor_window_get_store (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "review-confirm", NULL);
  g_assert_cmpint (corridor_store_count_audit (corridor_window_get_store (window)), ==, n_audit);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;

  g_setenv ("LC_ALL", "C", TRUE);
  app = corridor_test_gui_init (&argc, &argv);
  if (app == NULL)
    return 77;

  dir = g_dir_make_tmp ("corridor-gui-review-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/gui-review/open-demo", test_open_demo);
  g_test_add_func ("/gui-review/confirm-undo-redo", test_confirm_undo_redo);
  g_test_add_func ("/gui-review/toggles-and-focus", test_toggles_and_focus);
  g_test_add_func ("/gui-review/typing-keeps-keys", test_typing_keeps_keys);
  g_test_add_func ("/gui-review/edit-dialog", test_edit_dialog);
  g_test_add_func ("/gui-review/grade-and-note", test_grade_and_note);
  g_test_add_func ("/gui-review/shipment-structure", test_shipment_structure);
  g_test_add_func ("/gui-review/actor-and-port", test_actor_and_port);
  g_test_add_func ("/gui-review/read-only", test_read_only);

  int ret = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  corridor_test_spin (50);
  g_clear_object (&app);
  corridor_test_remove_dir (dir);
  g_free (demo_path);
  g_free (shipment_id);
  g_free (dir);
  return ret;
}
