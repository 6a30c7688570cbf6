/* corridor-messages-item.c: the messages page's list entries. Plain
 * immutable data behind a GObject so that GListStore and GtkListView can
 * hold it; the view builds the safe display strings, this type only
 * carries them. */
#include "corridor-messages-item.h"

struct _CorridorMessagesItem
{
  GObject                  parent_instance;
  CorridorMessagesItemKind kind;
  char                    *message_id;
  char                    *key;
  char                    *title;
  char                    *detail;
  char                    *meta;
  char                    *extra;
  guint                    count;
};

G_DEFINE_FINAL_TYPE (CorridorMessagesItem, corridor_messages_item, G_TYPE_OBJECT)

static void
corridor_messages_item_finalize (GObject *object)
{
  CorridorMessagesItem *self = CORRIDOR_MESSAGES_ITEM (object);

  g_free (self->message_id);
  g_free (self->key);
  g_free (self->title);
  g_free (self->detail);
  g_free (self->meta);
  g_free (self->extra);
  G_OBJECT_CLASS (corridor_messages_item_parent_class)->finalize (object);
}

static void
corridor_messages_item_class_init (CorridorMessagesItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = corridor_messages_item_finalize;
}

static void
corridor_messages_item_init (CorridorMessagesItem *self)
{
}

CorridorMessagesItem *
corridor_messages_item_new (CorridorMessagesItemKind kind, const char *message_id,
                            const char *key, const char *title, const char *detail,
                            const char *meta, const char *extra, guint count)
{
  CorridorMessagesItem *self;

  g_return_val_if_fail (key != NULL && title != NULL, NULL);
  g_return_val_if_fail ((kind == CORRIDOR_MESSAGES_ITEM_HIT) == (message_id != NULL), NULL);
  self = g_object_new (CORRIDOR_TYPE_MESSAGES_ITEM, NULL);
  self->kind = kind;
  self->message_id = g_strdup (message_id);
  self->key = g_strdup (key);
  self->title = g_strdup (title);
  self->detail = g_strdup (detail != NULL ? detail : "");
  self->meta = g_strdup (meta != NULL ? meta : "");
  self->extra = g_strdup (extra != NULL ? extra : "");
  self->count = count;
  return self;
}

#define GETTER(type, name, fallback)                                     \
  type                                                                   \
  corridor_messages_item_get_##name (CorridorMessagesItem *self)         \
  {                                                                      \
    g_return_val_if_fail (CORRIDOR_IS_MESSAGES_ITEM (self), fallback);   \
    return self->name;                                                   \
  }

GETTER (CorridorMessagesItemKind, kind, CORRIDOR_MESSAGES_ITEM_HIT)
GETTER (const char *, message_id, NULL)
GETTER (const char *, key, NULL)
GETTER (const char *, title, NULL)
GETTER (const char *, detail, NULL)
GETTER (const char *, meta, NULL)
GETTER (const char *, extra, NULL)
GETTER (guint, count, 0)
