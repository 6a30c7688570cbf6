/* corridor-review.c: the session's undo/redo history of review commands.
 * Invariants: a command is recorded only after its store call succeeded and
 * changed something; undo moves the newest command to the redo stack only
 * once its inverse succeeded in the store (and redo the other way), so the
 * stacks always describe the case; any newly recorded command forgets the
 * redo stack. The inverse of a review is computed from the shipment as the
 * store holds it immediately before the review, never from what a view
 * shows. */
#include "corridor-review.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "corridor-error.h"
#include "corridor-text.h"

/* --- actions with owned strings --- */

static CorridorReviewAction *
action_new (CorridorReviewKind kind, const char *field, const char *value)
{
  CorridorReviewAction *a = g_new0 (CorridorReviewAction, 1);

  a->kind = kind;
  a->field = g_strdup (field);
  a->value = g_strdup (value);
  return a;
}

static void
action_free (CorridorReviewAction *a)
{
  g_free ((char *) a->field);
  g_free ((char *) a->value);
  g_free (a);
}

static GPtrArray *
actions_copy (const CorridorReviewAction *actions, guint n)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) action_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (out, action_new (actions[i].kind, actions[i].field, actions[i].value));
  return out;
}

/* Runs owned @actions (CorridorReviewAction*) on @id in one review. */
static gboolean
run_actions (CorridorStore *store, const char *id, GPtrArray *actions, GError **error)
{
  g_autofree CorridorReviewAction *v = g_new0 (CorridorReviewAction, MAX (actions->len, 1));

  for (guint i = 0; i < actions->len; i++)
    v[i] = *(CorridorReviewAction *) g_ptr_array_index (actions, i);
  return corridor_store_review (store, id, v, actions->len, NULL, error);
}

/* --- values and inverses --- */

char *
corridor_review_field_value (const CorridorShipment *s, const char *field)
{
  g_return_val_if_fail (s != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (strcmp (field, "origin") == 0)
    return s->n_stops > 0 ? g_strdup (s->stops[0].locode) : NULL;
  if (strcmp (field, "destination") == 0)
    return s->n_stops > 1 ? g_strdup (s->stops[s->n_stops - 1].locode) : NULL;
  if (strcmp (field, "transit") == 0)
    {
      GString *out = NULL;

      for (guint i = 1; i + 1 < s->n_stops; i++)
        {
          if (out == NULL)
            out = g_string_new (NULL);
          else
            g_string_append_c (out, ';');
          g_string_append (out, s->stops[i].locode);
        }
      return out != NULL ? g_string_free (out, FALSE) : NULL;
    }
  if (strcmp (field, "departed") == 0)
    return g_strdup (s->departed);
  if (strcmp (field, "arrived") == 0)
    return g_strdup (s->arrived);
  if (strcmp (field, "quantity_kg") == 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      return isnan (s->quantity_kg) ? NULL
             : g_strdup (g_ascii_dtostr (buf, sizeof buf, s->quantity_kg));
    }
  if (strcmp (field, "vessel") == 0)
    return g_strdup (s->vessel_name);
  if (strcmp (field, "imo") == 0)
    return g_strdup (s->vessel_imo);
  if (strcmp (field, "concealment") == 0)
    return g_strdup (s->concealment);
  if (strcmp (field, "outcome") == 0)
    return g_strdup (corridor_outcome_to_string (s->outcome));
  if (strcmp (field, "status") == 0)
    return g_strdup (corridor_status_to_string (s->status));
  return NULL;
}

/* The note text as the store keeps it: trimmed. */
static char *
note_text (const char *value)
{
  return g_strstrip (g_strdup (value != NULL ? value : ""));
}

GPtrArray *
corridor_review_inverse (const CorridorShipment *before, const char *before_grade,
                         const CorridorReviewAction *actions, guint n_actions)
{
  /* field -> value as the actions so far left it (NULL: unknown). */
  g_autoptr (GHashTable) current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *inverse = g_ptr_array_new_with_free_func ((GDestroyNotify) action_free);

  g_return_val_if_fail (before != NULL, inverse);
  g_return_val_if_fail (actions != NULL || n_actions == 0, inverse);

  for (guint i = 0; i < n_actions; i++)
    {
      const CorridorReviewAction *a = &actions[i];
      const char *field = NULL, *after = NULL;
      CorridorReviewAction *undo = NULL;

      switch (a->kind)
        {
        case CORRIDOR_REVIEW_CONFIRM:
          field = "status";
          after = "confirmed";
          break;
        case CORRIDOR_REVIEW_REJECT:
          field = "status";
          after = "rejected";
          break;
        case CORRIDOR_REVIEW_SET:
          field = a->field;
          after = a->value;
          break;
        case CORRIDOR_REVIEW_NOTE:
          {
            g_autofree char *text = note_text (a->value);
            undo = action_new (CORRIDOR_REVIEW_UNNOTE, NULL, text);
          }
          break;
        case CORRIDOR_REVIEW_UNNOTE:
          {
            g_autofree char *text = note_text (a->value);
            undo = action_new (CORRIDOR_REVIEW_NOTE, NULL, text);
          }
          break;
        default:
          g_return_val_if_reached (inverse);
        }
      if (field != NULL)
        {
          g_autofree char *was = NULL;
          gpointer known = NULL;

          if (g_hash_table_lookup_extended (current, field, NULL, &known))
            was = g_strdup (known);
          else if (strcmp (field, "grade") == 0)
            was = g_strdup (before_grade);
          else
            was = corridor_review_field_value (before, field);
          undo = action_new (CORRIDOR_REVIEW_SET, field, was != NULL ? was : "");
          g_hash_table_insert (current, g_strdup (field),
                               after != NULL && *after != '\0' ? g_strdup (after) : NULL);
        }
      g_ptr_array_add (inverse, undo);
    }
  /* Undone newest first, so a field set twice ends as it was at the start. */
  for (guint i = 0; i < inverse->len / 2; i++)
    {
      gpointer t = inverse->pdata[i];
      inverse->pdata[i] = inverse->pdata[inverse->len - 1 - i];
      inverse->pdata[inverse->len - 1 - i] = t;
    }
  return inverse;
}

/* --- labels --- */

const char *
corridor_review_field_title (const char *field)
{
  static const struct { const char *field; const char *title; } titles[] = {
    { "origin", N_("origin") },
    { "destination", N_("destination") },
    { "transit", N_("transit ports") },
    { "departed", N_("departure date") },
    { "arrived", N_("arrival date") },
    { "quantity_kg", N_("kg") },
    { "vessel", N_("vessel") },
    { "imo", N_("IMO") },
    { "concealment", N_("concealment") },
    { "outcome", N_("outcome") },
    { "status", N_("status") },
    { "grade", N_("grade") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_strcmp0 (field, titles[i].field) == 0)
      return _(titles[i].title);
  return field != NULL ? field : "?";
}

/* @text for a one-line label: controls revealed, at most 40 characters. */
static char *
short_text (const char *text)
{
  g_autofree char *shown = corridor_text_reveal_controls (text, FALSE);

  if (g_utf8_strlen (shown, -1) <= 40)
    return g_steal_pointer (&shown);
  g_autofree char *cut = g_utf8_substring (shown, 0, 39);
  return g_strconcat (cut, "…", NULL);
}

char *
corridor_review_describe (const char *shipment_id, const CorridorReviewAction *actions,
                          guint n_actions)
{
  g_autofree char *id = corridor_text_reveal_controls (shipment_id, FALSE);

  if (n_actions != 1)
    return g_strdup_printf (ngettext ("Edit %u fact of %s", "Edit %u facts of %s", n_actions),
                            n_actions, id);
  switch (actions[0].kind)
    {
    case CORRIDOR_REVIEW_CONFIRM:
      return g_strdup_printf (_("Confirm %s"), id);
    case CORRIDOR_REVIEW_REJECT:
      return g_strdup_printf (_("Reject %s"), id);
    case CORRIDOR_REVIEW_NOTE:
      return g_strdup_printf (_("Add a note to %s"), id);
    case CORRIDOR_REVIEW_UNNOTE:
      return g_strdup_printf (_("Remove a note from %s"), id);
    case CORRIDOR_REVIEW_SET:
    default:
      break;
    }
  const char *field = actions[0].field;
  const char *value = actions[0].value != NULL ? actions[0].value : "";
  g_autofree char *shown = short_text (g_strstrip (g_strdup (value)));
  if (g_strcmp0 (field, "status") == 0)
    {
      if (g_ascii_strcasecmp (shown, "confirmed") == 0)
        return g_strdup_printf (_("Confirm %s"), id);
      if (g_ascii_strcasecmp (shown, "rejected") == 0)
        return g_strdup_printf (_("Reject %s"), id);
      return g_strdup_printf (_("Mark %s as inferred"), id);
    }
  if (g_strcmp0 (field, "grade") == 0)
    return *shown == '\0' ? g_strdup_printf (_("Clear the grade of %s"), id)
                          : g_strdup_printf (_("Grade %s as %s"), id, shown);
  if (*shown == '\0')
    /* TRANSLATORS: "Clear kg of s-12" */
    return g_strdup_printf (_("Clear %s of %s"), corridor_review_field_title (field), id);
  /* TRANSLATORS: "Set kg of s-12 to 500" */
  return g_strdup_printf (_("Set %s of %s to %s"), corridor_review_field_title (field), id, shown);
}

const char *
corridor_review_reliability_meaning (char reliability)
{
  static const char *const meanings[] = {
    N_("Completely reliable"), N_("Usually reliable"), N_("Fairly reliable"),
    N_("Not usually reliable"), N_("Unreliable"), N_("Reliability cannot be judged"),
  };
  char c = g_ascii_toupper (reliability);

  return c >= 'A' && c <= 'F' ? _(meanings[c - 'A']) : NULL;
}

const char *
corridor_review_credibility_meaning (char credibility)
{
  static const char *const meanings[] = {
    N_("Confirmed by other sources"), N_("Probably true"), N_("Possibly true"),
    N_("Doubtful"), N_("Improbable"), N_("Truth cannot be judged"),
  };

  return credibility >= '1' && credibility <= '6' ? _(meanings[credibility - '1']) : NULL;
}

/* --- commands --- */

typedef struct _Command Command;
typedef gboolean (*CommandFunc) (CorridorReviewHistory *self, Command *cmd, CorridorStore *store,
                                 GError **error);

struct _Command
{
  char        *label;
  CommandFunc  run;     /* do (and redo) */
  CommandFunc  unrun;   /* its inverse */
  gboolean     focus_new;     /* after run, show the shipment it made (b) */
  gboolean     no_focus;      /* about no shipment: an actor or a port */
  /* A review: the shipment and the actions both ways. A structural
   * command: the ids or names it takes (a: the shipment kept, merged into
   * or split; b: the one merged in or made), its messages, its port. */
  char        *a, *b;
  GPtrArray   *forward;  /* CorridorReviewAction*, owned */
  GPtrArray   *inverse;
  char       **messages;
  CorridorPort *port;
};

static void
command_free (Command *cmd)
{
  g_free (cmd->label);
  g_free (cmd->a);
  g_free (cmd->b);
  g_clear_pointer (&cmd->forward, g_ptr_array_unref);
  g_clear_pointer (&cmd->inverse, g_ptr_array_unref);
  g_strfreev (cmd->messages);
  g_clear_pointer (&cmd->port, corridor_port_free);
  g_free (cmd);
}

static Command *
command_new (const char *label, CommandFunc run, CommandFunc unrun, const char *a, const char *b)
{
  Command *cmd = g_new0 (Command, 1);

  cmd->label = g_strdup (label);
  cmd->run = run;
  cmd->unrun = unrun;
  cmd->a = g_strdup (a);
  cmd->b = g_strdup (b);
  return cmd;
}

static const char *resolve (CorridorReviewHistory *self, const char *id);
static void        renamed (CorridorReviewHistory *self, Command *cmd, char *new_id);

static gboolean
review_run (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  return run_actions (store, resolve (self, cmd->a), cmd->forward, error);
}

static gboolean
review_unrun (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  return run_actions (store, resolve (self, cmd->a), cmd->inverse, error);
}

static gboolean
create_run (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  g_autofree CorridorReviewAction *v = g_new0 (CorridorReviewAction, MAX (cmd->forward->len, 1));
  char *id = NULL;

  for (guint i = 0; i < cmd->forward->len; i++)
    v[i] = *(CorridorReviewAction *) g_ptr_array_index (cmd->forward, i);
  if (!corridor_store_create_shipment (store, (const char *const *) cmd->messages, v,
                                       cmd->forward->len, &id, error))
    return FALSE;
  renamed (self, cmd, id);
  return TRUE;
}

static gboolean
create_unrun (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  return corridor_store_delete_manual_shipment (store, resolve (self, cmd->b), error);
}

static gboolean
merge_run (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  return corridor_store_merge_shipments (store, resolve (self, cmd->a), resolve (self, cmd->b),
                                         error);
}

static gboolean
merge_unrun (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  return corridor_store_unmerge_shipments (store, resolve (self, cmd->a), resolve (self, cmd->b),
                                           error);
}

static gboolean
split_run (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  char *id = NULL;

  if (!corridor_store_split_shipment (store, resolve (self, cmd->a),
                                      (const char *const *) cmd->messages, &id, error))
    return FALSE;
  renamed (self, cmd, id);
  return TRUE;
}

static gboolean
split_unrun (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  return corridor_store_unsplit_shipment (store, resolve (self, cmd->a), resolve (self, cmd->b),
                                          error);
}

static gboolean
actor_run (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  return corridor_store_merge_actors (store, cmd->a, cmd->b, error);
}

static gboolean
actor_unrun (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  return corridor_store_unmerge_actor (store, cmd->a, error);
}

static gboolean
port_run (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  return corridor_store_add_case_port (store, cmd->port, error);
}

static gboolean
port_unrun (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  return corridor_store_remove_case_port (store, cmd->port->locode, error);
}

static gboolean
alias_run (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  return corridor_store_add_port_alias (store, cmd->a, cmd->b, error);
}

static gboolean
alias_unrun (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  return corridor_store_remove_port_alias (store, cmd->a, cmd->b, error);
}

/* --- the history --- */

struct _CorridorReviewHistory
{
  GObject    parent_instance;

  GPtrArray *undo;    /* Command*, oldest first */
  GPtrArray *redo;    /* Command*, the next to redo last */
  char      *focus;
  /* A shipment a redo made again under a new id: old id -> new id. */
  GHashTable *renames;
  /* What the properties last said, to notify only on change. */
  gboolean   can_undo, can_redo;
  char      *undo_label, *redo_label;
};

G_DEFINE_FINAL_TYPE (CorridorReviewHistory, corridor_review_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* The id @id now has, after any redo that made its shipment again. */
static const char *
resolve (CorridorReviewHistory *self, const char *id)
{
  const char *next;
  guint hops = 0;

  while (id != NULL && (next = g_hash_table_lookup (self->renames, id)) != NULL
         && hops++ < CORRIDOR_REVIEW_HISTORY_DEPTH)
    id = next;
  return id;
}

/* @cmd made shipment @new_id (owned): the first time, that is its id;
 * again after an undo, later commands follow the new one. */
static void
renamed (CorridorReviewHistory *self, Command *cmd, char *new_id)
{
  const char *was = resolve (self, cmd->b);

  if (was != NULL && g_strcmp0 (was, new_id) != 0)
    g_hash_table_insert (self->renames, g_strdup (was), g_strdup (new_id));
  if (cmd->b == NULL)
    cmd->b = new_id;
  else
    g_free (new_id);
}

static Command *
top (GPtrArray *stack)
{
  return stack->len > 0 ? g_ptr_array_index (stack, stack->len - 1) : NULL;
}

static void
sync_state (CorridorReviewHistory *self)
{
  Command *u = top (self->undo), *r = top (self->redo);
  gboolean can_undo = u != NULL, can_redo = r != NULL;

  g_object_freeze_notify (G_OBJECT (self));
  if (can_undo != self->can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  if (g_strcmp0 (u ? u->label : NULL, self->undo_label) != 0)
    {
      g_free (self->undo_label);
      self->undo_label = g_strdup (u ? u->label : NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
    }
  if (g_strcmp0 (r ? r->label : NULL, self->redo_label) != 0)
    {
      g_free (self->redo_label);
      self->redo_label = g_strdup (r ? r->label : NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_LABEL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_focus (CorridorReviewHistory *self, const char *id)
{
  char *copy = g_strdup (id);

  g_free (self->focus);
  self->focus = copy;
}

/* The shipment to show once @cmd ran (@done) or was undone. */
static void
focus_on (CorridorReviewHistory *self, Command *cmd, gboolean done)
{
  if (cmd->no_focus)
    set_focus (self, NULL);
  else if (done && cmd->focus_new)
    set_focus (self, resolve (self, cmd->b));
  else if (!done && cmd->run == create_run)
    set_focus (self, NULL);   /* it is gone */
  else
    set_focus (self, resolve (self, cmd->a));
}

/* Records @cmd (owned), which has just run. */
static void
push (CorridorReviewHistory *self, Command *cmd)
{
  g_ptr_array_set_size (self->redo, 0);
  g_ptr_array_add (self->undo, cmd);
  if (self->undo->len > CORRIDOR_REVIEW_HISTORY_DEPTH)
    g_ptr_array_remove_index (self->undo, 0);
  focus_on (self, cmd, TRUE);
  sync_state (self);
}

gboolean
corridor_review_history_review (CorridorReviewHistory *self, CorridorStore *store,
                                const char *shipment_id, const CorridorReviewAction *actions,
                                guint n_actions, const char *label, guint *out_changed,
                                GError **error)
{
  g_autoptr (CorridorShipment) before = NULL;
  g_autoptr (GHashTable) reviews = NULL;
  g_autoptr (GPtrArray) inverse = NULL;
  const char *grade = NULL;
  guint changed = 0;

  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), FALSE);
  g_return_val_if_fail (CORRIDOR_IS_STORE (store), FALSE);
  g_return_val_if_fail (shipment_id != NULL, FALSE);
  g_return_val_if_fail (actions != NULL || n_actions == 0, FALSE);

  if (out_changed != NULL)
    *out_changed = 0;
  before = corridor_store_get_shipment (store, shipment_id, error);
  if (before == NULL)
    return FALSE;
  for (guint i = 0; i < n_actions; i++)
    if (actions[i].kind == CORRIDOR_REVIEW_SET && g_strcmp0 (actions[i].field, "grade") == 0)
      {
        CorridorReview *review = NULL;

        reviews = corridor_store_list_reviews (store, error);
        if (reviews == NULL)
          return FALSE;
        review = g_hash_table_lookup (reviews, shipment_id);
        grade = review != NULL ? review->grade : NULL;
        break;
      }
  inverse = corridor_review_inverse (before, grade, actions, n_actions);
  if (!corridor_store_review (store, shipment_id, actions, n_actions, &changed, error))
    return FALSE;
  if (out_changed != NULL)
    *out_changed = changed;
  if (changed == 0)
    return TRUE;

  g_autofree char *made = label == NULL ? corridor_review_describe (shipment_id, actions,
                                                                   n_actions) : NULL;
  Command *cmd = command_new (label != NULL ? label : made, review_run, review_unrun,
                              shipment_id, NULL);
  cmd->forward = actions_copy (actions, n_actions);
  cmd->inverse = g_steal_pointer (&inverse);
  push (self, cmd);
  return TRUE;
}

/* Runs @cmd (owned) the first time and records it when that succeeded. */
static gboolean
run_new (CorridorReviewHistory *self, Command *cmd, CorridorStore *store, GError **error)
{
  if (!cmd->run (self, cmd, store, error))
    {
      command_free (cmd);
      return FALSE;
    }
  push (self, cmd);
  return TRUE;
}

gboolean
corridor_review_history_create_shipment (CorridorReviewHistory *self, CorridorStore *store,
                                         const char *const *message_ids,
                                         const CorridorReviewAction *actions, guint n_actions,
                                         char **out_id, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), FALSE);
  g_return_val_if_fail (CORRIDOR_IS_STORE (store), FALSE);
  g_return_val_if_fail (message_ids != NULL, FALSE);
  g_return_val_if_fail (actions != NULL || n_actions == 0, FALSE);

  guint n = g_strv_length ((char **) message_ids);
  g_autofree char *label = g_strdup_printf (ngettext ("New shipment from %u message",
                                                      "New shipment from %u messages", n), n);
  Command *cmd = command_new (label, create_run, create_unrun, NULL, NULL);

  cmd->messages = g_strdupv ((char **) message_ids);
  cmd->forward = actions_copy (actions, n_actions);
  cmd->focus_new = TRUE;
  if (!run_new (self, cmd, store, error))
    return FALSE;
  if (out_id != NULL)
    *out_id = g_strdup (resolve (self, cmd->b));
  return TRUE;
}

gboolean
corridor_review_history_merge_shipments (CorridorReviewHistory *self, CorridorStore *store,
                                         const char *into_id, const char *from_id,
                                         GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), FALSE);
  g_return_val_if_fail (CORRIDOR_IS_STORE (store), FALSE);
  g_return_val_if_fail (into_id != NULL && from_id != NULL, FALSE);

  g_autofree char *into = corridor_text_reveal_controls (into_id, FALSE);
  g_autofree char *from = corridor_text_reveal_controls (from_id, FALSE);
  /* TRANSLATORS: "Merge s-3 into s-12" */
  g_autofree char *label = g_strdup_printf (_("Merge %s into %s"), from, into);

  return run_new (self, command_new (label, merge_run, merge_unrun, into_id, from_id), store,
                  error);
}

gboolean
corridor_review_history_split_shipment (CorridorReviewHistory *self, CorridorStore *store,
                                        const char *id, const char *const *message_ids,
                                        char **out_new_id, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), FALSE);
  g_return_val_if_fail (CORRIDOR_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL && message_ids != NULL, FALSE);

  guint n = g_strv_length ((char **) message_ids);
  g_autofree char *shown = corridor_text_reveal_controls (id, FALSE);
  g_autofree char *label = g_strdup_printf (ngettext ("Split %u message off %s",
                                                      "Split %u messages off %s", n), n, shown);
  Command *cmd = command_new (label, split_run, split_unrun, id, NULL);

  cmd->messages = g_strdupv ((char **) message_ids);
  cmd->focus_new = TRUE;
  if (!run_new (self, cmd, store, error))
    return FALSE;
  if (out_new_id != NULL)
    *out_new_id = g_strdup (resolve (self, cmd->b));
  return TRUE;
}

gboolean
corridor_review_history_merge_actors (CorridorReviewHistory *self, CorridorStore *store,
                                      const char *alias, const char *canonical, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), FALSE);
  g_return_val_if_fail (CORRIDOR_IS_STORE (store), FALSE);
  g_return_val_if_fail (alias != NULL && canonical != NULL, FALSE);

  g_autofree char *a = short_text (alias);
  g_autofree char *c = short_text (canonical);
  /* TRANSLATORS: "Merge actor tiburon_9 into tiburon9" */
  g_autofree char *label = g_strdup_printf (_("Merge actor %s into %s"), a, c);
  Command *cmd = command_new (label, actor_run, actor_unrun, alias, canonical);

  cmd->no_focus = TRUE;
  return run_new (self, cmd, store, error);
}

gboolean
corridor_review_history_add_port (CorridorReviewHistory *self, CorridorStore *store,
                                  const CorridorPort *port, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), FALSE);
  g_return_val_if_fail (CORRIDOR_IS_STORE (store), FALSE);
  g_return_val_if_fail (port != NULL && port->locode != NULL, FALSE);

  g_autofree char *name = short_text (port->name != NULL ? port->name : "");
  g_autofree char *code = short_text (port->locode);
  /* TRANSLATORS: "Add port Puerto Nuevo (ARPNV)" */
  g_autofree char *label = g_strdup_printf (_("Add port %s (%s)"), name, code);
  Command *cmd = command_new (label, port_run, port_unrun, NULL, NULL);

  cmd->port = corridor_port_copy (port);
  cmd->no_focus = TRUE;
  return run_new (self, cmd, store, error);
}

gboolean
corridor_review_history_add_port_alias (CorridorReviewHistory *self, CorridorStore *store,
                                        const char *locode, const char *alias, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), FALSE);
  g_return_val_if_fail (CORRIDOR_IS_STORE (store), FALSE);
  g_return_val_if_fail (locode != NULL && alias != NULL, FALSE);

  g_autofree char *a = short_text (alias);
  g_autofree char *code = short_text (locode);
  /* TRANSLATORS: "Add the alias “Amberes” to BEANR" */
  g_autofree char *label = g_strdup_printf (_("Add the alias “%s” to %s"), a, code);
  Command *cmd = command_new (label, alias_run, alias_unrun, locode, alias);

  cmd->no_focus = TRUE;
  return run_new (self, cmd, store, error);
}

gboolean
corridor_review_history_undo (CorridorReviewHistory *self, CorridorStore *store, GError **error)
{
  Command *cmd;

  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), FALSE);
  g_return_val_if_fail (CORRIDOR_IS_STORE (store), FALSE);

  cmd = top (self->undo);
  if (cmd == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   _("There is nothing to undo"));
      return FALSE;
    }
  if (!cmd->unrun (self, cmd, store, error))
    return FALSE;
  g_ptr_array_add (self->redo, g_ptr_array_steal_index (self->undo, self->undo->len - 1));
  focus_on (self, cmd, FALSE);
  sync_state (self);
  return TRUE;
}

gboolean
corridor_review_history_redo (CorridorReviewHistory *self, CorridorStore *store, GError **error)
{
  Command *cmd;

  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), FALSE);
  g_return_val_if_fail (CORRIDOR_IS_STORE (store), FALSE);

  cmd = top (self->redo);
  if (cmd == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   _("There is nothing to redo"));
      return FALSE;
    }
  if (!cmd->run (self, cmd, store, error))
    return FALSE;
  g_ptr_array_add (self->undo, g_ptr_array_steal_index (self->redo, self->redo->len - 1));
  focus_on (self, cmd, TRUE);
  sync_state (self);
  return TRUE;
}

gboolean
corridor_review_history_can_undo (CorridorReviewHistory *self)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), FALSE);
  return self->undo->len > 0;
}

gboolean
corridor_review_history_can_redo (CorridorReviewHistory *self)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), FALSE);
  return self->redo->len > 0;
}

const char *
corridor_review_history_get_undo_label (CorridorReviewHistory *self)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), NULL);
  Command *cmd = top (self->undo);
  return cmd != NULL ? cmd->label : NULL;
}

const char *
corridor_review_history_get_redo_label (CorridorReviewHistory *self)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), NULL);
  Command *cmd = top (self->redo);
  return cmd != NULL ? cmd->label : NULL;
}

const char *
corridor_review_history_get_focus (CorridorReviewHistory *self)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), NULL);
  return self->focus;
}

guint
corridor_review_history_get_n_undo (CorridorReviewHistory *self)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), 0);
  return self->undo->len;
}

guint
corridor_review_history_get_n_redo (CorridorReviewHistory *self)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self), 0);
  return self->redo->len;
}

void
corridor_review_history_clear (CorridorReviewHistory *self)
{
  g_return_if_fail (CORRIDOR_IS_REVIEW_HISTORY (self));

  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  g_hash_table_remove_all (self->renames);
  set_focus (self, NULL);
  sync_state (self);
}

static void
corridor_review_history_get_property (GObject *object, guint prop_id, GValue *value,
                                      GParamSpec *pspec)
{
  CorridorReviewHistory *self = CORRIDOR_REVIEW_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->can_undo);
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->can_redo);
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, self->undo_label);
      break;
    case PROP_REDO_LABEL:
      g_value_set_string (value, self->redo_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
corridor_review_history_finalize (GObject *object)
{
  CorridorReviewHistory *self = CORRIDOR_REVIEW_HISTORY (object);

  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_clear_pointer (&self->focus, g_free);
  g_clear_pointer (&self->renames, g_hash_table_unref);
  g_clear_pointer (&self->undo_label, g_free);
  g_clear_pointer (&self->redo_label, g_free);
  G_OBJECT_CLASS (corridor_review_history_parent_class)->finalize (object);
}

static void
corridor_review_history_class_init (CorridorReviewHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = corridor_review_history_get_property;
  object_class->finalize = corridor_review_history_finalize;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNDO_LABEL] =
    g_param_spec_string ("undo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDO_LABEL] =
    g_param_spec_string ("redo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
corridor_review_history_init (CorridorReviewHistory *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  self->renames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

CorridorReviewHistory *
corridor_review_history_new (void)
{
  return g_object_new (CORRIDOR_TYPE_REVIEW_HISTORY, NULL);
}
