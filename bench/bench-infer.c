/* bench-infer.c: extraction plus inference throughput, and the shipments
 * query on a large case.
 *   bench-infer messages [N]          N messages (default 1,000,000): the
 *       synthetic corpus replicated with shifted ids and timestamps, stored
 *       through the store API in one transaction, then corridor_infer_case;
 *       prints messages/s and peak RSS.
 *   bench-infer shipments CASE [N]    writes a case of N shipments (default
 *       100,000) through corridor_store_add_shipment and times the query
 *       behind `corridor shipments --port BEANR --from … --to …` in process. */
#include "corridor-infer.h"
#include "corridor-corpus.h"
#include "corridor-gazetteer.h"
#include "corridor-store.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static double
peak_rss_mb (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

static int
bench_messages (guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorCorpus) corpus = corridor_corpus_generate (20210214u, 400, &error);
  g_autofree char *dir = g_dir_make_tmp ("bench-infer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.corridor", NULL);
  g_autoptr(CorridorStore) store = NULL;
  CorridorInferReport report;
  gint64 source, t0, t1, t2;
  guint written = 0;

  if (corpus == NULL)
    {
      fprintf (stderr, "bench-infer: %s\n", error->message);
      return 1;
    }
  store = corridor_store_open (path, CORRIDOR_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    {
      fprintf (stderr, "bench-infer: %s\n", error->message);
      return 1;
    }

  t0 = g_get_monotonic_time ();
  if (!corridor_store_begin (store, &error) ||
      !corridor_store_add_source (store, "bench", "0000000000000000000000000000000000000000000000000000000000000001",
                                  0, "synthetic", "bench", &source, NULL, &error))
    goto fail;
  /* Each replica is the corpus shifted by 1,500 days, so replicas never
   * share a time window (the corpus spans four years). */
  for (guint r = 0; written < n; r++)
    for (guint i = 0; i < corpus->messages->len && written < n; i++, written++)
      {
        const CorridorMessage *m = g_ptr_array_index (corpus->messages, i);
        CorridorMessage copy = *m;
        g_autofree char *id = g_strdup_printf ("%s-r%u", m->id, r);

        copy.id = id;
        copy.ts = m->ts + (gint64) r * 1500 * 86400;
        if (!corridor_store_add_message (store, source, &copy, &error))
          goto fail;
      }
  if (!corridor_store_commit (store, &error))
    goto fail;
  t1 = g_get_monotonic_time ();
  if (!corridor_infer_case (store, NULL, NULL, NULL, NULL, &report, &error))
    goto fail;
  t2 = g_get_monotonic_time ();

  printf ("messages stored (store API, one transaction)  %u in %.2f s  (%.0f messages/s)\n",
          written, (t1 - t0) / 1e6, written / ((t1 - t0) / 1e6));
  printf ("extraction + inference                        %u in %.2f s  (%.0f messages/s)\n",
          report.messages, (t2 - t1) / 1e6, report.messages / ((t2 - t1) / 1e6));
  printf ("  mentions %u, shipments %u, leads %u\n", report.mentions, report.shipments, report.leads);
  printf ("total                                         %.2f s, peak RSS %.0f MB\n",
          (t2 - t0) / 1e6, peak_rss_mb ());
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return 0;

fail:
  fprintf (stderr, "bench-infer: %s\n", error->message);
  return 1;
}

static int
bench_shipments (const char *path, guint n)
{
  static const char *const origins[] = { "ECGYE", "COCTG", "BRSSZ", "PECLL", "PAMIT", "COBUN", "BRPNG", "UYMVD" };
  static const char *const dests[] = { "BEANR", "NLRTM", "DEHAM", "FRLEH", "ESALG", "ESVLC", "ITGOA", "GBFXT" };
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = corridor_store_open (path, CORRIDOR_STORE_OPEN_CREATE, &error);
  CorridorGazetteer *gaz = corridor_gazetteer_get_default (NULL);
  guint64 state = 42;
  gint64 t0, t1;

  if (store == NULL || gaz == NULL)
    {
      fprintf (stderr, "bench-infer: %s\n", error ? error->message : "no gazetteer");
      return 1;
    }
  if (corridor_store_count_shipments (store) < (gint64) n)
    {
      if (!corridor_store_begin (store, &error))
        goto fail;
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CorridorShipment) s = corridor_shipment_new ();
          const CorridorPort *o, *d;
          GDate date;
          char buf[16];

          state = state * 6364136223846793005ULL + 1442695040888963407ULL;
          o = corridor_gazetteer_lookup_locode (gaz, origins[(state >> 33) % G_N_ELEMENTS (origins)]);
          d = corridor_gazetteer_lookup_locode (gaz, dests[(state >> 40) % G_N_ELEMENTS (dests)]);
          corridor_shipment_add_stop (s, o->locode, o->name, o->lat, o->lon);
          corridor_shipment_add_stop (s, d->locode, d->name, d->lat, d->lon);
          g_date_clear (&date, 1);
          g_date_set_dmy (&date, 1, 1, 2010);
          g_date_add_days (&date, (guint) ((state >> 20) % 5000));
          g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &date);
          s->departed = g_strdup (buf);
          g_date_add_days (&date, 14 + (guint) ((state >> 50) % 12));
          g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &date);
          s->arrived = g_strdup (buf);
          s->quantity_kg = 100 + (double) ((state >> 12) % 3000);
          s->confidence = 0.8;
          corridor_shipment_add_actor (s, (state >> 30) % 2 ? "bench_sender" : "bench_other",
                                       CORRIDOR_ROLE_SENDER);
          if (!corridor_store_add_shipment (store, s, &error))
            goto fail;
        }
      if (!corridor_store_commit (store, &error))
        goto fail;
    }

  {
    g_autoptr(CorridorFilter) f = corridor_filter_new ();
    g_autoptr(GPtrArray) rows = NULL;

    g_ptr_array_add (f->ports, g_strdup ("BEANR"));
    f->from = g_strdup ("2015-01-01");
    f->to = g_strdup ("2015-03-31");
    t0 = g_get_monotonic_time ();
    rows = corridor_store_query_shipments (store, f, &error);
    t1 = g_get_monotonic_time ();
    if (rows == NULL)
      goto fail;
    printf ("query --port BEANR --from 2015-01-01 --to 2015-03-31 on %" G_GINT64_FORMAT
            " shipments: %u rows in %.1f ms (in process)\n",
            corridor_store_count_shipments (store), rows->len, (t1 - t0) / 1000.0);
  }
  return 0;

fail:
  fprintf (stderr, "bench-infer: %s\n", error->message);
  return 1;
}

int
main (int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "messages"))
    return bench_messages (argc >= 3 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 1000000);
  if (argc >= 3 && g_str_equal (argv[1], "shipments"))
    return bench_shipments (argv[2], argc >= 4 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 100000);
  fprintf (stderr, "usage: bench-infer messages [N] | bench-infer shipments CASE [N]\n");
  return 2;
}
