/* corridor-filter-bar.c: filter actions and the filter bar. The actions'
 * states are the single source of truth: the bar only reads them (to draw
 * chips and sync its toggles) and changes them through the actions, so
 * keyboard, tests and D-Bus drive the same path. */
#include "corridor-filter-bar.h"

#include <string.h>
#include <glib/gi18n.h>

#include "corridor-gazetteer.h"

typedef struct {
  const CorridorFilterHooks *hooks;
  gpointer                   user_data;
} Hooks;

typedef enum { LIST_PORT, LIST_ROLE, LIST_ACTOR, LIST_STATUS } ListKind;

static const char *const list_names[] = { "filter-port", "filter-role", "filter-actor", "filter-status" };

static void
refuse (Hooks *h, const char *message)
{
  if (h->hooks->refused != NULL)
    h->hooks->refused (h->user_data, message);
}

/* The LOCODE @text names (a LOCODE, name or alias), as the CLI's --port
 * resolves it through the bundled gazetteer, or NULL. */
static char *
resolve_port (const char *text)
{
  char code[6];
  CorridorGazetteer *gaz = corridor_gazetteer_get_default (NULL);
  const CorridorPort *p = gaz ? corridor_gazetteer_lookup (gaz, text) : NULL;

  if (p != NULL)
    return g_strdup (p->locode);
  if (corridor_locode_normalize (text, code))
    return g_strdup (code);
  return NULL;
}

/* @text in the form the state keeps, or NULL with *message set. */
static char *
normalize_item (ListKind kind, const char *text, char **message)
{
  CorridorRole role;
  CorridorStatus status;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  switch (kind)
    {
    case LIST_PORT:
      {
        char *code = resolve_port (stripped);
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
      char *item = normalize_item (kind, *s, &message);
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
  g_autofree char *item = normalize_item (kind, g_variant_get_string (param, NULL), &message);

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
corridor_filter_actions_add (GActionMap *map, const CorridorFilterHooks *hooks, gpointer user_data)
{
  g_return_if_fail (G_IS_ACTION_MAP (map));
  g_return_if_fail (hooks != NULL && hooks->changed != NULL);

  Hooks *h = g_new0 (Hooks, 1);
  h->hooks = hooks;
  h->user_data = user_data;
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

/* --- the bar --- */

typedef struct {
  GActionGroup *group;   /* the window; not referenced, it owns the bar */
  GtkWidget    *port_entry;
  GtkWidget    *from_entry;
  GtkWidget    *to_entry;
  GtkWidget    *roles[3];
  GtkWidget    *chips;
  gulong        handler;
} Bar;

/* The window outlives its children, so the handler can go with the bar. */
static void
bar_free (Bar *bar)
{
  g_clear_signal_handler (&bar->handler, bar->group);
  g_free (bar);
}

static const char *const bar_roles[] = { "sender", "intermediary", "distributor" };

static void
add_chip (Bar *bar, const char *label, const char *action, GVariant *target)
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
  gtk_box_append (GTK_BOX (chip), text);
  gtk_box_append (GTK_BOX (chip), remove);
  g_object_set_data_full (G_OBJECT (chip), "corridor-action", g_strdup (action), g_free);
  gtk_box_append (GTK_BOX (bar->chips), chip);
}

static void
add_list_chips (Bar *bar, const char *name, const char *title)
{
  g_auto (GStrv) items = state_strv (bar->group, name);
  g_autofree char *action = g_strconcat ("win.", name, NULL);
  CorridorGazetteer *gaz = g_str_equal (name, "filter-port")
                           ? corridor_gazetteer_get_default (NULL) : NULL;

  for (char **s = items; *s != NULL; s++)
    {
      const CorridorPort *p = gaz ? corridor_gazetteer_lookup_locode (gaz, *s) : NULL;
      g_autofree char *label = g_strdup_printf ("%s: %s", title, p ? p->name : *s);
      add_chip (bar, label, action, g_variant_new_string (*s));
    }
}

static void
bar_sync (GActionGroup *group, const char *name, GVariant *value, gpointer user_data)
{
  Bar *bar = user_data;
  GtkWidget *child;

  if (!g_str_has_prefix (name, "filter-"))
    return;
  while ((child = gtk_widget_get_first_child (bar->chips)) != NULL)
    gtk_box_remove (GTK_BOX (bar->chips), child);

  add_list_chips (bar, "filter-port", _("Port"));
  g_autofree char *from = state_string (group, "filter-from");
  g_autofree char *to = state_string (group, "filter-to");
  if (*from != '\0')
    {
      g_autofree char *label = g_strdup_printf (_("From %s"), from);
      add_chip (bar, label, "win.filter-from", g_variant_new_string (""));
    }
  if (*to != '\0')
    {
      g_autofree char *label = g_strdup_printf (_("To %s"), to);
      add_chip (bar, label, "win.filter-to", g_variant_new_string (""));
    }
  add_list_chips (bar, "filter-role", _("Role"));
  add_list_chips (bar, "filter-actor", _("Actor"));
  add_list_chips (bar, "filter-status", _("Status"));
  g_autoptr (GVariant) conf = g_action_group_get_action_state (group, "filter-min-confidence");
  if (g_variant_get_double (conf) > 0.0)
    {
      g_autofree char *label = g_strdup_printf (_("Confidence ≥ %.2f"), g_variant_get_double (conf));
      add_chip (bar, label, "win.filter-min-confidence", g_variant_new_double (0.0));
    }
  gtk_widget_set_visible (bar->chips, gtk_widget_get_first_child (bar->chips) != NULL);

  gtk_editable_set_text (GTK_EDITABLE (bar->from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (bar->to_entry), to);
  g_auto (GStrv) roles = state_strv (group, "filter-role");
  for (guint i = 0; i < G_N_ELEMENTS (bar_roles); i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (bar->roles[i]),
                                  g_strv_contains ((const char *const *) roles, bar_roles[i]));
}

static void
on_role_toggled (GtkToggleButton *button, Bar *bar)
{
  const char *role = g_object_get_data (G_OBJECT (button), "corridor-role");
  g_auto (GStrv) roles = state_strv (bar->group, "filter-role");

  /* Only a click differs from the state; a sync from the state does not. */
  if (gtk_toggle_button_get_active (button) != g_strv_contains ((const char *const *) roles, role))
    g_action_group_activate_action (bar->group, "filter-role", g_variant_new_string (role));
}

static void
on_port_activate (GtkEntry *entry, Bar *bar)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *code = resolve_port (text);
  g_auto (GStrv) ports = state_strv (bar->group, "filter-port");

  if (*text == '\0')
    return;
  /* The entry adds; removing is the chip's job. */
  if (code == NULL || !g_strv_contains ((const char *const *) ports, code))
    g_action_group_activate_action (bar->group, "filter-port", g_variant_new_string (text));
  g_autoptr (GVariant) state = g_action_group_get_action_state (bar->group, "filter-port");
  g_auto (GStrv) after = g_variant_dup_strv (state, NULL);
  if (code != NULL && g_strv_contains ((const char *const *) after, code))
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
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
  GtkWidget *role_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

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

  bar->from_entry = date_entry (bar, "filter-from", _("From YYYY-MM-DD"), _("From date"));
  bar->to_entry = date_entry (bar, "filter-to", _("To YYYY-MM-DD"), _("To date"));
  gtk_box_append (GTK_BOX (row), bar->from_entry);
  gtk_box_append (GTK_BOX (row), bar->to_entry);

  gtk_widget_add_css_class (role_box, "linked");
  const char *role_labels[] = { _("Sender"), _("Intermediary"), _("Distributor") };
  for (guint i = 0; i < G_N_ELEMENTS (bar_roles); i++)
    {
      bar->roles[i] = gtk_toggle_button_new_with_label (role_labels[i]);
      g_object_set_data (G_OBJECT (bar->roles[i]), "corridor-role", (gpointer) bar_roles[i]);
      g_signal_connect (bar->roles[i], "toggled", G_CALLBACK (on_role_toggled), bar);
      gtk_box_append (GTK_BOX (role_box), bar->roles[i]);
    }
  gtk_box_append (GTK_BOX (row), role_box);
  GtkWidget *clear = gtk_button_new_with_label (_("Clear"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (clear), "win.filter-clear");
  gtk_box_append (GTK_BOX (row), clear);
  GtkWidget *hide = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_add_css_class (hide, "flat");
  gtk_widget_set_tooltip_text (hide, _("Hide Filters"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (hide), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Hide filters"), -1);
  g_signal_connect_swapped (hide, "clicked", G_CALLBACK (bar_hide), box);
  gtk_box_append (GTK_BOX (row), hide);

  bar->chips = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_name (bar->chips, "filter-chips");
  gtk_widget_set_visible (bar->chips, FALSE);
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), bar->chips);

  bar->handler = g_signal_connect (group, "action-state-changed", G_CALLBACK (bar_sync), bar);
  return box;
}

void
corridor_filter_bar_focus (GtkWidget *bar)
{
  g_return_if_fail (GTK_IS_WIDGET (bar));
  Bar *b = g_object_get_data (G_OBJECT (bar), "corridor-filter-bar");
  g_return_if_fail (b != NULL);
  gtk_widget_grab_focus (b->port_entry);
}
