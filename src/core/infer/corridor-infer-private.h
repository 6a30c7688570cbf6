/* corridor-infer-private.h: the grouping engine behind corridor_infer_case,
 * separate from the store so it runs on plain messages and mentions. Feed
 * messages in (ts, rowid) order, run once, then read the results. */
#pragma once

#include <glib.h>
#include "corridor-types.h"
#include "corridor-store.h"
#include "corridor-extract.h"
#include "corridor-gazetteer.h"

G_BEGIN_DECLS

typedef struct {
  gint64      message_rowid;
  const char *field;     /* static string or NULL: the message supports the shipment as a whole */
  int         start, end;
} CorridorInferEvidence;

typedef struct {
  CorridorShipment *shipment;  /* NULL for a lead */
  CorridorLead     *lead;      /* NULL for a shipment */
  char             *key;       /* canonical signature for stable ids */
  GArray           *evidence;  /* CorridorInferEvidence, in message order */
} CorridorInferResult;

typedef struct _CorridorInferCtx CorridorInferCtx;

CorridorInferCtx *corridor_infer_ctx_new  (CorridorGazetteer *gazetteer);
void              corridor_infer_ctx_free (CorridorInferCtx *ctx);
/* @mentions: CorridorMention*, borrowed; what is needed is copied. */
void              corridor_infer_ctx_add_message (CorridorInferCtx *ctx, gint64 rowid,
                                                  const CorridorMessage *message,
                                                  GPtrArray *mentions);
void              corridor_infer_ctx_run  (CorridorInferCtx *ctx);
/* CorridorInferResult*, shipments ordered by departed (else arrived), leads after. */
GPtrArray        *corridor_infer_ctx_results (CorridorInferCtx *ctx);

G_END_DECLS
