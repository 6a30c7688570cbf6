/* corridor-review-actions.c: the review actions of the window and their
 * dialogs. Invariants: every write goes through the session's history, on
 * the main thread, into the store the evidence pane holds, and only while
 * that store is writable and not lent to a worker (the actions are
 * disabled otherwise, and a dialog left open refuses then); after every
 * change the window reloads its shipments and the shipment the change was
 * about is chosen again once they are back. Case text shown in a dialog is
 * revealed with corridor_text_reveal_controls; a field whose shown text is
 * left as it was is not written back. */
#include "corridor-review-actions.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "corridor-error.h"
#include "corridor-evidence-panel.h"
#include "corridor-text.h"

typedef struct
{
  CorridorWindow        *window;   /* owns this */
  CorridorEvidencePanel *panel;
  CorridorReviewHistory *history;
  CorridorStore         *bound;    /* weak: the case the history is about */
  char                  *pending_focus;
  CorridorReviewDialog  *dialog;   /* weak: the dialog showing, if any */
} Review;

#define REVIEW_KEY "corridor-review"

static void
review_free (Review *r)
{
  g_clear_weak_pointer (&r->bound);
  g_clear_weak_pointer (&r->dialog);
  g_clear_object (&r->history);
  g_free (r->pending_focus);
  g_free (r);
}

static Review *
get_review (CorridorWindow *window)
{
  return g_object_get_data (G_OBJECT (window), REVIEW_KEY);
}

/* --- state --- */

static CorridorStore *
writable_store (Review *r, GError **error)
{
  CorridorStore *store = corridor_evidence_panel_get_store (r->panel);

  if (store == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_FAILED,
                   _("The case is busy; try again once the running task has finished."));
      return NULL;
    }
  if (corridor_store_is_read_only (store))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_READ_ONLY,
                   _("The case was opened read-only; it cannot be reviewed."));
      return NULL;
    }
  return store;
}

/* The chosen shipment's id, or an error. */
static const char *
chosen_id (Review *r, GError **error)
{
  const CorridorShipment *s = corridor_evidence_panel_get_shipment (r->panel);

  if (s == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                   _("Choose a shipment in the evidence pane first."));
      return NULL;
    }
  return s->id;
}

static void
set_enabled (Review *r, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (r->window), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
set_status_state (Review *r, const char *status)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (r->window), "review-status");
  g_autoptr (GVariant) state = g_action_get_state (action);

  if (g_strcmp0 (g_variant_get_string (state, NULL), status) != 0)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (status));
}

static void
update_actions (Review *r)
{
  static const char *const about_shipment[] = {
    "review-confirm", "review-reject", "review-status", "review-edit", "review-note",
    "review-grade", "merge-shipment", "split-shipment", "create-shipment",
  };
  /* Actors and ports belong to the case, not to one shipment. */
  static const char *const about_case[] = { "merge-actor", "add-port" };
  CorridorStore *store = corridor_evidence_panel_get_store (r->panel);
  gboolean writable = store != NULL && !corridor_store_is_read_only (store);
  const CorridorShipment *s = corridor_evidence_panel_get_shipment (r->panel);

  for (gsize i = 0; i < G_N_ELEMENTS (about_shipment); i++)
    set_enabled (r, about_shipment[i], writable && s != NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (about_case); i++)
    set_enabled (r, about_case[i], writable);
  set_enabled (r, "undo", writable && corridor_review_history_can_undo (r->history));
  set_enabled (r, "redo", writable && corridor_review_history_can_redo (r->history));
  set_status_state (r, s != NULL ? corridor_status_to_string (s->status) : "inferred");
}

/* --- after a change --- */

static void
show_toast (Review *r, const char *text, const char *button, const char *action)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  if (button != NULL)
    {
      adw_toast_set_button_label (toast, button);
      adw_toast_set_action_name (toast, action);
    }
  /* The newest change's toast replaces the last one's at once. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 8);
  corridor_window_add_toast (r->window, toast);
}

typedef enum
{
  CHANGE_DONE,
  CHANGE_UNDONE,
  CHANGE_REDONE,
} Change;

/* The store changed through the history: show it and read the case again. */
static void
changed (Review *r, Change change)
{
  gboolean undone = change == CHANGE_UNDONE;
  const char *label = undone ? corridor_review_history_get_redo_label (r->history)
                             : corridor_review_history_get_undo_label (r->history);
  g_autofree char *text = NULL;

  if (label == NULL)
    label = "";
  if (change == CHANGE_DONE)
    /* TRANSLATORS: a toast after a review, "Done: Confirm s-12" */
    text = g_strdup_printf (_("Done: %s"), label);
  else if (change == CHANGE_UNDONE)
    /* TRANSLATORS: a toast after undo, "Undone: Confirm s-12" */
    text = g_strdup_printf (_("Undone: %s"), label);
  else
    /* TRANSLATORS: a toast after redo, "Redone: Confirm s-12" */
    text = g_strdup_printf (_("Redone: %s"), label);
  show_toast (r, text, undone ? _("Redo") : _("Undo"), undone ? "win.redo" : "win.undo");
  g_free (r->pending_focus);
  r->pending_focus = g_strdup (corridor_review_history_get_focus (r->history));
  update_actions (r);
  corridor_window_reload (r->window);
}

/* Runs @actions on the chosen shipment @id through the history. */
static gboolean
run_review (Review *r, const char *id, const CorridorReviewAction *actions, guint n,
            GError **error)
{
  CorridorStore *store = writable_store (r, error);
  guint n_changed = 0;

  if (store == NULL)
    return FALSE;
  if (!corridor_review_history_review (r->history, store, id, actions, n, NULL, &n_changed,
                                       error))
    return FALSE;
  if (n_changed == 0)
    {
      show_toast (r, _("Nothing changed"), NULL, NULL);
      return TRUE;
    }
  changed (r, CHANGE_DONE);
  return TRUE;
}

static void
toast_error (Review *r, const GError *error)
{
  show_toast (r, error->message, NULL, NULL);
}

static void
on_scene_changed (CorridorWindow *window, Review *r)
{
  CorridorStore *store = corridor_window_get_store (window);

  /* Another case: the history was about the last one. */
  if (store != r->bound)
    {
      corridor_review_history_clear (r->history);
      g_set_weak_pointer (&r->bound, store);
      g_clear_pointer (&r->pending_focus, g_free);
    }
  if (r->pending_focus != NULL)
    {
      g_autofree char *focus = g_steal_pointer (&r->pending_focus);
      GPtrArray *shown = corridor_window_get_shipments (window);
      gboolean listed = FALSE;

      for (guint i = 0; shown != NULL && i < shown->len && !listed; i++)
        listed = strcmp (((CorridorShipment *) g_ptr_array_index (shown, i))->id, focus) == 0;
      if (listed && g_strcmp0 (corridor_evidence_panel_get_shipment_id (r->panel), focus) != 0)
        g_action_group_activate_action (G_ACTION_GROUP (window), "select-shipment",
                                        g_variant_new_string (focus));
    }
  update_actions (r);
}

static void
on_panel_changed (GObject *panel, GParamSpec *pspec, Review *r)
{
  update_actions (r);
}

static void
on_history_changed (GObject *history, GParamSpec *pspec, Review *r)
{
  update_actions (r);
}

/* --- undo and redo --- */

/* The text being typed into in the window, if any. The accelerators of
 * these actions (Ctrl+Z, Ctrl+Delete, …) are the window's, so they reach
 * it before a focused entry: there they keep their meaning for the text. */
static GtkWidget *
text_focus (Review *r)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (r->window));

  return GTK_IS_TEXT (focus) || GTK_IS_TEXT_VIEW (focus) ? focus : NULL;
}

/* Undoes (@redo FALSE) or redoes: in the text being typed into, if any,
 * else the last review step on the case. */
static void
undo_or_redo (Review *r, gboolean redo)
{
  g_autoptr (GError) error = NULL;
  GtkWidget *text = text_focus (r);

  if (text != NULL)
    {
      gtk_widget_activate_action (text, redo ? "text.redo" : "text.undo", NULL);
      return;
    }
  CorridorStore *store = writable_store (r, &error);
  gboolean done = store != NULL
                  && (redo ? corridor_review_history_redo (r->history, store, &error)
                           : corridor_review_history_undo (r->history, store, &error));

  if (!done)
    {
      toast_error (r, error);
      return;
    }
  changed (r, redo ? CHANGE_REDONE : CHANGE_UNDONE);
}

static void
undo_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  undo_or_redo (user_data, FALSE);
}

static void
redo_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  undo_or_redo (user_data, TRUE);
}

/* --- the decision --- */

static void
decide (Review *r, const char *status, gboolean toggle)
{
  g_autoptr (GError) error = NULL;
  const char *id = chosen_id (r, &error);
  const CorridorShipment *s = corridor_evidence_panel_get_shipment (r->panel);
  const char *now = s != NULL ? corridor_status_to_string (s->status) : NULL;
  CorridorReviewAction action = { CORRIDOR_REVIEW_SET, "status", status };

  if (id == NULL)
    {
      toast_error (r, error);
      return;
    }
  if (g_strcmp0 (now, status) == 0)
    {
      if (!toggle || strcmp (status, "inferred") == 0)
        {
          g_autofree char *shown = corridor_text_reveal_controls (id, FALSE);
          g_autofree char *text = strcmp (status, "confirmed") == 0
                                  ? g_strdup_printf (_("%s is already confirmed"), shown)
                                  : strcmp (status, "rejected") == 0
                                  ? g_strdup_printf (_("%s is already rejected"), shown)
                                  : g_strdup_printf (_("%s is not decided yet"), shown);
          show_toast (r, text, NULL, NULL);
          return;
        }
      /* Clicking the decision shown again takes it back. */
      action.value = "inferred";
    }
  if (strcmp (action.value, "confirmed") == 0)
    action = (CorridorReviewAction) { CORRIDOR_REVIEW_CONFIRM, NULL, NULL };
  else if (strcmp (action.value, "rejected") == 0)
    action = (CorridorReviewAction) { CORRIDOR_REVIEW_REJECT, NULL, NULL };
  g_autofree char *keep_id = g_strdup (id);
  if (!run_review (r, keep_id, &action, 1, &error))
    {
      toast_error (r, error);
      return;
    }
  /* The toggles show the new decision before the reload brings it back. */
  set_status_state (r, action.kind == CORRIDOR_REVIEW_CONFIRM ? "confirmed"
                       : action.kind == CORRIDOR_REVIEW_REJECT ? "rejected"
                       : action.value);
}

static void
review_confirm_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWidget *text = text_focus (user_data);

  /* Ctrl+Return in an entry activates it, as Return does. */
  if (GTK_IS_TEXT (text))
    g_signal_emit_by_name (text, "activate");
  else if (text == NULL)
    decide (user_data, "confirmed", FALSE);
}

static void
review_reject_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWidget *text = text_focus (user_data);

  /* Ctrl+Delete in text deletes the next word, never a shipment. */
  if (text != NULL)
    g_signal_emit_by_name (text, "delete-from-cursor", GTK_DELETE_WORD_ENDS, 1);
  else
    decide (user_data, "rejected", FALSE);
}

static void
review_status_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  const char *status = g_variant_get_string (param, NULL);
  CorridorStatus parsed;

  if (!corridor_status_from_string (status, &parsed))
    return;
  decide (user_data, status, TRUE);
}

/* --- dialogs --- */

/* What every dialog's apply function gets: the window (referenced, the
 * dialog dies with it) and the shipment the dialog was opened for. */
typedef struct
{
  CorridorWindow *window;
  char           *shipment_id;
  GPtrArray      *widgets;   /* borrowed rows, in the order the dialog needs */
  GPtrArray      *originals; /* char*: each row's text as first shown */
} DialogData;

static void
dialog_data_free (DialogData *d)
{
  g_clear_object (&d->window);
  g_free (d->shipment_id);
  g_clear_pointer (&d->widgets, g_ptr_array_unref);
  g_clear_pointer (&d->originals, g_ptr_array_unref);
  g_free (d);
}

static DialogData *
dialog_data_new (Review *r, const char *shipment_id)
{
  DialogData *d = g_new0 (DialogData, 1);

  d->window = g_object_ref (r->window);
  d->shipment_id = g_strdup (shipment_id);
  d->widgets = g_ptr_array_new ();
  d->originals = g_ptr_array_new_with_free_func (g_free);
  return d;
}

static CorridorReviewDialog *
dialog_new (Review *r, const char *name, const char *title, const char *apply_label)
{
  CorridorReviewDialog *dialog = corridor_review_dialog_new (GTK_WINDOW (r->window), name, title,
                                                             apply_label);

  if (r->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (r->dialog));
  g_set_weak_pointer (&r->dialog, dialog);
  return dialog;
}

/* The store to write, the dialog's shipment still chosen. */
static CorridorStore *
dialog_store (Review *r, DialogData *d, GError **error)
{
  CorridorStore *store = writable_store (r, error);

  if (store != NULL && d->shipment_id != NULL
      && g_strcmp0 (corridor_evidence_panel_get_shipment_id (r->panel), d->shipment_id) != 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_FAILED,
                   _("Another shipment was chosen meanwhile; close this and try again."));
      return NULL;
    }
  return store;
}

static GtkWidget *
group_new (const char *title, const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

/* The fresh shipment @id from the store, for a dialog to show. */
static CorridorShipment *
read_shipment (Review *r, const char **out_id, GError **error)
{
  const char *id = chosen_id (r, error);
  CorridorStore *store = id != NULL ? writable_store (r, error) : NULL;

  if (store == NULL)
    return NULL;
  *out_id = id;
  return corridor_store_get_shipment (store, id, error);
}

/* --- Edit Facts --- */

static const struct
{
  const char *field;
  const char *title;
} edit_fields[] = {
  { "origin", N_("Origin") },
  { "destination", N_("Destination") },
  { "transit", N_("Transit Ports") },
  { "departed", N_("Departed") },
  { "arrived", N_("Arrived") },
  { "quantity_kg", N_("Quantity (kg)") },
  { "vessel", N_("Vessel") },
  { "imo", N_("IMO Number") },
  { "concealment", N_("Concealment") },
};

static const char *const outcome_values[] = { "unknown", "delivered", "seized", "lost", NULL };

/* Marks the rows the store's message names ("quantity_kg=…: …"). */
static void
mark_error_rows (DialogData *d, const char *message)
{
  for (guint i = 0; i < d->widgets->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (d->widgets, i);
      const char *field = gtk_widget_get_name (row);
      gsize len = strlen (field);
      gboolean bad = message != NULL && strncmp (message, field, len) == 0
                     && (message[len] == '=' || message[len] == ':');

      if (message != NULL && strstr (message, " would arrive ") != NULL)
        bad = bad || strcmp (field, "departed") == 0 || strcmp (field, "arrived") == 0;
      if (message != NULL && strstr (message, " the same port") != NULL)
        bad = bad || strcmp (field, "origin") == 0 || strcmp (field, "destination") == 0;
      if (bad)
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
    }
}

static gboolean
edit_apply (CorridorReviewDialog *dialog, gpointer user_data, GError **error)
{
  DialogData *d = user_data;
  Review *r = get_review (d->window);
  g_autoptr (GArray) actions = g_array_new (FALSE, TRUE, sizeof (CorridorReviewAction));
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) local = NULL;

  if (dialog_store (r, d, error) == NULL)
    return FALSE;
  for (guint i = 0; i < d->widgets->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (d->widgets, i);
      const char *field = gtk_widget_get_name (row);
      char *text;

      if (ADW_IS_COMBO_ROW (row))
        text = g_strdup (outcome_values[MIN (adw_combo_row_get_selected (ADW_COMBO_ROW (row)),
                                             G_N_ELEMENTS (outcome_values) - 2)]);
      else
        text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
      g_ptr_array_add (texts, text);
      if (g_strcmp0 (text, g_ptr_array_index (d->originals, i)) == 0)
        continue;
      CorridorReviewAction a = { CORRIDOR_REVIEW_SET, field, text };
      g_array_append_val (actions, a);
    }
  if (actions->len == 0)
    return TRUE;
  if (!run_review (r, d->shipment_id, (CorridorReviewAction *) actions->data, actions->len,
                   &local))
    {
      mark_error_rows (d, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static void
review_edit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  Review *r = user_data;
  g_autoptr (GError) error = NULL;
  const char *id = NULL;
  g_autoptr (CorridorShipment) s = read_shipment (r, &id, &error);

  if (s == NULL)
    {
      toast_error (r, error);
      return;
    }
  g_autofree char *shown_id = corridor_text_reveal_controls (s->id, FALSE);
  g_autofree char *title = g_strdup_printf (_("Facts of %s"), shown_id);
  CorridorReviewDialog *dialog = dialog_new (r, "review-edit", _("Edit Facts"), _("_Save"));
  DialogData *d = dialog_data_new (r, s->id);
  GtkWidget *group = group_new (title, _("Ports take a LOCODE or a port name, transit ports "
                                         "several separated by “;”, dates YYYY-MM-DD. Leave "
                                         "a fact empty when it is unknown."));

  for (gsize i = 0; i < G_N_ELEMENTS (edit_fields); i++)
    {
      g_autofree char *value = corridor_review_field_value (s, edit_fields[i].field);
      g_autofree char *shown = value != NULL ? corridor_text_reveal_controls (value, FALSE) : NULL;
      GtkWidget *row = corridor_review_entry_row (edit_fields[i].field, _(edit_fields[i].title),
                                                  shown);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (d->widgets, row);
      g_ptr_array_add (d->originals, g_strstrip (g_strdup (shown != NULL ? shown : "")));
    }
  {
    const char *titles[] = { _("Unknown"), _("Delivered"), _("Seized"), _("Lost"), NULL };
    guint selected = MIN ((guint) s->outcome, G_N_ELEMENTS (titles) - 2);
    GtkWidget *row = corridor_review_combo_row ("outcome", _("Outcome"), titles, selected);

    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    g_ptr_array_add (d->widgets, row);
    g_ptr_array_add (d->originals, g_strdup (outcome_values[selected]));
  }
  corridor_review_dialog_add (dialog, group);
  corridor_review_dialog_set_apply (dialog, edit_apply, d, (GDestroyNotify) dialog_data_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- Grade Source --- */

static gboolean
grade_apply (CorridorReviewDialog *dialog, gpointer user_data, GError **error)
{
  DialogData *d = user_data;
  Review *r = get_review (d->window);
  guint rel = adw_combo_row_get_selected (ADW_COMBO_ROW (g_ptr_array_index (d->widgets, 0)));
  guint cred = adw_combo_row_get_selected (ADW_COMBO_ROW (g_ptr_array_index (d->widgets, 1)));
  char grade[3] = { (char) ('A' + MIN (rel, 5u)), (char) ('1' + MIN (cred, 5u)), '\0' };
  CorridorReviewAction a = { CORRIDOR_REVIEW_SET, "grade", grade };

  if (dialog_store (r, d, error) == NULL)
    return FALSE;
  if (g_strcmp0 (grade, g_ptr_array_index (d->originals, 0)) == 0)
    return TRUE;
  return run_review (r, d->shipment_id, &a, 1, error);
}

static void
on_remove_grade (GtkButton *button, CorridorReviewDialog *dialog)
{
  DialogData *d = g_object_get_data (G_OBJECT (button), "dialog-data");
  Review *r = get_review (d->window);
  CorridorReviewAction a = { CORRIDOR_REVIEW_SET, "grade", "" };
  g_autoptr (GError) error = NULL;

  if (dialog_store (r, d, &error) == NULL || !run_review (r, d->shipment_id, &a, 1, &error))
    {
      corridor_review_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
review_grade_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  Review *r = user_data;
  g_autoptr (GError) error = NULL;
  const char *id = chosen_id (r, &error);
  CorridorStore *store = id != NULL ? writable_store (r, &error) : NULL;
  g_autoptr (GHashTable) reviews = store != NULL ? corridor_store_list_reviews (store, &error)
                                                 : NULL;

  if (reviews == NULL)
    {
      toast_error (r, error);
      return;
    }
  const CorridorReview *review = g_hash_table_lookup (reviews, id);
  const char *grade = review != NULL ? review->grade : NULL;
  g_autoptr (GPtrArray) rel_items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) cred_items = g_ptr_array_new_with_free_func (g_free);

  for (char c = 'A'; c <= 'F'; c++)
    /* TRANSLATORS: an Admiralty grade's letter or digit and its meaning */
    g_ptr_array_add (rel_items, g_strdup_printf (_("%c — %s"), c,
                                                 corridor_review_reliability_meaning (c)));
  for (char c = '1'; c <= '6'; c++)
    g_ptr_array_add (cred_items, g_strdup_printf (_("%c — %s"), c,
                                                  corridor_review_credibility_meaning (c)));
  g_ptr_array_add (rel_items, NULL);
  g_ptr_array_add (cred_items, NULL);

  /* Ungraded, the dialog starts at "cannot be judged" for both. */
  guint rel = grade != NULL && grade[0] >= 'A' && grade[0] <= 'F' ? (guint) (grade[0] - 'A') : 5;
  guint cred = grade != NULL && grade[0] != '\0' && grade[1] >= '1' && grade[1] <= '6'
               ? (guint) (grade[1] - '1') : 5;
  g_autofree char *shown_id = corridor_text_reveal_controls (id, FALSE);
  g_autofree char *title = g_strdup_printf (_("Source of %s"), shown_id);
  CorridorReviewDialog *dialog = dialog_new (r, "review-grade", _("Grade Source"), _("_Grade"));
  DialogData *d = dialog_data_new (r, id);
  GtkWidget *group = group_new (title, _("The Admiralty code: how reliable the source is, and "
                                         "how credible this information."));
  GtkWidget *rel_row = corridor_review_combo_row ("reliability", _("Source Reliability"),
                                                  (const char *const *) rel_items->pdata, rel);
  GtkWidget *cred_row = corridor_review_combo_row ("credibility", _("Information Credibility"),
                                                   (const char *const *) cred_items->pdata, cred);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), rel_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), cred_row);
  g_ptr_array_add (d->widgets, rel_row);
  g_ptr_array_add (d->widgets, cred_row);
  g_ptr_array_add (d->originals, g_strdup (grade));
  corridor_review_dialog_add (dialog, group);
  if (grade != NULL)
    {
      GtkWidget *remove = gtk_button_new_with_mnemonic (_("_Remove Grade"));

      gtk_widget_set_name (remove, "remove-grade");
      gtk_widget_set_halign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "destructive-action");
      g_object_set_data (G_OBJECT (remove), "dialog-data", d);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_grade), dialog);
      corridor_review_dialog_add (dialog, remove);
    }
  corridor_review_dialog_set_apply (dialog, grade_apply, d, (GDestroyNotify) dialog_data_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- Add Note --- */

static gboolean
note_apply (CorridorReviewDialog *dialog, gpointer user_data, GError **error)
{
  DialogData *d = user_data;
  Review *r = get_review (d->window);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (g_ptr_array_index (d->widgets, 0)));
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (dialog_store (r, d, error) == NULL)
    return FALSE;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  CorridorReviewAction a = { CORRIDOR_REVIEW_NOTE, NULL, text };
  return run_review (r, d->shipment_id, &a, 1, error);
}

static void
review_note_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  Review *r = user_data;
  g_autoptr (GError) error = NULL;
  const char *id = chosen_id (r, &error);

  if (id == NULL || writable_store (r, &error) == NULL)
    {
      toast_error (r, error);
      return;
    }
  g_autofree char *shown_id = corridor_text_reveal_controls (id, FALSE);
  g_autofree char *title = g_strdup_printf (_("Note on %s"), shown_id);
  g_autofree char *description = g_strdup_printf (_("Kept with the time and your user name "
                                                    "(%s), and in the audit log."),
                                                  g_get_user_name ());
  CorridorReviewDialog *dialog = dialog_new (r, "review-note", _("Add Note"), _("_Add Note"));
  DialogData *d = dialog_data_new (r, id);
  GtkWidget *group = group_new (title, description);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_widget_set_name (view, "note");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note"), -1);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 140);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  g_ptr_array_add (d->widgets, view);
  corridor_review_dialog_add (dialog, group);
  corridor_review_dialog_set_apply (dialog, note_apply, d, (GDestroyNotify) dialog_data_free);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

/* --- shared by the structural dialogs --- */

/* A row with a check button (named @name) in front, for choosing one
 * item or several; @group makes the checks exclusive. Case text in @title
 * and @subtitle is revealed and shown as plain text. */
static GtkWidget *
check_row (const char *name, const char *title, const char *subtitle, GtkCheckButton *group,
           GtkWidget **out_check)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *t = corridor_text_reveal_controls (title, FALSE);
  g_autofree char *st = subtitle != NULL ? corridor_text_reveal_controls (subtitle, FALSE) : NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t);
  if (st != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), st);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_name (check, name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, t, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  *out_check = check;
  return row;
}

/* "s-3 · Santos → Rotterdam" and "2021-02-01 – 2021-02-20 · 750 kg". */
static void
shipment_texts (const CorridorShipment *s, char **title, char **subtitle)
{
  const CorridorStop *o = corridor_shipment_origin (s), *d = corridor_shipment_destination (s);
  char kg[64] = "";

  *title = g_strdup_printf ("%s · %s → %s", s->id, o ? (o->name ? o->name : o->locode) : "?",
                            d ? (d->name ? d->name : d->locode) : "?");
  if (!isnan (s->quantity_kg))
    g_snprintf (kg, sizeof kg, _(" · %.0f kg"), s->quantity_kg);
  *subtitle = g_strdup_printf ("%s – %s%s · %s", s->departed ? s->departed : "?",
                               s->arrived ? s->arrived : "?", kg,
                               corridor_status_to_string (s->status));
}

/* The first line of @body, at most 90 characters. */
static char *
excerpt (const char *body)
{
  g_autofree char *line = g_strdup (body != NULL ? body : "");
  char *nl = strchr (line, '\n');

  if (nl != NULL)
    *nl = '\0';
  if (!g_utf8_validate (line, -1, NULL) || g_utf8_strlen (line, -1) <= 90)
    return g_steal_pointer (&line);
  g_autofree char *cut = g_utf8_substring (line, 0, 89);
  return g_strconcat (cut, "…", NULL);
}

static char *
message_subtitle (const CorridorMessage *m)
{
  /* As the evidence pane shows it: in the writer's own time. */
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (m->ts);
  g_autoptr (GTimeZone) zone = g_time_zone_new_offset (m->tz_offset);
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;
  g_autofree char *when = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M %:z")
                                        : NULL;

  return g_strdup_printf ("%s · %s · %s", m->sender != NULL ? m->sender : "?",
                          when != NULL ? when : "?", m->id);
}

/* Appends a check row per distinct message of @evidence (CorridorEvidence*)
 * not in @seen, adding each to @seen and its check to @d->widgets. */
static void
add_message_rows (DialogData *d, GtkWidget *group, GPtrArray *evidence, GHashTable *seen)
{
  for (guint i = 0; i < evidence->len; i++)
    {
      CorridorEvidence *e = g_ptr_array_index (evidence, i);
      GtkWidget *check = NULL;

      if (g_hash_table_contains (seen, e->message->id))
        continue;
      g_hash_table_add (seen, g_strdup (e->message->id));
      g_autofree char *title = excerpt (e->message->body);
      g_autofree char *subtitle = message_subtitle (e->message);
      GtkWidget *row = check_row (e->message->id, title, subtitle, NULL, &check);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (d->widgets, check);
    }
}

/* The names of the checked buttons among @d->widgets (NULL-terminated). */
static GStrv
checked_names (DialogData *d)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();

  for (guint i = 0; i < d->widgets->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (d->widgets, i);
      if (GTK_IS_CHECK_BUTTON (w) && gtk_check_button_get_active (GTK_CHECK_BUTTON (w)))
        g_strv_builder_add (names, gtk_widget_get_name (w));
    }
  return g_strv_builder_end (names);
}

static const char *
row_text (DialogData *d, const char *name)
{
  for (guint i = 0; i < d->widgets->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (d->widgets, i);
      if (GTK_IS_EDITABLE (w) && g_strcmp0 (gtk_widget_get_name (w), name) == 0)
        return gtk_editable_get_text (GTK_EDITABLE (w));
    }
  return "";
}

/* A structural command went through: show it and reload. */
static void
structure_changed (Review *r)
{
  changed (r, CHANGE_DONE);
}

/* --- Merge With --- */

static gboolean
merge_apply (CorridorReviewDialog *dialog, gpointer user_data, GError **error)
{
  DialogData *d = user_data;
  Review *r = get_review (d->window);
  CorridorStore *store = dialog_store (r, d, error);
  g_auto (GStrv) checked = checked_names (d);
  g_autofree char *typed = g_strstrip (g_strdup (row_text (d, "other")));
  const char *from = typed[0] != '\0' ? typed : checked[0];

  if (store == NULL)
    return FALSE;
  if (from == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   _("Choose the shipment to merge in, or give its id."));
      return FALSE;
    }
  if (!corridor_review_history_merge_shipments (r->history, store, d->shipment_id, from, error))
    return FALSE;
  structure_changed (r);
  return TRUE;
}

static const CorridorShipment *
shown_shipment (Review *r, const char *id)
{
  GPtrArray *shown = corridor_window_get_shipments (r->window);

  for (guint i = 0; shown != NULL && i < shown->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shown, i);
      if (strcmp (s->id, id) == 0)
        return s;
    }
  return NULL;
}

static void
merge_shipment_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  Review *r = user_data;
  g_autoptr (GError) error = NULL;
  const char *id = chosen_id (r, &error);

  if (id == NULL || writable_store (r, &error) == NULL)
    {
      toast_error (r, error);
      return;
    }
  g_autofree char *shown_id = corridor_text_reveal_controls (id, FALSE);
  g_autofree char *title = g_strdup_printf (_("Merge Into %s"), shown_id);
  CorridorReviewDialog *dialog = dialog_new (r, "review-merge", title, _("_Merge"));
  DialogData *d = dialog_data_new (r, id);
  GtkWidget *group = group_new (_("Shipment to Merge In"),
                                _("Its evidence, containers and actors are added to the chosen "
                                  "shipment, which takes the facts it does not know from it; "
                                  "it is then no longer listed."));
  GListModel *listed = corridor_evidence_panel_get_shipments (r->panel);
  GtkCheckButton *first = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (listed); i++)
    {
      const char *other = gtk_string_list_get_string (GTK_STRING_LIST (listed), i);
      const CorridorShipment *s = other != NULL ? shown_shipment (r, other) : NULL;
      g_autofree char *t = NULL, *st = NULL;
      GtkWidget *check = NULL;

      if (s == NULL || strcmp (s->id, id) == 0)
        continue;
      shipment_texts (s, &t, &st);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 check_row (s->id, t, st, first, &check));
      if (first == NULL)
        first = GTK_CHECK_BUTTON (check);
      g_ptr_array_add (d->widgets, check);
    }
  GtkWidget *other = corridor_review_entry_row ("other", _("Or a Shipment Id"), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), other);
  g_ptr_array_add (d->widgets, other);
  corridor_review_dialog_add (dialog, group);
  corridor_review_dialog_set_apply (dialog, merge_apply, d, (GDestroyNotify) dialog_data_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- Split --- */

static gboolean
split_apply (CorridorReviewDialog *dialog, gpointer user_data, GError **error)
{
  DialogData *d = user_data;
  Review *r = get_review (d->window);
  CorridorStore *store = dialog_store (r, d, error);
  g_auto (GStrv) checked = checked_names (d);

  if (store == NULL)
    return FALSE;
  if (checked[0] == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   _("Choose the messages to move to a new shipment."));
      return FALSE;
    }
  if (!corridor_review_history_split_shipment (r->history, store, d->shipment_id,
                                               (const char *const *) checked, NULL, error))
    return FALSE;
  structure_changed (r);
  return TRUE;
}

static void
split_shipment_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  Review *r = user_data;
  g_autoptr (GError) error = NULL;
  const char *id = chosen_id (r, &error);
  CorridorStore *store = id != NULL ? writable_store (r, &error) : NULL;
  g_autoptr (GPtrArray) evidence = store != NULL ? corridor_store_list_evidence (store, id, &error)
                                                 : NULL;

  if (evidence == NULL)
    {
      toast_error (r, error);
      return;
    }
  g_autofree char *shown_id = corridor_text_reveal_controls (id, FALSE);
  g_autofree char *title = g_strdup_printf (_("Split %s"), shown_id);
  CorridorReviewDialog *dialog = dialog_new (r, "review-split", title, _("_Split"));
  DialogData *d = dialog_data_new (r, id);
  GtkWidget *group = group_new (_("Messages to Move Out"),
                                _("They become a new shipment, which takes the ports they name "
                                  "(it needs an origin and a destination) and the facts that "
                                  "rest only on them."));
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  add_message_rows (d, group, evidence, seen);
  corridor_review_dialog_add (dialog, group);
  corridor_review_dialog_set_apply (dialog, split_apply, d, (GDestroyNotify) dialog_data_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- New Shipment from Messages --- */

static gboolean
create_apply (CorridorReviewDialog *dialog, gpointer user_data, GError **error)
{
  DialogData *d = user_data;
  Review *r = get_review (d->window);
  CorridorStore *store = writable_store (r, error);
  g_auto (GStrv) checked = checked_names (d);
  CorridorReviewAction actions[] = {
    { CORRIDOR_REVIEW_SET, "origin", row_text (d, "origin") },
    { CORRIDOR_REVIEW_SET, "destination", row_text (d, "destination") },
  };

  if (store == NULL)
    return FALSE;
  if (checked[0] == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   _("Choose the messages the new shipment rests on."));
      return FALSE;
    }
  if (!corridor_review_history_create_shipment (r->history, store, (const char *const *) checked,
                                                actions, G_N_ELEMENTS (actions), NULL, error))
    return FALSE;
  structure_changed (r);
  return TRUE;
}

static void
create_shipment_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  Review *r = user_data;
  g_autoptr (GError) error = NULL;
  CorridorStore *store = writable_store (r, &error);
  GListModel *listed = corridor_evidence_panel_get_shipments (r->panel);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (store == NULL || chosen_id (r, &error) == NULL)
    {
      toast_error (r, error);
      return;
    }
  CorridorReviewDialog *dialog = dialog_new (r, "review-create", _("New Shipment from Messages"),
                                             _("C_reate"));
  DialogData *d = dialog_data_new (r, NULL);
  GtkWidget *route = group_new (_("Route"), _("A LOCODE or a port name for each; the other "
                                              "facts can be edited once it exists."));
  GtkWidget *origin = corridor_review_entry_row ("origin", _("Origin"), NULL);
  GtkWidget *destination = corridor_review_entry_row ("destination", _("Destination"), NULL);
  GtkWidget *messages = group_new (_("Messages"), _("The evidence of the shipments listed in "
                                                    "the evidence pane. The new shipment rests "
                                                    "on those checked, their senders and "
                                                    "recipients its actors."));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (route), origin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (route), destination);
  g_ptr_array_add (d->widgets, origin);
  g_ptr_array_add (d->widgets, destination);
  /* The chosen shipment's messages first, then the rest of the selection's. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < g_list_model_get_n_items (listed); i++)
      {
        const char *id = gtk_string_list_get_string (GTK_STRING_LIST (listed), i);
        gboolean chosen = g_strcmp0 (id, corridor_evidence_panel_get_shipment_id (r->panel)) == 0;
        g_autoptr (GPtrArray) evidence = NULL;

        if (id == NULL || chosen != (pass == 0))
          continue;
        evidence = corridor_store_list_evidence (store, id, &error);
        if (evidence == NULL)
          {
            toast_error (r, error);
            gtk_window_destroy (GTK_WINDOW (dialog));
            dialog_data_free (d);
            return;
          }
        add_message_rows (d, messages, evidence, seen);
      }
  corridor_review_dialog_add (dialog, route);
  corridor_review_dialog_add (dialog, messages);
  corridor_review_dialog_set_apply (dialog, create_apply, d, (GDestroyNotify) dialog_data_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- Merge Actor --- */

typedef struct
{
  DialogData   *d;
  GCancellable *cancellable;
} ActorDialog;

/* The case's handles, read on a connection of the worker's own. */
static void
handles_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorStore) store = corridor_store_open (task_data, CORRIDOR_STORE_OPEN_READ_ONLY,
                                                         &error);
  g_autoptr (GPtrArray) actors = store != NULL
                                 ? corridor_store_list_actor_summaries (store, &error) : NULL;

  if (actors == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&actors), (GDestroyNotify) g_ptr_array_unref);
}

static void
handles_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GtkListStore) names = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) actors = g_task_propagate_pointer (G_TASK (result), &error);

  if (actors == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("no handles to complete: %s", error->message);
      return;
    }
  for (guint i = 0; i < actors->len; i++)
    {
      CorridorActorSummary *a = g_ptr_array_index (actors, i);
      g_autofree char *shown = corridor_text_reveal_controls (a->handle, FALSE);
      GtkTreeIter iter;

      /* Completion offers handles as stored; a revealed one would not match. */
      if (strcmp (shown, a->handle) != 0)
        continue;
      gtk_list_store_insert_with_values (names, &iter, -1, 0, a->handle, -1);
    }
}

static GtkWidget *
handle_row (const char *name, const char *title, GtkListStore *names, GtkWidget **out_entry)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *entry = gtk_entry_new ();
  /* GtkEntryCompletion is the completion GTK 4.8 has (as in the filter bar). */
  g_autoptr (GtkEntryCompletion) completion = gtk_entry_completion_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (entry, name);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (names));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_minimum_key_length (completion, 1);
  gtk_entry_set_completion (GTK_ENTRY (entry), completion);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  *out_entry = entry;
  return row;
}

static gboolean
actor_apply (CorridorReviewDialog *dialog, gpointer user_data, GError **error)
{
  DialogData *d = user_data;
  Review *r = get_review (d->window);
  CorridorStore *store = writable_store (r, error);
  g_autofree char *alias = g_strstrip (g_strdup (row_text (d, "alias")));
  g_autofree char *canonical = g_strstrip (g_strdup (row_text (d, "canonical")));

  if (store == NULL)
    return FALSE;
  if (alias[0] == '\0' || canonical[0] == '\0')
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   _("Give both handles: the alias and the one it counts as."));
      return FALSE;
    }
  if (!corridor_review_history_merge_actors (r->history, store, alias, canonical, error))
    return FALSE;
  structure_changed (r);
  return TRUE;
}

static void
cancel_on_destroy (GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
  g_object_unref (cancellable);
}

static void
merge_actor_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  Review *r = user_data;
  g_autoptr (GError) error = NULL;
  CorridorStore *store = writable_store (r, &error);

  if (store == NULL)
    {
      toast_error (r, error);
      return;
    }
  CorridorReviewDialog *dialog = dialog_new (r, "review-merge-actor", _("Merge Actor"),
                                             _("_Merge"));
  DialogData *d = dialog_data_new (r, NULL);
  g_autoptr (GtkListStore) names = gtk_list_store_new (1, G_TYPE_STRING);
  GtkWidget *group = group_new (_("One Person, Two Handles"),
                                _("Wherever actors are listed, counted or filtered, the alias "
                                  "counts as the other handle. Messages keep their senders."));
  GtkWidget *alias = NULL, *canonical = NULL;

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             handle_row ("alias", _("Alias"), names, &alias));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             handle_row ("canonical", _("Counts As"), names, &canonical));
  g_ptr_array_add (d->widgets, alias);
  g_ptr_array_add (d->widgets, canonical);
  corridor_review_dialog_add (dialog, group);
  corridor_review_dialog_set_apply (dialog, actor_apply, d, (GDestroyNotify) dialog_data_free);

  /* Completion over the case's handles, read off the main thread; closing
   * the dialog cancels it. */
  GCancellable *cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (dialog), "handles-cancellable", g_object_ref (cancellable),
                          (GDestroyNotify) cancel_on_destroy);
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, handles_done, g_object_ref (names));
  g_task_set_source_tag (task, merge_actor_activated);
  g_task_set_task_data (task, g_strdup (corridor_store_get_path (store)), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, handles_thread);
  g_object_unref (cancellable);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- Add Port or Alias --- */

static void
on_port_kind (GObject *combo, GParamSpec *pspec, DialogData *d)
{
  gboolean new_port = adw_combo_row_get_selected (ADW_COMBO_ROW (combo)) == 1;

  for (guint i = 0; i < d->widgets->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (d->widgets, i);
      const char *name = gtk_widget_get_name (w);

      if (g_str_equal (name, "name") || g_str_equal (name, "country") || g_str_equal (name, "lat")
          || g_str_equal (name, "lon"))
        gtk_widget_set_visible (w, new_port);
    }
}

static gboolean
parse_degrees (const char *text, double limit, const char *what, double *out, GError **error)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  char *end = NULL;
  double v = g_ascii_strtod (t, &end);

  if (t[0] == '\0' || end == t || *end != '\0' || !isfinite (v) || fabs (v) > limit)
    {
      /* TRANSLATORS: "Latitude: expected degrees from -90 to 90" */
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   _("%s: expected degrees from %g to %g"), what, -limit, limit);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
port_apply (CorridorReviewDialog *dialog, gpointer user_data, GError **error)
{
  DialogData *d = user_data;
  Review *r = get_review (d->window);
  CorridorStore *store = writable_store (r, error);
  GtkWidget *kind = g_ptr_array_index (d->widgets, 0);
  g_autofree char *locode = g_strstrip (g_strdup (row_text (d, "locode")));
  g_autofree char *alias = g_strstrip (g_strdup (row_text (d, "alias")));
  gboolean ok;

  if (store == NULL)
    return FALSE;
  if (adw_combo_row_get_selected (ADW_COMBO_ROW (kind)) == 0)
    {
      if (alias[0] == '\0')
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       _("Give the alias to add."));
          return FALSE;
        }
      ok = corridor_review_history_add_port_alias (r->history, store, locode, alias, error);
    }
  else
    {
      g_autofree char *name = g_strstrip (g_strdup (row_text (d, "name")));
      g_autofree char *country = g_strstrip (g_strdup (row_text (d, "country")));
      const char *aliases[] = { alias, NULL };
      double lat, lon;

      if (!parse_degrees (row_text (d, "lat"), 90, _("Latitude"), &lat, error)
          || !parse_degrees (row_text (d, "lon"), 180, _("Longitude"), &lon, error))
        return FALSE;
      g_autoptr (CorridorPort) port = corridor_port_new (locode, name,
                                                         country[0] != '\0' ? country : NULL,
                                                         lat, lon,
                                                         alias[0] != '\0' ? aliases : NULL);
      ok = corridor_review_history_add_port (r->history, store, port, error);
    }
  if (!ok)
    return FALSE;
  structure_changed (r);
  return TRUE;
}

static void
add_port_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  Review *r = user_data;
  g_autoptr (GError) error = NULL;

  if (writable_store (r, &error) == NULL)
    {
      toast_error (r, error);
      return;
    }
  CorridorReviewDialog *dialog = dialog_new (r, "review-add-port", _("Add Port or Alias"),
                                             _("_Add"));
  DialogData *d = dialog_data_new (r, NULL);
  const char *kinds[] = { _("An Alias of a Port"), _("A New Port"), NULL };
  GtkWidget *group = group_new (_("Case Gazetteer"),
                                _("Ports and names this case knows beyond the bundled "
                                  "gazetteer; inference and the port filter use them."));
  struct { const char *name; const char *title; } rows[] = {
    { "locode", _("LOCODE") },
    { "alias", _("Alias") },
    { "name", _("Name") },
    { "country", _("Country (ISO code, optional)") },
    { "lat", _("Latitude (degrees north)") },
    { "lon", _("Longitude (degrees east)") },
  };
  GtkWidget *kind = corridor_review_combo_row ("kind", _("Add"), kinds, 0);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), kind);
  g_ptr_array_add (d->widgets, kind);
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *row = corridor_review_entry_row (rows[i].name, rows[i].title, NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (d->widgets, row);
    }
  g_signal_connect (kind, "notify::selected", G_CALLBACK (on_port_kind), d);
  /* Room for the rows "A New Port" shows. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, 600);
  on_port_kind (G_OBJECT (kind), NULL, d);
  corridor_review_dialog_add (dialog, group);
  corridor_review_dialog_set_apply (dialog, port_apply, d, (GDestroyNotify) dialog_data_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- installing --- */

static const GActionEntry review_entries[] = {
  { .name = "undo", .activate = undo_activated },
  { .name = "redo", .activate = redo_activated },
  { .name = "review-confirm", .activate = review_confirm_activated },
  { .name = "review-reject", .activate = review_reject_activated },
  { .name = "review-status", .activate = review_status_activated, .parameter_type = "s",
    .state = "'inferred'" },
  { .name = "review-edit", .activate = review_edit_activated },
  { .name = "review-note", .activate = review_note_activated },
  { .name = "review-grade", .activate = review_grade_activated },
  { .name = "merge-shipment", .activate = merge_shipment_activated },
  { .name = "split-shipment", .activate = split_shipment_activated },
  { .name = "create-shipment", .activate = create_shipment_activated },
  { .name = "merge-actor", .activate = merge_actor_activated },
  { .name = "add-port", .activate = add_port_activated },
};

void
corridor_review_actions_install (CorridorWindow *window)
{
  Review *r;

  g_return_if_fail (CORRIDOR_IS_WINDOW (window));
  g_return_if_fail (get_review (window) == NULL);

  r = g_new0 (Review, 1);
  r->window = window;
  r->panel = CORRIDOR_EVIDENCE_PANEL (corridor_window_get_evidence_panel (window));
  r->history = corridor_review_history_new ();
  g_object_set_data_full (G_OBJECT (window), REVIEW_KEY, r, (GDestroyNotify) review_free);

  g_action_map_add_action_entries (G_ACTION_MAP (window), review_entries,
                                   G_N_ELEMENTS (review_entries), r);
  g_signal_connect (window, "scene-changed", G_CALLBACK (on_scene_changed), r);
  g_signal_connect (r->panel, "notify::store", G_CALLBACK (on_panel_changed), r);
  g_signal_connect (r->panel, "notify::shipment-id", G_CALLBACK (on_panel_changed), r);
  g_signal_connect (r->history, "notify::can-undo", G_CALLBACK (on_history_changed), r);
  g_signal_connect (r->history, "notify::can-redo", G_CALLBACK (on_history_changed), r);
  update_actions (r);
}

CorridorReviewHistory *
corridor_review_actions_get_history (CorridorWindow *window)
{
  Review *r;

  g_return_val_if_fail (CORRIDOR_IS_WINDOW (window), NULL);
  r = get_review (window);
  return r != NULL ? r->history : NULL;
}

CorridorReviewDialog *
corridor_review_actions_get_dialog (CorridorWindow *window)
{
  Review *r;

  g_return_val_if_fail (CORRIDOR_IS_WINDOW (window), NULL);
  r = get_review (window);
  return r != NULL ? r->dialog : NULL;
}
