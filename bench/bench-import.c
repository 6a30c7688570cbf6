/* bench-import.c: import speed (issue 3). Writes N messages of the synthetic
 * corpus, replicated with shifted ids and times, as JSON Lines and the same
 * rows as CSV; times `corridor_import_paths` (import only, no inference) into
 * a fresh case and the sqlite3 CLI's `.import` of the CSV, the floor for
 * merely storing the rows, and prints our time as a ratio to it.
 * Usage: bench-import [N] [DIR]   (default 1000000, a temporary folder) */
#include <glib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor-corpus.h"
#include "corridor-import.h"
#include "corridor-store.h"

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

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autofree char *dir = argc > 2 ? g_strdup (argv[2]) : g_dir_make_tmp ("bench-import-XXXXXX", NULL);
  g_autofree char *jsonl = g_build_filename (dir, "corpus.jsonl", NULL);
  g_autofree char *csv = g_build_filename (dir, "corpus.csv", NULL);
  g_autofree char *case_path = g_build_filename (dir, "bench.corridor", NULL);
  g_autofree char *floor_db = g_build_filename (dir, "floor.db", NULL);
  g_autoptr(GError) error = NULL;
  double ours, floor_s;
  gint64 t0;
  guint written;

  written = write_corpus (jsonl, csv, n);
  g_unlink (case_path);
  g_unlink (floor_db);

  {
    g_autoptr(CorridorStore) store = corridor_store_open (case_path, CORRIDOR_STORE_OPEN_CREATE, &error);
    g_autoptr(CorridorImportReport) report = corridor_import_report_new ();
    const char *paths[] = { jsonl, NULL };

    if (store == NULL)
      g_error ("%s", error->message);
    t0 = g_get_monotonic_time ();
    if (!corridor_import_paths (store, paths, NULL, report, &error))
      g_error ("%s", error->message);
    ours = (g_get_monotonic_time () - t0) / 1e6;
    if (corridor_store_count_messages (store) != written)
      g_error ("imported %" G_GINT64_FORMAT " of %u", corridor_store_count_messages (store), written);
  }
  {
    /* The same rows, same table shape, the sqlite3 shell's own importer. */
    g_autofree char *script = g_strdup_printf (
        "CREATE TABLE messages (id TEXT NOT NULL UNIQUE, ts INTEGER, sender TEXT, recipients TEXT, "
        "body TEXT, lat REAL, lon REAL);\n.mode csv\n.import '%s' messages\n", csv);
    const char *argv_sql[] = { "sqlite3", floor_db, NULL };
    g_autofree char *script_path = g_build_filename (dir, "floor.sql", NULL);
    g_autofree char *cmd = NULL;
    int status;

    g_file_set_contents (script_path, script, -1, NULL);
    cmd = g_strdup_printf ("sqlite3 '%s' < '%s'", floor_db, script_path);
    (void) argv_sql;
    t0 = g_get_monotonic_time ();
    status = system (cmd);
    floor_s = (g_get_monotonic_time () - t0) / 1e6;
    if (status != 0)
      {
        printf ("sqlite3 .import failed (is the sqlite3 shell installed?)\n");
        floor_s = NAN;
      }
  }
  printf ("%-48s %9u messages\n", "corpus (JSONL, replicated synthetic)", written);
  printf ("%-48s %9.2f s  %9.0f msg/s\n", "corridor import --no-infer (in process)", ours, written / ours);
  printf ("%-48s %9.2f s  %9.0f msg/s\n", "sqlite3 .import of the same rows as CSV", floor_s, written / floor_s);
  printf ("%-48s %9.2f x\n", "ratio corridor / sqlite3 .import", ours / floor_s);
  if (argc <= 2)
    {
      g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);
      if (system (rm) != 0)
        return 1;
    }
  return 0;
}
