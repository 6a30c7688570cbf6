/* corridor-evidence-panel.c: the evidence side pane. Invariants: the store
 * is only read on the main thread and only while the window lends it (set
 * to NULL during an import); every string that came from a case (bodies,
 * handles, port, vessel and file names) is revealed with
 * corridor_text_reveal_controls and then escaped before it reaches a label,
 * so no bidi override or control character acts on the display; rows are
 * rebuilt as a whole when the chosen shipment changes. */
#include "corridor-evidence-panel.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "corridor-evidence-row.h"
#include "corridor-review-bar.h"
#include "corridor-text.h"

struct _CorridorEvidencePanel
{
  GtkWidget parent_instance;

  /* template */
  GtkStack    *stack;
  GtkLabel    *title_label;
  GtkListView *shipment_list;
  GtkStack    *evidence_stack;
  GtkListView *evidence_list;
  GtkLabel    *evidence_message;
  CorridorReviewBar *review_bar;

  CorridorStore      *store;
  GPtrArray          *shipments;  /* the case's, referenced */
  GHashTable         *by_id;      /* id -> CorridorShipment* (borrowed from shipments) */
  GtkStringList      *ids;        /* the listed shipments */
  GtkSingleSelection *selection;
  GListStore         *rows;       /* CorridorEvidenceRow */
  char               *shipment_id; /* whose rows are shown, or NULL */
};

G_DEFINE_FINAL_TYPE (CorridorEvidencePanel, corridor_evidence_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHIPMENT_ID,
  PROP_STORE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* --- safe display text --- */

/* @text shown as plain text on one line, controls revealed. */
static char *
reveal (const char *text)
{
  return corridor_text_reveal_controls (text, FALSE);
}

/* Revealed and escaped; the marks stand out when the piece held no literal
 * "⟦" that could pass for one. */
static void
append_plain (GString *out, const char *text, gssize len)
{
  g_autofree char *piece = len < 0 ? g_strdup (text) : g_strndup (text, len);
  g_autofree char *shown = corridor_text_reveal_controls (piece, TRUE);
  gboolean style = strstr (piece, "⟦") == NULL;
  const char *p = shown;

  while (*p != '\0')
    {
      const char *open = style ? strstr (p, "⟦") : NULL;
      const char *close = open ? strstr (open, "⟧") : NULL;

      if (open == NULL || close == NULL)
        {
          g_autofree char *esc = g_markup_escape_text (p, -1);
          g_string_append (out, esc);
          break;
        }
      close += strlen ("⟧");
      g_autofree char *before = g_markup_escape_text (p, open - p);
      g_autofree char *mark = g_markup_escape_text (open, close - open);
      g_string_append (out, before);
      g_string_append_printf (out, "<span foreground=\"#c01c28\" weight=\"bold\">%s</span>", mark);
      p = close;
    }
}

static int
compare_span (gconstpointer a, gconstpointer b)
{
  const int *x = a, *y = b;
  return x[0] != y[0] ? (x[0] < y[0] ? -1 : 1) : (x[1] < y[1] ? -1 : x[1] > y[1]);
}

char *
corridor_evidence_body_markup (const char *body, const GArray *spans)
{
  GString *out = g_string_new (NULL);
  g_autoptr (GArray) clipped = g_array_new (FALSE, FALSE, 2 * sizeof (int));

  if (body == NULL)
    body = "";
  /* Spans count characters of valid UTF-8; on anything else they would
   * point into the middle of a byte sequence, so none is drawn. */
  if (!g_utf8_validate (body, -1, NULL))
    {
      append_plain (out, body, -1);
      return g_string_free (out, FALSE);
    }
  glong n_chars = g_utf8_strlen (body, -1);
  for (guint i = 0; spans != NULL && i + 1 < spans->len; i += 2)
    {
      int span[2] = { CLAMP (g_array_index (spans, int, i), 0, (int) n_chars),
                      CLAMP (g_array_index (spans, int, i + 1), 0, (int) n_chars) };
      if (span[1] > span[0])
        g_array_append_val (clipped, span);
    }
  g_array_sort (clipped, compare_span);

  int pos = 0;
  for (guint i = 0; i < clipped->len; i++)
    {
      int *span = &g_array_index (clipped, int, 2 * i);
      int start = MAX (span[0], pos), end = span[1];

      /* Merge what overlaps or touches into one highlight. */
      while (i + 1 < clipped->len && (&g_array_index (clipped, int, 2 * (i + 1)))[0] <= end)
        {
          i++;
          end = MAX (end, (&g_array_index (clipped, int, 2 * i))[1]);
        }
      if (end <= start)
        continue;
      const char *a = g_utf8_offset_to_pointer (body, pos);
      const char *b = g_utf8_offset_to_pointer (body, start);
      const char *c = g_utf8_offset_to_pointer (body, end);
      append_plain (out, a, b - a);
      g_string_append (out, "<span background=\"#f9f06b\" foreground=\"#241f31\" "
                            "underline=\"single\">");
      append_plain (out, b, c - b);
      g_string_append (out, "</span>");
      pos = end;
    }
  append_plain (out, g_utf8_offset_to_pointer (body, pos), -1);
  return g_string_free (out, FALSE);
}

/* "tiburon9 → scheldekat · 2021-02-08 10:00 -05:00 · g-1" */
static char *
message_meta (const CorridorMessage *m)
{
  GString *meta = g_string_new (NULL);
  g_autofree char *sender = reveal (m->sender != NULL ? m->sender : "?");
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (m->ts);
  g_autoptr (GTimeZone) zone = g_time_zone_new_offset (m->tz_offset);
  g_autoptr (GDateTime) local = utc ? g_date_time_to_timezone (utc, zone) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, "%Y-%m-%d %H:%M %:z") : NULL;
  g_autofree char *id = reveal (m->id);

  g_string_append (meta, sender);
  g_string_append (meta, " → ");
  if (m->recipients == NULL || m->recipients[0] == NULL)
    g_string_append (meta, _("the group"));
  for (guint i = 0; m->recipients != NULL && m->recipients[i] != NULL; i++)
    {
      g_autofree char *r = reveal (m->recipients[i]);
      if (i > 0)
        g_string_append (meta, ", ");
      g_string_append (meta, r);
    }
  if (when != NULL)
    g_string_append_printf (meta, " · %s", when);
  g_string_append_printf (meta, " · %s", id);
  return g_string_free (meta, FALSE);
}

/* --- facts --- */

static char *
stop_text (const CorridorStop *stop)
{
  g_autofree char *name = reveal (stop->name != NULL ? stop->name : stop->locode);
  g_autofree char *locode = reveal (stop->locode);
  return g_strdup_printf ("%s (%s)", name, locode);
}

static char *
kg_text (double kg)
{
  if (isnan (kg))
    return NULL;
  if (kg >= 1000.0)
    return g_strdup_printf (_("%.1f t"), kg / 1000.0);
  return g_strdup_printf (_("%.0f kg"), kg);
}

/* The evidence rows of one field, a message once with all its spans. */
static void
add_messages (CorridorEvidencePanel *self, GPtrArray *evidence, const char *field,
              const char *handle, GHashTable *shown)
{
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  g_autoptr (GHashTable) spans = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_array_unref);

  for (guint i = 0; i < evidence->len; i++)
    {
      CorridorEvidence *e = g_ptr_array_index (evidence, i);
      const char *id = e->message->id;

      if (handle != NULL ? g_strcmp0 (e->message->sender, handle) != 0
                         : g_strcmp0 (e->field, field) != 0)
        continue;
      GArray *list = g_hash_table_lookup (spans, id);
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (int));
          g_hash_table_insert (spans, (gpointer) id, list);
          g_ptr_array_add (order, e);
        }
      /* An actor's messages are evidence of the actor, not of a span. */
      if (handle == NULL && e->span_start >= 0 && e->span_end > e->span_start)
        {
          g_array_append_val (list, e->span_start);
          g_array_append_val (list, e->span_end);
        }
    }
  for (guint i = 0; i < order->len; i++)
    {
      CorridorEvidence *e = g_ptr_array_index (order, i);
      g_autofree char *markup = corridor_evidence_body_markup (e->message->body,
                                                               g_hash_table_lookup (spans, e->message->id));
      g_autofree char *meta = message_meta (e->message);
      g_autofree char *source = e->source_path ? reveal (e->source_path) : NULL;
      g_autoptr (CorridorEvidenceRow) row =
          corridor_evidence_row_new_message (handle ? "actor" : field, e->message->id,
                                             markup, meta, source);
      g_list_store_append (self->rows, row);
      g_hash_table_add (shown, e->message->id);
    }
}

static void
add_fact (CorridorEvidencePanel *self, GPtrArray *evidence, GHashTable *shown,
          const char *field, const char *title, char *value /* owned */)
{
  g_autofree char *owned = value;
  g_autoptr (CorridorEvidenceRow) row =
      corridor_evidence_row_new_fact (field, title, value ? value : _("unknown"), value != NULL);

  g_list_store_append (self->rows, row);
  add_messages (self, evidence, field, NULL, shown);
}

static char *
join_revealed (char **items)
{
  if (items == NULL || items[0] == NULL)
    return NULL;
  GString *out = g_string_new (NULL);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *r = reveal (items[i]);
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, r);
    }
  return g_string_free (out, FALSE);
}

static void
show_message (CorridorEvidencePanel *self, const char *message)
{
  gtk_label_set_label (self->evidence_message, message);
  gtk_stack_set_visible_child_name (self->evidence_stack, "message");
}

static void
load_rows (CorridorEvidencePanel *self, const CorridorShipment *s)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) evidence = NULL;
  g_autoptr (GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

  g_list_store_remove_all (self->rows);
  corridor_review_bar_load (self->review_bar, self->store, s);
  if (s == NULL)
    {
      show_message (self, _("Choose a shipment to see its evidence."));
      return;
    }
  if (self->store == NULL)
    {
      show_message (self, _("The evidence shows once the running import or export has "
                            "finished."));
      return;
    }
  evidence = corridor_store_list_evidence (self->store, s->id, &error);
  if (evidence == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the evidence: %s"),
                                               error->message);
      show_message (self, text);
      return;
    }

  add_fact (self, evidence, shown, "origin", _("Origin"),
            s->n_stops > 0 ? stop_text (&s->stops[0]) : NULL);
  if (s->n_stops > 2)
    {
      GString *transit = g_string_new (NULL);
      for (guint i = 1; i + 1 < s->n_stops; i++)
        {
          g_autofree char *t = stop_text (&s->stops[i]);
          if (i > 1)
            g_string_append (transit, ", ");
          g_string_append (transit, t);
        }
      add_fact (self, evidence, shown, "transit", _("Transit"), g_string_free (transit, FALSE));
    }
  else
    add_fact (self, evidence, shown, "transit", _("Transit"), NULL);
  add_fact (self, evidence, shown, "destination", _("Destination"),
            s->n_stops > 1 ? stop_text (&s->stops[s->n_stops - 1]) : NULL);
  add_fact (self, evidence, shown, "departed", _("Departed"), g_strdup (s->departed));
  add_fact (self, evidence, shown, "arrived", _("Arrived"), g_strdup (s->arrived));
  add_fact (self, evidence, shown, "quantity_kg", _("Quantity"), kg_text (s->quantity_kg));
  add_fact (self, evidence, shown, "containers", _("Containers"), join_revealed (s->containers));
  {
    g_autofree char *name = s->vessel_name ? reveal (s->vessel_name) : NULL;
    g_autofree char *imo = s->vessel_imo ? reveal (s->vessel_imo) : NULL;
    char *vessel = name && imo ? g_strdup_printf ("%s (IMO %s)", name, imo)
                   : imo ? g_strdup_printf ("IMO %s", imo) : g_strdup (name);
    add_fact (self, evidence, shown, "vessel", _("Vessel"), vessel);
  }
  add_fact (self, evidence, shown, "concealment", _("Concealment"),
            s->concealment ? reveal (s->concealment) : NULL);
  add_fact (self, evidence, shown, "outcome", _("Outcome"),
            g_strdup (corridor_outcome_to_string (s->outcome)));

  for (guint i = 0; s->actors != NULL && i < s->actors->len; i++)
    {
      const CorridorShipmentActor *a = g_ptr_array_index (s->actors, i);
      g_autofree char *handle = reveal (a->handle);
      const char *role = corridor_role_to_string (a->role);
      char *value = role ? g_strdup_printf ("%s — %s", handle, role) : g_strdup (handle);
      g_autoptr (CorridorEvidenceRow) row = corridor_evidence_row_new_fact ("actor", _("Actor"),
                                                                            value, TRUE);
      g_free (value);
      g_list_store_append (self->rows, row);
      add_messages (self, evidence, NULL, a->handle, shown);
    }

  /* Messages that back no single field still belong to the shipment. */
  gboolean context = FALSE;
  for (guint i = 0; i < evidence->len && !context; i++)
    context = !g_hash_table_contains (shown, ((CorridorEvidence *) g_ptr_array_index (evidence, i))->message->id);
  if (context)
    {
      g_autoptr (CorridorEvidenceRow) row = corridor_evidence_row_new_fact (NULL, _("Context"),
                                                                            "", TRUE);
      g_list_store_append (self->rows, row);
      add_messages (self, evidence, NULL, NULL, shown);
    }
  gtk_stack_set_visible_child_name (self->evidence_stack, "rows");
}

/* --- lists --- */

static void
on_selected (GtkSingleSelection *selection, GParamSpec *pspec, CorridorEvidencePanel *self)
{
  GtkStringObject *item = gtk_single_selection_get_selected_item (selection);
  const char *id = item ? gtk_string_object_get_string (item) : NULL;
  const CorridorShipment *s = id && self->by_id ? g_hash_table_lookup (self->by_id, id) : NULL;
  gboolean changed = g_strcmp0 (self->shipment_id, s ? s->id : NULL) != 0;

  g_free (self->shipment_id);
  self->shipment_id = s ? g_strdup (s->id) : NULL;
  load_rows (self, s);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHIPMENT_ID]);
}

static void
setup_shipment (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_item_set_child (item, box);
}

static void
bind_shipment (GtkSignalListItemFactory *factory, GtkListItem *item, CorridorEvidencePanel *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkLabel *title = GTK_LABEL (gtk_widget_get_first_child (box));
  GtkLabel *detail = GTK_LABEL (gtk_widget_get_last_child (box));
  const char *id = gtk_string_object_get_string (gtk_list_item_get_item (item));
  const CorridorShipment *s = self->by_id ? g_hash_table_lookup (self->by_id, id) : NULL;

  if (s == NULL)
    {
      gtk_label_set_label (title, id);
      gtk_label_set_label (detail, "");
      return;
    }
  const CorridorStop *o = corridor_shipment_origin (s), *d = corridor_shipment_destination (s);
  g_autofree char *shown_id = reveal (s->id);
  g_autofree char *from = o ? reveal (o->name ? o->name : o->locode) : g_strdup ("?");
  g_autofree char *to = d ? reveal (d->name ? d->name : d->locode) : g_strdup ("?");
  g_autofree char *head = g_strdup_printf ("%s · %s → %s", shown_id, from, to);
  g_autofree char *kg = kg_text (s->quantity_kg);
  g_autofree char *text = g_strdup_printf ("%s – %s · %s · %s · %.0f\u00a0%%",
                                           s->departed ? s->departed : "?",
                                           s->arrived ? s->arrived : "?",
                                           kg ? kg : _("quantity unknown"),
                                           corridor_status_to_string (s->status),
                                           s->confidence * 100.0);
  gtk_label_set_label (title, head);
  gtk_label_set_label (detail, text);
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  const char *names[] = { "body", "meta", "source" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_name (label, names[i]);
      if (i > 0)
        {
          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_add_css_class (label, "caption");
        }
      gtk_box_append (GTK_BOX (box), label);
    }
  /* A message row's way to its conversation (win.show-conversation), kept
   * between meta and source so that the labels are found as before. */
  GtkWidget *show = gtk_button_new_with_label (_("Show in Conversation"));
  gtk_widget_add_css_class (show, "flat");
  gtk_widget_set_halign (show, GTK_ALIGN_START);
  gtk_widget_set_name (show, "show-conversation");
  gtk_widget_set_tooltip_text (show, _("Read this message with those before and after it"));
  gtk_box_insert_child_after (GTK_BOX (box), show,
                              gtk_widget_get_next_sibling (gtk_widget_get_first_child (box)));
  gtk_label_set_ellipsize (GTK_LABEL (gtk_widget_get_last_child (box)), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_wrap (GTK_LABEL (gtk_widget_get_last_child (box)), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkLabel *body = GTK_LABEL (gtk_widget_get_first_child (box));
  GtkLabel *meta = GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (body)));
  GtkLabel *source = GTK_LABEL (gtk_widget_get_last_child (box));
  GtkWidget *show = gtk_widget_get_prev_sibling (GTK_WIDGET (source));
  CorridorEvidenceRow *row = gtk_list_item_get_item (item);

  if (corridor_evidence_row_get_kind (row) == CORRIDOR_EVIDENCE_ROW_FACT)
    {
      g_autofree char *markup =
          g_markup_printf_escaped (corridor_evidence_row_get_known (row)
                                   ? "<b>%s</b>  %s" : "<b>%s</b>  <i>%s</i>",
                                   corridor_evidence_row_get_title (row),
                                   corridor_evidence_row_get_value (row));
      gtk_label_set_markup (body, markup);
      gtk_widget_set_visible (GTK_WIDGET (meta), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (source), FALSE);
      gtk_widget_set_visible (show, FALSE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (show), NULL);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_add_css_class (box, "evidence-fact");
      return;
    }
  gtk_widget_remove_css_class (box, "evidence-fact");
  gtk_widget_set_margin_start (box, 24);
  gtk_label_set_markup (body, corridor_evidence_row_get_markup (row));
  gtk_label_set_label (meta, corridor_evidence_row_get_meta (row));
  gtk_label_set_label (source, corridor_evidence_row_get_source (row));
  gtk_widget_set_tooltip_text (GTK_WIDGET (source), corridor_evidence_row_get_source (row));
  gtk_widget_set_visible (GTK_WIDGET (meta), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (source), *corridor_evidence_row_get_source (row) != '\0');
  /* The target first: the action takes one. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (show), "s",
                                    corridor_evidence_row_get_message_id (row));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (show), "win.show-conversation");
  gtk_widget_set_visible (show, TRUE);
}

/* --- public --- */

void
corridor_evidence_panel_set_store (CorridorEvidencePanel *self, CorridorStore *store)
{
  g_return_if_fail (CORRIDOR_IS_EVIDENCE_PANEL (self));
  g_return_if_fail (store == NULL || CORRIDOR_IS_STORE (store));

  gboolean was_waiting = self->store == NULL;
  if (!g_set_object (&self->store, store))
    return;
  /* A shipment chosen while the store was lent out is loaded now. */
  if (store != NULL && was_waiting && self->shipment_id != NULL)
    load_rows (self, g_hash_table_lookup (self->by_id, self->shipment_id));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

CorridorStore *
corridor_evidence_panel_get_store (CorridorEvidencePanel *self)
{
  g_return_val_if_fail (CORRIDOR_IS_EVIDENCE_PANEL (self), NULL);
  return self->store;
}

const CorridorShipment *
corridor_evidence_panel_get_shipment (CorridorEvidencePanel *self)
{
  g_return_val_if_fail (CORRIDOR_IS_EVIDENCE_PANEL (self), NULL);
  if (self->shipment_id == NULL || self->by_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, self->shipment_id);
}

GtkWidget *
corridor_evidence_panel_get_review_bar (CorridorEvidencePanel *self)
{
  g_return_val_if_fail (CORRIDOR_IS_EVIDENCE_PANEL (self), NULL);
  return GTK_WIDGET (self->review_bar);
}

void
corridor_evidence_panel_set_shipments (CorridorEvidencePanel *self, GPtrArray *shipments)
{
  g_return_if_fail (CORRIDOR_IS_EVIDENCE_PANEL (self));

  corridor_evidence_panel_show_selection (self, NULL, NULL);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->shipments, g_ptr_array_unref);
  if (shipments == NULL)
    return;
  self->shipments = g_ptr_array_ref (shipments);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < shipments->len; i++)
    {
      CorridorShipment *s = g_ptr_array_index (shipments, i);
      g_hash_table_insert (self->by_id, s->id, s);
    }
}

void
corridor_evidence_panel_show_selection (CorridorEvidencePanel *self, const char *title,
                                        const char *const *ids)
{
  g_autoptr (GPtrArray) known = g_ptr_array_new ();

  g_return_if_fail (CORRIDOR_IS_EVIDENCE_PANEL (self));

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (self->by_id != NULL && g_hash_table_contains (self->by_id, ids[i]))
      g_ptr_array_add (known, (gpointer) ids[i]);
  g_ptr_array_add (known, NULL);

  gtk_string_list_splice (self->ids, 0, g_list_model_get_n_items (G_LIST_MODEL (self->ids)),
                          (const char *const *) known->pdata);
  if (known->len <= 1)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_label_set_label (self->title_label, title != NULL ? title : "");
  gtk_stack_set_visible_child_name (self->stack, "selection");
  /* Whatever autoselect made of the splice, the first one is chosen, and
   * loaded again even when it kept its position (a reload after import). */
  gtk_single_selection_set_selected (self->selection, 0);
  on_selected (self->selection, NULL, self);
}

gboolean
corridor_evidence_panel_select_shipment (CorridorEvidencePanel *self, const char *id)
{
  g_return_val_if_fail (CORRIDOR_IS_EVIDENCE_PANEL (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->ids));
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->ids, i), id) == 0)
      {
        gtk_single_selection_set_selected (self->selection, i);
        if (g_strcmp0 (self->shipment_id, id) != 0)
          on_selected (self->selection, NULL, self);
        return TRUE;
      }
  return FALSE;
}

const char *
corridor_evidence_panel_get_shipment_id (CorridorEvidencePanel *self)
{
  g_return_val_if_fail (CORRIDOR_IS_EVIDENCE_PANEL (self), NULL);
  return self->shipment_id;
}

GListModel *
corridor_evidence_panel_get_shipments (CorridorEvidencePanel *self)
{
  g_return_val_if_fail (CORRIDOR_IS_EVIDENCE_PANEL (self), NULL);
  return G_LIST_MODEL (self->ids);
}

GListModel *
corridor_evidence_panel_get_rows (CorridorEvidencePanel *self)
{
  g_return_val_if_fail (CORRIDOR_IS_EVIDENCE_PANEL (self), NULL);
  return G_LIST_MODEL (self->rows);
}

/* --- GObject --- */

static void
corridor_evidence_panel_dispose (GObject *object)
{
  CorridorEvidencePanel *self = CORRIDOR_EVIDENCE_PANEL (object);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CORRIDOR_TYPE_EVIDENCE_PANEL);
  g_clear_object (&self->selection);
  g_clear_object (&self->ids);
  g_clear_object (&self->rows);
  g_clear_object (&self->store);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->shipments, g_ptr_array_unref);
  g_clear_pointer (&self->shipment_id, g_free);
  G_OBJECT_CLASS (corridor_evidence_panel_parent_class)->dispose (object);
}

static void
corridor_evidence_panel_get_property (GObject *object, guint prop_id, GValue *value,
                                      GParamSpec *pspec)
{
  CorridorEvidencePanel *self = CORRIDOR_EVIDENCE_PANEL (object);

  switch (prop_id)
    {
    case PROP_SHIPMENT_ID:
      g_value_set_string (value, self->shipment_id);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
corridor_evidence_panel_class_init (CorridorEvidencePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = corridor_evidence_panel_dispose;
  object_class->get_property = corridor_evidence_panel_get_property;
  /* The chosen shipment (corridor_evidence_panel_get_shipment_id). */
  properties[PROP_SHIPMENT_ID] =
    g_param_spec_string ("shipment-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The store the pane reads: NULL while the window lends it to a worker. */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CORRIDOR_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "evidencepanel");
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (CORRIDOR_TYPE_REVIEW_BAR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/corridor/Corridor/corridor-evidence-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CorridorEvidencePanel, stack);
  gtk_widget_class_bind_template_child (widget_class, CorridorEvidencePanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, CorridorEvidencePanel, shipment_list);
  gtk_widget_class_bind_template_child (widget_class, CorridorEvidencePanel, evidence_stack);
  gtk_widget_class_bind_template_child (widget_class, CorridorEvidencePanel, evidence_list);
  gtk_widget_class_bind_template_child (widget_class, CorridorEvidencePanel, evidence_message);
  gtk_widget_class_bind_template_child (widget_class, CorridorEvidencePanel, review_bar);
}

static void
corridor_evidence_panel_init (CorridorEvidencePanel *self)
{
  g_autoptr (GtkListItemFactory) shipment_factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkListItemFactory) row_factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->ids = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->ids)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected-item", G_CALLBACK (on_selected), self);
  g_signal_connect (shipment_factory, "setup", G_CALLBACK (setup_shipment), NULL);
  g_signal_connect (shipment_factory, "bind", G_CALLBACK (bind_shipment), self);
  gtk_list_view_set_factory (self->shipment_list, shipment_factory);
  gtk_list_view_set_model (self->shipment_list, GTK_SELECTION_MODEL (self->selection));

  self->rows = g_list_store_new (CORRIDOR_TYPE_EVIDENCE_ROW);
  g_signal_connect (row_factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (row_factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->evidence_list, row_factory);
  g_autoptr (GtkNoSelection) none = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_list_view_set_model (self->evidence_list, GTK_SELECTION_MODEL (none));
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
corridor_evidence_panel_new (void)
{
  return g_object_new (CORRIDOR_TYPE_EVIDENCE_PANEL, NULL);
}
