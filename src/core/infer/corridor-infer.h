/* corridor-infer.h: shipments, leads and roles from a case's messages and
 * their mentions. Deterministic: the same messages give the same shipments
 * with the same ids. Analysts' decisions (confirm, reject, corrections,
 * hand-made shipments, merges and splits) are never overwritten. Every
 * field links to the messages and spans behind it. */
#pragma once

#include <gio/gio.h>
#include "corridor-store.h"
#include "corridor-extract.h"

G_BEGIN_DECLS

typedef void (*CorridorProgressFunc) (double fraction, const char *what, gpointer user_data);

typedef struct {
  guint messages;      /* read */
  guint mentions;      /* stored */
  guint shipments;     /* with origin and destination */
  guint leads;         /* one port known */
} CorridorInferReport;

/* Runs extraction over every message of @store, then inference, replacing
 * earlier inferred results in one transaction. @extractor NULL: one over
 * the case's gazetteer (corridor_store_load_gazetteer). */
gboolean corridor_infer_case (CorridorStore *store, CorridorExtractor *extractor,
                              CorridorProgressFunc progress, gpointer progress_data,
                              GCancellable *cancellable, CorridorInferReport *report,
                              GError **error);

G_END_DECLS
