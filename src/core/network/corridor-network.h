/* corridor-network.h: the actor graph and its measures. Degree counts
 * distinct contacts ignoring direction; betweenness is unweighted and
 * normalised to 0..1 (FORMATS.md §4). Key figures are the actors whose
 * messages bridge otherwise separate groups: ranked by betweenness. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char   *handle;
  guint   degree;
  guint   messages;     /* messages on its edges, either direction */
  double  betweenness;  /* normalised: 2 / ((n - 1)(n - 2)) for n ≥ 3 */
} CorridorActorStats;

void corridor_actor_stats_free (CorridorActorStats *s);

/* @contacts: CorridorContact* (corridor-store.h). Returns CorridorActorStats*
 * for every actor that appears, ranked: betweenness, then degree, then
 * messages (all descending), then handle. Deterministic. */
GPtrArray *corridor_network_rank (GPtrArray *contacts);

G_END_DECLS
