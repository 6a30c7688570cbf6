/* corridor-network-layout.c: the restricted actor graph and its layered
 * drawing. Measures come from corridor_network_rank on the contacts among
 * the shown actors, so the view ranks exactly as `corridor actors` would on
 * that graph. Rows within a column follow the barycenter heuristic (Sugiyama
 * et al. 1981): alternate left→right and right→left sweeps move each node to
 * the mean row of its neighbours in the columns already placed; the ordering
 * with the fewest crossings seen is kept. Every sort ends on the node index
 * (handle order), so the layout is a function of its input. */
#include "corridor-network-layout.h"
#include "corridor-network.h"
#include "corridor-store.h"

#include <stdlib.h>
#include <string.h>

/* Alternating sweeps; a few suffice for the crossing count to settle. */
#define N_SWEEPS 12

typedef struct {
  CorridorNetworkNode  pub;   /* first: a Node* is a CorridorNetworkNode* */
  guint                index; /* in layout->nodes */
  guint                mark;  /* last shipment (1-based) counted */
  GHashTable          *ports; /* locode → CorridorPortTie*, while building */
  double               pos;   /* row as a fraction of its column, while sweeping */
  double               bary;
} Node;

static void
port_tie_free (CorridorPortTie *tie)
{
  if (tie == NULL)
    return;
  g_free (tie->locode);
  g_free (tie);
}

static void
node_free (Node *node)
{
  if (node == NULL)
    return;
  g_free (node->pub.handle);
  g_clear_pointer (&node->pub.ports, g_ptr_array_unref);
  g_clear_pointer (&node->pub.edges, g_array_unref);
  g_clear_pointer (&node->ports, g_hash_table_unref);
  g_free (node);
}

void
corridor_network_layout_free (CorridorNetworkLayout *layout)
{
  if (layout == NULL)
    return;
  g_clear_pointer (&layout->ranked, g_ptr_array_unref);
  g_clear_pointer (&layout->by_handle, g_hash_table_unref);
  g_clear_pointer (&layout->edges, g_array_unref);
  g_clear_pointer (&layout->nodes, g_ptr_array_unref);
  g_free (layout);
}

CorridorNetworkColumn
corridor_network_column_for_role (CorridorRole role)
{
  switch (role)
    {
    case CORRIDOR_ROLE_SENDER:
      return CORRIDOR_NETWORK_COLUMN_SENDERS;
    case CORRIDOR_ROLE_INTERMEDIARY:
      return CORRIDOR_NETWORK_COLUMN_INTERMEDIARIES;
    case CORRIDOR_ROLE_DISTRIBUTOR:
      return CORRIDOR_NETWORK_COLUMN_DISTRIBUTORS;
    case CORRIDOR_ROLE_NONE:
    case CORRIDOR_N_ROLES:
    default:
      return CORRIDOR_NETWORK_COLUMN_UNKNOWN;
    }
}

const CorridorNetworkNode *
corridor_network_layout_lookup (const CorridorNetworkLayout *layout, const char *handle)
{
  g_return_val_if_fail (layout != NULL, NULL);
  if (handle == NULL)
    return NULL;
  return g_hash_table_lookup (layout->by_handle, handle);
}

const CorridorNetworkNode *
corridor_network_layout_other (const CorridorNetworkLayout *layout,
                               const CorridorNetworkNode *node, guint edge_index)
{
  g_return_val_if_fail (layout != NULL && node != NULL, NULL);
  g_return_val_if_fail (edge_index < layout->edges->len, NULL);
  const CorridorNetworkEdge *e = &g_array_index (layout->edges, CorridorNetworkEdge, edge_index);
  guint self = ((const Node *) node)->index;
  return g_ptr_array_index (layout->nodes, e->a == self ? e->b : e->a);
}

/* --- building the nodes from the shipments --- */

/* One distinct port of a shipment, with the places it takes there. */
typedef struct {
  const char *locode;
  gboolean    origin, transit, destination;
} StopPlace;

static void
shipment_places (const CorridorShipment *s, GArray *out)
{
  g_array_set_size (out, 0);
  for (guint i = 0; i < s->n_stops; i++)
    {
      const char *locode = s->stops[i].locode;
      StopPlace *place = NULL;

      if (locode[0] == '\0')
        continue;
      for (guint k = 0; k < out->len && place == NULL; k++)
        if (strcmp (g_array_index (out, StopPlace, k).locode, locode) == 0)
          place = &g_array_index (out, StopPlace, k);
      if (place == NULL)
        {
          StopPlace fresh = { locode, FALSE, FALSE, FALSE };
          g_array_append_val (out, fresh);
          place = &g_array_index (out, StopPlace, out->len - 1);
        }
      /* corridor_shipment_origin: a lead's single stop is its origin. */
      if (i == 0)
        place->origin = TRUE;
      else if (i == s->n_stops - 1)
        place->destination = TRUE;
      else
        place->transit = TRUE;
    }
}

static Node *
node_get (GHashTable *by_handle, const char *handle)
{
  Node *node = g_hash_table_lookup (by_handle, handle);

  if (node == NULL)
    {
      node = g_new0 (Node, 1);
      node->pub.handle = g_strdup (handle);
      node->pub.ports = g_ptr_array_new_with_free_func ((GDestroyNotify) port_tie_free);
      node->pub.edges = g_array_new (FALSE, FALSE, sizeof (guint));
      node->ports = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_insert (by_handle, node->pub.handle, node);
    }
  return node;
}

static void
node_add_places (Node *node, GArray *places)
{
  for (guint k = 0; k < places->len; k++)
    {
      const StopPlace *place = &g_array_index (places, StopPlace, k);
      CorridorPortTie *tie = g_hash_table_lookup (node->ports, place->locode);

      if (tie == NULL)
        {
          tie = g_new0 (CorridorPortTie, 1);
          tie->locode = g_strdup (place->locode);
          g_ptr_array_add (node->pub.ports, tie);
          g_hash_table_insert (node->ports, tie->locode, tie);
        }
      tie->shipments++;
      tie->origin += place->origin;
      tie->transit += place->transit;
      tie->destination += place->destination;
    }
}

static int
cmp_tie (gconstpointer pa, gconstpointer pb)
{
  const CorridorPortTie *a = *(CorridorPortTie *const *) pa;
  const CorridorPortTie *b = *(CorridorPortTie *const *) pb;

  if (a->shipments != b->shipments)
    return a->shipments > b->shipments ? -1 : 1;
  return strcmp (a->locode, b->locode);
}

static int
cmp_handle (gconstpointer pa, gconstpointer pb)
{
  const Node *a = *(Node *const *) pa;
  const Node *b = *(Node *const *) pb;
  return strcmp (a->pub.handle, b->pub.handle);
}

/* corridor_network_rank's order, extended to actors without contacts. */
static int
cmp_rank (gconstpointer pa, gconstpointer pb)
{
  const CorridorNetworkNode *a = *(CorridorNetworkNode *const *) pa;
  const CorridorNetworkNode *b = *(CorridorNetworkNode *const *) pb;

  if (a->betweenness != b->betweenness)
    return a->betweenness > b->betweenness ? -1 : 1;
  if (a->degree != b->degree)
    return a->degree > b->degree ? -1 : 1;
  if (a->messages != b->messages)
    return a->messages > b->messages ? -1 : 1;
  return strcmp (a->handle, b->handle);
}

/* The case's role when the store knows one; else the majority over the
 * shown shipments, ties by role name as the store breaks them. */
static CorridorRole
node_role (const Node *node, GHashTable *roles)
{
  static const CorridorRole by_name[] = {
    CORRIDOR_ROLE_DISTRIBUTOR, CORRIDOR_ROLE_INTERMEDIARY, CORRIDOR_ROLE_SENDER,
  };
  CorridorRole role = CORRIDOR_ROLE_NONE;
  const char *name = roles != NULL ? g_hash_table_lookup (roles, node->pub.handle) : NULL;

  if (name != NULL && corridor_role_from_string (name, &role) && role != CORRIDOR_ROLE_NONE)
    return role;
  role = CORRIDOR_ROLE_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (by_name); i++)
    if (node->pub.roles[by_name[i]] > 0
        && (role == CORRIDOR_ROLE_NONE || node->pub.roles[by_name[i]] > node->pub.roles[role]))
      role = by_name[i];
  return role;
}

/* --- edges --- */

static int
cmp_edge (gconstpointer pa, gconstpointer pb)
{
  const CorridorNetworkEdge *a = pa, *b = pb;

  if (a->a != b->a)
    return a->a < b->a ? -1 : 1;
  if (a->b != b->b)
    return a->b < b->b ? -1 : 1;
  return 0;
}

static int
cmp_node_edge (gconstpointer pa, gconstpointer pb, gpointer data)
{
  const CorridorNetworkLayout *layout = data;
  const CorridorNetworkEdge *a = &g_array_index (layout->edges, CorridorNetworkEdge, *(const guint *) pa);
  const CorridorNetworkEdge *b = &g_array_index (layout->edges, CorridorNetworkEdge, *(const guint *) pb);

  if (a->messages != b->messages)
    return a->messages > b->messages ? -1 : 1;
  /* Both edges touch the same node: the edge with the lower other end
   * (handle order is index order) comes first. */
  guint oa = a->a + a->b, ob = b->a + b->b;
  return oa < ob ? -1 : oa > ob ? 1 : 0;
}

/* --- the layered ordering --- */

typedef struct {
  guint ra, rb;   /* rows in the left and right column of a span */
} RowPair;

static int
cmp_row_pair (gconstpointer pa, gconstpointer pb)
{
  const RowPair *a = pa, *b = pb;

  if (a->ra != b->ra)
    return a->ra < b->ra ? -1 : 1;
  if (a->rb != b->rb)
    return a->rb < b->rb ? -1 : 1;
  return 0;
}

/* Straight edges between the same two columns cross when their rows are in
 * opposite orders: inversions of the right rows once sorted by the left,
 * counted with a Fenwick tree. Edges sharing an end never count. */
static guint
count_crossings (CorridorNetworkLayout *layout, GArray **spans, GArray *pairs, guint *tree)
{
  guint total = 0;

  for (guint i = 0; i < CORRIDOR_NETWORK_N_COLUMNS; i++)
    for (guint j = i + 1; j < CORRIDOR_NETWORK_N_COLUMNS; j++)
      {
        GArray *span = spans[i * CORRIDOR_NETWORK_N_COLUMNS + j];
        guint size = layout->column_size[j];

        if (span->len < 2)
          continue;
        g_array_set_size (pairs, 0);
        for (guint k = 0; k < span->len; k++)
          {
            const CorridorNetworkEdge *e = &g_array_index (layout->edges, CorridorNetworkEdge,
                                                           g_array_index (span, guint, k));
            const CorridorNetworkNode *a = g_ptr_array_index (layout->nodes, e->a);
            const CorridorNetworkNode *b = g_ptr_array_index (layout->nodes, e->b);
            RowPair p = a->column == i ? (RowPair) { a->row, b->row } : (RowPair) { b->row, a->row };
            g_array_append_val (pairs, p);
          }
        g_array_sort (pairs, cmp_row_pair);
        memset (tree, 0, sizeof (guint) * (size + 1));
        for (guint k = 0; k < pairs->len; k++)
          {
            guint rb = g_array_index (pairs, RowPair, k).rb;
            guint not_greater = 0;
            /* Edges so far whose right row is ≤ rb; the rest cross. */
            for (guint x = rb + 1; x > 0; x -= x & (~x + 1))
              not_greater += tree[x];
            total += k - not_greater;
            for (guint x = rb + 1; x <= size; x += x & (~x + 1))
              tree[x]++;
          }
      }
  return total;
}

static int
cmp_bary (gconstpointer pa, gconstpointer pb)
{
  const Node *a = *(Node *const *) pa;
  const Node *b = *(Node *const *) pb;

  if (a->bary != b->bary)
    return a->bary < b->bary ? -1 : 1;
  if (a->pos != b->pos)
    return a->pos < b->pos ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index ? 1 : 0;
}

static void
place_column (GPtrArray *column)
{
  for (guint r = 0; r < column->len; r++)
    {
      Node *node = g_ptr_array_index (column, r);
      node->pub.row = r;
      node->pos = (r + 0.5) / column->len;
    }
}

/* Moves each node of @column to the mean position of its neighbours in the
 * columns before it (@forward) or after it; a node with none there looks at
 * any other column, and one with no neighbours elsewhere keeps its place. */
static void
sweep_column (CorridorNetworkLayout *layout, GPtrArray *column, guint c, gboolean forward)
{
  for (guint k = 0; k < column->len; k++)
    {
      Node *node = g_ptr_array_index (column, k);
      double near = 0, any = 0;
      guint n_near = 0, n_any = 0;

      for (guint e = 0; e < node->pub.edges->len; e++)
        {
          const Node *w = (const Node *) corridor_network_layout_other (
              layout, &node->pub, g_array_index (node->pub.edges, guint, e));
          if (w->pub.column == c)
            continue;
          any += w->pos, n_any++;
          if (forward ? w->pub.column < c : w->pub.column > c)
            near += w->pos, n_near++;
        }
      node->bary = n_near > 0 ? near / n_near : n_any > 0 ? any / n_any : node->pos;
    }
  g_ptr_array_sort (column, cmp_bary);
  place_column (column);
}

static void
order_columns (CorridorNetworkLayout *layout)
{
  GPtrArray *columns[CORRIDOR_NETWORK_N_COLUMNS];
  GArray *spans[CORRIDOR_NETWORK_N_COLUMNS * CORRIDOR_NETWORK_N_COLUMNS];
  guint n = layout->nodes->len, max_size = 0;
  g_autofree guint *best = g_new (guint, MAX (1, n));
  g_autoptr (GArray) pairs = g_array_new (FALSE, FALSE, sizeof (RowPair));

  for (guint c = 0; c < CORRIDOR_NETWORK_N_COLUMNS; c++)
    columns[c] = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    spans[i] = g_array_new (FALSE, FALSE, sizeof (guint));
  /* Start in handle order. */
  for (guint i = 0; i < n; i++)
    {
      Node *node = g_ptr_array_index (layout->nodes, i);
      g_ptr_array_add (columns[node->pub.column], node);
    }
  for (guint c = 0; c < CORRIDOR_NETWORK_N_COLUMNS; c++)
    {
      layout->column_size[c] = columns[c]->len;
      max_size = MAX (max_size, columns[c]->len);
      place_column (columns[c]);
    }
  for (guint e = 0; e < layout->edges->len; e++)
    {
      const CorridorNetworkEdge *edge = &g_array_index (layout->edges, CorridorNetworkEdge, e);
      guint ca = ((CorridorNetworkNode *) g_ptr_array_index (layout->nodes, edge->a))->column;
      guint cb = ((CorridorNetworkNode *) g_ptr_array_index (layout->nodes, edge->b))->column;
      if (ca != cb)
        g_array_append_val (spans[MIN (ca, cb) * CORRIDOR_NETWORK_N_COLUMNS + MAX (ca, cb)], e);
    }
  g_autofree guint *tree = g_new (guint, max_size + 1);

  guint best_crossings = count_crossings (layout, spans, pairs, tree);
  for (guint i = 0; i < n; i++)
    best[i] = ((CorridorNetworkNode *) g_ptr_array_index (layout->nodes, i))->row;
  for (guint pass = 0; pass < N_SWEEPS && best_crossings > 0; pass++)
    {
      gboolean forward = pass % 2 == 0;
      for (guint k = 1; k < CORRIDOR_NETWORK_N_COLUMNS; k++)
        {
          guint c = forward ? k : CORRIDOR_NETWORK_N_COLUMNS - 1 - k;
          sweep_column (layout, columns[c], c, forward);
        }
      guint crossings = count_crossings (layout, spans, pairs, tree);
      if (crossings < best_crossings)
        {
          best_crossings = crossings;
          for (guint i = 0; i < n; i++)
            best[i] = ((CorridorNetworkNode *) g_ptr_array_index (layout->nodes, i))->row;
        }
    }
  layout->crossings = best_crossings;

  for (guint i = 0; i < n; i++)
    {
      CorridorNetworkNode *node = g_ptr_array_index (layout->nodes, i);
      guint c = node->column;
      node->row = best[i];
      node->x = (c + 0.5) / layout->n_columns;
      node->y = (node->row + 0.5) / layout->column_size[c];
    }
  for (guint c = 0; c < CORRIDOR_NETWORK_N_COLUMNS; c++)
    g_ptr_array_unref (columns[c]);
  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    g_array_unref (spans[i]);
}

CorridorNetworkLayout *
corridor_network_layout_new (GPtrArray *contacts, GHashTable *roles, GPtrArray *shipments)
{
  g_return_val_if_fail (contacts != NULL, NULL);
  g_return_val_if_fail (shipments != NULL, NULL);

  CorridorNetworkLayout *layout = g_new0 (CorridorNetworkLayout, 1);
  g_autoptr (GArray) places = g_array_new (FALSE, FALSE, sizeof (StopPlace));

  layout->by_handle = g_hash_table_new (g_str_hash, g_str_equal);
  layout->edges = g_array_new (FALSE, FALSE, sizeof (CorridorNetworkEdge));

  /* The actors of the shown shipments, with their shipments and ports. */
  for (guint i = 0; i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      if (s->actors == NULL)
        continue;
      shipment_places (s, places);
      for (guint k = 0; k < s->actors->len; k++)
        {
          const CorridorShipmentActor *a = g_ptr_array_index (s->actors, k);
          if (a->handle == NULL || a->handle[0] == '\0')
            continue;
          Node *node = node_get (layout->by_handle, a->handle);
          if (a->role > CORRIDOR_ROLE_NONE && a->role < CORRIDOR_N_ROLES)
            node->pub.roles[a->role]++;
          if (node->mark == i + 1)
            continue;
          node->mark = i + 1;
          node->pub.shipments++;
          node_add_places (node, places);
        }
    }

  layout->nodes = g_ptr_array_new_full (g_hash_table_size (layout->by_handle),
                                        (GDestroyNotify) node_free);
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init (&it, layout->by_handle);
  while (g_hash_table_iter_next (&it, NULL, &value))
    g_ptr_array_add (layout->nodes, value);
  g_ptr_array_sort (layout->nodes, cmp_handle);
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      Node *node = g_ptr_array_index (layout->nodes, i);
      node->index = i;
      g_clear_pointer (&node->ports, g_hash_table_unref);
      g_ptr_array_sort (node->pub.ports, cmp_tie);
      node->pub.role = node_role (node, roles);
      node->pub.column = corridor_network_column_for_role (node->pub.role);
      if (node->pub.column == CORRIDOR_NETWORK_COLUMN_UNKNOWN)
        layout->n_columns = CORRIDOR_NETWORK_N_COLUMNS;
    }
  if (layout->n_columns == 0)
    layout->n_columns = CORRIDOR_NETWORK_COLUMN_UNKNOWN;

  /* The contacts among them: measured by the one ranking the CLI uses, and
   * kept as edges, duplicates merged. */
  g_autoptr (GPtrArray) shown = g_ptr_array_new ();
  for (guint i = 0; i < contacts->len; i++)
    {
      const CorridorContact *c = g_ptr_array_index (contacts, i);
      if (c->a == NULL || c->b == NULL || strcmp (c->a, c->b) == 0)
        continue;
      const Node *a = g_hash_table_lookup (layout->by_handle, c->a);
      const Node *b = g_hash_table_lookup (layout->by_handle, c->b);
      if (a == NULL || b == NULL)
        continue;
      g_ptr_array_add (shown, (gpointer) c);
      CorridorNetworkEdge e = { MIN (a->index, b->index), MAX (a->index, b->index), c->n };
      g_array_append_val (layout->edges, e);
    }
  g_array_sort (layout->edges, cmp_edge);
  guint kept = 0;
  for (guint i = 0; i < layout->edges->len; i++)
    {
      CorridorNetworkEdge e = g_array_index (layout->edges, CorridorNetworkEdge, i);
      CorridorNetworkEdge *last = kept > 0 ? &g_array_index (layout->edges, CorridorNetworkEdge, kept - 1) : NULL;
      if (last != NULL && last->a == e.a && last->b == e.b)
        last->messages += e.messages;
      else
        g_array_index (layout->edges, CorridorNetworkEdge, kept++) = e;
    }
  g_array_set_size (layout->edges, kept);
  for (guint i = 0; i < layout->edges->len; i++)
    {
      const CorridorNetworkEdge *e = &g_array_index (layout->edges, CorridorNetworkEdge, i);
      CorridorNetworkNode *a = g_ptr_array_index (layout->nodes, e->a);
      CorridorNetworkNode *b = g_ptr_array_index (layout->nodes, e->b);
      g_array_append_val (a->edges, i);
      g_array_append_val (b->edges, i);
      layout->max_messages = MAX (layout->max_messages, e->messages);
    }
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      CorridorNetworkNode *node = g_ptr_array_index (layout->nodes, i);
      g_array_sort_with_data (node->edges, cmp_node_edge, layout);
    }

  g_autoptr (GPtrArray) stats = corridor_network_rank (shown);
  for (guint i = 0; i < stats->len; i++)
    {
      const CorridorActorStats *st = g_ptr_array_index (stats, i);
      CorridorNetworkNode *node = g_hash_table_lookup (layout->by_handle, st->handle);
      node->degree = st->degree;
      node->messages = st->messages;
      node->betweenness = st->betweenness;
      layout->max_betweenness = MAX (layout->max_betweenness, st->betweenness);
    }
  /* A copy keeps the free function; the nodes belong to layout->nodes. */
  layout->ranked = g_ptr_array_copy (layout->nodes, NULL, NULL);
  g_ptr_array_set_free_func (layout->ranked, NULL);
  g_ptr_array_sort (layout->ranked, cmp_rank);
  for (guint i = 0; i < layout->ranked->len; i++)
    ((CorridorNetworkNode *) g_ptr_array_index (layout->ranked, i))->rank = i;

  order_columns (layout);
  return layout;
}
