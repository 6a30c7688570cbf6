/* corridor-filter-bar.c: filter actions, the filter bar and the chip rows
 * (one in the bar, one in the window's header). The actions' states are the
 * single source of truth: the bar and the chips only read them (to draw
 * chips and sync their controls) and change them through the actions, so
 * keyboard, tests and D-Bus drive the same path. */
#include "corridor-filter-bar.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "corridor-gazetteer.h"
#include "corridor-text.h"

typedef struct {
  const CorridorFilterHooks *hooks;
  gpointer                   user_data;
  GObject                   *map;      /* the action map; not referenced, it owns us */
} Hooks;

/* The open case's gazetteer (its own ports and aliases over the bundled
 * ones), kept on the action map by corridor_filter_actions_set_gazetteer. */
#define CASE_GAZETTEER_KEY "corridor-case-gazetteer"


typedef enum { LIST_PORT, LIST_ROLE, LIST_ACTOR, LIST_STATUS } ListKind;

static const char *const list_names[] = { "filter-port", "filter-role", "filter-actor", "filter-status" };

static void
refuse (Hooks *h, const char *message)
{
  if (h->hooks->refused != NULL)
    h->hooks->refused (h->user_data, message);
}

/* The LOCODE @text names (a LOCODE, name or alias), as the CLI's --port
 * resolves it: through the case's gazetteer set on @owner (the action
 * map), else the bundled one; or NULL. */
static char *
resolve_port (GObject *owner, const char *text)
{
  char code[6];
  CorridorGazetteer *gaz = owner != NULL ? g_object_get_data (owner, CASE_GAZETTEER_KEY) : NULL;

  if (gaz == NULL)
    gaz = corridor_gazetteer_get_default (NULL);
  const CorridorPort *p = gaz ? corridor_gazetteer_lookup (gaz, text) : NULL;

  if (p != NULL)
    return g_strdup (p->locode);
  if (corridor_locode_normalize (text, code))
    return g_strdup (code);
  return NULL;
}

/* @text in the form the state keeps, or NULL with *message set. */
static char *
normalize_item (GObject *owner, ListKind kind, const char *text, char **message)
{
  CorridorRole role;
  CorridorStatus status;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  switch (kind)
    {
    case LIST_PORT:
      {
        char *code = resolve_port (owner, stripped);
        if (code == NULL)
          *message = g_strdup_printf (_("Unknown port “%s”"), stripped);
        return code;
      }
    case LIST_ROLE:
      if (corridor_role_from_string (stripped, &role) && role != CORRIDOR_ROLE_NONE)
        return g_strdup (corridor_role_to_string (role));
      *message = g_strdup_printf (_("Unknown role “%s”"), stripped);
      return NULL;
    case LIST_STATUS:
      if (corridor_status_from_string (stripped, &status))
        return g_strdup (corridor_status_to_string (status));
      *message = g_strdup_printf (_("Unknown status “%s”"), stripped);
      return NULL;
    case LIST_ACTOR:
    default:
      if (*stripped != '\0')
        return g_steal_pointer (&stripped);
      *message = g_strdup (_("An actor filter needs a handle"));
      return NULL;
    }
}

static void
list_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  Hooks *h = user_data;
  ListKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (action), "corridor-kind"));
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autofree const char **strv = g_variant_get_strv (value, NULL);

  for (const char **s = strv; *s != NULL; s++)
    {
      g_autofree char *message = NULL;
      char *item = normalize_item (h->map, kind, *s, &message);
      if (item == NULL)
        {
          refuse (h, message);
          return;
        }
      if (g_ptr_array_find_with_equal_func (items, item, g_str_equal, NULL))
        g_free (item);
      else
        g_ptr_array_add (items, item);
    }
  g_simple_action_set_state (action, g_variant_new_strv ((const char *const *) items->pdata,
                                                         items->len));
  h->hooks->changed (h->user_data);
}

/* Activating with a string toggles it in the list. */
static void
list_activate (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  Hooks *h = user_data;
  ListKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (action), "corridor-kind"));
  g_autofree char *message = NULL;
  g_autofree char *item = normalize_item (h->map, kind, g_variant_get_string (param, NULL), &message);

  if (item == NULL)
    {
      refuse (h, message);
      return;
    }
  g_autoptr (GVariant) state = g_action_get_state (G_ACTION (action));
  g_autofree const char **strv = g_variant_get_strv (state, NULL);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  gboolean found = FALSE;
  for (const char **s = strv; *s != NULL; s++)
    {
      if (g_strcmp0 (*s, item) == 0)
        found = TRUE;
      else
        g_strv_builder_add (builder, *s);
    }
  if (!found)
    g_strv_builder_add (builder, item);
  g_auto (GStrv) next = g_strv_builder_end (builder);
  g_action_change_state (G_ACTION (action), g_variant_new_strv ((const char *const *) next, -1));
}

static void
date_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  Hooks *h = user_data;
  g_autofree char *date = g_strstrip (g_strdup (g_variant_get_string (value, NULL)));
  gboolean is_from = g_str_equal (g_action_get_name (G_ACTION (action)), "filter-from");

  if (*date != '\0' && !corridor_date_is_valid (date))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date (YYYY-MM-DD)"), date);
      refuse (h, message);
      return;
    }
  GActionMap *map = g_object_get_data (G_OBJECT (action), "corridor-map");
  GAction *other = g_action_map_lookup_action (map, is_from ? "filter-to" : "filter-from");
  g_autoptr (GVariant) other_state = g_action_get_state (other);
  const char *other_date = g_variant_get_string (other_state, NULL);
  if (*date != '\0' && *other_date != '\0'
      && (is_from ? strcmp (date, other_date) > 0 : strcmp (other_date, date) > 0))
    {
      refuse (h, _("The start date is after the end date"));
      return;
    }
  g_simple_action_set_state (action, g_variant_new_string (date));
  h->hooks->changed (h->user_data);
}

static void
set_activate (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_action_change_state (G_ACTION (action), param);
}

static void
confidence_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  Hooks *h = user_data;
  double c = g_variant_get_double (value);

  if (!(c >= 0.0 && c <= 1.0))
    {
      refuse (h, _("The minimum confidence must lie between 0 and 1"));
      return;
    }
  g_simple_action_set_state (action, value);
  h->hooks->changed (h->user_data);
}

static void
clear_activate (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  Hooks *h = user_data;
  GActionMap *map = g_object_get_data (G_OBJECT (action), "corridor-map");

  for (guint i = 0; i < G_N_ELEMENTS (list_names); i++)
    g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, list_names[i])),
                               g_variant_new_strv (NULL, 0));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "filter-from")),
                             g_variant_new_string (""));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "filter-to")),
                             g_variant_new_string (""));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "filter-min-confidence")),
                             g_variant_new_double (0.0));
  h->hooks->changed (h->user_data);
}

static void
add_action (GActionMap *map, GSimpleAction *action)
{
  g_object_set_data (G_OBJECT (action), "corridor-map", map);
  g_action_map_add_action (map, G_ACTION (action));
  g_object_unref (action);
}

void
corridor_filter_actions_set_gazetteer (GActionMap *map, CorridorGazetteer *gazetteer)
{
  g_return_if_fail (G_IS_ACTION_MAP (map));

  g_object_set_data_full (G_OBJECT (map), CASE_GAZETTEER_KEY,
                          gazetteer != NULL ? g_object_ref (gazetteer) : NULL, g_object_unref);
}

void
corridor_filter_actions_add (GActionMap *map, const CorridorFilterHooks *hooks, gpointer user_data)
{
  g_return_if_fail (G_IS_ACTION_MAP (map));
  g_return_if_fail (hooks != NULL && hooks->changed != NULL);

  Hooks *h = g_new0 (Hooks, 1);
  h->hooks = hooks;
  h->user_data = user_data;
  h->map = G_OBJECT (map);
  /* The hooks live as long as the map. */
  g_object_set_data_full (G_OBJECT (map), "corridor-filter-hooks", h, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (list_names); i++)
    {
      GSimpleAction *a = g_simple_action_new_stateful (list_names[i], G_VARIANT_TYPE_STRING,
                                                       g_variant_new_strv (NULL, 0));
      g_object_set_data (G_OBJECT (a), "corridor-kind", GINT_TO_POINTER (i));
      g_signal_connect (a, "activate", G_CALLBACK (list_activate), h);
      g_signal_connect (a, "change-state", G_CALLBACK (list_change_state), h);
      add_action (map, a);
    }
  for (guint i = 0; i < 2; i++)
    {
      GSimpleAction *a = g_simple_action_new_stateful (i == 0 ? "filter-from" : "filter-to",
                                                       G_VARIANT_TYPE_STRING,
                                                       g_variant_new_string (""));
      g_signal_connect (a, "activate", G_CALLBACK (set_activate), h);
      g_signal_connect (a, "change-state", G_CALLBACK (date_change_state), h);
      add_action (map, a);
    }
  GSimpleAction *conf = g_simple_action_new_stateful ("filter-min-confidence", G_VARIANT_TYPE_DOUBLE,
                                                      g_variant_new_double (0.0));
  g_signal_connect (conf, "activate", G_CALLBACK (set_activate), h);
  g_signal_connect (conf, "change-state", G_CALLBACK (confidence_change_state), h);
  add_action (map, conf);
  GSimpleAction *clear = g_simple_action_new ("filter-clear", NULL);
  g_signal_connect (clear, "activate", G_CALLBACK (clear_activate), h);
  add_action (map, clear);
}

static GStrv
state_strv (GActionGroup *group, const char *name)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (group, name);
  return g_variant_dup_strv (state, NULL);
}

static char *
state_string (GActionGroup *group, const char *name)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (group, name);
  return g_variant_dup_string (state, NULL);
}

CorridorFilter *
corridor_filter_from_actions (GActionGroup *group)
{
  g_return_val_if_fail (G_IS_ACTION_GROUP (group), NULL);

  CorridorFilter *f = corridor_filter_new ();
  g_auto (GStrv) ports = state_strv (group, "filter-port");
  g_auto (GStrv) roles = state_strv (group, "filter-role");
  g_auto (GStrv) actors = state_strv (group, "filter-actor");
  g_auto (GStrv) statuses = state_strv (group, "filter-status");
  g_autofree char *from = state_string (group, "filter-from");
  g_autofree char *to = state_string (group, "filter-to");
  g_autoptr (GVariant) conf = g_action_group_get_action_state (group, "filter-min-confidence");

  for (char **s = ports; *s != NULL; s++)
    g_ptr_array_add (f->ports, g_strdup (*s));
  for (char **s = actors; *s != NULL; s++)
    g_ptr_array_add (f->actors, g_strdup (*s));
  for (char **s = roles; *s != NULL; s++)
    {
      CorridorRole role;
      if (corridor_role_from_string (*s, &role))
        f->roles |= 1u << role;
    }
  for (char **s = statuses; *s != NULL; s++)
    {
      CorridorStatus status;
      if (corridor_status_from_string (*s, &status))
        f->statuses |= 1u << status;
    }
  f->from = *from != '\0' ? g_steal_pointer (&from) : NULL;
  f->to = *to != '\0' ? g_steal_pointer (&to) : NULL;
  f->min_confidence = g_variant_get_double (conf);
  return f;
}

/* --- chips --- */

/* One row of chips, kept in step with the action states. The bar shows one
 * and the window's header another; both are built here, so a chip looks
 * and removes the same wherever it is. */
typedef struct {
  GActionGroup *group;   /* the window; not referenced, it owns the row */
  GtkWidget    *box;
  gulong        handler;
} Chips;

/* The window outlives its children, so the handler can go with the row. */
static void
chips_free (Chips *chips)
{
  g_clear_signal_handler (&chips->handler, chips->group);
  g_free (chips);
}

static void
add_chip (GtkWidget *box, const char *label, const char *action, GVariant *target)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *text = gtk_label_new (label);
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *accessible = g_strdup_printf (_("Remove filter %s"), label);

  gtk_widget_add_css_class (chip, "filter-chip");
  gtk_widget_add_css_class (chip, "card");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_name (remove, "filter-chip-remove");
  gtk_widget_set_tooltip_text (remove, accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove), target);
  gtk_widget_set_margin_start (text, 6);
  /* Whole up to 32 characters (a tight header scrolls rather than cutting
   * chips short); a longer handle is cut in the middle, whole in a tooltip. */
  glong length = g_utf8_strlen (label, -1);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_width_chars (GTK_LABEL (text), (int) MIN (length, 32));
  gtk_label_set_max_width_chars (GTK_LABEL (text), 32);
  if (length > 32)
    gtk_widget_set_tooltip_text (text, label);
  gtk_box_append (GTK_BOX (chip), text);
  gtk_box_append (GTK_BOX (chip), remove);
  g_object_set_data_full (G_OBJECT (chip), "corridor-action", g_strdup (action), g_free);
  gtk_box_append (GTK_BOX (box), chip);
}

static void
add_list_chips (Chips *chips, const char *name, const char *title)
{
  g_auto (GStrv) items = state_strv (chips->group, name);
  g_autofree char *action = g_strconcat ("win.", name, NULL);
  CorridorGazetteer *gaz = g_str_equal (name, "filter-port")
                           ? corridor_gazetteer_get_default (NULL) : NULL;

  for (char **s = items; *s != NULL; s++)
    {
      const CorridorPort *p = gaz ? corridor_gazetteer_lookup_locode (gaz, *s) : NULL;
      /* Handles come from the case: nothing in them may reorder the label. */
      g_autofree char *shown = corridor_text_reveal_controls (p ? p->name : *s, FALSE);
      g_autofree char *label = g_strdup_printf ("%s: %s", title, shown);
      add_chip (chips->box, label, action, g_variant_new_string (*s));
    }
}

static void
chips_sync (Chips *chips)
{
  GActionGroup *group = chips->group;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (chips->box)) != NULL)
    gtk_box_remove (GTK_BOX (chips->box), child);
  if (!g_action_group_has_action (group, "filter-min-confidence"))
    {
      gtk_widget_set_visible (chips->box, FALSE);
      return;
    }

  add_list_chips (chips, "filter-port", _("Port"));
  g_autofree char *from = state_string (group, "filter-from");
  g_autofree char *to = state_string (group, "filter-to");
  if (*from != '\0')
    {
      g_autofree char *label = g_strdup_printf (_("From %s"), from);
      add_chip (chips->box, label, "win.filter-from", g_variant_new_string (""));
    }
  if (*to != '\0')
    {
      g_autofree char *label = g_strdup_printf (_("To %s"), to);
      add_chip (chips->box, label, "win.filter-to", g_variant_new_string (""));
    }
  add_list_chips (chips, "filter-role", _("Role"));
  add_list_chips (chips, "filter-actor", _("Actor"));
  add_list_chips (chips, "filter-status", _("Status"));
  g_autoptr (GVariant) conf = g_action_group_get_action_state (group, "filter-min-confidence");
  if (g_variant_get_double (conf) > 0.0)
    {
      g_autofree char *label = g_strdup_printf (_("Confidence ≥ %.2f"), g_variant_get_double (conf));
      add_chip (chips->box, label, "win.filter-min-confidence", g_variant_new_double (0.0));
    }
  gtk_widget_set_visible (chips->box, gtk_widget_get_first_child (chips->box) != NULL);
}

static void
on_chips_state_changed (GActionGroup *group, const char *name, GVariant *value, gpointer user_data)
{
  if (g_str_has_prefix (name, "filter-"))
    chips_sync (user_data);
}

GtkWidget *
corridor_filter_chips_new (GActionGroup *group)
{
  g_return_val_if_fail (G_IS_ACTION_GROUP (group), NULL);

  Chips *chips = g_new0 (Chips, 1);
  chips->group = group;
  chips->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_name (chips->box, "filter-chips");
  gtk_widget_set_valign (chips->box, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chips->box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Active filters"), -1);
  g_object_set_data_full (G_OBJECT (chips->box), "corridor-filter-chips", chips,
                          (GDestroyNotify) chips_free);
  chips->handler = g_signal_connect (group, "action-state-changed",
                                     G_CALLBACK (on_chips_state_changed), chips);
  chips_sync (chips);
  return chips->box;
}

/* --- the bar --- */

typedef struct {
  GActionGroup *group;   /* the window; not referenced, it owns the bar */
  GtkWidget    *port_entry;
  GtkWidget    *actor_entry;
  GtkWidget    *from_entry;
  GtkWidget    *to_entry;
  GtkWidget    *from_calendar;
  GtkWidget    *to_calendar;
  GtkWidget    *roles[3];
  GtkWidget    *statuses[3];
  GtkWidget    *confidence;
  GtkListStore *actors;  /* the actor entry's completions: handle, shown */
  gboolean      syncing; /* the controls are being set from the states */
  gulong        handler;
} Bar;

static void
bar_free (Bar *bar)
{
  g_clear_signal_handler (&bar->handler, bar->group);
  g_clear_object (&bar->actors);
  g_free (bar);
}

static const char *const bar_roles[] = { "sender", "intermediary", "distributor" };
static const char *const bar_statuses[] = { "inferred", "confirmed", "rejected" };

static void
sync_toggles (GActionGroup *group, const char *name, GtkWidget *const *toggles,
              const char *const *values, guint n)
{
  g_auto (GStrv) items = state_strv (group, name);

  for (guint i = 0; i < n; i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggles[i]),
                                  g_strv_contains ((const char *const *) items, values[i]));
}

static void
sync_calendar (GtkWidget *calendar, const char *date)
{
  int y, m, d;

  if (*date == '\0' || sscanf (date, "%d-%d-%d", &y, &m, &d) != 3)
    return;
  g_autoptr (GDateTime) when = g_date_time_new_local (y, m, d, 12, 0, 0);
  if (when != NULL)
    gtk_calendar_select_day (GTK_CALENDAR (calendar), when);
}

static void
bar_sync (GActionGroup *group, const char *name, GVariant *value, gpointer user_data)
{
  Bar *bar = user_data;

  if (!g_str_has_prefix (name, "filter-"))
    return;
  bar->syncing = TRUE;
  g_autofree char *from = state_string (group, "filter-from");
  g_autofree char *to = state_string (group, "filter-to");
  gtk_editable_set_text (GTK_EDITABLE (bar->from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (bar->to_entry), to);
  sync_calendar (bar->from_calendar, from);
  sync_calendar (bar->to_calendar, to);
  sync_toggles (group, "filter-role", bar->roles, bar_roles, G_N_ELEMENTS (bar_roles));
  sync_toggles (group, "filter-status", bar->statuses, bar_statuses, G_N_ELEMENTS (bar_statuses));
  g_autoptr (GVariant) conf = g_action_group_get_action_state (group, "filter-min-confidence");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (bar->confidence), g_variant_get_double (conf));
  bar->syncing = FALSE;
}

/* Role and status toggles: a click toggles the value in its list. */
static void
on_list_toggled (GtkToggleButton *button, Bar *bar)
{
  const char *name = g_object_get_data (G_OBJECT (button), "corridor-action");
  const char *value = g_object_get_data (G_OBJECT (button), "corridor-value");
  g_auto (GStrv) items = state_strv (bar->group, name);

  /* Only a click differs from the state; a sync from the state does not. */
  if (!bar->syncing
      && gtk_toggle_button_get_active (button) != g_strv_contains ((const char *const *) items, value))
    g_action_group_activate_action (bar->group, name, g_variant_new_string (value));
}

static GtkWidget *
toggle_group (Bar *bar, const char *action, const char *accessible, const char *const *values,
              const char *const *labels, const char *const *tooltips, guint n, GtkWidget **out)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (box, "linked");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  for (guint i = 0; i < n; i++)
    {
      out[i] = gtk_toggle_button_new_with_label (labels[i]);
      gtk_widget_set_tooltip_text (out[i], tooltips[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (out[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      tooltips[i], -1);
      gtk_widget_set_name (out[i], values[i]);
      g_object_set_data (G_OBJECT (out[i]), "corridor-action", (gpointer) action);
      g_object_set_data (G_OBJECT (out[i]), "corridor-value", (gpointer) values[i]);
      g_signal_connect (out[i], "toggled", G_CALLBACK (on_list_toggled), bar);
      gtk_box_append (GTK_BOX (box), out[i]);
    }
  return box;
}

/* The port and actor entries add what they name; removing is the chips'
 * job. The text goes once the filter holds it. */
static void
entry_add (Bar *bar, GtkEntry *entry, const char *name, const char *normalized)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_auto (GStrv) before = state_strv (bar->group, name);

  if (normalized == NULL || !g_strv_contains ((const char *const *) before, normalized))
    g_action_group_activate_action (bar->group, name, g_variant_new_string (text));
  g_auto (GStrv) after = state_strv (bar->group, name);
  if (normalized != NULL && g_strv_contains ((const char *const *) after, normalized))
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_port_activate (GtkEntry *entry, Bar *bar)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (*text == '\0')
    return;
  g_autofree char *code = resolve_port (G_OBJECT (bar->group), text);
  entry_add (bar, entry, "filter-port", code);
}

static void
on_actor_activate (GtkEntry *entry, Bar *bar)
{
  g_autofree char *handle = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (*handle == '\0')
    return;
  entry_add (bar, entry, "filter-actor", handle);
}

static void
on_date_activate (GtkEntry *entry, Bar *bar)
{
  const char *name = g_object_get_data (G_OBJECT (entry), "corridor-action");
  g_action_group_activate_action (bar->group, name,
                                  g_variant_new_string (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static GtkWidget *
date_entry (Bar *bar, const char *action, const char *placeholder, const char *accessible)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 11);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data (G_OBJECT (entry), "corridor-action", (gpointer) action);
  g_signal_connect (entry, "activate", G_CALLBACK (on_date_activate), bar);
  return entry;
}

static void
on_day_selected (GtkCalendar *calendar, Bar *bar)
{
  const char *name = g_object_get_data (G_OBJECT (calendar), "corridor-action");

  if (bar->syncing)
    return;
  g_autoptr (GDateTime) when = gtk_calendar_get_date (calendar);
  g_autofree char *date = g_date_time_format (when, "%Y-%m-%d");
  g_action_group_change_action_state (bar->group, name, g_variant_new_string (date));
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

/* A calendar in a popover beside a date entry: a day picked sets the date. */
static GtkWidget *
date_picker (Bar *bar, const char *action, const char *tooltip, GtkWidget **calendar_out)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();
  g_autofree char *name = g_strconcat (action, "-calendar", NULL);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_widget_set_name (calendar, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (calendar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  g_object_set_data (G_OBJECT (calendar), "corridor-action", (gpointer) action);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (on_day_selected), bar);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  *calendar_out = calendar;
  return button;
}

static void
on_confidence_changed (GtkSpinButton *spin, Bar *bar)
{
  /* Two decimals, as the button shows: 0.35, not 0.35000000000000003. */
  double value = round (gtk_spin_button_get_value (spin) * 100.0) / 100.0;

  if (bar->syncing)
    return;
  g_autoptr (GVariant) state = g_action_group_get_action_state (bar->group, "filter-min-confidence");
  if (fabs (g_variant_get_double (state) - value) > 1e-9)
    g_action_group_change_action_state (bar->group, "filter-min-confidence",
                                        g_variant_new_double (value));
}

/* Names, aliases and LOCODEs of the gazetteer's ports, for completion. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static GtkListStore *
port_completions (void)
{
  GtkListStore *store = gtk_list_store_new (1, G_TYPE_STRING);
  CorridorGazetteer *gaz = corridor_gazetteer_get_default (NULL);
  guint n = gaz ? corridor_gazetteer_get_n_ports (gaz) : 0;

  for (guint i = 0; i < n; i++)
    {
      const CorridorPort *p = corridor_gazetteer_get_port (gaz, i);
      gtk_list_store_insert_with_values (store, NULL, -1, 0, p->name, -1);
      gtk_list_store_insert_with_values (store, NULL, -1, 0, p->locode, -1);
      for (char **a = p->aliases; a != NULL && *a != NULL; a++)
        gtk_list_store_insert_with_values (store, NULL, -1, 0, *a, -1);
    }
  return store;
}

/* Handles match anywhere, without regard to case: "capi" finds
 * "@el_capitan". @key comes normalized and case-folded. */
static gboolean
actor_match (GtkEntryCompletion *completion, const char *key, GtkTreeIter *iter,
             gpointer user_data)
{
  GtkTreeModel *model = gtk_entry_completion_get_model (completion);
  g_autofree char *handle = NULL;

  gtk_tree_model_get (model, iter, 0, &handle, -1);
  if (handle == NULL)
    return FALSE;
  g_autofree char *normalized = g_utf8_normalize (handle, -1, G_NORMALIZE_ALL);
  g_autofree char *folded = normalized ? g_utf8_casefold (normalized, -1) : NULL;
  return folded != NULL && strstr (folded, key) != NULL;
}

static GtkWidget *
actor_entry_new (Bar *bar)
{
  GtkWidget *entry = gtk_entry_new ();
  g_autoptr (GtkEntryCompletion) completion = gtk_entry_completion_new ();
  GtkCellRenderer *cell = gtk_cell_renderer_text_new ();

  bar->actors = gtk_list_store_new (2, G_TYPE_STRING, G_TYPE_STRING);
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (bar->actors));
  gtk_entry_completion_set_match_func (completion, actor_match, NULL, NULL);
  /* The entry gets the handle itself (column 0), which is what the filter
   * compares; the list shows it with its controls revealed (column 1). */
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_cell_layout_clear (GTK_CELL_LAYOUT (completion));
  gtk_cell_layout_pack_start (GTK_CELL_LAYOUT (completion), cell, TRUE);
  gtk_cell_layout_add_attribute (GTK_CELL_LAYOUT (completion), cell, "text", 1);
  gtk_entry_set_completion (GTK_ENTRY (entry), completion);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Actor handle"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Filter by actor"), -1);
  gtk_widget_set_name (entry, "filter-actor-entry");
  g_signal_connect (entry, "activate", G_CALLBACK (on_actor_activate), bar);
  return entry;
}
G_GNUC_END_IGNORE_DEPRECATIONS

/* Hiding keeps the filters applied; their chips come back with the bar. */
static void
bar_hide (GtkWidget *box)
{
  GtkWidget *parent = gtk_widget_get_parent (box);
  if (GTK_IS_REVEALER (parent))
    gtk_revealer_set_reveal_child (GTK_REVEALER (parent), FALSE);
}

GtkWidget *
corridor_filter_bar_new (GActionGroup *group)
{
  g_return_val_if_fail (G_IS_ACTION_GROUP (group), NULL);

  Bar *bar = g_new0 (Bar, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *row2 = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  bar->group = group;
  g_object_set_data_full (G_OBJECT (box), "corridor-filter-bar", bar, (GDestroyNotify) bar_free);
  gtk_widget_add_css_class (box, "toolbar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Filters"), -1);

  bar->port_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (bar->port_entry), _("Port name or LOCODE"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar->port_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Filter by port"), -1);
  /* GtkEntryCompletion is the completion GTK 4.8 has; later GTKs deprecate it. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_autoptr (GtkEntryCompletion) completion = gtk_entry_completion_new ();
  g_autoptr (GtkListStore) names = port_completions ();
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (names));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_set_completion (GTK_ENTRY (bar->port_entry), completion);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect (bar->port_entry, "activate", G_CALLBACK (on_port_activate), bar);
  gtk_box_append (GTK_BOX (row), bar->port_entry);

  bar->actor_entry = actor_entry_new (bar);
  gtk_box_append (GTK_BOX (row), bar->actor_entry);

  GtkWidget *from_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *to_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (from_box, "linked");
  gtk_widget_add_css_class (to_box, "linked");
  bar->from_entry = date_entry (bar, "filter-from", _("From YYYY-MM-DD"), _("From date"));
  bar->to_entry = date_entry (bar, "filter-to", _("To YYYY-MM-DD"), _("To date"));
  gtk_box_append (GTK_BOX (from_box), bar->from_entry);
  gtk_box_append (GTK_BOX (from_box), date_picker (bar, "filter-from", _("Pick the start date"),
                                                   &bar->from_calendar));
  gtk_box_append (GTK_BOX (to_box), bar->to_entry);
  gtk_box_append (GTK_BOX (to_box), date_picker (bar, "filter-to", _("Pick the end date"),
                                                 &bar->to_calendar));
  gtk_box_append (GTK_BOX (row), from_box);
  gtk_box_append (GTK_BOX (row), to_box);

  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (row), spacer);
  GtkWidget *clear = gtk_button_new_with_label (_("Clear"));
  gtk_widget_set_tooltip_text (clear, _("Clear all filters"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (clear), "win.filter-clear");
  gtk_box_append (GTK_BOX (row), clear);
  GtkWidget *hide = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_add_css_class (hide, "flat");
  gtk_widget_set_tooltip_text (hide, _("Hide Filters"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (hide), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Hide filters"), -1);
  g_signal_connect_swapped (hide, "clicked", G_CALLBACK (bar_hide), box);
  gtk_box_append (GTK_BOX (row), hide);

  const char *role_labels[] = { _("Sender"), _("Intermediary"), _("Distributor") };
  const char *role_tips[] = { _("Shipments with a sender"), _("Shipments with an intermediary"),
                              _("Shipments with a distributor") };
  gtk_box_append (GTK_BOX (row2), toggle_group (bar, "filter-role", _("Roles"), bar_roles,
                                                role_labels, role_tips, G_N_ELEMENTS (bar_roles),
                                                bar->roles));
  const char *status_labels[] = { _("Inferred"), _("Confirmed"), _("Rejected") };
  const char *status_tips[] = { _("Inferred shipments"), _("Confirmed shipments"),
                                _("Rejected shipments") };
  gtk_box_append (GTK_BOX (row2), toggle_group (bar, "filter-status", _("Status"), bar_statuses,
                                                status_labels, status_tips,
                                                G_N_ELEMENTS (bar_statuses), bar->statuses));

  GtkWidget *conf_label = gtk_label_new_with_mnemonic (_("_Confidence ≥"));
  bar->confidence = gtk_spin_button_new_with_range (0.0, 1.0, 0.05);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (bar->confidence), 2);
  gtk_widget_set_name (bar->confidence, "filter-min-confidence");
  gtk_widget_set_tooltip_text (bar->confidence, _("Only shipments at least this confident"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar->confidence), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Minimum confidence"), -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (conf_label), bar->confidence);
  gtk_widget_set_margin_start (conf_label, 6);
  g_signal_connect (bar->confidence, "value-changed", G_CALLBACK (on_confidence_changed), bar);
  gtk_box_append (GTK_BOX (row2), conf_label);
  gtk_box_append (GTK_BOX (row2), bar->confidence);

  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), row2);
  gtk_box_append (GTK_BOX (box), corridor_filter_chips_new (group));

  bar->handler = g_signal_connect (group, "action-state-changed", G_CALLBACK (bar_sync), bar);
  return box;
}

static Bar *
get_bar (GtkWidget *widget)
{
  Bar *bar = g_object_get_data (G_OBJECT (widget), "corridor-filter-bar");
  g_return_val_if_fail (bar != NULL, NULL);
  return bar;
}

void
corridor_filter_bar_focus (GtkWidget *bar)
{
  g_return_if_fail (GTK_IS_WIDGET (bar));
  Bar *b = get_bar (bar);
  if (b != NULL)
    gtk_widget_grab_focus (b->port_entry);
}

void
corridor_filter_bar_set_actors (GtkWidget *bar, const char *const *handles)
{
  g_return_if_fail (GTK_IS_WIDGET (bar));
  Bar *b = get_bar (bar);
  if (b == NULL)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_list_store_clear (b->actors);
  for (const char *const *h = handles; h != NULL && *h != NULL; h++)
    {
      g_autofree char *shown = corridor_text_reveal_controls (*h, FALSE);
      gtk_list_store_insert_with_values (b->actors, NULL, -1, 0, *h, 1, shown, -1);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
}

guint
corridor_filter_bar_get_n_actors (GtkWidget *bar)
{
  g_return_val_if_fail (GTK_IS_WIDGET (bar), 0);
  Bar *b = get_bar (bar);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  return b != NULL ? (guint) gtk_tree_model_iter_n_children (GTK_TREE_MODEL (b->actors), NULL) : 0;
  G_GNUC_END_IGNORE_DEPRECATIONS
}
