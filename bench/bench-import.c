/* bench-import.c: import speed (issue 3). Writes N messages of the synthetic
 * corpus, replicated with shifted ids and times, as JSON Lines and the same
 * rows as CSV, then times three whole processes, each with its peak RSS
 * (wait4): the sqlite3 CLI's `.import` of the CSV (the floor for merely
 * storing the rows), `corridor import CASE FILE.jsonl --no-infer`, and
 * `corridor import CASE FILE.jsonl` (import, extraction and inference: the
 * ≤ 30 s, ≤ 1.5 GB target), and prints each as a ratio to the floor.
 * Usage: bench-import [N] [DIR] [--corridor PATH]
 *   (default 1000000, a temporary folder, ../src/corridor beside this program) */
#include <glib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "corridor-corpus.h"
#include "corridor-store.h"

#include <sqlite3.h>

static void
csv_field (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static guint
write_corpus (const char *jsonl, const char *csv, guint target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorCorpus) corpus = corridor_corpus_generate (7, 48, &error);
  FILE *j = fopen (jsonl, "w"), *c = fopen (csv, "w");
  g_autoptr(GString) rows = g_string_new (NULL);
  guint written = 0;

  if (corpus == NULL || j == NULL || c == NULL)
    g_error ("cannot write the corpus: %s", error ? error->message : g_strerror (errno));
  for (guint r = 0; written < target; r++)
    {
      g_autoptr(GPtrArray) saved = g_ptr_array_new ();
      g_autofree char *chunk = NULL;
      guint take = MIN (corpus->messages->len, target - written);
      gsize len;

      g_string_truncate (rows, 0);
      for (guint i = 0; i < corpus->messages->len; i++)
        {
          CorridorMessage *m = g_ptr_array_index (corpus->messages, i);
          g_autofree char *to = m->recipients ? g_strjoinv (";", m->recipients) : g_strdup ("");

          g_ptr_array_add (saved, m->id);
          m->id = g_strdup_printf ("r%u-%s", r, m->id);
          m->ts += (gint64) r * 86400 * 7;
          if (i < take)
            {
              g_string_append_printf (rows, "%s,%" G_GINT64_FORMAT ",", m->id, m->ts);
              csv_field (rows, m->sender);
              g_string_append_c (rows, ',');
              csv_field (rows, to);
              g_string_append_c (rows, ',');
              csv_field (rows, m->body);
              if (!isnan (m->lat))
                g_string_append_printf (rows, ",%.5f,%.5f\n", m->lat, m->lon);
              else
                g_string_append (rows, ",,\n");
            }
        }
      chunk = corridor_corpus_to_jsonl (corpus, &len);
      /* Keep whole lines only, up to @take. */
      {
        const char *p = chunk;
        for (guint i = 0; i < take; i++)
          p = strchr (p, '\n') + 1;
        fwrite (chunk, 1, (gsize) (p - chunk), j);
      }
      fwrite (rows->str, 1, rows->len, c);
      for (guint i = 0; i < corpus->messages->len; i++)
        {
          CorridorMessage *m = g_ptr_array_index (corpus->messages, i);

          g_free (m->id);
          m->id = g_ptr_array_index (saved, i);
          m->ts -= (gint64) r * 86400 * 7;
        }
      written += take;
    }
  fclose (j);
  fclose (c);
  return written;
}

typedef struct {
  double wall, cpu;   /* seconds */
  double rss_mb;      /* peak resident set */
  int    status;
} Run;

/* Runs @argv (stdin from @input when set, stdout and stderr to @log) and
 * measures it as a whole process: wall clock, user+system CPU, peak RSS. */
static Run
run_process (const char *const *argv, const char *input, const char *log)
{
  Run r = { NAN, NAN, NAN, -1 };
  struct rusage ru;
  gint64 t0 = g_get_monotonic_time ();
  pid_t pid = fork ();
  int status;

  if (pid < 0)
    g_error ("fork: %s", g_strerror (errno));
  if (pid == 0)
    {
      int out = open (log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

      if (input != NULL)
        {
          int in = open (input, O_RDONLY);

          if (in < 0 || dup2 (in, 0) < 0)
            _exit (126);
        }
      if (out < 0 || dup2 (out, 1) < 0 || dup2 (out, 2) < 0)
        _exit (126);
      execvp (argv[0], (char *const *) argv);
      _exit (127);
    }
  if (wait4 (pid, &status, 0, &ru) < 0)
    g_error ("wait4: %s", g_strerror (errno));
  r.wall = (g_get_monotonic_time () - t0) / 1e6;
  r.cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
          ru.ru_stime.tv_usec / 1e6;
  r.rss_mb = ru.ru_maxrss / 1024.0;   /* Linux reports KiB */
  r.status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  return r;
}

static void
print_run (const char *what, const Run *r, const Run *floor_run, guint n)
{
  printf ("%-50s %7.2f s  (cpu %6.2f s)  peak RSS %7.1f MB  %9.0f msg/s", what, r->wall, r->cpu,
          r->rss_mb, n / r->wall);
  /* The CPU ratio holds up better than wall time on a shared machine. */
  if (floor_run != NULL && !isnan (floor_run->wall))
    printf ("  %5.2f x floor (cpu %5.2f x)", r->wall / floor_run->wall, r->cpu / floor_run->cpu);
  printf ("\n");
}

static void
check_count (const char *case_path, guint expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = corridor_store_open (case_path, CORRIDOR_STORE_OPEN_READ_ONLY,
                                                        &error);

  if (store == NULL)
    g_error ("%s", error->message);
  if (corridor_store_count_messages (store) != expected)
    g_error ("%s holds %" G_GINT64_FORMAT " messages, not %u", case_path,
             corridor_store_count_messages (store), expected);
}

static void
remove_case (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

int
main (int argc, char **argv)
{
  g_autofree char *corridor = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *jsonl = NULL, *csv = NULL, *case_path = NULL, *floor_db = NULL;
  g_autofree char *script_path = NULL, *script = NULL, *log = NULL;
  gboolean own_dir;
  guint n = 1000000, written;
  Run floor_run, no_infer, full;
  int positional = 0;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--corridor") == 0 && i + 1 < argc)
        corridor = g_strdup (argv[++i]);
      else if (positional++ == 0)
        n = (guint) g_ascii_strtoull (argv[i], NULL, 10);
      else
        dir = g_strdup (argv[i]);
    }
  if (corridor == NULL)
    {
      g_autofree char *self_dir = g_path_get_dirname (argv[0]);

      corridor = g_build_filename (self_dir, "..", "src", "corridor", NULL);
    }
  own_dir = dir == NULL;
  if (own_dir)
    dir = g_dir_make_tmp ("bench-import-XXXXXX", NULL);
  jsonl = g_build_filename (dir, "corpus.jsonl", NULL);
  csv = g_build_filename (dir, "corpus.csv", NULL);
  case_path = g_build_filename (dir, "bench.corridor", NULL);
  floor_db = g_build_filename (dir, "floor.db", NULL);
  script_path = g_build_filename (dir, "floor.sql", NULL);
  log = g_build_filename (dir, "run.log", NULL);

  written = write_corpus (jsonl, csv, n);
  printf ("%-50s %9u messages (%s), sqlite3 %s\n", "corpus: JSON Lines, replicated synthetic",
          written, jsonl, sqlite3_libversion ());

  /* The same rows, a table of the same shape, the sqlite3 shell's importer. */
  script = g_strdup_printf (
      "CREATE TABLE messages (id TEXT NOT NULL UNIQUE, ts INTEGER, sender TEXT, recipients TEXT, "
      "body TEXT, lat REAL, lon REAL);\n.mode csv\n.import '%s' messages\n", csv);
  g_file_set_contents (script_path, script, -1, NULL);
  g_unlink (floor_db);
  {
    const char *const args[] = { "sqlite3", floor_db, NULL };

    floor_run = run_process (args, script_path, log);
    if (floor_run.status != 0)
      {
        printf ("sqlite3 .import failed (is the sqlite3 shell installed?)\n");
        floor_run.wall = NAN;
      }
  }
  print_run ("sqlite3 .import of the same rows as CSV (floor)", &floor_run, NULL, written);

  remove_case (case_path);
  {
    const char *const args[] = { corridor, "import", case_path, jsonl, "--no-infer", NULL };

    no_infer = run_process (args, NULL, log);
    if (no_infer.status != 0)
      g_error ("%s import --no-infer failed (status %d, see %s)", corridor, no_infer.status, log);
    check_count (case_path, written);
  }
  print_run ("corridor import --no-infer (whole process)", &no_infer, &floor_run, written);

  remove_case (case_path);
  {
    const char *const args[] = { corridor, "import", case_path, jsonl, NULL };

    full = run_process (args, NULL, log);
    if (full.status != 0)
      g_error ("%s import failed (status %d, see %s)", corridor, full.status, log);
    check_count (case_path, written);
  }
  print_run ("corridor import, extract, infer (whole process)", &full, &floor_run, written);
  printf ("%-50s %s (≤ 30 s, peak RSS ≤ 1536 MB on 1,000,000 messages)\n",
          "issue 3 target", full.wall <= 30 && full.rss_mb <= 1536 ? "met" : "NOT met");

  if (own_dir)
    {
      g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);

      if (system (rm) != 0)
        return 1;
    }
  return 0;
}
