/* corridor-infer.c: shipments, leads and roles from a case's messages.
 * Extraction runs on two threads; everything after it is sequential over the
 * messages in (ts, rowid) order with index tie-breaks, so results are
 * deterministic. Messages become "episodes" (one consignment's talk across
 * conversations) by greedy attachment: shared container, vessel or IMO,
 * conversation, participants, agreeing ports and a time window. Analysts'
 * decisions are never touched; ids stay stable through shipment_keys. */
#include "corridor-infer.h"
#include "corridor-infer-private.h"
#include "corridor-error.h"
#include "corridor-gazetteer.h"

#include <string.h>
#include <stdlib.h>

#define BATCH 4096

/* ---------------------------------------------------------------------------
 * Reading the messages and extracting
 * ------------------------------------------------------------------------- */

typedef struct {
  CorridorInferCtx  *ctx;
  CorridorStore     *store;
  CorridorExtractor *extractor;
  GPtrArray         *batch;      /* CorridorMessage* (owned copies) */
  GArray            *rowids;     /* gint64 */
  GPtrArray        **results;    /* per batch slot: GPtrArray of CorridorMention* */
  gint64             total;
  guint              done;
  CorridorProgressFunc progress;
  gpointer           progress_data;
  GCancellable      *cancellable;
  CorridorInferReport *report;
  GError            *error;
} Reader;

typedef struct {
  Reader *reader;
  guint   from, to;
} Slice;

static gpointer
extract_slice (gpointer data)
{
  Slice *slice = data;
  Reader *r = slice->reader;

  for (guint i = slice->from; i < slice->to; i++)
    r->results[i] = corridor_extractor_run (r->extractor, g_ptr_array_index (r->batch, i));
  return NULL;
}

static CorridorMessage *
message_copy (const CorridorMessage *m)
{
  CorridorMessage *c = corridor_message_new ();

  c->id = g_strdup (m->id);
  c->ts = m->ts;
  c->tz_offset = m->tz_offset;
  c->sender = g_strdup (m->sender);
  g_strfreev (c->recipients);
  c->recipients = g_strdupv (m->recipients);
  c->body = g_strdup (m->body);
  c->lat = m->lat;
  c->lon = m->lon;
  return c;
}

static gboolean
flush_batch (Reader *r)
{
  guint n = r->batch->len;

  if (n == 0)
    return TRUE;
  r->results = g_new0 (GPtrArray *, n);
  if (n >= 64)
    {
      /* The extractor is thread-safe: two halves on two cores. */
      Slice a = { r, 0, n / 2 }, b = { r, n / 2, n };
      GThread *t = g_thread_new ("corridor-extract", extract_slice, &b);

      extract_slice (&a);
      g_thread_join (t);
    }
  else
    {
      Slice all = { r, 0, n };
      extract_slice (&all);
    }

  for (guint i = 0; i < n; i++)
    {
      const CorridorMessage *m = g_ptr_array_index (r->batch, i);
      gint64 rowid = g_array_index (r->rowids, gint64, i);
      GPtrArray *mentions = r->results[i];

      for (guint k = 0; r->error == NULL && mentions != NULL && k < mentions->len; k++)
        {
          const CorridorMention *mt = g_ptr_array_index (mentions, k);

          if (!corridor_store_add_mention_full (r->store, rowid,
                                                corridor_mention_kind_to_string (mt->kind),
                                                mt->value, mt->number, mt->qualifier,
                                                mt->confidence, mt->start, mt->end,
                                                CORRIDOR_EXTRACTOR_VERSION, &r->error))
            break;
          r->report->mentions++;
        }
      if (r->error == NULL)
        corridor_infer_ctx_add_message (r->ctx, rowid, m, mentions);
      if (mentions != NULL)
        g_ptr_array_unref (mentions);
    }
  g_clear_pointer (&r->results, g_free);
  g_ptr_array_set_size (r->batch, 0);
  g_array_set_size (r->rowids, 0);
  r->done += n;
  if (r->progress != NULL && r->total > 0)
    r->progress (0.8 * r->done / (double) r->total, "Extracting", r->progress_data);
  return r->error == NULL;
}

static gboolean
read_message (gint64 rowid, const CorridorMessage *message, gpointer user_data)
{
  Reader *r = user_data;

  if (r->error != NULL)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (r->cancellable, &r->error))
    return FALSE;
  g_ptr_array_add (r->batch, message_copy (message));
  g_array_append_val (r->rowids, rowid);
  r->report->messages++;
  if (r->batch->len >= BATCH)
    return flush_batch (r);
  return TRUE;
}

/* ---------------------------------------------------------------------------
 * Writing the results
 * ------------------------------------------------------------------------- */

static gboolean
write_results (CorridorStore *store, CorridorInferCtx *ctx, CorridorInferReport *report,
               GError **error)
{
  GPtrArray *found = corridor_infer_ctx_results (ctx);

  if (!corridor_store_clear_inferred (store, error))
    return FALSE;

  for (guint i = 0; i < found->len; i++)
    {
      CorridorInferResult *res = g_ptr_array_index (found, i);

      if (res->lead != NULL)
        {
          if (!corridor_store_add_lead (store, res->lead, error))
            return FALSE;
          report->leads++;
          continue;
        }

      {
        g_autofree char *id = corridor_store_shipment_key_lookup (store, res->key);

        /* An analyst's decision on this finding stands: neither the shipment
         * nor its id is touched. */
        if (id != NULL && corridor_store_shipment_is_decided (store, id))
          continue;
        g_free (res->shipment->id);
        res->shipment->id = g_steal_pointer (&id);
        if (!corridor_store_add_shipment (store, res->shipment, error) ||
            !corridor_store_shipment_key_put (store, res->key, res->shipment->id, error))
          return FALSE;
        for (guint k = 0; k < res->evidence->len; k++)
          {
            const CorridorInferEvidence *ev = &g_array_index (res->evidence,
                                                              CorridorInferEvidence, k);
            if (!corridor_store_add_evidence_rowid (store, res->shipment->id, ev->message_rowid,
                                                    ev->field, ev->start, ev->end, error))
              return FALSE;
          }
        report->shipments++;
      }
    }
  return TRUE;
}

gboolean
corridor_infer_case (CorridorStore *store, CorridorExtractor *extractor,
                     CorridorProgressFunc progress, gpointer progress_data,
                     GCancellable *cancellable, CorridorInferReport *report,
                     GError **error)
{
  CorridorInferReport local = { 0 };
  g_autoptr(CorridorExtractor) own_extractor = NULL;
  g_autoptr(CorridorGazetteer) gazetteer = NULL;
  CorridorInferCtx *ctx;
  Reader r = { 0 };
  gboolean ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (store), FALSE);
  g_return_val_if_fail (extractor == NULL || CORRIDOR_IS_EXTRACTOR (extractor), FALSE);

  if (report == NULL)
    report = &local;
  memset (report, 0, sizeof *report);
  if (extractor == NULL)
    {
      own_extractor = corridor_extractor_new (NULL, error);
      if (own_extractor == NULL)
        return FALSE;
      extractor = own_extractor;
    }
  gazetteer = corridor_gazetteer_get_default (NULL);
  if (gazetteer != NULL)
    g_object_ref (gazetteer);

  if (!corridor_store_begin (store, error))
    return FALSE;

  ctx = corridor_infer_ctx_new (gazetteer);
  r.ctx = ctx;
  r.store = store;
  r.extractor = extractor;
  r.batch = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_message_free);
  r.rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  r.total = corridor_store_count_messages (store);
  r.progress = progress;
  r.progress_data = progress_data;
  r.cancellable = cancellable;
  r.report = report;

  ok = corridor_store_clear_mentions (store, error) &&
       corridor_store_foreach_message (store, read_message, &r, error);
  if (ok && r.error == NULL)
    flush_batch (&r);
  if (ok && r.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r.error));
      ok = FALSE;
    }
  g_clear_error (&r.error);
  g_ptr_array_unref (r.batch);
  g_array_unref (r.rowids);

  if (ok)
    {
      if (progress != NULL)
        progress (0.85, "Grouping shipments", progress_data);
      corridor_infer_ctx_run (ctx);
      ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
           write_results (store, ctx, report, error);
    }
  corridor_infer_ctx_free (ctx);

  if (!ok)
    {
      corridor_store_rollback (store);
      return FALSE;
    }
  if (!corridor_store_commit (store, error))
    return FALSE;
  if (progress != NULL)
    progress (1.0, "Done", progress_data);
  return TRUE;
}
