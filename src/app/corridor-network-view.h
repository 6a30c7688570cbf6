/* corridor-network-view.h: the Network page. Left, the actor graph of the
 * shown shipments drawn by role columns (CorridorNetworkLayout); right, the
 * key figures ranked by betweenness and the chosen actor's detail: its role,
 * counts, ports and contacts, and "Show on Map", which filters the window to
 * that actor (win.filter-actor) and switches win.view to "map". Contacts and
 * roles are read on a worker thread over the view's own read-only
 * connection; the layout is recomputed there on every "scene-changed". */
#pragma once

#include <adwaita.h>
#include "corridor-network-layout.h"

G_BEGIN_DECLS

typedef struct _CorridorWindow CorridorWindow;

#define CORRIDOR_TYPE_NETWORK_VIEW (corridor_network_view_get_type ())
G_DECLARE_FINAL_TYPE (CorridorNetworkView, corridor_network_view, CORRIDOR, NETWORK_VIEW, GtkWidget)

/* A view of @window's shown shipments; @window must outlive it (it is put
 * in the window's "network" slot). Widget action: network.show-on-map. */
GtkWidget   *corridor_network_view_new          (CorridorWindow *window);

/* The layout drawn, or NULL before the first one (no case, or loading). */
const CorridorNetworkLayout *corridor_network_view_get_layout (CorridorNetworkView *self);
/* TRUE while contacts are read or the layout computed; "loading" notifies. */
gboolean     corridor_network_view_get_loading  (CorridorNetworkView *self);
/* How many layouts have been shown so far: goes up by one each time a new
 * one replaces the last (tests wait on it). */
guint        corridor_network_view_get_serial   (CorridorNetworkView *self);

/* The chosen actor (in the graph or the list), or NULL. */
const char  *corridor_network_view_get_selected (CorridorNetworkView *self);
/* Chooses @handle (NULL: none); an actor not shown chooses none. */
void         corridor_network_view_select       (CorridorNetworkView *self, const char *handle);
/* The key figures list (a GtkColumnView whose model holds the handles,
 * as GtkStringObject, in rank order). */
GtkWidget   *corridor_network_view_get_key_figures (CorridorNetworkView *self);
/* The graph's drawing area. */
GtkWidget   *corridor_network_view_get_graph    (CorridorNetworkView *self);
/* Where @handle's node is drawn in the graph (widget coordinates). */
gboolean     corridor_network_view_get_node_position (CorridorNetworkView *self, const char *handle,
                                                      double *x, double *y);
/* The actor whose node is under (@x, @y) in the graph, or NULL. */
const char  *corridor_network_view_node_at      (CorridorNetworkView *self, double x, double y);

G_END_DECLS
