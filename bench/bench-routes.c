/* bench-routes.c: sea router timings for issue 6: the one-time preparation,
 * a single route (median and p95 over distinct pairs), and all pairs of 60
 * South American/Caribbean origins × 30 European destinations. */
#include "corridor-sea-router.h"
#include "corridor-gazetteer.h"
#include "corridor-memory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const origins_cc[] = { "AR", "BR", "CL", "CO", "EC", "PE", "UY", "PY", "VE", "GY",
  "SR", "PA", "CR", "HN", "GT", "MX", "CU", "JM", "DO", "BS", "TT", "CW", "PR", "HT", NULL };
static const char *const dest_cc[] = { "BE", "NL", "DE", "FR", "ES", "PT", "IT", "GR", "PL", "GB",
  "IE", "DK", "SE", "RO", "BG", "TR", "HR", "SI", "MT", "FI", NULL };

static gboolean
in_list (const char *cc, const char *const *list)
{
  for (; *list; list++)
    if (strcmp (*list, cc) == 0)
      return TRUE;
  return FALSE;
}

static GArray *
pick (CorridorGazetteer *g, const char *const *ccs, guint n)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  for (guint i = 0; i < corridor_gazetteer_get_n_ports (g); i++)
    if (in_list (corridor_gazetteer_get_port (g, i)->country, ccs))
      g_ptr_array_add (all, (gpointer) corridor_gazetteer_get_port (g, i));
  GArray *out = g_array_new (FALSE, TRUE, sizeof (CorridorStop));
  for (guint k = 0; k < n && all->len; k++)
    {
      const CorridorPort *p = g_ptr_array_index (all, (guint) ((guint64) k * all->len / n));
      CorridorStop s = { { 0 }, p->name, p->lat, p->lon };
      g_strlcpy (s.locode, p->locode, sizeof s.locode);
      g_array_append_val (out, s);
    }
  return out;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (void)
{
  corridor_memory_tune ();
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  CorridorSeaRouter *router = corridor_sea_router_get_default (&error);
  if (router == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  double prep = (g_get_monotonic_time () - t0) / 1000.0;
  printf ("%-58s %8.1f ms  (target ≤ 2000 ms: %s; %u nodes, %u edges)\n", "router preparation (one-time)",
          prep, prep <= 2000 ? "met" : "NOT met", corridor_sea_router_get_n_nodes (router),
          corridor_sea_router_get_n_edges (router));

  CorridorGazetteer *g = corridor_gazetteer_get_default (NULL);
  g_autoptr(GArray) from = pick (g, origins_cc, 60), to = pick (g, dest_cc, 30);
  guint n = from->len * to->len;
  double *ms = g_new (double, n);
  guint k = 0, failed = 0;
  gint64 all0 = g_get_monotonic_time ();
  for (guint i = 0; i < from->len; i++)
    for (guint j = 0; j < to->len; j++)
      {
        CorridorStop stops[2] = { g_array_index (from, CorridorStop, i), g_array_index (to, CorridorStop, j) };
        gint64 r0 = g_get_monotonic_time ();
        CorridorSeaRoute *route = corridor_sea_router_route (router, stops, 2, NULL);
        ms[k++] = (g_get_monotonic_time () - r0) / 1000.0;
        failed += route == NULL;
        corridor_sea_route_free (route);
      }
  double all = (g_get_monotonic_time () - all0) / 1000.0;
  qsort (ms, n, sizeof *ms, cmp_double);
  printf ("%-58s median %6.2f ms  p95 %6.2f ms  (target ≤ 5 ms: %s)\n", "one route (first call per port includes attaching it)",
          ms[n / 2], ms[(guint) (0.95 * (n - 1))], ms[n / 2] <= 5 ? "met" : "NOT met");
  printf ("%-58s %8.1f ms for %u routes, %u failed (target ≤ 10 s incl. preparation: %s)\n",
          "all pairs, 60 origins × 30 destinations", all, n, failed, prep + all <= 10000 ? "met" : "NOT met");
  g_free (ms);
  return failed ? 1 : 0;
}
