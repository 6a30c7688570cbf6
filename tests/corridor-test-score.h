/* corridor-test-score.h: inference scored against the synthetic corpus's
 * ground truth exactly as FORMATS.md §3 says: a predicted shipment matches a
 * planned one when origin and destination LOCODEs are equal and departed or
 * arrived is within ±4 days, pairs one to one; roles by majority. Shared by
 * the suites that score (test-infer, test-corpus-formats). */
#pragma once

#include "corridor-corpus.h"
#include "corridor-store.h"

#include <stdio.h>
#include <string.h>

static int
corridor_test_iso_day (const char *iso)
{
  GDate d;
  int y, m, dd;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &dd) != 3)
    return G_MININT;
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, (GDateDay) dd, (GDateMonth) m, (GDateYear) y);
  return (int) g_date_get_julian (&d);
}

/* The date distance when @p matches @t, else -1. */
static int
corridor_test_match_distance (const CorridorShipment *t, const CorridorShipment *p)
{
  int best = -1;

  if (strcmp (corridor_shipment_origin (t)->locode, corridor_shipment_origin (p)->locode) != 0 ||
      strcmp (corridor_shipment_destination (t)->locode,
              corridor_shipment_destination (p)->locode) != 0)
    return -1;
  if (t->departed != NULL && p->departed != NULL)
    {
      int d = ABS (corridor_test_iso_day (t->departed) - corridor_test_iso_day (p->departed));
      if (d <= 4)
        best = d;
    }
  if (t->arrived != NULL && p->arrived != NULL)
    {
      int d = ABS (corridor_test_iso_day (t->arrived) - corridor_test_iso_day (p->arrived));
      if (d <= 4 && (best < 0 || d < best))
        best = d;
    }
  return best;
}

typedef struct {
  double precision, recall, f1, roles;
  guint  predicted, truth, matched;
} Score;

G_GNUC_UNUSED static Score
score_case (CorridorCorpus *corpus, CorridorStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) predicted = corridor_store_query_shipments (store, NULL, &error);
  g_autoptr(GHashTable) roles = corridor_store_actor_roles (store, &error);
  g_autofree gboolean *used_t = NULL, *used_p = NULL;
  Score s = { 0 };
  guint right = 0, total = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_no_error (error);
  used_t = g_new0 (gboolean, corpus->shipments->len);
  used_p = g_new0 (gboolean, predicted->len);
  /* Greedy one-to-one by date distance: 0 days first, then 1, … */
  for (int dist = 0; dist <= 4; dist++)
    for (guint i = 0; i < corpus->shipments->len; i++)
      for (guint j = 0; !used_t[i] && j < predicted->len; j++)
        if (!used_p[j] && corridor_test_match_distance (g_ptr_array_index (corpus->shipments, i),
                                                        g_ptr_array_index (predicted, j)) == dist)
          {
            used_t[i] = used_p[j] = TRUE;
            s.matched++;
          }
  s.predicted = predicted->len;
  s.truth = corpus->shipments->len;
  s.precision = s.predicted > 0 ? s.matched / (double) s.predicted : 0;
  s.recall = s.matched / (double) s.truth;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;

  g_hash_table_iter_init (&iter, corpus->actor_roles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *got = g_hash_table_lookup (roles, key);
      total++;
      if (g_strcmp0 (got, corridor_role_to_string (GPOINTER_TO_INT (value))) == 0)
        right++;
    }
  s.roles = total > 0 ? right / (double) total : 0;
  return s;
}
