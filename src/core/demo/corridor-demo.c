/* corridor-demo.c: builds the demo case from the synthetic corpus. The whole
 * build is one transaction, so a demo case is either complete (meta demo=1) or
 * absent; an existing file that is not a demo case is never touched. */
#include "corridor-demo.h"
#include "corridor-routing.h"
#include "corridor-corpus.h"
#include "corridor-error.h"
#include "corridor-config.h"

#include <errno.h>
#include <glib/gstdio.h>

#define DEMO_SOURCE_PATH "corridor-demo-corpus.jsonl"

static gboolean
fill_demo_case (CorridorStore *store, CorridorCorpus *corpus, GError **error)
{
  g_autofree char *jsonl = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *after = NULL;
  gsize len;
  gint64 source_id;

  jsonl = corridor_corpus_to_jsonl (corpus, &len);
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) jsonl, len);

  if (!corridor_store_add_source (store, DEMO_SOURCE_PATH, sha, (gint64) len, "synthetic",
                                  "corridor-corpus " CORRIDOR_VERSION, &source_id, NULL, error))
    return FALSE;
  for (guint i = 0; i < corpus->messages->len; i++)
    if (!corridor_store_add_message (store, source_id, g_ptr_array_index (corpus->messages, i),
                                     error))
      return FALSE;
  for (guint i = 0; i < corpus->shipments->len; i++)
    {
      CorridorShipment *s = g_ptr_array_index (corpus->shipments, i);

      g_free (s->label);
      s->label = g_strdup (CORRIDOR_DEMO_LABEL);
      s->status = CORRIDOR_STATUS_INFERRED;
      s->confidence = 1.0;
      if (!corridor_store_add_shipment (store, s, error))
        return FALSE;
    }
  after = g_strdup_printf ("{\"seed\": %u, \"shipments\": %u, \"messages\": %u, \"sha256\": \"%s\"}",
                           corpus->seed, corpus->shipments->len, corpus->messages->len, sha);
  return corridor_store_set_meta (store, "demo", "1", error) &&
         corridor_store_set_meta (store, "demo_label", CORRIDOR_DEMO_LABEL, error) &&
         corridor_store_audit (store, "demo.build", DEMO_SOURCE_PATH, NULL, after, error);
}

gboolean
corridor_demo_build (const char *path, GError **error)
{
  g_autoptr(CorridorCorpus) corpus = NULL;
  g_autoptr(CorridorStore) store = NULL;
  gboolean existed;

  g_return_val_if_fail (path != NULL, FALSE);

  existed = g_file_test (path, G_FILE_TEST_EXISTS);
  if (existed)
    {
      g_autofree char *demo = NULL;

      /* Read-only first: a foreign or newer file must stay untouched. */
      store = corridor_store_open (path, CORRIDOR_STORE_OPEN_READ_ONLY, error);
      if (store == NULL)
        return FALSE;
      demo = corridor_store_get_meta (store, "demo");
      if (g_strcmp0 (demo, "1") == 0)
        return TRUE;
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "“%s” already exists and is not a demo case; choose another file", path);
      return FALSE;
    }

  corpus = corridor_corpus_generate (CORRIDOR_DEMO_SEED, CORRIDOR_DEMO_SHIPMENTS, error);
  if (corpus == NULL)
    return FALSE;

  {
    g_autofree char *dir = g_path_get_dirname (path);

    if (g_mkdir_with_parents (dir, 0700) != 0)
      {
        int saved = errno;
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "Could not create “%s”: %s",
                     dir, g_strerror (saved));
        return FALSE;
      }
  }
  store = corridor_store_open (path, CORRIDOR_STORE_OPEN_CREATE, error);
  if (store == NULL)
    return FALSE;
  if (corridor_store_count_messages (store) != 0 || corridor_store_count_shipments (store) != 0)
    {
      /* Another process created a case here meanwhile: not ours to fill or remove. */
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "“%s” already exists and is not a demo case; choose another file", path);
      return FALSE;
    }
  if (!corridor_store_begin (store, error))
    goto fail;
  if (!fill_demo_case (store, corpus, error))
    {
      corridor_store_rollback (store);
      goto fail;
    }
  if (!corridor_store_commit (store, error))
    goto fail;
  {
    /* Route the demo's corridors now, so that opening and rendering it never
     * waits for the router. A failure here costs only the cache. */
    g_autoptr(GPtrArray) shipments = corridor_store_query_shipments (store, NULL, NULL);
    g_autoptr(GHashTable) routes = shipments ? corridor_routing_resolve (store, shipments, NULL) : NULL;
  }
  return TRUE;

fail:
  /* The file was created by this call, so a failed build removes it. */
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
  }
  return FALSE;
}

char *
corridor_demo_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "corridor", "demo.corridor", NULL);
}
