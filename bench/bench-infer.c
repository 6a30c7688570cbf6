/* bench-infer.c: extraction plus inference throughput, and the shipments
 * query on a large case.
 *   bench-infer messages [N] [CASE]   N messages (default 1,000,000): the
 *       synthetic corpus replicated with shifted ids and timestamps, stored
 *       through the store API in one transaction, then corridor_infer_case;
 *       prints storing, extraction (with mention writes) and inference
 *       (grouping, shipment and evidence writes) apart, and peak RSS. With
 *       CASE the case is written there and kept (to compare outputs).
 *   bench-infer infer CASE            extraction and inference alone, again,
 *       on an existing case (quick turns when profiling).
 *   bench-infer shipments CASE [N]    writes a case of N shipments (default
 *       100,000) through corridor_store_add_shipment and times the query
 *       behind `corridor shipments --port BEANR --from … --to …` in process. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* RUSAGE_THREAD */
#endif
#include "corridor-infer.h"
#include "corridor-corpus.h"
#include "corridor-gazetteer.h"
#include "corridor-store.h"
#include "bench-shipments.h"

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

/* Wall and CPU (user + system) time at one instant, of every thread and of
 * the calling one: on a shared machine the CPU figures are the steadier
 * ones, CPU / wall shows how much of both cores a phase used, and the
 * calling thread's CPU (it alone touches SQLite) is the critical path. */
typedef struct {
  gint64 wall;
  double cpu;
  double cpu_main;
} Stamp;

static double
rusage_seconds (const struct rusage *ru)
{
  return ru->ru_utime.tv_sec + ru->ru_utime.tv_usec / 1e6 + ru->ru_stime.tv_sec + ru->ru_stime.tv_usec / 1e6;
}

static Stamp
stamp_now (void)
{
  struct rusage ru, rt;
  Stamp s;

  getrusage (RUSAGE_SELF, &ru);
  getrusage (RUSAGE_THREAD, &rt);
  s.wall = g_get_monotonic_time ();
  s.cpu = rusage_seconds (&ru);
  s.cpu_main = rusage_seconds (&rt);
  return s;
}

static void
print_phase (const char *what, guint count, Stamp a, Stamp b)
{
  double wall = (b.wall - a.wall) / 1e6;

  if (count > 0)
    printf ("%-46s %8u in %6.2f s  (%7.0f messages/s)  cpu %6.2f s (main thread %6.2f s)\n",
            what, count, wall, count / wall, b.cpu - a.cpu, b.cpu_main - a.cpu_main);
  else
    printf ("%-46s %8s    %6.2f s  %21s  cpu %6.2f s (main thread %6.2f s)\n",
            what, "", wall, "", b.cpu - a.cpu, b.cpu_main - a.cpu_main);
}

/* The progress callback is the only seam between extraction and grouping
 * that the public API shows: "Grouping shipments" starts inference. */
static void
on_progress (double fraction, const char *what, gpointer user_data)
{
  Stamp *grouping_started = user_data;

  (void) fraction;
  if (grouping_started->wall == 0 && g_str_equal (what, "Grouping shipments"))
    *grouping_started = stamp_now ();
}

static gboolean
run_inference (CorridorStore *store, guint stored, Stamp t_start, GError **error)
{
  CorridorInferReport report;
  Stamp t1, t2, t_grouping = { 0, 0 };

  t1 = stamp_now ();
  if (!corridor_infer_case (store, NULL, on_progress, &t_grouping, NULL, &report, error))
    return FALSE;
  t2 = stamp_now ();
  if (t_grouping.wall == 0)
    t_grouping = t2;

  if (stored > 0)
    print_phase ("messages stored (store API, one transaction)", stored, t_start, t1);
  print_phase ("extraction (with mention writes)", report.messages, t1, t_grouping);
  print_phase ("inference (grouping, shipment/evidence writes)", 0, t_grouping, t2);
  print_phase ("extraction + inference", report.messages, t1, t2);
  printf ("  mentions %u, shipments %u, leads %u\n", report.mentions, report.shipments, report.leads);
  if (stored > 0)
    print_phase ("total", 0, t_start, t2);
  printf ("peak RSS %.0f MB\n", peak_rss_mb ());
  return TRUE;
}

static int
bench_messages (guint n, const char *keep)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorCorpus) corpus = corridor_corpus_generate (20210214u, 400, &error);
  g_autofree char *dir = keep != NULL ? NULL : g_dir_make_tmp ("bench-infer-XXXXXX", NULL);
  g_autofree char *path = keep != NULL ? g_strdup (keep) : g_build_filename (dir, "big.corridor", NULL);
  g_autoptr(CorridorStore) store = NULL;
  gint64 source;
  Stamp t0;
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

  t0 = stamp_now ();
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
  if (!run_inference (store, written, t0, &error))
    goto fail;
  g_clear_object (&store);
  if (keep == NULL)
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
bench_infer_only (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = corridor_store_open (path, CORRIDOR_STORE_OPEN_DEFAULT, &error);

  if (store == NULL || !run_inference (store, 0, stamp_now (), &error))
    {
      fprintf (stderr, "bench-infer: %s\n", error->message);
      return 1;
    }
  return 0;
}

static int
bench_shipments (const char *path, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = corridor_store_open (path, CORRIDOR_STORE_OPEN_CREATE, &error);
  gint64 t0, t1;

  if (store == NULL)
    {
      fprintf (stderr, "bench-infer: %s\n", error->message);
      return 1;
    }
  if (corridor_store_count_shipments (store) < (gint64) n
      && !bench_write_shipments (store, n, &error))
    goto fail;

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
    return bench_messages (argc >= 3 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 1000000,
                           argc >= 4 ? argv[3] : NULL);
  if (argc >= 3 && g_str_equal (argv[1], "infer"))
    return bench_infer_only (argv[2]);
  if (argc >= 3 && g_str_equal (argv[1], "shipments"))
    return bench_shipments (argv[2], argc >= 4 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 100000);
  fprintf (stderr, "usage: bench-infer messages [N [CASE]] | bench-infer infer CASE | bench-infer shipments CASE [N]\n");
  return 2;
}
