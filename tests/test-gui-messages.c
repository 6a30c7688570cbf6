/* test-gui-messages.c: the Messages page in a real window under Xvfb. With
 * no case it shows an empty state; on the demo case the empty search lists
 * corridor_store_list_conversations' conversations with their counts; a
 * word typed into the search entry lists exactly the hits of
 * corridor_store_search_messages, and activating one shows its
 * conversation around it (with the messages before and after it when the
 * case has them), as do win.show-conversation and the evidence pane's
 * "Show in Conversation" button; Later and Earlier read on; Shift+Ctrl+F's action
 * shows the page with the entry focused. Leaves gui-messages.png in
 * G_TEST_BUILDDIR. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>

#include "corridor-application.h"
#include "corridor-window.h"
#include "corridor-evidence-panel.h"
#include "corridor-messages-item.h"
#include "corridor-messages-view.h"
#include "corridor-store.h"
#include "corridor-test-gui.h"

static CorridorApplication *app;
static CorridorWindow *window;
static char *demo_dir;
static char *demo_path;
static char *word;           /* a word of the demo's messages, found through the store */

static CorridorMessagesView *
get_view (void)
{
  GtkWidget *slot = GTK_WIDGET (corridor_window_get_slot (window, "messages"));

  for (GtkWidget *c = gtk_widget_get_first_child (slot); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (CORRIDOR_IS_MESSAGES_VIEW (c))
      return CORRIDOR_MESSAGES_VIEW (c);
  g_assert_not_reached ();
  return NULL;
}

/* A connection of the test's own, read-only, to ask the store directly. */
static CorridorStore *
open_demo (void)
{
  g_autoptr (GError) error = NULL;
  CorridorStore *store = corridor_store_open (demo_path, CORRIDOR_STORE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return store;
}

static void
set_view (const char *name)
{
  g_action_group_activate_action (G_ACTION_GROUP (window), "view", g_variant_new_string (name));
}

static char *
view_state (void)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), "view");

  return g_variant_dup_string (state, NULL);
}

static gboolean
view_idle (gpointer data)
{
  return !corridor_messages_view_get_busy (get_view ());
}

/* The list holds @n items, all of kind @kind, and nothing is being read. */
typedef struct {
  CorridorMessagesItemKind kind;
  guint                    n;
} ItemsWait;

static gboolean
items_are (gpointer data)
{
  ItemsWait *w = data;
  GListModel *items = corridor_messages_view_get_items (get_view ());

  if (corridor_messages_view_get_busy (get_view ()) || g_list_model_get_n_items (items) != w->n)
    return FALSE;
  for (guint i = 0; i < w->n; i++)
    {
      g_autoptr (CorridorMessagesItem) item = g_list_model_get_item (items, i);

      if (corridor_messages_item_get_kind (item) != w->kind)
        return FALSE;
    }
  return TRUE;
}

static gboolean
shows_message (gpointer data)
{
  CorridorMessagesView *view = get_view ();

  return !corridor_messages_view_get_busy (view) &&
         g_strcmp0 (corridor_messages_view_get_chosen_id (view), data) == 0;
}

/* Where message @id is in the conversation shown, or -1. */
static int
index_in_conversation (const char *id)
{
  GPtrArray *messages = corridor_messages_view_get_conversation (get_view ());

  for (guint i = 0; messages != NULL && i < messages->len; i++)
    if (strcmp (((CorridorMessage *) g_ptr_array_index (messages, i))->id, id) == 0)
      return (int) i;
  return -1;
}

/* The conversation shown holds @id, with a message before and after it
 * whenever the store has one, in the store's order. */
static void
assert_shown_around (const char *id)
{
  g_autoptr (CorridorStore) store = open_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorConversationPage) page =
    corridor_store_conversation_messages (store, NULL, id, 1, 1, &error);
  CorridorMessagesView *view = get_view ();
  GPtrArray *shown = corridor_messages_view_get_conversation (view);
  int at = index_in_conversation (id);

  g_assert_no_error (error);
  g_assert_cmpstr (corridor_messages_view_get_conversation_key (view), ==, page->key);
  g_assert_cmpstr (corridor_messages_view_get_chosen_id (view), ==, id);
  g_assert_cmpint (at, >=, 0);
  if (page->around > 0)
    {
      g_assert_cmpint (at, >, 0);
      g_assert_cmpstr (((CorridorMessage *) g_ptr_array_index (shown, at - 1))->id, ==,
                       ((CorridorMessage *) g_ptr_array_index (page->messages, 0))->id);
    }
  if ((guint) page->around + 1 < page->messages->len)
    {
      g_assert_cmpint (at + 1, <, (int) shown->len);
      g_assert_cmpstr (((CorridorMessage *) g_ptr_array_index (shown, at + 1))->id, ==,
                       ((CorridorMessage *) g_ptr_array_index (page->messages,
                                                               page->around + 1))->id);
    }
}

static GtkWidget *
find_button (GtkWidget *root, const char *label, const char *name)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      ((label != NULL && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0) ||
       (name != NULL && g_strcmp0 (gtk_widget_get_name (root), name) == 0)))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_status_page (GtkWidget *root)
{
  if (ADW_IS_STATUS_PAGE (root) && gtk_widget_get_mapped (root))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (has_status_page (c))
      return TRUE;
  return FALSE;
}

static void
test_empty_without_case (void)
{
  window = corridor_test_gui_window (app);
  set_view ("messages");
  corridor_test_spin (100);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (get_view ())));
  g_assert_cmpuint (g_list_model_get_n_items (corridor_messages_view_get_items (get_view ())), ==, 0);
  g_assert_true (has_status_page (GTK_WIDGET (get_view ())));
  g_assert_null (corridor_messages_view_get_conversation_key (get_view ()));
}

static void
assert_conversations_listed (void)
{
  g_autoptr (CorridorStore) store = open_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = corridor_store_list_conversations (store, &error);
  GListModel *items = corridor_messages_view_get_items (get_view ());
  ItemsWait w = { CORRIDOR_MESSAGES_ITEM_CONVERSATION, 0 };

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >, 1);
  w.n = list->len;
  g_assert_true (corridor_test_wait_until (items_are, &w, 20000));
  for (guint i = 0; i < list->len; i++)
    {
      CorridorConversation *c = g_ptr_array_index (list, i);
      g_autoptr (CorridorMessagesItem) item = g_list_model_get_item (items, i);
      g_autofree char *first_day = g_strndup (c->first_ts, 10);

      g_assert_cmpstr (corridor_messages_item_get_key (item), ==, c->key);
      g_assert_cmpuint (corridor_messages_item_get_count (item), ==, c->n_messages);
      g_assert_nonnull (strstr (corridor_messages_item_get_meta (item), first_day));
    }
}

static void
test_conversations (void)
{
  demo_path = corridor_test_gui_open_demo (window, demo_dir);
  set_view ("messages");
  assert_conversations_listed ();
}

/* A word of at least five letters from the demo's messages with a few hits. */
static char *
find_word (CorridorStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = corridor_store_list_messages (store, NULL, NULL, "", &error);

  g_assert_no_error (error);
  for (guint i = all->len / 2; i < all->len; i++)
    {
      const CorridorMessage *m = g_ptr_array_index (all, i);
      g_auto (GStrv) words = g_strsplit_set (m->body, " ,.:;!?()\"'\n", -1);

      for (guint k = 0; words[k] != NULL; k++)
        {
          gboolean letters = g_utf8_strlen (words[k], -1) >= 5;
          g_autoptr (GPtrArray) hits = NULL;

          for (const char *p = words[k]; *p != '\0' && letters; p = g_utf8_next_char (p))
            letters = g_unichar_isalpha (g_utf8_get_char (p));
          if (!letters)
            continue;
          hits = corridor_store_search_messages (store, words[k],
                                                 CORRIDOR_MESSAGES_VIEW_SEARCH_LIMIT, NULL, &error);
          g_assert_no_error (error);
          if (hits->len >= 3 && hits->len < 60)
            return g_strdup (words[k]);
        }
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_search (void)
{
  g_autoptr (CorridorStore) store = open_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = NULL;
  CorridorMessagesView *view = get_view ();
  GListModel *items = corridor_messages_view_get_items (view);
  ItemsWait w = { CORRIDOR_MESSAGES_ITEM_HIT, 0 };
  int chosen = -1;

  word = find_word (store);
  g_test_message ("searching for “%s”", word);
  hits = corridor_store_search_messages (store, word, CORRIDOR_MESSAGES_VIEW_SEARCH_LIMIT, NULL,
                                         &error);
  g_assert_no_error (error);
  w.n = hits->len;

  gtk_editable_set_text (GTK_EDITABLE (corridor_messages_view_get_search_entry (view)), word);
  g_assert_true (corridor_test_wait_until (items_are, &w, 20000));
  for (guint i = 0; i < hits->len; i++)
    {
      CorridorMessageHit *hit = g_ptr_array_index (hits, i);
      g_autoptr (CorridorMessagesItem) item = g_list_model_get_item (items, i);

      g_assert_cmpstr (corridor_messages_item_get_message_id (item), ==, hit->message->id);
      g_assert_cmpstr (corridor_messages_item_get_key (item), ==, hit->conversation);
      /* The match is marked in the snippet. */
      g_assert_nonnull (strstr (corridor_messages_item_get_detail (item), "background=\"#f9f06b\""));
      g_assert_true (pango_parse_markup (corridor_messages_item_get_detail (item), -1, 0, NULL,
                                         NULL, NULL, NULL));
      g_assert_true (pango_parse_markup (corridor_messages_item_get_title (item), -1, 0, NULL,
                                         NULL, NULL, NULL));
      /* Prefer a hit with messages on both sides. */
      if (chosen < 0 || i == hits->len / 2)
        {
          g_autoptr (CorridorConversationPage) page =
            corridor_store_conversation_messages (store, NULL, hit->message->id, 1, 1, &error);

          g_assert_no_error (error);
          if (page->around > 0 && (guint) page->around + 1 < page->messages->len)
            chosen = (int) i;
        }
    }
  if (chosen < 0)
    chosen = 0;

  /* Activating a hit shows it in its conversation. */
  {
    CorridorMessageHit *hit = g_ptr_array_index (hits, chosen);

    g_signal_emit_by_name (corridor_messages_view_get_list_view (view), "activate", (guint) chosen);
    g_assert_true (corridor_test_wait_until (shows_message, hit->message->id, 20000));
    assert_shown_around (hit->message->id);
    g_assert_cmpstr (corridor_messages_view_get_conversation_key (view), ==, hit->conversation);
  }
  corridor_test_spin (300);
  corridor_test_save_widget_png (GTK_WIDGET (window), "gui-messages.png");
}

static void
test_show_conversation_action (void)
{
  g_autoptr (CorridorStore) store = open_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) shipments = corridor_store_query_shipments (store, NULL, &error);
  const char *id;
  g_autofree char *state = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (shipments->len, >, 0);
  /* The last evidence message of a shipment from the middle of the case. */
  {
    CorridorShipment *s = g_ptr_array_index (shipments, shipments->len / 2);

    g_assert_nonnull (s->evidence);
    g_assert_nonnull (s->evidence[0]);
    id = s->evidence[g_strv_length (s->evidence) - 1];
  }
  set_view ("map");
  corridor_test_spin (200);
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-conversation",
                                  g_variant_new_string (id));
  state = view_state ();
  g_assert_cmpstr (state, ==, "messages");
  g_assert_true (corridor_test_wait_until (shows_message, (gpointer) id, 20000));
  assert_shown_around (id);

  /* A message the case does not hold: no conversation, no crash. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-conversation",
                                  g_variant_new_string ("no-such-message"));
  g_assert_true (corridor_test_wait_until (view_idle, NULL, 20000));
  g_assert_null (corridor_messages_view_get_conversation_key (get_view ()));
}

typedef struct {
  GtkWidget *root;
  GtkWidget *found;
} ButtonWait;

static gboolean
button_shown (gpointer data)
{
  ButtonWait *w = data;

  w->found = find_button (w->root, NULL, "show-conversation");
  return w->found != NULL;
}

/* The evidence pane's button on a message row opens it here. */
static void
test_evidence_button (void)
{
  g_autoptr (CorridorStore) store = open_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) shipments = corridor_store_query_shipments (store, NULL, &error);
  GtkWidget *panel = corridor_window_get_evidence_panel (window);
  ButtonWait w = { panel, NULL };
  GVariant *target;   /* the button's */
  g_autofree char *state = NULL;
  const char *id;

  g_assert_no_error (error);
  set_view ("map");
  corridor_test_spin (200);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-evidence",
                                      g_variant_new_boolean (TRUE));
  g_action_group_activate_action (G_ACTION_GROUP (window), "select-shipment",
                                  g_variant_new_string (((CorridorShipment *)
                                                         g_ptr_array_index (shipments, 0))->id));
  g_assert_true (corridor_test_wait_until (button_shown, &w, 20000));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (w.found)), ==,
                   "win.show-conversation");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (w.found));
  g_assert_nonnull (target);
  id = g_variant_get_string (target, NULL);
  /* A button's activation clicks it a moment later. */
  g_assert_true (gtk_widget_activate (w.found));
  g_assert_true (corridor_test_wait_until (shows_message, (gpointer) id, 20000));
  state = view_state ();
  g_assert_cmpstr (state, ==, "messages");
  assert_shown_around (id);
}

typedef struct {
  const char *key;
  guint       n;
} LengthWait;

static gboolean
conversation_has (gpointer data)
{
  LengthWait *w = data;
  CorridorMessagesView *view = get_view ();
  GPtrArray *shown = corridor_messages_view_get_conversation (view);

  return !corridor_messages_view_get_busy (view) && shown != NULL && shown->len == w->n &&
         g_strcmp0 (corridor_messages_view_get_conversation_key (view), w->key) == 0;
}

/* The conversation shown is @all's messages @from to @from + @n. */
static void
assert_shown_slice (GPtrArray *all, guint from, guint n)
{
  GPtrArray *shown = corridor_messages_view_get_conversation (get_view ());

  g_assert_cmpuint (shown->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (((CorridorMessage *) g_ptr_array_index (shown, i))->id, ==,
                     ((CorridorMessage *) g_ptr_array_index (all, from + i))->id);
}

static void
click (GtkWidget *view, const char *label)
{
  GtkWidget *button;

  corridor_test_spin (100);
  button = find_button (view, label, NULL);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
}

/* A conversation opens at its start; Later reads on and Earlier back, in
 * the store's order, three at a time. */
static void
test_paging (void)
{
  g_autoptr (CorridorStore) store = open_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorConversationPage) all = NULL;
  g_autoptr (CorridorMessagesItem) item = NULL;
  CorridorMessagesView *view = get_view ();
  GListModel *items = NULL;
  guint longest = 0, at = 0;
  LengthWait w = { 0 };

  gtk_editable_set_text (GTK_EDITABLE (corridor_messages_view_get_search_entry (view)), "");
  assert_conversations_listed ();
  items = corridor_messages_view_get_items (view);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (CorridorMessagesItem) it = g_list_model_get_item (items, i);

      if (corridor_messages_item_get_count (it) > longest)
        {
          longest = corridor_messages_item_get_count (it);
          at = i;
        }
    }
  g_assert_cmpuint (longest, >=, 16);
  item = g_list_model_get_item (items, at);
  w.key = corridor_messages_item_get_key (item);
  all = corridor_store_conversation_messages (store, w.key, NULL, 0, G_MAXUINT - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->messages->len, ==, longest);

  corridor_messages_view_set_page_size (view, 3);
  g_signal_emit_by_name (corridor_messages_view_get_list_view (view), "activate", at);
  w.n = 7;
  g_assert_true (corridor_test_wait_until (conversation_has, &w, 20000));
  assert_shown_slice (all->messages, 0, 7);
  corridor_test_spin (100);
  g_assert_null (find_button (GTK_WIDGET (view), "Earlier", NULL));
  click (GTK_WIDGET (view), "Later");
  w.n = 10;
  g_assert_true (corridor_test_wait_until (conversation_has, &w, 20000));
  assert_shown_slice (all->messages, 0, 10);

  /* Around a message further on, then Earlier. */
  {
    const char *id = ((CorridorMessage *) g_ptr_array_index (all->messages, 12))->id;

    corridor_messages_view_show_message (view, id);
    g_assert_true (corridor_test_wait_until (shows_message, (gpointer) id, 20000));
    assert_shown_slice (all->messages, 9, 7);
    click (GTK_WIDGET (view), "Earlier");
    w.n = 10;
    g_assert_true (corridor_test_wait_until (conversation_has, &w, 20000));
    assert_shown_slice (all->messages, 6, 10);
    g_assert_cmpstr (corridor_messages_view_get_chosen_id (view), ==, id);
  }
  corridor_messages_view_set_page_size (view, 25);
}

static void
test_search_action (void)
{
  GtkWidget *entry = corridor_messages_view_get_search_entry (get_view ());
  g_autofree char *state = NULL;
  GtkWidget *focus;

  set_view ("map");
  corridor_test_spin (200);
  g_action_group_activate_action (G_ACTION_GROUP (window), "search-messages", NULL);
  corridor_test_spin (100);
  state = view_state ();
  g_assert_cmpstr (state, ==, "messages");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
  /* The accelerator the help overlay lists. */
  {
    g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                   "win.search-messages");
    g_assert_nonnull (accels[0]);
    g_assert_cmpstr (accels[0], ==, "<Shift><Control>f");
  }
  /* Back to the conversations when the entry empties. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  assert_conversations_listed ();
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;

  app = corridor_test_gui_init (&argc, &argv);
  if (app == NULL)
    return 77;
  demo_dir = g_dir_make_tmp ("corridor-gui-messages-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/gui/messages/empty-without-case", test_empty_without_case);
  g_test_add_func ("/gui/messages/conversations", test_conversations);
  g_test_add_func ("/gui/messages/search", test_search);
  g_test_add_func ("/gui/messages/show-conversation", test_show_conversation_action);
  g_test_add_func ("/gui/messages/evidence-button", test_evidence_button);
  g_test_add_func ("/gui/messages/paging", test_paging);
  g_test_add_func ("/gui/messages/search-action", test_search_action);

  int ret = g_test_run ();
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  corridor_test_remove_case (demo_path);
  g_rmdir (demo_dir);
  g_free (demo_path);
  g_free (demo_dir);
  g_free (word);
  g_clear_object (&app);
  return ret;
}
