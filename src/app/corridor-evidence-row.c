/* corridor-evidence-row.c: the evidence panel's list items. Plain immutable
 * data behind a GObject so that GListStore and GtkListView can hold it; the
 * panel builds the safe display strings, this type only carries them. */
#include "corridor-evidence-row.h"

struct _CorridorEvidenceRow
{
  GObject                 parent_instance;
  CorridorEvidenceRowKind kind;
  char                   *field;
  char                   *title;
  char                   *value;
  gboolean                known;
  char                   *message_id;
  char                   *markup;
  char                   *meta;
  char                   *source;
};

G_DEFINE_FINAL_TYPE (CorridorEvidenceRow, corridor_evidence_row, G_TYPE_OBJECT)

static void
corridor_evidence_row_finalize (GObject *object)
{
  CorridorEvidenceRow *self = CORRIDOR_EVIDENCE_ROW (object);

  g_free (self->field);
  g_free (self->title);
  g_free (self->value);
  g_free (self->message_id);
  g_free (self->markup);
  g_free (self->meta);
  g_free (self->source);
  G_OBJECT_CLASS (corridor_evidence_row_parent_class)->finalize (object);
}

static void
corridor_evidence_row_class_init (CorridorEvidenceRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = corridor_evidence_row_finalize;
}

static void
corridor_evidence_row_init (CorridorEvidenceRow *self)
{
}

CorridorEvidenceRow *
corridor_evidence_row_new_fact (const char *field, const char *title, const char *value,
                                gboolean known)
{
  CorridorEvidenceRow *self;

  g_return_val_if_fail (title != NULL, NULL);
  self = g_object_new (CORRIDOR_TYPE_EVIDENCE_ROW, NULL);
  self->kind = CORRIDOR_EVIDENCE_ROW_FACT;
  self->field = g_strdup (field);
  self->title = g_strdup (title);
  self->value = g_strdup (value != NULL ? value : "");
  self->known = known;
  return self;
}

CorridorEvidenceRow *
corridor_evidence_row_new_message (const char *field, const char *message_id, const char *markup,
                                   const char *meta, const char *source)
{
  CorridorEvidenceRow *self;

  g_return_val_if_fail (message_id != NULL && markup != NULL, NULL);
  self = g_object_new (CORRIDOR_TYPE_EVIDENCE_ROW, NULL);
  self->kind = CORRIDOR_EVIDENCE_ROW_MESSAGE;
  self->field = g_strdup (field);
  self->message_id = g_strdup (message_id);
  self->markup = g_strdup (markup);
  self->meta = g_strdup (meta != NULL ? meta : "");
  self->source = g_strdup (source != NULL ? source : "");
  self->known = TRUE;
  return self;
}

#define GETTER(type, name, fallback)                                     \
  type                                                                   \
  corridor_evidence_row_get_##name (CorridorEvidenceRow *self)           \
  {                                                                      \
    g_return_val_if_fail (CORRIDOR_IS_EVIDENCE_ROW (self), fallback);    \
    return self->name;                                                   \
  }

GETTER (CorridorEvidenceRowKind, kind, CORRIDOR_EVIDENCE_ROW_FACT)
GETTER (const char *, field, NULL)
GETTER (const char *, title, NULL)
GETTER (const char *, value, NULL)
GETTER (gboolean, known, FALSE)
GETTER (const char *, message_id, NULL)
GETTER (const char *, markup, NULL)
GETTER (const char *, meta, NULL)
GETTER (const char *, source, NULL)
