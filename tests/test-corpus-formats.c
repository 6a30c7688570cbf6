/* test-corpus-formats.c: the synthetic corpus written in every input format
 * (JSON Lines, CSV, WhatsApp Android and iOS, a Telegram full export) and in
 * a mix of them, imported back and scored against the ground truth with the
 * scorer test-infer uses. It checks that the writers are deterministic, that
 * every message survives the round trip and that inference keeps its score
 * where the format keeps what inference needs. */
#include "corridor-corpus.h"
#include "corridor-import.h"
#include "corridor-infer.h"
#include "corridor-store.h"
#include "corridor-test-score.h"

#include <glib/gstdio.h>
#include <string.h>

#define SEED 7
#define N_SHIPMENTS 120

static CorridorCorpus *corpus;

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

typedef struct {
  const char         *name;
  CorridorCorpusMix   mix;
  double              min_f1, min_roles;
} Case;

/* Writes, imports (default options: times without a zone are UTC), infers
 * and scores; returns the score. */
static Score
round_trip (const Case *c, const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = corridor_corpus_write_mix (corpus, &c->mix, dir, &error);
  g_autofree char *case_path = g_build_filename (dir, "case.corridor", NULL);
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(CorridorImportReport) report = corridor_import_report_new ();
  CorridorImportOptions options = { 0 };
  CorridorInferReport ir;
  guint imported = 0;
  Score s;

  g_assert_no_error (error);
  g_assert_nonnull (files);
  g_assert_cmpuint (files->len, >, 0);
  store = corridor_store_open (case_path, CORRIDOR_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_ptr_array_add (files, NULL);
  g_assert_true (corridor_import_paths (store, (const char *const *) files->pdata, &options,
                                        report, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < report->files->len; i++)
    {
      const CorridorImportFile *f = g_ptr_array_index (report->files, i);

      g_assert_false (f->refused);
      g_assert_false (f->skipped);
      g_assert_cmpuint (f->bad, ==, 0);
      g_assert_cmpuint (f->duplicates, ==, 0);
      if (c->mix.percent[CORRIDOR_CORPUS_WHATSAPP] == 100)
        g_assert_cmpint (f->format, ==, CORRIDOR_FORMAT_WHATSAPP);
      if (c->mix.percent[CORRIDOR_CORPUS_TELEGRAM] == 100)
        g_assert_cmpint (f->format, ==, CORRIDOR_FORMAT_TELEGRAM);
      if (c->mix.percent[CORRIDOR_CORPUS_CSV] == 100)
        g_assert_cmpint (f->format, ==, CORRIDOR_FORMAT_CSV);
      imported += f->imported;
    }
  /* Every message arrives once; system lines and service entries do not. */
  g_assert_cmpuint (imported, ==, corpus->messages->len);
  g_assert_cmpint (corridor_store_count_messages (store), ==, corpus->messages->len);

  g_assert_true (corridor_infer_case (store, NULL, NULL, NULL, NULL, &ir, &error));
  g_assert_no_error (error);
  s = score_case (corpus, store);
  printf ("# %-14s %2u files: predicted %u/%u, P %.3f R %.3f F1 %.3f roles %.3f\n", c->name,
          files->len - 1, s.predicted, s.truth, s.precision, s.recall, s.f1, s.roles);
  return s;
}

static void
test_format (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *dir = g_dir_make_tmp ("corridor-formats-XXXXXX", NULL);
  Score s = round_trip (c, dir);

  g_assert_cmpfloat (s.f1, >=, c->min_f1);
  g_assert_cmpfloat (s.roles, >=, c->min_roles);
  remove_tree (dir);
}

/* The same seed and mix write the same files, byte for byte. */
static void
test_deterministic (void)
{
  CorridorCorpusMix mix = { { 0 } };
  g_autofree char *a = g_dir_make_tmp ("corridor-formats-XXXXXX", NULL);
  g_autofree char *b = g_dir_make_tmp ("corridor-formats-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fa = NULL, fb = NULL;
  guint kinds = 0;

  mix.percent[CORRIDOR_CORPUS_WHATSAPP] = 20;
  mix.percent[CORRIDOR_CORPUS_WHATSAPP_IOS] = 20;
  mix.percent[CORRIDOR_CORPUS_TELEGRAM] = 20;
  mix.percent[CORRIDOR_CORPUS_CSV] = 20;
  fa = corridor_corpus_write_mix (corpus, &mix, a, &error);
  g_assert_no_error (error);
  fb = corridor_corpus_write_mix (corpus, &mix, b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fa->len, ==, fb->len);
  for (guint i = 0; i < fa->len; i++)
    {
      g_autofree char *ca = NULL, *cb = NULL;
      gsize la, lb;

      g_assert_cmpstr ((char *) fa->pdata[i] + strlen (a), ==, (char *) fb->pdata[i] + strlen (b));
      g_assert_true (g_file_get_contents (fa->pdata[i], &ca, &la, NULL));
      g_assert_true (g_file_get_contents (fb->pdata[i], &cb, &lb, NULL));
      g_assert_cmpmem (ca, la, cb, lb);
    }
  /* Every format is present in a 20/20/20/20/20 mix of this corpus. */
  for (guint i = 0; i < fa->len; i++)
    {
      const char *p = (const char *) fa->pdata[i] + strlen (a);
      kinds |= g_str_has_suffix (p, "corpus.jsonl") ? 1
             : g_str_has_suffix (p, "corpus.csv") ? 2
             : g_str_has_prefix (p, "/whatsapp/") ? 4
             : g_str_has_prefix (p, "/whatsapp-ios/") ? 8
             : g_str_has_prefix (p, "/telegram/") ? 16 : 0;
    }
  g_assert_cmpuint (kinds, ==, 31);
  remove_tree (a);
  remove_tree (b);
}

/* The mixed corpus through the real binary: one `corridor import` of every
 * file, then `corridor shipments` finds the shipments. */
static void
test_cli_mixed (void)
{
  CorridorCorpusMix mix = { { 0 } };
  g_autofree char *dir = g_dir_make_tmp ("corridor-formats-XXXXXX", NULL);
  g_autofree char *case_path = g_build_filename (dir, "cli.corridor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  mix.percent[CORRIDOR_CORPUS_WHATSAPP] = 30;
  mix.percent[CORRIDOR_CORPUS_TELEGRAM] = 30;
  files = corridor_corpus_write_mix (corpus, &mix, dir, &error);
  g_assert_no_error (error);
  g_ptr_array_add (argv, (gpointer) g_getenv ("CORRIDOR_BIN"));
  g_ptr_array_add (argv, "import");
  g_ptr_array_add (argv, case_path);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (argv, files->pdata[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("corridor import: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  {
    const char *show[] = { g_getenv ("CORRIDOR_BIN"), "shipments", case_path, "--format", "csv",
                           NULL };
    g_auto(GStrv) lines = NULL;

    g_clear_pointer (&out, g_free);
    g_assert_true (g_spawn_sync (NULL, (char **) show, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    lines = g_strsplit (out, "\n", -1);
    /* A header, then nearly one row per planned shipment. */
    g_assert_cmpuint (g_strv_length (lines), >=, N_SHIPMENTS * 9 / 10);
  }
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  static Case cases[] = {
    { "jsonl", { { 0 } }, 0.95, 0.9 },
    { "csv", { { [CORRIDOR_CORPUS_CSV] = 100 } }, 0.95, 0.9 },
    { "whatsapp", { { [CORRIDOR_CORPUS_WHATSAPP] = 100 } }, 0.95, 0.9 },
    { "whatsapp-ios", { { [CORRIDOR_CORPUS_WHATSAPP_IOS] = 100 } }, 0.95, 0.9 },
    { "telegram", { { [CORRIDOR_CORPUS_TELEGRAM] = 100 } }, 0.95, 0.9 },
    { "mixed", { { [CORRIDOR_CORPUS_WHATSAPP] = 25, [CORRIDOR_CORPUS_WHATSAPP_IOS] = 10,
                   [CORRIDOR_CORPUS_TELEGRAM] = 25, [CORRIDOR_CORPUS_CSV] = 10 } }, 0.95, 0.9 },
  };
  g_autoptr(GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  corpus = corridor_corpus_generate (SEED, N_SHIPMENTS, &error);
  g_assert_no_error (error);

  g_test_add_func ("/corpus-formats/deterministic", test_deterministic);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/corpus-formats/score/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_format);
    }
  g_test_add_func ("/corpus-formats/cli-mixed", test_cli_mixed);
  rc = g_test_run ();
  corridor_corpus_free (corpus);
  return rc;
}
