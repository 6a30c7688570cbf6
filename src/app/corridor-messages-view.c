/* corridor-messages-view.c: the messages page. Invariants: the window's
 * store is never read here; each read (the conversation list, a search, a
 * page of a conversation) opens the case anew in its GTask thread, and a
 * newer read of the same kind cancels the older, whose result is then
 * dropped silently; every string from the case (bodies, handles, chat
 * names, paths) is revealed with corridor_text_reveal_controls and escaped
 * before it reaches a label. Searches may write the case's word index, a
 * derived table (corridor-store.h), so they open the case read-write when
 * the window has it so; everything else opens it read-only. */
#include "corridor-messages-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "corridor-error.h"
#include "corridor-evidence-panel.h"
#include "corridor-messages-item.h"
#include "corridor-store.h"
#include "corridor-text.h"

#define PAGE_SIZE      25    /* the default corridor_messages_view_set_page_size */
#define SNIPPET_BEFORE 40    /* characters shown before a hit's first match */
#define SNIPPET_LENGTH 160

struct _CorridorMessagesView
{
  GtkWidget parent_instance;

  CorridorWindow     *window;      /* weak: the window owns this view */
  GtkWidget          *paned;
  GtkSearchEntry     *entry;
  GtkLabel           *count_label;
  GtkStack           *left_stack;
  AdwStatusPage      *left_status;
  GtkListView        *list_view;
  GListStore         *items;       /* CorridorMessagesItem */
  GtkSingleSelection *selection;
  GtkLabel           *title_label;
  GtkLabel           *subtitle_label;
  GtkStack           *right_stack;
  AdwStatusPage      *right_status;
  GtkScrolledWindow  *scroller;
  GtkWidget          *scroll_box;
  GtkListBox         *message_list;
  GtkWidget          *earlier_button;
  GtkWidget          *later_button;

  char         *path;              /* the case shown, or NULL */
  gboolean      writable;          /* the window has it read-write */
  GPtrArray    *conversations;     /* CorridorConversation*, as listed; NULL until read */
  GHashTable   *by_key;            /* key -> CorridorConversation* (borrowed) */
  GHashTable   *hit_spans;         /* message id -> GArray of its matches, the last search's */
  GCancellable *list_cancellable;
  GCancellable *search_cancellable;
  GCancellable *page_cancellable;
  guint         busy;
  guint         page_size;

  /* The conversation shown. */
  char         *key;
  GPtrArray    *messages;          /* CorridorMessage*, in order */
  guint         offset, total;     /* where messages[0] is in it, and its length */
  char         *chosen_id;
  GArray       *chosen_spans;      /* the search's matches in the chosen message, or NULL */
  char         *scroll_to;         /* the message to bring into view once laid out */
  guint         scroll_tick;
  guint         scroll_tries;
};

G_DEFINE_FINAL_TYPE (CorridorMessagesView, corridor_messages_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void open_page (CorridorMessagesView *self, const char *key, const char *around,
                       guint before, guint after, int direction);

/* --- busy state --- */

static void
busy_push (CorridorMessagesView *self)
{
  if (self->busy++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
busy_pop (CorridorMessagesView *self)
{
  g_return_if_fail (self->busy > 0);
  if (--self->busy == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* --- safe display text --- */

static char *
reveal_escaped (const char *text)
{
  g_autofree char *shown = corridor_text_reveal_controls (text, FALSE);

  return g_markup_escape_text (shown, -1);
}

/* "<b>sender</b> → a, b", or "→ the group" for a message to nobody. */
static char *
route_markup (const CorridorMessage *m)
{
  GString *out = g_string_new (NULL);
  g_autofree char *sender = reveal_escaped (m->sender != NULL ? m->sender : "?");

  g_string_append_printf (out, "<b>%s</b> → ", sender);
  if (m->recipients == NULL || m->recipients[0] == NULL)
    g_string_append_printf (out, "<i>%s</i>", _("the group"));
  for (guint i = 0; m->recipients != NULL && m->recipients[i] != NULL; i++)
    {
      g_autofree char *r = reveal_escaped (m->recipients[i]);

      g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", r);
    }
  return g_string_free (out, FALSE);
}

/* The message's time as its writer's clock showed it. */
static char *
message_time (const CorridorMessage *m)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (m->ts);
  g_autoptr (GTimeZone) zone = g_time_zone_new_offset (m->tz_offset);
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M %:z") : g_strdup ("");
}

/* One line of the body around the first match, the matches marked. */
static char *
snippet_markup (const char *body, const GArray *spans)
{
  g_autoptr (GArray) shifted = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree char *excerpt = NULL, *markup = NULL;
  glong n, from, to;
  int first;

  if (body == NULL || !g_utf8_validate (body, -1, NULL))
    return corridor_evidence_body_markup (body, NULL);
  n = g_utf8_strlen (body, -1);
  first = spans != NULL && spans->len >= 2 ? g_array_index (spans, int, 0) : 0;
  from = CLAMP ((glong) first - SNIPPET_BEFORE, 0, n);
  to = MIN (n, from + SNIPPET_LENGTH);
  excerpt = g_utf8_substring (body, from, to);
  /* One character for one, so the spans still count right. */
  for (char *c = excerpt; *c != '\0'; c++)
    if (*c == '\n' || *c == '\r' || *c == '\t')
      *c = ' ';
  for (guint i = 0; spans != NULL && i + 1 < spans->len; i += 2)
    {
      int range[2] = { g_array_index (spans, int, i) - (int) from,
                       g_array_index (spans, int, i + 1) - (int) from };

      if (range[1] > 0 && range[0] < to - from)
        g_array_append_vals (shifted, range, 2);
    }
  markup = corridor_evidence_body_markup (excerpt, shifted);
  return g_strconcat (from > 0 ? "…" : "", markup, to < n ? "…" : "", NULL);
}

/* "2021-02-01 – 2021-03-04", or one day. */
static char *
date_span (const char *first_ts, const char *last_ts)
{
  g_autofree char *a = g_strndup (first_ts != NULL ? first_ts : "", 10);
  g_autofree char *b = g_strndup (last_ts != NULL ? last_ts : "", 10);

  return strcmp (a, b) == 0 ? g_strdup (a) : g_strdup_printf ("%s – %s", a, b);
}

static char *
members_text (const CorridorConversation *c, const char *separator)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; c->members != NULL && c->members[i] != NULL; i++)
    {
      g_autofree char *m = reveal_escaped (c->members[i]);

      g_string_append_printf (out, "%s%s", i > 0 ? separator : "", m);
    }
  return g_string_free (out, FALSE);
}

static CorridorMessagesItem *
conversation_item (const CorridorConversation *c)
{
  g_autofree char *members = members_text (c, ", ");
  g_autofree char *title = NULL, *detail = NULL, *meta = NULL, *span = NULL;
  g_autofree char *count = g_strdup_printf (ngettext ("%u message", "%u messages", c->n_messages),
                                            c->n_messages);

  if (c->chat != NULL)
    {
      g_autofree char *chat = reveal_escaped (c->chat);

      title = g_strdup_printf ("<b>%s</b>", chat);
      detail = g_strdup (members);
    }
  else
    title = g_strdup_printf ("<b>%s</b>", *members != '\0' ? members : "?");
  span = date_span (c->first_ts, c->last_ts);
  /* Translators: "Group · 12 messages · 2021-02-01 – 2021-03-04". */
  meta = g_strdup_printf (_("%s · %s · %s"), c->group ? _("Group") : _("Pair"), count, span);
  return corridor_messages_item_new (CORRIDOR_MESSAGES_ITEM_CONVERSATION, NULL, c->key, title,
                                     detail, meta, NULL, c->n_messages);
}

static CorridorMessagesItem *
hit_item (const CorridorMessageHit *hit)
{
  g_autofree char *title = route_markup (hit->message);
  g_autofree char *detail = snippet_markup (hit->message->body, hit->spans);
  g_autofree char *when = message_time (hit->message);
  g_autofree char *source = corridor_text_reveal_controls (hit->source_path, FALSE);

  return corridor_messages_item_new (CORRIDOR_MESSAGES_ITEM_HIT, hit->message->id,
                                     hit->conversation, title, detail, when, source, 0);
}

/* --- background reads --- */

typedef enum {
  JOB_LIST,
  JOB_SEARCH,
  JOB_PAGE,
} JobKind;

typedef struct {
  JobKind  kind;
  char    *path;
  gboolean writable;
  char    *text;          /* JOB_SEARCH */
  char    *key;           /* JOB_PAGE; NULL: the conversation of @around */
  char    *around;
  guint    before, after;
  int      direction;     /* JOB_PAGE: 0 opens, -1 reads earlier, +1 later */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->path);
  g_free (job->text);
  g_free (job->key);
  g_free (job->around);
  g_free (job);
}

static void
job_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorStore) store = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  store = corridor_store_open (job->path, job->writable ? CORRIDOR_STORE_OPEN_DEFAULT
                                                        : CORRIDOR_STORE_OPEN_READ_ONLY, &error);
  /* A file we may not write to is still searched, through TEMP. */
  if (store == NULL && job->writable)
    {
      g_clear_error (&error);
      store = corridor_store_open (job->path, CORRIDOR_STORE_OPEN_READ_ONLY, &error);
    }
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  switch (job->kind)
    {
    case JOB_LIST:
      {
        GPtrArray *list = corridor_store_list_conversations (store, &error);

        if (list != NULL)
          g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
        else
          g_task_return_error (task, g_steal_pointer (&error));
      }
      break;
    case JOB_SEARCH:
      {
        GPtrArray *hits = corridor_store_search_messages (store, job->text,
                                                          CORRIDOR_MESSAGES_VIEW_SEARCH_LIMIT,
                                                          cancellable, &error);

        if (hits != NULL)
          g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
        else
          g_task_return_error (task, g_steal_pointer (&error));
      }
      break;
    case JOB_PAGE:
      {
        CorridorConversationPage *page =
          corridor_store_conversation_messages (store, job->key, job->around, job->before,
                                                job->after, &error);

        if (page != NULL)
          g_task_return_pointer (task, page, (GDestroyNotify) corridor_conversation_page_free);
        else
          g_task_return_error (task, g_steal_pointer (&error));
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Runs @job in a thread; a newer job in *@slot cancels this one. */
static void
start_job (CorridorMessagesView *self, Job *job, GCancellable **slot, GAsyncReadyCallback done)
{
  g_autoptr (GTask) task = NULL;

  g_cancellable_cancel (*slot);
  g_clear_object (slot);
  *slot = g_cancellable_new ();
  job->path = g_strdup (self->path);
  job->writable = self->writable && job->kind == JOB_SEARCH;
  busy_push (self);
  task = g_task_new (self, *slot, done, NULL);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, job_thread);
}

/* The result of a job the view still wants: NULL and no @error when it was
 * cancelled (silently) or the view is gone. */
static gpointer
job_finish (CorridorMessagesView *self, GAsyncResult *result, GError **error)
{
  g_autoptr (GError) local = NULL;
  gpointer value = g_task_propagate_pointer (G_TASK (result), &local);

  busy_pop (self);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))) ||
      g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GDestroyNotify free_func = NULL;

      if (value != NULL)
        {
          Job *job = g_task_get_task_data (G_TASK (result));

          free_func = job->kind == JOB_PAGE ? (GDestroyNotify) corridor_conversation_page_free
                                            : (GDestroyNotify) g_ptr_array_unref;
          free_func (value);
        }
      return NULL;
    }
  if (value == NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return value;
}

/* --- the left list --- */

static void
set_items (CorridorMessagesView *self, GPtrArray *items)
{
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items != NULL ? items->pdata : NULL, items != NULL ? items->len : 0);
}

static void
show_left_status (CorridorMessagesView *self, const char *icon, const char *title,
                  const char *description)
{
  adw_status_page_set_icon_name (self->left_status, icon);
  adw_status_page_set_title (self->left_status, title);
  adw_status_page_set_description (self->left_status, description);
  gtk_stack_set_visible_child_name (self->left_stack, "status");
}

static gboolean
entry_is_blank (CorridorMessagesView *self)
{
  for (const char *p = gtk_editable_get_text (GTK_EDITABLE (self->entry)); *p != '\0';
       p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
show_no_case (CorridorMessagesView *self)
{
  set_items (self, NULL);
  gtk_label_set_label (self->count_label, "");
  show_left_status (self, "folder-open-symbolic", _("No Case Open"),
                    _("Open a case, or import chats, to search and read their messages."));
}

static void
show_conversations (CorridorMessagesView *self)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->path == NULL)
    {
      show_no_case (self);
      return;
    }
  if (self->conversations == NULL)
    {
      set_items (self, NULL);
      gtk_label_set_label (self->count_label, _("Reading the conversations…"));
      return;
    }
  for (guint i = 0; i < self->conversations->len; i++)
    g_ptr_array_add (items, conversation_item (g_ptr_array_index (self->conversations, i)));
  set_items (self, items);
  {
    g_autofree char *count = g_strdup_printf (ngettext ("%u conversation", "%u conversations",
                                                        items->len), items->len);
    gtk_label_set_label (self->count_label, count);
  }
  if (items->len == 0)
    show_left_status (self, "mail-unread-symbolic", _("No Messages"),
                      _("This case holds no messages yet. Import chats to read them here."));
  else
    gtk_stack_set_visible_child_name (self->left_stack, "list");
}

static void
list_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CorridorMessagesView *self = CORRIDOR_MESSAGES_VIEW (source);
  g_autoptr (GError) error = NULL;
  GPtrArray *list = job_finish (self, result, &error);

  if (list == NULL && error == NULL)
    return;
  g_clear_pointer (&self->conversations, g_ptr_array_unref);
  g_hash_table_remove_all (self->by_key);
  if (list == NULL)
    {
      if (entry_is_blank (self))
        show_left_status (self, "dialog-warning-symbolic", _("Could Not Read the Messages"),
                          error->message);
      return;
    }
  self->conversations = list;
  for (guint i = 0; i < list->len; i++)
    {
      CorridorConversation *c = g_ptr_array_index (list, i);
      g_hash_table_insert (self->by_key, c->key, c);
    }
  if (entry_is_blank (self))
    show_conversations (self);
}

static void
search_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CorridorMessagesView *self = CORRIDOR_MESSAGES_VIEW (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = job_finish (self, result, &error);
  g_autoptr (GPtrArray) items = NULL;
  g_autofree char *count = NULL;

  if (hits == NULL && error == NULL)
    return;
  if (hits == NULL)
    {
      set_items (self, NULL);
      gtk_label_set_label (self->count_label, "");
      show_left_status (self, "dialog-warning-symbolic", _("Could Not Search"), error->message);
      return;
    }
  g_hash_table_remove_all (self->hit_spans);
  items = g_ptr_array_new_full (hits->len, g_object_unref);
  for (guint i = 0; i < hits->len; i++)
    {
      CorridorMessageHit *hit = g_ptr_array_index (hits, i);

      g_ptr_array_add (items, hit_item (hit));
      g_hash_table_insert (self->hit_spans, g_strdup (hit->message->id),
                           g_array_ref (hit->spans));
    }
  set_items (self, items);
  if (hits->len >= CORRIDOR_MESSAGES_VIEW_SEARCH_LIMIT)
    count = g_strdup_printf (_("The best %u matches"), hits->len);
  else
    count = g_strdup_printf (ngettext ("%u message found", "%u messages found", hits->len),
                             hits->len);
  gtk_label_set_label (self->count_label, count);
  if (hits->len == 0)
    show_left_status (self, "edit-find-symbolic", _("No Results"),
                      _("No message holds all of these words. Try other words, or fewer."));
  else
    gtk_stack_set_visible_child_name (self->left_stack, "list");
}

static void
on_search_changed (CorridorMessagesView *self)
{
  Job *job;

  g_cancellable_cancel (self->search_cancellable);
  if (self->path == NULL)
    {
      show_no_case (self);
      return;
    }
  if (entry_is_blank (self))
    {
      show_conversations (self);
      return;
    }
  job = g_new0 (Job, 1);
  job->kind = JOB_SEARCH;
  job->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  gtk_label_set_label (self->count_label, _("Searching…"));
  start_job (self, job, &self->search_cancellable, search_done);
}

static void
on_stop_search (CorridorMessagesView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

static void
open_item (CorridorMessagesView *self, CorridorMessagesItem *item)
{
  if (item == NULL)
    return;
  if (corridor_messages_item_get_kind (item) == CORRIDOR_MESSAGES_ITEM_HIT)
    corridor_messages_view_show_message (self, corridor_messages_item_get_message_id (item));
  else
    open_page (self, corridor_messages_item_get_key (item), NULL, 0, 2 * self->page_size, 0);
}

static void
on_selected (CorridorMessagesView *self)
{
  open_item (self, gtk_single_selection_get_selected_item (self->selection));
}

/* Enter or a double click: the item shown even when already selected. */
static void
on_activate (CorridorMessagesView *self, guint position)
{
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
  else
    open_item (self, gtk_single_selection_get_selected_item (self->selection));
}

/* Enter in the entry opens the first hit. */
static void
on_entry_activate (CorridorMessagesView *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->items)) > 0)
    on_activate (self, 0);
}

static void
setup_item (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  for (guint i = 0; i < 4; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), i == 3 ? PANGO_ELLIPSIZE_MIDDLE
                                                         : PANGO_ELLIPSIZE_END);
      if (i == 1)
        {
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_lines (GTK_LABEL (label), 2);
        }
      if (i >= 2)
        {
          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_add_css_class (label, "caption");
        }
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_list_item_set_child (item, box);
}

static void
bind_item (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  CorridorMessagesItem *entry = gtk_list_item_get_item (item);
  const char *texts[] = {
    corridor_messages_item_get_title (entry), corridor_messages_item_get_detail (entry),
    corridor_messages_item_get_meta (entry), corridor_messages_item_get_extra (entry),
  };
  guint i = 0;

  for (GtkWidget *label = gtk_widget_get_first_child (box); label != NULL;
       label = gtk_widget_get_next_sibling (label), i++)
    {
      /* Title and detail are markup the view built; the rest plain. */
      if (i < 2)
        gtk_label_set_markup (GTK_LABEL (label), texts[i]);
      else
        gtk_label_set_label (GTK_LABEL (label), texts[i]);
      gtk_widget_set_visible (label, *texts[i] != '\0');
    }
  gtk_widget_set_tooltip_text (gtk_widget_get_last_child (box), texts[3]);
}

/* --- the conversation --- */

static void
show_right_status (CorridorMessagesView *self, const char *icon, const char *title,
                   const char *description)
{
  adw_status_page_set_icon_name (self->right_status, icon);
  adw_status_page_set_title (self->right_status, title);
  adw_status_page_set_description (self->right_status, description);
  gtk_label_set_label (self->title_label, "");
  gtk_label_set_label (self->subtitle_label, "");
  gtk_stack_set_visible_child_name (self->right_stack, "status");
}

static void
clear_conversation (CorridorMessagesView *self)
{
  g_cancellable_cancel (self->page_cancellable);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->chosen_id, g_free);
  g_clear_pointer (&self->chosen_spans, g_array_unref);
  g_clear_pointer (&self->scroll_to, g_free);
  self->offset = self->total = 0;
  show_right_status (self, "mail-unread-symbolic", _("No Conversation Chosen"),
                     _("Choose a conversation or a search result to read it here."));
}

static GtkWidget *
message_row (CorridorMessagesView *self, const CorridorMessage *m)
{
  gboolean chosen = g_strcmp0 (m->id, self->chosen_id) == 0;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *route = gtk_label_new (NULL);
  GtkWidget *when = gtk_label_new (NULL);
  GtkWidget *body = gtk_label_new (NULL);
  g_autofree char *route_text = route_markup (m);
  g_autofree char *time_text = message_time (m);
  g_autofree char *body_text = corridor_evidence_body_markup (m->body,
                                                              chosen ? self->chosen_spans : NULL);

  gtk_label_set_markup (GTK_LABEL (route), route_text);
  gtk_label_set_xalign (GTK_LABEL (route), 0);
  gtk_label_set_ellipsize (GTK_LABEL (route), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (route, TRUE);
  gtk_label_set_label (GTK_LABEL (when), time_text);
  gtk_widget_add_css_class (when, "dim-label");
  gtk_widget_add_css_class (when, "caption");
  gtk_box_append (GTK_BOX (head), route);
  gtk_box_append (GTK_BOX (head), when);
  gtk_label_set_markup (GTK_LABEL (body), body_text);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_box_append (GTK_BOX (box), head);
  gtk_box_append (GTK_BOX (box), body);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "message-id", g_strdup (m->id), g_free);
  return row;
}

static GtkWidget *
find_row (CorridorMessagesView *self, const char *id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->message_list));
       row != NULL && id != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "message-id"), id) == 0)
      return row;
  return NULL;
}

/* Brings scroll_to into the middle of the view once the rows are laid out. */
static gboolean
scroll_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  CorridorMessagesView *self = CORRIDOR_MESSAGES_VIEW (user_data);
  GtkWidget *row = find_row (self, self->scroll_to);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_rect_t bounds;

  if (row != NULL && gtk_widget_compute_bounds (row, self->scroll_box, &bounds) &&
      bounds.size.height > 0 && gtk_adjustment_get_upper (adj) > 0)
    {
      double page = gtk_adjustment_get_page_size (adj);

      gtk_adjustment_set_value (adj, bounds.origin.y - MAX (0, (page - bounds.size.height) / 2));
    }
  else if (row != NULL && ++self->scroll_tries < 60)
    return G_SOURCE_CONTINUE;
  self->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
title_conversation (CorridorMessagesView *self)
{
  const CorridorConversation *c = g_hash_table_lookup (self->by_key, self->key);
  g_autofree char *title = NULL, *subtitle = NULL;
  guint first = self->offset + 1, last = self->offset + self->messages->len;

  if (c != NULL)
    {
      g_autofree char *members = members_text (c, ", ");

      if (c->chat != NULL)
        {
          g_autofree char *chat = reveal_escaped (c->chat);
          title = g_strdup_printf ("<b>%s</b>  %s", chat, members);
        }
      else
        title = g_strdup_printf ("<b>%s</b>", members);
    }
  else if (self->messages->len > 0)
    title = route_markup (g_ptr_array_index (self->messages, 0));
  /* Translators: "Messages 3–27 of 120". */
  subtitle = g_strdup_printf (_("Messages %u–%u of %u"), first, last, self->total);
  gtk_label_set_markup (self->title_label, title != NULL ? title : "");
  gtk_label_set_label (self->subtitle_label, subtitle);
}

static void
show_messages (CorridorMessagesView *self)
{
  GtkWidget *child;
  GtkWidget *chosen = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->message_list))) != NULL)
    gtk_list_box_remove (self->message_list, child);
  for (guint i = 0; i < self->messages->len; i++)
    {
      const CorridorMessage *m = g_ptr_array_index (self->messages, i);
      GtkWidget *row = message_row (self, m);

      gtk_list_box_append (self->message_list, row);
      if (g_strcmp0 (m->id, self->chosen_id) == 0)
        chosen = row;
    }
  if (chosen != NULL)
    gtk_list_box_select_row (self->message_list, GTK_LIST_BOX_ROW (chosen));
  gtk_widget_set_visible (self->earlier_button, self->offset > 0);
  gtk_widget_set_visible (self->later_button, self->offset + self->messages->len < self->total);
  title_conversation (self);
  gtk_stack_set_visible_child_name (self->right_stack, "conversation");
  if (self->scroll_to != NULL && self->scroll_tick == 0)
    {
      self->scroll_tries = 0;
      self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->scroller), scroll_tick,
                                                        self, NULL);
    }
}

static void
page_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CorridorMessagesView *self = CORRIDOR_MESSAGES_VIEW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorConversationPage) page = job_finish (self, result, &error);
  GPtrArray *got;

  if (page == NULL && error == NULL)
    return;
  if (page == NULL)
    {
      if (job->direction == 0)
        {
          clear_conversation (self);
          show_right_status (self, "dialog-warning-symbolic", _("Could Not Read the Conversation"),
                             error->message);
        }
      return;
    }
  got = page->messages;
  if (job->direction == 0 || self->messages == NULL || g_strcmp0 (page->key, self->key) != 0)
    {
      g_free (self->key);
      self->key = g_strdup (page->key);
      g_clear_pointer (&self->messages, g_ptr_array_unref);
      self->messages = g_steal_pointer (&page->messages);
      self->offset = page->offset;
      g_free (self->chosen_id);
      self->chosen_id = page->around >= 0
        ? g_strdup (((CorridorMessage *) g_ptr_array_index (self->messages, page->around))->id)
        : NULL;
      g_clear_pointer (&self->chosen_spans, g_array_unref);
      if (self->chosen_id != NULL && g_hash_table_contains (self->hit_spans, self->chosen_id))
        self->chosen_spans = g_array_ref (g_hash_table_lookup (self->hit_spans, self->chosen_id));
      g_free (self->scroll_to);
      self->scroll_to = g_strdup (self->chosen_id);
    }
  else if (job->direction < 0 && got->len > 0)
    {
      /* The page ends with the first message shown. */
      g_autofree char *anchor = g_strdup (((CorridorMessage *) g_ptr_array_index (self->messages,
                                                                                0))->id);

      g_ptr_array_set_free_func (got, NULL);
      corridor_message_free (g_ptr_array_steal_index (got, got->len - 1));
      g_ptr_array_extend_and_steal (got, g_steal_pointer (&self->messages));
      g_ptr_array_set_free_func (got, (GDestroyNotify) corridor_message_free);
      self->messages = g_steal_pointer (&page->messages);
      self->offset = page->offset;
      g_free (self->scroll_to);
      self->scroll_to = g_steal_pointer (&anchor);
    }
  else if (job->direction > 0 && got->len > 0)
    {
      /* The page starts with the last message shown. */
      corridor_message_free (g_ptr_array_steal_index (got, 0));
      for (guint i = 0; i < got->len; i++)
        g_ptr_array_add (self->messages, g_ptr_array_index (got, i));
      g_ptr_array_set_free_func (got, NULL);
      g_clear_pointer (&self->scroll_to, g_free);
    }
  self->total = page->total;
  show_messages (self);
}

static void
open_page (CorridorMessagesView *self, const char *key, const char *around, guint before,
           guint after, int direction)
{
  Job *job;

  if (self->path == NULL)
    return;
  job = g_new0 (Job, 1);
  job->kind = JOB_PAGE;
  job->key = g_strdup (key);
  job->around = g_strdup (around);
  job->before = before;
  job->after = after;
  job->direction = direction;
  start_job (self, job, &self->page_cancellable, page_done);
}

static void
on_earlier (CorridorMessagesView *self)
{
  if (self->messages != NULL && self->messages->len > 0)
    open_page (self, self->key,
               ((CorridorMessage *) g_ptr_array_index (self->messages, 0))->id,
               self->page_size, 0, -1);
}

static void
on_later (CorridorMessagesView *self)
{
  if (self->messages != NULL && self->messages->len > 0)
    open_page (self, self->key,
               ((CorridorMessage *) g_ptr_array_index (self->messages,
                                                       self->messages->len - 1))->id,
               0, self->page_size, 1);
}

/* --- following the window's case --- */

static void
follow_case (CorridorMessagesView *self, gboolean again)
{
  CorridorStore *store = self->window != NULL ? corridor_window_get_store (self->window) : NULL;
  const char *path = store != NULL ? corridor_store_get_path (store) : NULL;
  gboolean same = g_strcmp0 (path, self->path) == 0;
  Job *job;

  if (same && !again)
    return;
  g_cancellable_cancel (self->list_cancellable);
  if (!same)
    {
      clear_conversation (self);
      g_hash_table_remove_all (self->hit_spans);
      g_clear_pointer (&self->path, g_free);
      self->path = g_strdup (path);
    }
  self->writable = store != NULL && !corridor_store_is_read_only (store);
  g_clear_pointer (&self->conversations, g_ptr_array_unref);
  g_hash_table_remove_all (self->by_key);
  if (self->path == NULL)
    {
      g_cancellable_cancel (self->search_cancellable);
      show_no_case (self);
      return;
    }
  job = g_new0 (Job, 1);
  job->kind = JOB_LIST;
  start_job (self, job, &self->list_cancellable, list_done);
  /* The list (or the hits, read again) follows. */
  on_search_changed (self);
}

static void
on_scene_changed (CorridorMessagesView *self)
{
  follow_case (self, FALSE);
}

/* An import ended: the same case may hold more messages now. */
static void
on_importing (CorridorMessagesView *self)
{
  if (self->window != NULL && !corridor_window_get_importing (self->window))
    follow_case (self, TRUE);
}

/* --- window actions --- */

static void
show_page (CorridorMessagesView *self)
{
  if (self->window != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (self->window), "view",
                                    g_variant_new_string ("messages"));
}

static void
search_messages_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CorridorMessagesView *self = CORRIDOR_MESSAGES_VIEW (user_data);

  show_page (self);
  corridor_messages_view_focus_search (self);
}

static void
show_conversation_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CorridorMessagesView *self = CORRIDOR_MESSAGES_VIEW (user_data);

  show_page (self);
  corridor_messages_view_show_message (self, g_variant_get_string (param, NULL));
}

static const GActionEntry window_actions[] = {
  { .name = "search-messages", .activate = search_messages_activated },
  { .name = "show-conversation", .activate = show_conversation_activated, .parameter_type = "s" },
};

/* --- GObject --- */

static void
corridor_messages_view_get_property (GObject *object, guint prop_id, GValue *value,
                                     GParamSpec *pspec)
{
  CorridorMessagesView *self = CORRIDOR_MESSAGES_VIEW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
corridor_messages_view_dispose (GObject *object)
{
  CorridorMessagesView *self = CORRIDOR_MESSAGES_VIEW (object);

  g_cancellable_cancel (self->list_cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->page_cancellable);
  if (self->scroll_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->scroller), self->scroll_tick);
      self->scroll_tick = 0;
    }
  if (self->window != NULL)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (window_actions); i++)
        g_action_map_remove_action (G_ACTION_MAP (self->window), window_actions[i].name);
      g_signal_handlers_disconnect_by_data (self->window, self);
      g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
      self->window = NULL;
    }
  g_clear_pointer (&self->paned, gtk_widget_unparent);
  g_clear_object (&self->items);
  g_clear_object (&self->selection);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->page_cancellable);
  g_clear_pointer (&self->conversations, g_ptr_array_unref);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->hit_spans, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->chosen_id, g_free);
  g_clear_pointer (&self->chosen_spans, g_array_unref);
  g_clear_pointer (&self->scroll_to, g_free);

  G_OBJECT_CLASS (corridor_messages_view_parent_class)->dispose (object);
}

static void
corridor_messages_view_class_init (CorridorMessagesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = corridor_messages_view_get_property;
  object_class->dispose = corridor_messages_view_dispose;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "corridor-messages-view");
}

static GtkWidget *
build_left (CorridorMessagesView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->entry, "placeholder-text", _("Search messages"), NULL);
  /* Typing pauses this long before a search starts (the old one stops). */
  gtk_search_entry_set_search_delay (self->entry, 200);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search messages"), -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry),
                               _("Messages holding every word, in any case and accent"));
  gtk_widget_set_margin_start (GTK_WIDGET (self->entry), 8);
  gtk_widget_set_margin_end (GTK_WIDGET (self->entry), 8);
  gtk_widget_set_margin_top (GTK_WIDGET (self->entry), 8);
  g_signal_connect_swapped (self->entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->entry, "stop-search", G_CALLBACK (on_stop_search), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_entry_activate), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->entry));

  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->count_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "caption");
  gtk_widget_set_margin_start (GTK_WIDGET (self->count_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->count_label), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->count_label), 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->count_label));

  self->items = g_list_store_new (CORRIDOR_TYPE_MESSAGES_ITEM);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selected), self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item), NULL);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (
      GTK_SELECTION_MODEL (g_object_ref (self->selection)), g_object_ref (factory)));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search results, or the conversations"), -1);
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (on_activate), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list_view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);

  self->left_status = ADW_STATUS_PAGE (adw_status_page_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->left_status), "compact");
  self->left_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->left_stack), TRUE);
  gtk_stack_add_named (self->left_stack, scroller, "list");
  gtk_stack_add_named (self->left_stack, GTK_WIDGET (self->left_status), "status");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->left_stack));
  gtk_widget_set_size_request (box, 240, -1);
  return box;
}

static GtkWidget *
build_right (CorridorMessagesView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);
  self->subtitle_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->subtitle_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle_label), "caption");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->subtitle_label));
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, 10);
  gtk_widget_set_margin_bottom (header, 10);
  gtk_box_append (GTK_BOX (box), header);

  self->earlier_button = gtk_button_new_with_label (_("Earlier"));
  gtk_widget_set_tooltip_text (self->earlier_button, _("Read the messages before these"));
  gtk_widget_set_halign (self->earlier_button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->earlier_button, 6);
  g_signal_connect_swapped (self->earlier_button, "clicked", G_CALLBACK (on_earlier), self);
  self->later_button = gtk_button_new_with_label (_("Later"));
  gtk_widget_set_tooltip_text (self->later_button, _("Read the messages after these"));
  gtk_widget_set_halign (self->later_button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_bottom (self->later_button, 6);
  g_signal_connect_swapped (self->later_button, "clicked", G_CALLBACK (on_later), self);

  self->message_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->message_list, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The conversation's messages"), -1);
  self->scroll_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (self->scroll_box), self->earlier_button);
  gtk_box_append (GTK_BOX (self->scroll_box), GTK_WIDGET (self->message_list));
  gtk_box_append (GTK_BOX (self->scroll_box), self->later_button);
  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (self->scroller, self->scroll_box);

  self->right_status = ADW_STATUS_PAGE (adw_status_page_new ());
  self->right_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->right_stack), TRUE);
  gtk_stack_add_named (self->right_stack, GTK_WIDGET (self->scroller), "conversation");
  gtk_stack_add_named (self->right_stack, GTK_WIDGET (self->right_status), "status");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->right_stack));
  gtk_widget_set_size_request (box, 260, -1);
  return box;
}

static void
corridor_messages_view_init (CorridorMessagesView *self)
{
  self->page_size = PAGE_SIZE;
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->hit_spans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_array_unref);
  self->paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child (GTK_PANED (self->paned), build_left (self));
  gtk_paned_set_end_child (GTK_PANED (self->paned), build_right (self));
  gtk_paned_set_shrink_start_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_position (GTK_PANED (self->paned), 380);
  gtk_widget_set_parent (self->paned, GTK_WIDGET (self));
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  clear_conversation (self);
  show_no_case (self);
}

/* --- public --- */

GtkWidget *
corridor_messages_view_new (CorridorWindow *window)
{
  CorridorMessagesView *self;

  g_return_val_if_fail (CORRIDOR_IS_WINDOW (window), NULL);
  self = g_object_new (CORRIDOR_TYPE_MESSAGES_VIEW, NULL);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  g_action_map_add_action_entries (G_ACTION_MAP (window), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
  g_signal_connect_swapped (window, "scene-changed", G_CALLBACK (on_scene_changed), self);
  g_signal_connect_swapped (window, "notify::importing", G_CALLBACK (on_importing), self);
  follow_case (self, FALSE);
  return GTK_WIDGET (self);
}

void
corridor_messages_view_show_message (CorridorMessagesView *self, const char *message_id)
{
  g_return_if_fail (CORRIDOR_IS_MESSAGES_VIEW (self));
  g_return_if_fail (message_id != NULL);

  /* The window's case may have just opened without a scene change yet. */
  follow_case (self, FALSE);
  open_page (self, NULL, message_id, self->page_size, self->page_size, 0);
}

void
corridor_messages_view_focus_search (CorridorMessagesView *self)
{
  g_return_if_fail (CORRIDOR_IS_MESSAGES_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

void
corridor_messages_view_set_page_size (CorridorMessagesView *self, guint n)
{
  g_return_if_fail (CORRIDOR_IS_MESSAGES_VIEW (self));
  g_return_if_fail (n > 0);
  self->page_size = n;
}

gboolean
corridor_messages_view_get_busy (CorridorMessagesView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MESSAGES_VIEW (self), FALSE);
  return self->busy > 0;
}

GListModel *
corridor_messages_view_get_items (CorridorMessagesView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MESSAGES_VIEW (self), NULL);
  return G_LIST_MODEL (self->items);
}

GtkWidget *
corridor_messages_view_get_search_entry (CorridorMessagesView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MESSAGES_VIEW (self), NULL);
  return GTK_WIDGET (self->entry);
}

GtkWidget *
corridor_messages_view_get_list_view (CorridorMessagesView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MESSAGES_VIEW (self), NULL);
  return GTK_WIDGET (self->list_view);
}

const char *
corridor_messages_view_get_conversation_key (CorridorMessagesView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MESSAGES_VIEW (self), NULL);
  return self->key;
}

GPtrArray *
corridor_messages_view_get_conversation (CorridorMessagesView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MESSAGES_VIEW (self), NULL);
  return self->messages;
}

const char *
corridor_messages_view_get_chosen_id (CorridorMessagesView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MESSAGES_VIEW (self), NULL);
  return self->chosen_id;
}
