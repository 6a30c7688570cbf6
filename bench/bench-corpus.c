/* bench-corpus.c: writes the mixed-format corpus that bench/run feeds to one
 * whole-process `corridor import` (issue 3). The synthetic corpus (seed
 * 20210214, 400 shipments, the density bench-infer uses) is replicated with
 * shifted ids and times to N messages, then corridor_corpus_write_mix()
 * writes its conversations as JSON Lines (40%), WhatsApp Android (20%),
 * WhatsApp iOS (10%) and Telegram full exports (30%); every message also goes
 * to one CSV for the sqlite3 `.import` floor.
 * Usage: bench-corpus DIR [N]   (default 100000). Writes DIR/mixed/…, the
 * list of those files to DIR/files.txt and DIR/csv/corpus.csv. */
#include "corridor-corpus.h"

#include <glib/gstdio.h>
#include <stdio.h>

/* A replica is the corpus shifted by 1,500 days, so replicas never share a
 * time window (the corpus spans four years); conversations keep their
 * participants, so each chat file holds every replica. */
static CorridorCorpus *
replicate (CorridorCorpus *corpus, guint n)
{
  CorridorCorpus *big = g_new0 (CorridorCorpus, 1);

  big->seed = corpus->seed;
  big->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_message_free);
  big->shipments = g_ptr_array_new ();
  big->actor_roles = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint r = 0; big->messages->len < n; r++)
    for (guint i = 0; i < corpus->messages->len && big->messages->len < n; i++)
      {
        const CorridorMessage *m = g_ptr_array_index (corpus->messages, i);
        CorridorMessage *copy = corridor_message_new ();

        copy->id = g_strdup_printf ("%s-r%u", m->id, r);
        copy->ts = m->ts + (gint64) r * 1500 * 86400;
        copy->tz_offset = m->tz_offset;
        copy->sender = g_strdup (m->sender);
        g_strfreev (copy->recipients);
        copy->recipients = g_strdupv (m->recipients);
        copy->body = g_strdup (m->body);
        copy->lat = m->lat;
        copy->lon = m->lon;
        g_ptr_array_add (big->messages, copy);
      }
  return big;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorCorpus) corpus = NULL, big = NULL;
  g_autoptr(GPtrArray) files = NULL, csv = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  CorridorCorpusMix mix = { { 0 } };
  guint n = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 100000;
  guint counts[CORRIDOR_CORPUS_N_FORMATS] = { 0 };

  if (argc < 2 || n == 0)
    {
      fprintf (stderr, "usage: bench-corpus DIR [N]\n");
      return 2;
    }
  corpus = corridor_corpus_generate (20210214u, 400, &error);
  if (corpus == NULL)
    {
      fprintf (stderr, "bench-corpus: %s\n", error->message);
      return 1;
    }
  big = replicate (corpus, n);
  mix.percent[CORRIDOR_CORPUS_WHATSAPP] = 20;
  mix.percent[CORRIDOR_CORPUS_WHATSAPP_IOS] = 10;
  mix.percent[CORRIDOR_CORPUS_TELEGRAM] = 30;
  {
    g_autofree char *mixed = g_build_filename (argv[1], "mixed", NULL);
    g_autofree char *csv_dir = g_build_filename (argv[1], "csv", NULL);
    g_autofree char *list_path = g_build_filename (argv[1], "files.txt", NULL);

    files = corridor_corpus_write_mix (big, &mix, mixed, &error);
    if (files != NULL)
      csv = corridor_corpus_write_format (big, CORRIDOR_CORPUS_CSV, csv_dir, &error);
    if (csv == NULL)
      {
        fprintf (stderr, "bench-corpus: %s\n", error->message);
        return 1;
      }
    for (guint i = 0; i < files->len; i++)
      {
        const char *p = g_ptr_array_index (files, i);

        g_string_append_printf (list, "%s\n", p);
        counts[g_str_has_suffix (p, ".jsonl") ? CORRIDOR_CORPUS_JSONL
               : g_str_has_suffix (p, "_chat.txt") ? CORRIDOR_CORPUS_WHATSAPP_IOS
               : g_str_has_suffix (p, ".txt") ? CORRIDOR_CORPUS_WHATSAPP
               : CORRIDOR_CORPUS_TELEGRAM]++;
      }
    if (!g_file_set_contents (list_path, list->str, (gssize) list->len, &error))
      {
        fprintf (stderr, "bench-corpus: %s\n", error->message);
        return 1;
      }
  }
  printf ("%u messages: %u JSONL, %u WhatsApp Android, %u WhatsApp iOS, %u Telegram files\n",
          big->messages->len, counts[CORRIDOR_CORPUS_JSONL], counts[CORRIDOR_CORPUS_WHATSAPP],
          counts[CORRIDOR_CORPUS_WHATSAPP_IOS], counts[CORRIDOR_CORPUS_TELEGRAM]);
  return 0;
}
