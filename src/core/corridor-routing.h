/* corridor-routing.h: sea routes for a set of shipments, through the case's
 * cache: what the map, briefings and exports draw. */
#pragma once

#include <glib.h>
#include "corridor-store.h"
#include "corridor-sea-router.h"

G_BEGIN_DECLS

/* Resolves the route of every distinct stop sequence in @shipments (those
 * with at least two stops): from @store's cache when it holds one for this
 * router version, else from the default router (prepared on first need),
 * and then cached in @store when it is writable. @store may be NULL.
 * Returns corridor_sea_route_key() -> CorridorSeaRoute*. A stop sequence
 * the router cannot join is left out (drawn as an arc), not an error. */
GHashTable *corridor_routing_resolve (CorridorStore *store, GPtrArray *shipments, GError **error);

G_END_DECLS
