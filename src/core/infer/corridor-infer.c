/* corridor-infer.c: shipments, leads and roles from a case's messages.
 * Extraction runs on two threads beside the store's reads and writes, and
 * grouping beside the mention index build; grouping itself is sequential
 * over the messages in (ts, rowid) order with index tie-breaks, so results
 * are deterministic. Messages become "episodes" (one consignment's talk across
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
#define CHUNK 16     /* messages a thread claims at a time */

/* ---------------------------------------------------------------------------
 * Reading the messages and extracting
 *
 * A pipeline over batches of messages. While a helper thread feeds batch k-1
 * to the grouping context and then extracts batch k, the calling thread
 * writes batch k-1's mentions and reads batch k+1, then helps finish batch
 * k. Only the calling thread touches the store (SQLite); only one thread at
 * a time touches the grouping context, always in message order; results go
 * out in message order. So the output does not depend on how the work was
 * shared.
 * ------------------------------------------------------------------------- */

typedef struct {
  GPtrArray  *messages;   /* CorridorMessage* (owned copies) */
  GArray     *rowids;     /* gint64 */
  GPtrArray **results;    /* per message: GPtrArray of CorridorMention*, NULL until extracted */
  guint       n;
  gint        next;       /* atomic: the next message to claim */
} Batch;

typedef struct {
  CorridorInferCtx  *ctx;
  CorridorStore     *store;
  CorridorExtractor *extractor;
  Batch             *reading;     /* being filled by the store's walk */
  Batch             *extracting;  /* posted, results pending */
  Batch             *written;     /* mentions written; kept until the context has it */
  gint64             total;
  guint              done;
  CorridorProgressFunc progress;
  gpointer           progress_data;
  GCancellable      *cancellable;
  CorridorInferReport *report;
  GError            *error;

  /* The helper thread; NULL on small cases, where one thread does it all. */
  GThread           *helper;
  GMutex             lock;
  GCond              cond;
  Batch             *job_extract; /* posted, not yet taken by the helper */
  Batch             *job_group;   /* to feed to the context first */
  gboolean           helper_busy; /* a job is posted or running */
  gboolean           quit;
} Reader;

static Batch *
batch_new (void)
{
  Batch *b = g_new0 (Batch, 1);

  b->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_message_free);
  b->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return b;
}

static void
batch_free (Batch *b)
{
  if (b == NULL)
    return;
  for (guint i = 0; b->results != NULL && i < b->n; i++)
    if (b->results[i] != NULL)
      g_ptr_array_unref (b->results[i]);
  g_free (b->results);
  g_ptr_array_unref (b->messages);
  g_array_unref (b->rowids);
  g_free (b);
}

/* Claims and extracts chunks of @b until none is left; any thread may call
 * it, each message is extracted exactly once. */
static void
batch_extract (CorridorExtractor *extractor, Batch *b)
{
  for (;;)
    {
      guint from = (guint) g_atomic_int_add (&b->next, CHUNK);

      if (from >= b->n)
        return;
      for (guint i = from; i < MIN (from + CHUNK, b->n); i++)
        b->results[i] = corridor_extractor_run (extractor, g_ptr_array_index (b->messages, i));
    }
}

static void
batch_group (CorridorInferCtx *ctx, Batch *b)
{
  for (guint i = 0; i < b->n; i++)
    corridor_infer_ctx_add_message (ctx, g_array_index (b->rowids, gint64, i),
                                    g_ptr_array_index (b->messages, i), b->results[i]);
}

static gpointer
helper_main (gpointer data)
{
  Reader *r = data;

  g_mutex_lock (&r->lock);
  for (;;)
    {
      Batch *extract, *group;

      while (!r->helper_busy && !r->quit)
        g_cond_wait (&r->cond, &r->lock);
      if (!r->helper_busy)
        break;
      extract = g_steal_pointer (&r->job_extract);
      group = g_steal_pointer (&r->job_group);
      g_mutex_unlock (&r->lock);
      if (group != NULL)
        batch_group (r->ctx, group);
      if (extract != NULL)
        batch_extract (r->extractor, extract);
      g_mutex_lock (&r->lock);
      r->helper_busy = FALSE;
      g_cond_broadcast (&r->cond);
    }
  g_mutex_unlock (&r->lock);
  return NULL;
}

/* Hands @extract (may be NULL) to extraction and @group (may be NULL, else
 * fully extracted) to the context. Without a helper, grouping is done here
 * and extraction waits for finish_batch. */
static void
post (Reader *r, Batch *extract, Batch *group)
{
  if (extract != NULL)
    {
      extract->n = extract->messages->len;
      extract->results = g_new0 (GPtrArray *, extract->n);
      r->extracting = extract;
    }
  if (r->helper == NULL)
    {
      if (group != NULL)
        batch_group (r->ctx, group);
      return;
    }
  g_mutex_lock (&r->lock);
  r->job_extract = extract;
  r->job_group = group;
  r->helper_busy = TRUE;
  g_cond_broadcast (&r->cond);
  g_mutex_unlock (&r->lock);
}

static void
wait_helper (Reader *r)
{
  if (r->helper == NULL)
    return;
  g_mutex_lock (&r->lock);
  while (r->helper_busy)
    g_cond_wait (&r->cond, &r->lock);
  g_mutex_unlock (&r->lock);
}

/* Helps with the batch being extracted, then waits for the helper to be done
 * with its job; the batch (or NULL) is the caller's. */
static Batch *
finish_batch (Reader *r)
{
  Batch *b = g_steal_pointer (&r->extracting);

  if (b != NULL)
    batch_extract (r->extractor, b);
  wait_helper (r);
  return b;
}

static gboolean
write_mentions (Reader *r, Batch *b)
{
  for (guint i = 0; i < b->n && r->error == NULL; i++)
    {
      gint64 rowid = g_array_index (b->rowids, gint64, i);
      GPtrArray *mentions = b->results[i];

      for (guint k = 0; mentions != NULL && k < mentions->len; k++)
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
    }
  r->done += b->n;
  if (r->progress != NULL && r->total > 0)
    r->progress (0.8 * r->done / (double) r->total, "Extracting", r->progress_data);
  return r->error == NULL;
}

/* The batch being read is full (or the walk ended, with an empty one): hand
 * it to extraction, and the one before it to the context, and write the
 * latter's mentions meanwhile. */
static gboolean
rotate (Reader *r)
{
  Batch *previous = finish_batch (r);
  Batch *next = NULL;

  /* The helper is idle: it has fed the written batch to the context. */
  g_clear_pointer (&r->written, batch_free);
  if (r->reading != NULL && r->reading->messages->len > 0)
    next = g_steal_pointer (&r->reading);
  post (r, next, previous);
  if (previous != NULL)
    {
      write_mentions (r, previous);
      r->written = previous;
    }
  if (r->reading == NULL)
    r->reading = batch_new ();
  return r->error == NULL;
}

static gboolean
read_message (gint64 rowid, const CorridorMessage *message, gpointer user_data)
{
  Reader *r = user_data;
  CorridorMessage *c;

  if (r->error != NULL)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (r->cancellable, &r->error))
    return FALSE;
  c = corridor_message_new ();
  c->id = g_strdup (message->id);
  c->ts = message->ts;
  c->tz_offset = message->tz_offset;
  c->sender = g_strdup (message->sender);
  g_strfreev (c->recipients);
  c->recipients = g_strdupv (message->recipients);
  c->body = g_strdup (message->body);
  c->lat = message->lat;
  c->lon = message->lon;
  g_ptr_array_add (r->reading->messages, c);
  g_array_append_val (r->reading->rowids, rowid);
  r->report->messages++;
  if (r->reading->messages->len >= BATCH)
    return rotate (r);
  return TRUE;
}

/* Runs the walk through the pipeline; on return no thread holds a batch and
 * the context has every message. */
static gboolean
read_and_extract (Reader *r, GError **error)
{
  gboolean ok;

  r->reading = batch_new ();
  g_mutex_init (&r->lock);
  g_cond_init (&r->cond);
  if (r->total >= 2 * CHUNK)
    r->helper = g_thread_new ("corridor-extract", helper_main, r);

  ok = corridor_store_foreach_message (r->store, read_message, r, error);
  if (ok && r->error == NULL)
    rotate (r);           /* posts the last, partial batch */
  if (ok && r->error == NULL)
    rotate (r);           /* writes it and hands it to the context */
  if (ok && r->error == NULL)
    rotate (r);           /* waits for the context to have it */
  batch_free (finish_batch (r));
  g_clear_pointer (&r->written, batch_free);
  g_clear_pointer (&r->reading, batch_free);

  if (r->helper != NULL)
    {
      g_mutex_lock (&r->lock);
      r->quit = TRUE;
      g_cond_broadcast (&r->cond);
      g_mutex_unlock (&r->lock);
      g_thread_join (g_steal_pointer (&r->helper));
    }
  g_mutex_clear (&r->lock);
  g_cond_clear (&r->cond);

  if (ok && r->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r->error));
      ok = FALSE;
    }
  g_clear_error (&r->error);
  return ok;
}

/* ---------------------------------------------------------------------------
 * Writing the results
 * ------------------------------------------------------------------------- */

static gboolean
write_results (CorridorStore *store, CorridorInferCtx *ctx, CorridorInferReport *report,
               GError **error)
{
  GPtrArray *found = corridor_infer_ctx_results (ctx);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (CorridorStoreEvidence));

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
        g_array_set_size (rows, res->evidence->len);
        for (guint k = 0; k < res->evidence->len; k++)
          {
            const CorridorInferEvidence *ev = &g_array_index (res->evidence,
                                                              CorridorInferEvidence, k);
            CorridorStoreEvidence *row = &g_array_index (rows, CorridorStoreEvidence, k);

            row->message_rowid = ev->message_rowid;
            row->field = ev->field;
            row->span_start = ev->start;
            row->span_end = ev->end;
          }
        if (!corridor_store_add_evidence_rows (store, res->shipment->id,
                                               (const CorridorStoreEvidence *) rows->data,
                                               rows->len, error))
          return FALSE;
        report->shipments++;
      }
    }
  /* The analyst's merges and splits apply to what came back. */
  return corridor_store_reapply_structure (store, error);
}

static gpointer
run_grouping (gpointer data)
{
  corridor_infer_ctx_run (data);
  return NULL;
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
  /* The bundled gazetteer with the case's own ports and aliases: a message
   * naming a port the analyst added yields it. */
  gazetteer = corridor_store_load_gazetteer (store, error);
  if (gazetteer == NULL)
    return FALSE;
  if (extractor == NULL)
    {
      own_extractor = corridor_extractor_new (gazetteer, error);
      if (own_extractor == NULL)
        return FALSE;
      extractor = own_extractor;
    }

  if (!corridor_store_begin (store, error))
    return FALSE;

  ctx = corridor_infer_ctx_new (gazetteer);
  r.ctx = ctx;
  r.store = store;
  r.extractor = extractor;
  r.total = corridor_store_count_messages (store);
  r.progress = progress;
  r.progress_data = progress_data;
  r.cancellable = cancellable;
  r.report = report;

  ok = corridor_store_clear_mentions (store, error) &&
       read_and_extract (&r, error);

  if (ok)
    {
      GThread *grouping;

      if (progress != NULL)
        progress (0.85, "Grouping shipments", progress_data);
      /* Grouping is memory only: it runs beside the mention index build. */
      grouping = g_thread_new ("corridor-group", run_grouping, ctx);
      ok = corridor_store_finish_mentions (store, error);
      g_thread_join (grouping);
      ok = ok && !g_cancellable_set_error_if_cancelled (cancellable, error) &&
           write_results (store, ctx, report, error);
    }
  corridor_infer_ctx_free (ctx);

  if (ok)
    {
      /* Audited in the same transaction as the results it describes. */
      g_autofree char *after = g_strdup_printf (
          "{\"extractor\": \"%s\", \"messages\": %u, \"mentions\": %u, "
          "\"shipments\": %u, \"leads\": %u}", CORRIDOR_EXTRACTOR_VERSION,
          report->messages, report->mentions, report->shipments, report->leads);
      ok = corridor_store_audit (store, "infer", NULL, NULL, after, error);
    }
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
