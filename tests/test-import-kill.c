/* test-import-kill.c: a process killed at any moment leaves the case whole
 * (issue 3). `corridor import CASE a.csv big.jsonl chat.txt result.json` and
 * `corridor infer CASE` are SIGKILLed after seeded random delays spread over
 * a whole run, at least MIN_KILLS times. After each kill: integrity_check and
 * foreign keys pass, every source is wholly present or wholly absent, and the
 * inference results are those of one complete run (the audit entry written
 * with them agrees). Finally a re-import completes. Seed: CORRIDOR_KILL_SEED. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>

#include "corridor-corpus.h"
#include "corridor-store.h"

#define MIN_KILLS 50
#define MAX_ROUNDS 150

/* Sanitizers slow the binary several times: a smaller big file keeps the
 * suite's time, and kills still land mid-file. */
#if defined(__SANITIZE_ADDRESS__)
#define BIG_MESSAGES 3000
#else
#define BIG_MESSAGES 12000
#endif

static const char *const formats[] = { "csv", "jsonl", "whatsapp", "telegram" };
#define N_SOURCES G_N_ELEMENTS (formats)

static const char csv_text[] =
    "id,ts,from,to,body\n"
    "csv-1,2021-02-14T09:31:22+01:00,ZX4F7Q,bigboss77,MSC Anna leaves Guayaquil for Antwerp\n"
    "csv-2,2021-02-14T09:35:00+01:00,bigboss77,ZX4F7Q,ok 200 bricks container MSKU1234565\n"
    "csv-3,2021-02-15T10:00:00+01:00,ZX4F7Q,bigboss77;tano,\"ETA Antwerp 03/03, kaai 1742\"\n"
    "csv-4,2021-02-16T11:00:00+01:00,tano,ZX4F7Q,bananas as usual\n";

static const char wa_text[] =
    "14/02/2021, 09:30 - Messages and calls are end-to-end encrypted.\n"
    "14/02/2021, 09:31 - Rico: la carga sale de Santos el 20/02\n"
    "14/02/2021, 09:32 - Tano: 150 ladrillos, contenedor MSKU1234565\n"
    "14/02/2021, 09:33 - Rico: destino Rotterdam\n"
    "second line of the same message\n"
    "15/02/2021, 18:02 - Tano: <Media omitted>\n"
    "16/02/2021, 07:45 - Rico: llega el 05/03\n";

static const char tg_text[] =
    "{\n \"name\": \"Broker\", \"type\": \"personal_chat\", \"id\": 4242,\n \"messages\": [\n"
    "  {\"id\": 1, \"type\": \"service\", \"date_unixtime\": \"1613293200\", \"actor\": \"Broker\","
    " \"text\": \"\"},\n"
    "  {\"id\": 2, \"type\": \"message\", \"date_unixtime\": \"1613293260\", \"from\": \"Broker\","
    " \"from_id\": \"user77\", \"text\": \"Vessel leaves Paranagua for Hamburg\"},\n"
    "  {\"id\": 3, \"type\": \"message\", \"date_unixtime\": \"1613293320\", \"from\": \"Me\","
    " \"from_id\": \"user1\", \"text\": [\"container \", {\"type\": \"bold\", \"text\":"
    " \"MSKU1234565\"}, \" ok\"]},\n"
    "  {\"id\": 4, \"type\": \"message\", \"date_unixtime\": \"1613293380\", \"from\": \"Broker\","
    " \"from_id\": \"user77\", \"text\": \"300 kilos\"}\n ]\n}\n";

typedef struct {
  char   *dir, *case_path;
  char   *files[N_SOURCES];
  gint64  expected[N_SOURCES];  /* messages of each source once imported */
  gint64  import_us, infer_us;  /* one full run of each, uninterrupted */
  gint64  load_us;              /* the import alone (--no-infer) */
} Fixture;

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

static gint64
q_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *st = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  if (sqlite3_step (st) == SQLITE_ROW)
    v = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  return v;
}

static char *
q_text (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *st = NULL;
  char *v = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  if (sqlite3_step (st) == SQLITE_ROW && sqlite3_column_text (st, 0) != NULL)
    v = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  return v;
}

static sqlite3 *
open_ro (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

/* The inference results as one comparable string. */
static char *
fingerprint (sqlite3 *db)
{
  g_autofree char *ids = q_text (db, "SELECT group_concat(id, ',') FROM "
                                     "(SELECT id FROM shipments ORDER BY id)");

  return g_strdup_printf ("mentions=%" G_GINT64_FORMAT " evidence=%" G_GINT64_FORMAT
                          " leads=%" G_GINT64_FORMAT " ports=%" G_GINT64_FORMAT " shipments=%s",
                          q_int (db, "SELECT count(*) FROM mentions"),
                          q_int (db, "SELECT count(*) FROM evidence"),
                          q_int (db, "SELECT count(*) FROM leads"),
                          q_int (db, "SELECT count(*) FROM shipment_ports"),
                          ids != NULL ? ids : "");
}

typedef struct {
  guint    present;         /* sources wholly in the case */
  gboolean inferred;        /* the last inference covers every message */
  char    *fingerprint;
} State;

static void
state_clear (State *st)
{
  g_clear_pointer (&st->fingerprint, g_free);
}

/* Every check a kill must leave true; fills @st. */
static void
check_case (Fixture *fx, State *st)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *audit = NULL;
  gint64 total = 0, messages;
  sqlite3 *db;

  {
    /* Opening runs SQLite's recovery of the interrupted transaction. */
    g_autoptr(CorridorStore) s = corridor_store_open (fx->case_path, CORRIDOR_STORE_OPEN_DEFAULT,
                                                      &error);

    g_assert_no_error (error);
    g_assert_true (corridor_store_check_integrity (s, &error));
    g_assert_no_error (error);
  }
  db = open_ro (fx->case_path);
  {
    g_autofree char *ok = q_text (db, "PRAGMA integrity_check");
    g_autofree char *fk = q_text (db, "SELECT \"table\" || ' ' || parent FROM pragma_foreign_key_check");

    g_assert_cmpstr (ok, ==, "ok");
    g_assert_cmpstr (fk, ==, NULL);
  }
  st->present = 0;
  for (guint i = 0; i < N_SOURCES; i++)
    {
      g_autofree char *q1 = g_strdup_printf ("SELECT count(*) FROM sources WHERE format = '%s'",
                                             formats[i]);
      g_autofree char *q2 = g_strdup_printf ("SELECT count(*) FROM messages m JOIN sources s ON "
                                             "s.id = m.source_id WHERE s.format = '%s'", formats[i]);
      gint64 rows = q_int (db, q1), n = q_int (db, q2);

      g_assert_cmpint (rows, <=, 1);
      if (rows == 0)
        g_assert_cmpint (n, ==, 0);
      else
        {
          g_assert_cmpint (n, ==, fx->expected[i]);
          st->present++;
        }
      total += n;
    }
  messages = q_int (db, "SELECT count(*) FROM messages");
  g_assert_cmpint (messages, ==, total);
  g_assert_cmpint (q_int (db, "SELECT count(*) FROM messages WHERE source_id IS NULL OR "
                              "source_id NOT IN (SELECT id FROM sources)"), ==, 0);
  g_assert_cmpint (q_int (db, "SELECT count(*) FROM mentions WHERE message_rowid NOT IN "
                              "(SELECT rowid FROM messages)"), ==, 0);
  g_assert_cmpint (q_int (db, "SELECT count(*) FROM evidence WHERE message_rowid NOT IN "
                              "(SELECT rowid FROM messages)"), ==, 0);

  /* The inference results are those its audit entry describes: written in
   * one transaction with it, never half of a run. */
  audit = q_text (db, "SELECT after_json FROM audit_log WHERE action = 'infer' "
                      "ORDER BY id DESC LIMIT 1");
  if (audit == NULL)
    {
      g_assert_cmpint (q_int (db, "SELECT count(*) FROM mentions"), ==, 0);
      g_assert_cmpint (q_int (db, "SELECT count(*) FROM shipments"), ==, 0);
      st->inferred = FALSE;
    }
  else
    {
      g_autoptr(JsonParser) p = json_parser_new ();
      JsonObject *o;

      g_assert_true (json_parser_load_from_data (p, audit, -1, NULL));
      o = json_node_get_object (json_parser_get_root (p));
      g_assert_cmpint (json_object_get_int_member (o, "mentions"), ==,
                       q_int (db, "SELECT count(*) FROM mentions"));
      g_assert_cmpint (json_object_get_int_member (o, "messages"), <=, messages);
      st->inferred = json_object_get_int_member (o, "messages") == messages;
    }
  g_free (st->fingerprint);
  st->fingerprint = fingerprint (db);
  sqlite3_close (db);
}

static void
reset_case (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };

  for (guint k = 0; k < G_N_ELEMENTS (suffix); k++)
    {
      g_autofree char *p = g_strconcat (fx->case_path, suffix[k], NULL);
      g_unlink (p);
    }
  {
    /* The case exists before the first kill: only the import is at stake. */
    g_autoptr(CorridorStore) s = corridor_store_open (fx->case_path, CORRIDOR_STORE_OPEN_CREATE,
                                                      &error);
    g_assert_no_error (error);
  }
}

/* With @rand, the sources in a random order: the big file first leaves a
 * kill inside it with an empty case, later with some sources in. */
static const char **
import_argv (Fixture *fx, const char *bin, const char *case_path, GRand *rand)
{
  const char **argv = g_new0 (const char *, N_SOURCES + 5);
  guint k = 0;

  argv[k++] = bin;
  argv[k++] = "import";
  argv[k++] = case_path;
  for (guint i = 0; i < N_SOURCES; i++)
    argv[k++] = fx->files[i];
  for (guint i = N_SOURCES - 1; rand != NULL && i > 0; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i + 1);
      const char *t = argv[3 + i];

      argv[3 + i] = argv[3 + j];
      argv[3 + j] = t;
    }
  return argv;
}

static gint64
run_sync (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  return g_get_monotonic_time () - t0;
}

/* Runs @argv and SIGKILLs it after @delay_us; TRUE if the kill landed
 * (the process had not finished by then). */
static gboolean
run_killed (const char *const *argv, gint64 delay_us)
{
  g_autoptr(GError) error = NULL;
  GPid pid;
  int status;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                    G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_usleep ((gulong) delay_us);
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  if (WIFSIGNALED (status))
    {
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      return TRUE;
    }
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  return FALSE;
}

static void
test_kill (void)
{
  const char *bin = g_getenv ("CORRIDOR_BIN");
  const char *seed_env = g_getenv ("CORRIDOR_KILL_SEED");
  guint32 seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : 20210214;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *reference = NULL;
  Fixture fx = { 0 };
  State st = { 0 };
  guint kills = 0, rounds = 0, infer_kills = 0, import_kills = 0;
  guint outcome_none = 0, outcome_partial = 0, outcome_uninferred = 0, outcome_done = 0;
  gint64 t_start = g_get_monotonic_time ();

  if (bin == NULL)
    {
      g_test_skip ("CORRIDOR_BIN is not set");
      return;
    }
  g_test_message ("seed %u (set CORRIDOR_KILL_SEED to replay another)", seed);
  fx.dir = g_dir_make_tmp ("corridor-kill-XXXXXX", NULL);
  fx.case_path = g_build_filename (fx.dir, "kill.corridor", NULL);
  /* The big file second: kills land before, inside and after it. */
  fx.files[0] = g_build_filename (fx.dir, "a.csv", NULL);
  fx.files[1] = g_build_filename (fx.dir, "big.jsonl", NULL);
  fx.files[2] = g_build_filename (fx.dir, "chat.txt", NULL);
  fx.files[3] = g_build_filename (fx.dir, "result.json", NULL);
  g_assert_true (g_file_set_contents (fx.files[0], csv_text, -1, NULL));
  g_assert_true (g_file_set_contents (fx.files[2], wa_text, -1, NULL));
  g_assert_true (g_file_set_contents (fx.files[3], tg_text, -1, NULL));
  fx.expected[1] = write_replicated (fx.files[1], BIG_MESSAGES);

  {
    /* One uninterrupted run in a scratch case: the counts every source must
     * reach, the time window for kills, and inference's determinism. */
    g_autofree char *scratch = g_build_filename (fx.dir, "scratch.corridor", NULL);
    g_autofree const char **argv = import_argv (&fx, bin, scratch, NULL);
    const char *infer_argv[] = { bin, "infer", scratch, NULL };
    g_autofree char *again = NULL;
    sqlite3 *db;

    fx.import_us = run_sync (argv);
    {
      g_autofree char *scratch2 = g_build_filename (fx.dir, "scratch2.corridor", NULL);
      g_autofree const char **argv2 = import_argv (&fx, bin, scratch2, NULL);

      argv2[N_SOURCES + 3] = "--no-infer";
      fx.load_us = run_sync (argv2);
    }
    db = open_ro (scratch);
    for (guint i = 0; i < N_SOURCES; i++)
      {
        g_autofree char *q = g_strdup_printf ("SELECT count(*) FROM messages m JOIN sources s ON "
                                              "s.id = m.source_id WHERE s.format = '%s'",
                                              formats[i]);
        gint64 n = q_int (db, q);

        if (fx.expected[i] != 0)
          g_assert_cmpint (n, ==, fx.expected[i]);
        g_assert_cmpint (n, >, 0);
        fx.expected[i] = n;
      }
    reference = fingerprint (db);
    sqlite3_close (db);
    g_assert_nonnull (strstr (reference, "shipments=s-"));
    fx.infer_us = run_sync (infer_argv);
    db = open_ro (scratch);
    again = fingerprint (db);
    sqlite3_close (db);
    g_assert_cmpstr (again, ==, reference);
    g_test_message ("full import %.2f s (%.2f s before inference), infer %.2f s, %" G_GINT64_FORMAT " + %" G_GINT64_FORMAT
                    " + %" G_GINT64_FORMAT " + %" G_GINT64_FORMAT " messages",
                    fx.import_us / 1e6, fx.load_us / 1e6, fx.infer_us / 1e6, fx.expected[0], fx.expected[1],
                    fx.expected[2], fx.expected[3]);
  }

  reset_case (&fx);
  check_case (&fx, &st);
  while (kills < MIN_KILLS && rounds < MAX_ROUNDS)
    {
      gboolean infer_round = st.present == N_SOURCES && st.inferred &&
                             g_rand_int_range (rand, 0, 3) > 0;
      g_autofree char *before = g_strdup (st.fingerprint);
      gboolean killed;

      rounds++;
      if (!infer_round && st.present == N_SOURCES && st.inferred)
        reset_case (&fx);   /* all done: start afresh, so kills hit the import again */
      if (infer_round)
        {
          const char *argv[] = { bin, "infer", fx.case_path, NULL };

          /* Up to 110% of a run: some kills land after the commit. */
          killed = run_killed (argv, g_rand_int_range (rand, 0, (gint32) (fx.infer_us * 11 / 10)));
          infer_kills += killed;
        }
      else
        {
          g_autofree const char **argv = import_argv (&fx, bin, fx.case_path, rand);
          /* --no-infer now and then, so kills also meet a case whose import
           * finished without inference. */
          if (g_rand_int_range (rand, 0, 5) == 0)
            argv[N_SOURCES + 3] = "--no-infer";
          /* Half the kills aim at the loading, which is the shorter part. */
          gint64 window = g_rand_boolean (rand) ? fx.load_us : fx.import_us;

          killed = run_killed (argv, g_rand_int_range (rand, 0, (gint32) (window * 11 / 10)));
          import_kills += killed;
        }
      kills += killed;
      check_case (&fx, &st);
      if (infer_round)
        {
          /* Old results intact or new ones complete: the same, for the same
           * messages. */
          g_assert_cmpstr (st.fingerprint, ==, before);
          g_assert_true (st.inferred);
        }
      else if (st.present == 0)
        outcome_none++;
      else if (st.present < N_SOURCES)
        outcome_partial++;
      else if (!st.inferred)
        outcome_uninferred++;
      else
        outcome_done++;
      if (st.present == N_SOURCES && st.inferred && !infer_round)
        g_assert_cmpstr (st.fingerprint, ==, reference);
    }
  g_test_message ("%u rounds, %u kills (%u in import, %u in infer); after an import kill: "
                  "%u empty, %u some sources, %u all sources not yet inferred, %u complete; "
                  "%.1f s", rounds, kills, import_kills, infer_kills, outcome_none,
                  outcome_partial, outcome_uninferred, outcome_done,
                  (g_get_monotonic_time () - t_start) / 1e6);
  g_assert_cmpuint (kills, >=, MIN_KILLS);
  g_assert_cmpuint (infer_kills, >, 0);
  g_assert_cmpuint (outcome_none + outcome_partial, >, 0);

  {
    /* A re-import completes and leaves exactly one copy of each source. */
    g_autofree const char **argv = import_argv (&fx, bin, fx.case_path, NULL);

    run_sync (argv);
    check_case (&fx, &st);
    g_assert_cmpuint (st.present, ==, N_SOURCES);
    g_assert_true (st.inferred);
  }
  state_clear (&st);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fx.dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
  for (guint i = 0; i < N_SOURCES; i++)
    g_free (fx.files[i]);
  g_free (fx.case_path);
  g_free (fx.dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import/kill", test_kill);
  return g_test_run ();
}
