/* corridor-messages-view.h: the messages page. Left, a search entry over
 * the messages that hold its words (corridor_store_search_messages) or,
 * while it is empty, the case's conversations; right, the chosen
 * conversation in order around the chosen message, with Earlier and Later
 * to read on. Every read runs in a GTask on a connection of its own, so the
 * window's store is never touched off the main thread. It adds two actions
 * to its window: win.search-messages (shows the page and focuses the
 * entry) and win.show-conversation (s: a message id; shows that message in
 * its conversation). */
#pragma once

#include <gtk/gtk.h>
#include "corridor-window.h"

G_BEGIN_DECLS

/* The most hits a search lists: the best matches, by time. */
#define CORRIDOR_MESSAGES_VIEW_SEARCH_LIMIT 500

#define CORRIDOR_TYPE_MESSAGES_VIEW (corridor_messages_view_get_type ())
G_DECLARE_FINAL_TYPE (CorridorMessagesView, corridor_messages_view, CORRIDOR, MESSAGES_VIEW,
                      GtkWidget)

/* A view following @window's open case (its "scene-changed" and
 * "importing"), for its "messages" slot. */
GtkWidget  *corridor_messages_view_new (CorridorWindow *window);

/* Opens message @message_id in its conversation, with the messages before
 * and after it, and marks it. */
void        corridor_messages_view_show_message (CorridorMessagesView *self,
                                                 const char *message_id);
void        corridor_messages_view_focus_search (CorridorMessagesView *self);
/* How many messages a conversation shows on each side of the chosen one,
 * and Earlier or Later adds (25; a conversation opened from the list
 * shows twice as many from its start). */
void        corridor_messages_view_set_page_size (CorridorMessagesView *self, guint n);

/* TRUE while a search, the conversation list or a conversation is being
 * read; "busy" notifies when this changes. */
gboolean    corridor_messages_view_get_busy (CorridorMessagesView *self);
/* What the left list shows (CorridorMessagesItem): hits, or conversations
 * while the entry is empty. */
GListModel *corridor_messages_view_get_items (CorridorMessagesView *self);
GtkWidget  *corridor_messages_view_get_search_entry (CorridorMessagesView *self);
GtkWidget  *corridor_messages_view_get_list_view (CorridorMessagesView *self);
/* The conversation shown: its key (NULL when none), the messages loaded so
 * far in order (CorridorMessage*, borrowed) and the marked message's id. */
const char *corridor_messages_view_get_conversation_key (CorridorMessagesView *self);
GPtrArray  *corridor_messages_view_get_conversation (CorridorMessagesView *self);
const char *corridor_messages_view_get_chosen_id (CorridorMessagesView *self);

G_END_DECLS
