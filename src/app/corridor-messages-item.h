/* corridor-messages-item.h: one entry of the messages page's list: a search
 * hit (a message, its conversation and the matched text) or a
 * conversation. Immutable once built; every string in it is already safe
 * to show (controls revealed, markup escaped). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  CORRIDOR_MESSAGES_ITEM_HIT,
  CORRIDOR_MESSAGES_ITEM_CONVERSATION,
} CorridorMessagesItemKind;

#define CORRIDOR_TYPE_MESSAGES_ITEM (corridor_messages_item_get_type ())
G_DECLARE_FINAL_TYPE (CorridorMessagesItem, corridor_messages_item, CORRIDOR, MESSAGES_ITEM,
                      GObject)

/* @message_id: the hit's message (NULL for a conversation); @key: the
 * conversation; @title and @detail are Pango markup, @meta and @extra
 * plain text (time, source; counts, dates); @count: a conversation's
 * messages (0 for a hit). */
CorridorMessagesItem *corridor_messages_item_new (CorridorMessagesItemKind kind,
                                                  const char *message_id, const char *key,
                                                  const char *title, const char *detail,
                                                  const char *meta, const char *extra,
                                                  guint count);

CorridorMessagesItemKind corridor_messages_item_get_kind       (CorridorMessagesItem *self);
const char              *corridor_messages_item_get_message_id (CorridorMessagesItem *self);
const char              *corridor_messages_item_get_key        (CorridorMessagesItem *self);
const char              *corridor_messages_item_get_title      (CorridorMessagesItem *self);
const char              *corridor_messages_item_get_detail     (CorridorMessagesItem *self);
const char              *corridor_messages_item_get_meta       (CorridorMessagesItem *self);
const char              *corridor_messages_item_get_extra      (CorridorMessagesItem *self);
guint                    corridor_messages_item_get_count      (CorridorMessagesItem *self);

G_END_DECLS
