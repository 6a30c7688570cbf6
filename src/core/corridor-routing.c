/* corridor-routing.c: cache-first sea routing for shipments. Invariants:
 * the router is only prepared when some stop sequence misses the cache, so
 * a case whose routes are cached redraws without building the graph; new
 * routes are laid along the case's existing ones (heaviest first, then by
 * key, so the result does not depend on the order shipments come in). */
#include "corridor-routing.h"

#include <math.h>
#include <string.h>

typedef struct {
  char                   *key;
  const CorridorShipment *example;   /* whose stops to route */
  double                  kg;
} Pending;

static int
cmp_pending (gconstpointer a, gconstpointer b)
{
  const Pending *x = a, *y = b;
  if (x->kg != y->kg)
    return x->kg > y->kg ? -1 : 1;
  return strcmp (x->key, y->key);
}

GHashTable *
corridor_routing_resolve (CorridorStore *store, GPtrArray *shipments, GError **error)
{
  g_return_val_if_fail (shipments != NULL, NULL);
  g_autoptr(GHashTable) routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) corridor_sea_route_free);
  gboolean writable = store != NULL && !corridor_store_is_read_only (store);
  g_autoptr(GHashTable) pending_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (Pending));
  g_autoptr(GPtrArray) lanes = g_ptr_array_new ();   /* borrowed from routes */

  for (guint i = 0; i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      if (s->n_stops < 2)
        continue;
      g_autofree char *key = corridor_sea_route_key (s->stops, s->n_stops);
      double kg = isnan (s->quantity_kg) ? 0 : s->quantity_kg;
      gpointer idx;
      if (g_hash_table_contains (routes, key))
        continue;
      if (g_hash_table_lookup_extended (pending_index, key, NULL, &idx))
        {
          g_array_index (pending, Pending, GPOINTER_TO_UINT (idx)).kg += kg;
          continue;
        }
      CorridorSeaRoute *cached = store ? corridor_store_get_sea_route (store, key, CORRIDOR_SEA_ROUTER_VERSION) : NULL;
      if (cached)
        {
          g_ptr_array_add (lanes, cached);
          g_hash_table_insert (routes, g_steal_pointer (&key), cached);
          continue;
        }
      Pending p = { g_steal_pointer (&key), s, kg };
      g_array_append_val (pending, p);
      g_hash_table_insert (pending_index, p.key, GUINT_TO_POINTER (pending->len - 1));
    }

  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();  /* keys owned by routes */
  if (pending->len > 0)
    {
      g_hash_table_remove_all (pending_index);  /* its keys are about to move */
      g_array_sort (pending, cmp_pending);
      CorridorSeaRouter *router = corridor_sea_router_get_default (error);
      if (router == NULL)
        {
          for (guint i = 0; i < pending->len; i++)
            g_free (g_array_index (pending, Pending, i).key);
          return NULL;
        }
      for (guint i = 0; i < pending->len; i++)
        {
          Pending *p = &g_array_index (pending, Pending, i);
          CorridorSeaRoute *route = corridor_sea_router_route_along (router, p->example->stops,
                                                                     p->example->n_stops, lanes, NULL);
          if (route == NULL)
            {
              g_free (p->key);
              continue;   /* drawn as an arc */
            }
          g_ptr_array_add (lanes, route);
          g_ptr_array_add (fresh, p->key);
          g_hash_table_insert (routes, p->key, route);
        }
    }

  if (writable && fresh->len > 0)
    {
      /* One transaction; a failure only costs the cache, never the view. */
      gboolean ok = corridor_store_begin (store, NULL);
      for (guint i = 0; ok && i < fresh->len; i++)
        {
          const char *key = g_ptr_array_index (fresh, i);
          ok = corridor_store_put_sea_route (store, key, CORRIDOR_SEA_ROUTER_VERSION,
                                             g_hash_table_lookup (routes, key), NULL);
        }
      if (ok)
        ok = corridor_store_commit (store, NULL);
      if (!ok)
        corridor_store_rollback (store);
    }
  return g_steal_pointer (&routes);
}
