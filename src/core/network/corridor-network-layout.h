/* corridor-network-layout.h: the Network view's model, without GTK. The
 * actor graph restricted to the actors of the shipments shown (the filter
 * applies), its measures recomputed on that graph, and a layered drawing:
 * one column per role, left to right senders, intermediaries, distributors,
 * then (only when needed) actors of no known role; rows ordered to cut edge
 * crossings. Same input, same layout: every order has a total tie-break. */
#pragma once

#include <glib.h>
#include "corridor-types.h"

G_BEGIN_DECLS

typedef enum {
  CORRIDOR_NETWORK_COLUMN_SENDERS = 0,
  CORRIDOR_NETWORK_COLUMN_INTERMEDIARIES,
  CORRIDOR_NETWORK_COLUMN_DISTRIBUTORS,
  CORRIDOR_NETWORK_COLUMN_UNKNOWN,
  CORRIDOR_NETWORK_N_COLUMNS
} CorridorNetworkColumn;

/* One port an actor is tied to through the shown shipments it is in. */
typedef struct {
  char  *locode;
  guint  shipments;    /* shown shipments of the actor that touch the port */
  guint  origin;       /* … with it as origin (a lead's one stop counts here) */
  guint  transit;      /* … as a transit */
  guint  destination;  /* … as destination */
} CorridorPortTie;

typedef struct {
  guint a, b;          /* node indices, a < b */
  guint messages;      /* messages between the two, either direction */
} CorridorNetworkEdge;

typedef struct {
  char                  *handle;
  CorridorRole           role;      /* the case's majority role (the store's);
                                     * else the majority in the shown shipments */
  CorridorNetworkColumn  column;
  guint                  row;       /* 0 = top of its column */
  double                 x, y;      /* centre, 0..1 across and down the drawing */
  guint                  degree;    /* contacts among the shown actors */
  guint                  messages;  /* messages on those contacts */
  double                 betweenness; /* on the restricted graph, as corridor_network_rank */
  guint                  rank;      /* index in ranked: 0 = the top key figure */
  guint                  shipments; /* shown shipments it is in */
  guint                  roles[CORRIDOR_N_ROLES]; /* of those, with each role */
  GPtrArray             *ports;     /* CorridorPortTie*: most shipments first, then locode */
  GArray                *edges;     /* guint indices into the layout's edges:
                                     * most messages first, then the other's handle */
} CorridorNetworkNode;

typedef struct {
  GPtrArray  *nodes;      /* CorridorNetworkNode*, by handle */
  GArray     *edges;      /* CorridorNetworkEdge, by (a, b) */
  GPtrArray  *ranked;     /* the same nodes (not owned), ranked as corridor_network_rank:
                           * betweenness, degree, messages (descending), then handle */
  GHashTable *by_handle;  /* handle → CorridorNetworkNode* */
  guint       n_columns;  /* 3, or 4 when some actor has no known role */
  guint       column_size[CORRIDOR_NETWORK_N_COLUMNS];
  guint       crossings;  /* crossings among edges that join the same two columns */
  guint       max_messages;      /* heaviest edge, for scaling widths */
  double      max_betweenness;   /* for scaling radii */
} CorridorNetworkLayout;

/* @contacts: CorridorContact* (corridor_store_list_contacts), the whole case;
 * @roles: handle → role name (corridor_store_actor_roles), or NULL;
 * @shipments: the CorridorShipment* shown. The nodes are the actors of
 * @shipments, the edges the contacts among them. Contacts listed twice are
 * one edge with their messages summed; self-contacts are dropped. */
CorridorNetworkLayout *corridor_network_layout_new  (GPtrArray *contacts, GHashTable *roles,
                                                     GPtrArray *shipments);
void                   corridor_network_layout_free (CorridorNetworkLayout *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorNetworkLayout, corridor_network_layout_free)

/* The node of @handle, or NULL when it is not shown. */
const CorridorNetworkNode *corridor_network_layout_lookup (const CorridorNetworkLayout *layout,
                                                           const char *handle);
/* The node at the other end of @edge_index from @node. */
const CorridorNetworkNode *corridor_network_layout_other  (const CorridorNetworkLayout *layout,
                                                           const CorridorNetworkNode *node,
                                                           guint edge_index);

CorridorNetworkColumn corridor_network_column_for_role (CorridorRole role);

G_END_DECLS
