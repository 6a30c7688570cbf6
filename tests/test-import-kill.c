/* test-import-kill.c: a process killed mid-import leaves the case as it was
 * (issue 3). A JSONL of ~200k messages (the synthetic corpus replicated with
 * shifted ids and times) is imported by `corridor import`, SIGKILLed after a
 * seeded random delay, and the case is checked: integrity ok, the source
 * wholly present or wholly absent. Finally a re-import completes. */
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>

#include "corridor-corpus.h"
#include "corridor-store.h"

#define ROUNDS 30

static guint
write_replicated (const char *path, guint target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorCorpus) corpus = corridor_corpus_generate (7, 48, &error);
  FILE *out = fopen (path, "w");
  guint written = 0;

  g_assert_no_error (error);
  g_assert_nonnull (out);
  for (guint r = 0; written < target; r++)
    {
      g_autoptr(GPtrArray) saved = g_ptr_array_new ();
      g_autofree char *chunk = NULL;
      gsize len;

      /* Shift ids and times so every replica is new content. */
      for (guint i = 0; i < corpus->messages->len; i++)
        {
          CorridorMessage *m = g_ptr_array_index (corpus->messages, i);

          g_ptr_array_add (saved, m->id);
          m->id = g_strdup_printf ("r%u-%s", r, m->id);
          m->ts += (gint64) r * 86400 * 7;
        }
      chunk = corridor_corpus_to_jsonl (corpus, &len);
      for (guint i = 0; i < corpus->messages->len; i++)
        {
          CorridorMessage *m = g_ptr_array_index (corpus->messages, i);

          g_free (m->id);
          m->id = g_ptr_array_index (saved, i);
          m->ts -= (gint64) r * 86400 * 7;
        }
      g_assert_cmpuint (fwrite (chunk, 1, len, out), ==, len);
      written += corpus->messages->len;
    }
  fclose (out);
  return written;
}

static void
test_kill (void)
{
  const char *bin = g_getenv ("CORRIDOR_BIN");
  g_autofree char *dir = NULL;
  g_autofree char *big = NULL, *case_path = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20210214);
  g_autoptr(GError) error = NULL;
  guint n, present = 0, absent = 0;
  gint64 count = 0;
  gint64 full_us = 0;

  if (bin == NULL)
    {
      g_test_skip ("CORRIDOR_BIN is not set");
      return;
    }
  dir = g_dir_make_tmp ("corridor-kill-XXXXXX", NULL);
  big = g_build_filename (dir, "big.jsonl", NULL);
  case_path = g_build_filename (dir, "kill.corridor", NULL);
  n = write_replicated (big, 200000);
  {
    /* The case exists before the first kill: only the import is at stake. */
    g_autoptr(CorridorStore) s = corridor_store_open (case_path, CORRIDOR_STORE_OPEN_CREATE, &error);
    g_assert_no_error (error);
  }
  {
    /* Calibrate the kill window with one full run in a scratch case. */
    g_autofree char *scratch = g_build_filename (dir, "scratch.corridor", NULL);
    const char *argv[] = { bin, "import", scratch, big, "--no-infer", NULL };
    gint64 t0 = g_get_monotonic_time ();
    int status;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    full_us = g_get_monotonic_time () - t0;
  }

  for (guint round = 0; round < ROUNDS; round++)
    {
      const char *argv[] = { bin, "import", case_path, big, "--no-infer", NULL };
      GPid pid;
      int status;

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                    NULL, &pid, &error));
      g_assert_no_error (error);
      /* Up to 110% of a full run: some kills land after the commit. */
      g_usleep ((gulong) g_rand_int_range (rand, 0, (gint32) MAX (full_us * 11 / 10, 1000)));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      {
        g_autoptr(CorridorStore) s = corridor_store_open (case_path, CORRIDOR_STORE_OPEN_DEFAULT,
                                                          &error);
        g_autoptr(GPtrArray) sources = NULL;

        g_assert_no_error (error);
        g_assert_true (corridor_store_check_integrity (s, &error));
        g_assert_no_error (error);
        sources = corridor_store_list_sources (s, &error);
        g_assert_no_error (error);
        count = corridor_store_count_messages (s);
        if (sources->len == 0)
          {
            g_assert_cmpint (count, ==, 0);
            absent++;
          }
        else
          {
            g_assert_cmpuint (sources->len, ==, 1);
            g_assert_cmpint (corridor_store_count_source_messages (
                                 s, ((CorridorSource *) g_ptr_array_index (sources, 0))->id), ==, n);
            g_assert_cmpint (count, ==, n);
            present++;
          }
      }
      if (present > 0 && count > 0)
        {
          /* Once in, a re-run would only record the path: start afresh. */
          for (guint k = 0; k < 3; k++)
            {
              static const char *const suffix[] = { "", "-wal", "-shm" };
              g_autofree char *p = g_strconcat (case_path, suffix[k], NULL);
              g_unlink (p);
            }
          g_autoptr(CorridorStore) s = corridor_store_open (case_path, CORRIDOR_STORE_OPEN_CREATE,
                                                            &error);
          g_assert_no_error (error);
        }
    }
  g_test_message ("%u kills left the case untouched, %u landed after the commit (full run %.2f s)",
                  absent, present, full_us / 1e6);
  g_assert_cmpuint (absent, >, 0);
  {
    /* A re-import completes and leaves exactly one copy. */
    const char *argv[] = { bin, "import", case_path, big, "--no-infer", NULL };
    int status;
    g_autoptr(CorridorStore) s = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, NULL, NULL, &status, &error));
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    s = corridor_store_open (case_path, CORRIDOR_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    g_assert_true (corridor_store_check_integrity (s, &error));
    g_assert_cmpint (corridor_store_count_messages (s), ==, n);
  }
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import/kill", test_kill);
  return g_test_run ();
}
