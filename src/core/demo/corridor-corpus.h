/* corridor-corpus.h: the deterministic synthetic intercept corpus. From a
 * seed it plans shipments along real corridors (South American and
 * Caribbean origins, transit hubs, European destinations), casts actors into
 * roles, and writes the chats that a network organising them would exchange,
 * in several languages, with decoys (past jobs, cancelled plans, holidays,
 * football, prices). The planned shipments are the ground truth. The same
 * seed always gives the same corpus, byte for byte. */
#pragma once

#include <glib.h>
#include "corridor-types.h"

G_BEGIN_DECLS

typedef struct {
  guint32    seed;
  GPtrArray *messages;   /* CorridorMessage*, ordered by ts */
  GPtrArray *shipments;  /* CorridorShipment*, the planned truth; evidence = message ids */
  GHashTable *actor_roles; /* handle -> GINT_TO_POINTER (CorridorRole) majority truth */
} CorridorCorpus;

/* @n_shipments planned shipments (the demo uses 48). */
CorridorCorpus *corridor_corpus_generate (guint32 seed, guint n_shipments, GError **error);
void            corridor_corpus_free     (CorridorCorpus *corpus);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorCorpus, corridor_corpus_free)

/* The messages as canonical JSON Lines (FORMATS.md §1), the exact bytes
 * corridor_corpus_write_jsonl() writes; @out_len may be NULL. */
char    *corridor_corpus_to_jsonl    (CorridorCorpus *corpus, gsize *out_len);
/* Writes the messages as canonical JSON Lines (FORMATS.md §1). */
gboolean corridor_corpus_write_jsonl (CorridorCorpus *corpus, const char *path, GError **error);

G_END_DECLS
