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

/* The corpus in every input format of FORMATS.md §1. A conversation (the
 * messages among one set of participants) is written whole in one format. */
typedef enum {
  CORRIDOR_CORPUS_JSONL,            /* corpus.jsonl */
  CORRIDOR_CORPUS_CSV,              /* corpus.csv */
  CORRIDOR_CORPUS_WHATSAPP,         /* whatsapp/A--B.txt, Android `DD/MM/YYYY, HH:MM - ` */
  CORRIDOR_CORPUS_WHATSAPP_IOS,     /* whatsapp-ios/A--B/_chat.txt, `[DD/MM/YYYY, HH:MM:SS] ` */
  CORRIDOR_CORPUS_TELEGRAM,         /* telegram/OWNER/result.json, a full export (chats.list[]) */
  CORRIDOR_CORPUS_N_FORMATS
} CorridorCorpusFormat;

/* Percent of the conversations to write in each format; what the shares
 * leave over goes to JSON Lines. Which conversation lands where depends only
 * on the seed and its participants, so a mix is as deterministic as the
 * corpus. WhatsApp and Telegram times are written in UTC (import them with
 * the default --tz), JSON Lines and CSV keep each sender's offset. */
typedef struct {
  guint percent[CORRIDOR_CORPUS_N_FORMATS];
} CorridorCorpusMix;

/* Writes the corpus under @dir (created if needed) as @mix says; returns the
 * paths of the files written (char*), in a fixed order. */
GPtrArray *corridor_corpus_write_mix (CorridorCorpus *corpus, const CorridorCorpusMix *mix,
                                      const char *dir, GError **error);
/* The whole corpus in one format: corridor_corpus_write_mix() with 100%. */
GPtrArray *corridor_corpus_write_format (CorridorCorpus *corpus, CorridorCorpusFormat format,
                                         const char *dir, GError **error);

G_END_DECLS
