/* corridor-network.c: degree and betweenness centrality of the actor graph.
 * Brandes' algorithm (2001) on the unweighted undirected graph: one BFS per
 * source with dependency accumulation, O(V·E); a few thousand actors take
 * milliseconds. Undirected pairs are counted once, hence the halving. */
#include "corridor-network.h"
#include "corridor-store.h"

#include <string.h>

void
corridor_actor_stats_free (CorridorActorStats *s)
{
  if (s == NULL)
    return;
  g_free (s->handle);
  g_free (s);
}

static int
cmp_rank (gconstpointer pa, gconstpointer pb)
{
  const CorridorActorStats *a = *(CorridorActorStats * const *) pa;
  const CorridorActorStats *b = *(CorridorActorStats * const *) pb;
  if (a->betweenness != b->betweenness)
    return a->betweenness > b->betweenness ? -1 : 1;
  if (a->degree != b->degree)
    return a->degree > b->degree ? -1 : 1;
  if (a->messages != b->messages)
    return a->messages > b->messages ? -1 : 1;
  return strcmp (a->handle, b->handle);
}

static guint
node_of (GHashTable *index, GPtrArray *stats, const char *handle)
{
  gpointer v;
  if (g_hash_table_lookup_extended (index, handle, NULL, &v))
    return GPOINTER_TO_UINT (v);
  CorridorActorStats *s = g_new0 (CorridorActorStats, 1);
  s->handle = g_strdup (handle);
  g_ptr_array_add (stats, s);
  g_hash_table_insert (index, s->handle, GUINT_TO_POINTER (stats->len - 1));
  return stats->len - 1;
}

GPtrArray *
corridor_network_rank (GPtrArray *contacts)
{
  g_return_val_if_fail (contacts != NULL, NULL);
  GPtrArray *stats = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_actor_stats_free);
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) ea = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) eb = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < contacts->len; i++)
    {
      const CorridorContact *c = g_ptr_array_index (contacts, i);
      if (c->a == NULL || c->b == NULL || strcmp (c->a, c->b) == 0)
        continue;
      guint a = node_of (index, stats, c->a), b = node_of (index, stats, c->b);
      CorridorActorStats *sa = g_ptr_array_index (stats, a), *sb = g_ptr_array_index (stats, b);
      sa->messages += c->n;
      sb->messages += c->n;
      /* The same pair listed twice is still one edge. */
      char *key = g_strdup_printf ("%u,%u", MIN (a, b), MAX (a, b));
      if (!g_hash_table_add (seen, key))
        continue;
      g_array_append_val (ea, a);
      g_array_append_val (eb, b);
    }

  guint n = stats->len;
  /* CSR adjacency. */
  g_autofree guint *start = g_new0 (guint, n + 1);
  for (guint e = 0; e < ea->len; e++)
    start[g_array_index (ea, guint, e) + 1]++, start[g_array_index (eb, guint, e) + 1]++;
  for (guint v = 0; v < n; v++)
    start[v + 1] += start[v];
  g_autofree guint *adj = g_new (guint, MAX (1, start[n]));
  g_autofree guint *fill = g_new0 (guint, MAX (1, n));
  for (guint e = 0; e < ea->len; e++)
    {
      guint a = g_array_index (ea, guint, e), b = g_array_index (eb, guint, e);
      adj[start[a] + fill[a]++] = b;
      adj[start[b] + fill[b]++] = a;
    }
  for (guint v = 0; v < n; v++)
    ((CorridorActorStats *) g_ptr_array_index (stats, v))->degree = start[v + 1] - start[v];

  g_autofree double *bc = g_new0 (double, MAX (1, n));
  g_autofree double *sigma = g_new (double, MAX (1, n));
  g_autofree double *delta = g_new (double, MAX (1, n));
  g_autofree gint *dist = g_new (gint, MAX (1, n));
  g_autofree guint *queue = g_new (guint, MAX (1, n));
  g_autofree guint *order = g_new (guint, MAX (1, n));
  for (guint s = 0; s < n; s++)
    {
      for (guint v = 0; v < n; v++)
        sigma[v] = 0, delta[v] = 0, dist[v] = -1;
      sigma[s] = 1;
      dist[s] = 0;
      guint head = 0, tail = 0, n_order = 0;
      queue[tail++] = s;
      while (head < tail)
        {
          guint v = queue[head++];
          order[n_order++] = v;
          for (guint k = start[v]; k < start[v + 1]; k++)
            {
              guint w = adj[k];
              if (dist[w] < 0)
                {
                  dist[w] = dist[v] + 1;
                  queue[tail++] = w;
                }
              if (dist[w] == dist[v] + 1)
                sigma[w] += sigma[v];
            }
        }
      /* Dependencies in reverse BFS order; predecessors are the neighbours
       * one step closer to s. */
      for (guint i = n_order; i-- > 0;)
        {
          guint w = order[i];
          for (guint k = start[w]; k < start[w + 1]; k++)
            {
              guint v = adj[k];
              if (dist[v] == dist[w] - 1)
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
          if (w != s)
            bc[w] += delta[w];
        }
    }
  double norm = n >= 3 ? 1.0 / ((double) (n - 1) * (n - 2)) : 0.0;
  for (guint v = 0; v < n; v++)
    /* Each undirected path was counted from both ends: halve, then scale
     * by 2/((n-1)(n-2)); together, divide by (n-1)(n-2). */
    ((CorridorActorStats *) g_ptr_array_index (stats, v))->betweenness = bc[v] * norm;

  g_ptr_array_sort (stats, cmp_rank);
  return stats;
}
