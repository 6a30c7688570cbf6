/* corridor-demo.c: builds the demo case the way an analyst would: the
 * synthetic corpus is written as canonical JSON Lines, imported, and
 * inference runs on it. The corpus's planned shipments (its ground truth)
 * never enter the case. A failed build removes the file it created, so a
 * demo case is either complete (meta demo=1) or absent; an existing file
 * that is not a demo case is never touched. */
#include "corridor-demo.h"
#include "corridor-routing.h"
#include "corridor-corpus.h"
#include "corridor-error.h"
#include "corridor-import.h"
#include "corridor-infer.h"
#include "corridor-config.h"

#include <errno.h>
#include <glib/gstdio.h>

#define DEMO_SOURCE_PATH "corridor-demo-corpus.jsonl"

static gboolean
fill_demo_case (CorridorStore *store, CorridorCorpus *corpus, GError **error)
{
  g_autofree char *tmpdir = NULL, *jsonl_path = NULL, *after = NULL;
  g_autoptr(CorridorImportReport) report = corridor_import_report_new ();
  CorridorImportOptions options = { 0 };
  CorridorInferReport inferred = { 0 };
  const char *paths[2] = { NULL, NULL };
  gboolean ok;

  /* The JSONL goes to a private folder under its own name, which the case's
   * chain of custody records as the source's path. */
  tmpdir = g_dir_make_tmp ("corridor-demo-XXXXXX", error);
  if (tmpdir == NULL)
    return FALSE;
  jsonl_path = g_build_filename (tmpdir, DEMO_SOURCE_PATH, NULL);
  paths[0] = jsonl_path;
  ok = corridor_corpus_write_jsonl (corpus, jsonl_path, error) &&
       corridor_import_paths (store, paths, &options, report, error);
  g_unlink (jsonl_path);
  g_rmdir (tmpdir);
  if (!ok)
    return FALSE;
  if (!corridor_infer_case (store, NULL, NULL, NULL, NULL, &inferred, error))
    return FALSE;
  after = g_strdup_printf ("{\"seed\": %u, \"messages\": %u, \"shipments\": %u, \"leads\": %u}",
                           corpus->seed, inferred.messages, inferred.shipments, inferred.leads);
  return corridor_store_set_meta (store, "demo", "1", error) &&
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
  if (!fill_demo_case (store, corpus, error))
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
