/* test-network-layout.c: the Network view's model: one column per role,
 * the graph restricted to the actors of the shown shipments with its
 * betweenness recomputed there, the ports each actor is tied to, crossings
 * reduced (and counted right), and the same layout for the same input in
 * any order. */
#include "corridor-network-layout.h"
#include "corridor-network.h"
#include "corridor-store.h"

#include <string.h>

static void
add_contact (GPtrArray *contacts, const char *a, const char *b, guint n)
{
  CorridorContact *c = g_new0 (CorridorContact, 1);
  c->a = g_strdup (strcmp (a, b) < 0 ? a : b);
  c->b = g_strdup (strcmp (a, b) < 0 ? b : a);
  c->n = n;
  g_ptr_array_add (contacts, c);
}

static GPtrArray *
contacts_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_contact_free);
}

static GPtrArray *
shipments_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_shipment_free);
}

/* A shipment through @ports (space separated LOCODEs) with @actors as
 * "handle:role" pairs (role may be empty). */
static CorridorShipment *
add_shipment (GPtrArray *shipments, const char *ports, const char *const *actors)
{
  CorridorShipment *s = corridor_shipment_new ();
  g_auto (GStrv) locodes = g_strsplit (ports, " ", -1);

  s->id = g_strdup_printf ("s-%u", shipments->len + 1);
  for (guint i = 0; locodes[i] != NULL; i++)
    corridor_shipment_add_stop (s, locodes[i], locodes[i], 0.0, 0.0);
  for (guint i = 0; actors[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (actors[i], ":", 2);
      CorridorRole role = CORRIDOR_ROLE_NONE;
      if (parts[1] != NULL && parts[1][0] != '\0')
        g_assert_true (corridor_role_from_string (parts[1], &role));
      corridor_shipment_add_actor (s, parts[0], role);
    }
  g_ptr_array_add (shipments, s);
  return s;
}

static GHashTable *
roles_new (const char *const *pairs)
{
  GHashTable *roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; pairs[i] != NULL; i += 2)
    g_hash_table_insert (roles, g_strdup (pairs[i]), g_strdup (pairs[i + 1]));
  return roles;
}

static const CorridorNetworkNode *
node (const CorridorNetworkLayout *layout, const char *handle)
{
  const CorridorNetworkNode *n = corridor_network_layout_lookup (layout, handle);
  if (n == NULL)
    g_error ("%s is not in the layout", handle);
  return n;
}

static const CorridorNetworkNode *
ranked (const CorridorNetworkLayout *layout, guint i)
{
  g_assert_cmpuint (i, <, layout->ranked->len);
  return g_ptr_array_index (layout->ranked, i);
}

/* Crossings among straight edges joining the same two columns, pair by pair. */
static guint
brute_crossings (const CorridorNetworkLayout *layout)
{
  guint total = 0;
  for (guint i = 0; i < layout->edges->len; i++)
    for (guint j = i + 1; j < layout->edges->len; j++)
      {
        const CorridorNetworkEdge *e = &g_array_index (layout->edges, CorridorNetworkEdge, i);
        const CorridorNetworkEdge *f = &g_array_index (layout->edges, CorridorNetworkEdge, j);
        const CorridorNetworkNode *ea = g_ptr_array_index (layout->nodes, e->a);
        const CorridorNetworkNode *eb = g_ptr_array_index (layout->nodes, e->b);
        const CorridorNetworkNode *fa = g_ptr_array_index (layout->nodes, f->a);
        const CorridorNetworkNode *fb = g_ptr_array_index (layout->nodes, f->b);
        if (ea->column == eb->column)
          continue;
        if (ea->column > eb->column)
          {
            const CorridorNetworkNode *t = ea;
            ea = eb, eb = t;
          }
        if (fa->column > fb->column)
          {
            const CorridorNetworkNode *t = fa;
            fa = fb, fb = t;
          }
        if (fa->column != ea->column || fb->column != eb->column)
          continue;
        if (((int) ea->row - (int) fa->row) * ((int) eb->row - (int) fb->row) < 0)
          total++;
      }
  return total;
}

/* Rows within each column are 0..size-1, each once; y follows rows. */
static void
assert_rows_valid (const CorridorNetworkLayout *layout)
{
  for (guint c = 0; c < CORRIDOR_NETWORK_N_COLUMNS; c++)
    {
      g_autofree gboolean *seen = g_new0 (gboolean, layout->column_size[c] + 1);
      guint count = 0;
      for (guint i = 0; i < layout->nodes->len; i++)
        {
          const CorridorNetworkNode *n = g_ptr_array_index (layout->nodes, i);
          if (n->column != c)
            continue;
          count++;
          g_assert_cmpuint (n->row, <, layout->column_size[c]);
          g_assert_false (seen[n->row]);
          seen[n->row] = TRUE;
          g_assert_cmpfloat (n->y, >, 0.0);
          g_assert_cmpfloat (n->y, <, 1.0);
        }
      g_assert_cmpuint (count, ==, layout->column_size[c]);
    }
}

static void
test_columns_by_role (void)
{
  g_autoptr (GPtrArray) contacts = contacts_new ();
  g_autoptr (GPtrArray) shipments = shipments_new ();
  const char *const role_pairs[] = { "ana", "sender", "bo", "intermediary", "cy", "distributor",
                                     /* The case says sender, this shipment distributor: the
                                      * case's majority wins. */
                                     "dee", "sender", NULL };
  g_autoptr (GHashTable) roles = roles_new (role_pairs);
  const char *const a1[] = { "ana:sender", "bo:intermediary", "cy:distributor", "dee:distributor", NULL };
  /* eve has no role in the case but is an intermediary here; fay has none at all. */
  const char *const a2[] = { "eve:intermediary", "fay:", NULL };

  add_shipment (shipments, "COBUN BEANR", a1);
  add_shipment (shipments, "COBUN ESALG", a2);
  add_contact (contacts, "ana", "bo", 3);
  add_contact (contacts, "bo", "cy", 2);

  g_autoptr (CorridorNetworkLayout) layout = corridor_network_layout_new (contacts, roles, shipments);
  g_assert_cmpuint (layout->nodes->len, ==, 6);
  g_assert_cmpint (node (layout, "ana")->column, ==, CORRIDOR_NETWORK_COLUMN_SENDERS);
  g_assert_cmpint (node (layout, "dee")->column, ==, CORRIDOR_NETWORK_COLUMN_SENDERS);
  g_assert_cmpint (node (layout, "bo")->column, ==, CORRIDOR_NETWORK_COLUMN_INTERMEDIARIES);
  g_assert_cmpint (node (layout, "eve")->column, ==, CORRIDOR_NETWORK_COLUMN_INTERMEDIARIES);
  g_assert_cmpint (node (layout, "eve")->role, ==, CORRIDOR_ROLE_INTERMEDIARY);
  g_assert_cmpint (node (layout, "cy")->column, ==, CORRIDOR_NETWORK_COLUMN_DISTRIBUTORS);
  g_assert_cmpint (node (layout, "fay")->column, ==, CORRIDOR_NETWORK_COLUMN_UNKNOWN);
  g_assert_cmpint (node (layout, "fay")->role, ==, CORRIDOR_ROLE_NONE);
  g_assert_cmpuint (layout->n_columns, ==, 4);
  g_assert_cmpuint (layout->column_size[CORRIDOR_NETWORK_COLUMN_SENDERS], ==, 2);
  g_assert_cmpuint (layout->column_size[CORRIDOR_NETWORK_COLUMN_UNKNOWN], ==, 1);
  /* Left to right: senders, intermediaries, distributors, unknown. */
  g_assert_cmpfloat (node (layout, "ana")->x, <, node (layout, "bo")->x);
  g_assert_cmpfloat (node (layout, "bo")->x, <, node (layout, "cy")->x);
  g_assert_cmpfloat (node (layout, "cy")->x, <, node (layout, "fay")->x);
  g_assert_cmpfloat (node (layout, "ana")->x, ==, node (layout, "dee")->x);
  g_assert_cmpuint (node (layout, "dee")->roles[CORRIDOR_ROLE_DISTRIBUTOR], ==, 1);
  assert_rows_valid (layout);

  /* Without fay no actor lacks a role: three columns only. */
  g_ptr_array_remove_index (shipments, 1);
  const char *const a3[] = { "eve:intermediary", NULL };
  add_shipment (shipments, "COBUN ESALG", a3);
  g_autoptr (CorridorNetworkLayout) three = corridor_network_layout_new (contacts, roles, shipments);
  g_assert_cmpuint (three->n_columns, ==, 3);
  g_assert_null (corridor_network_layout_lookup (three, "fay"));
  g_assert_cmpfloat_with_epsilon (node (three, "ana")->x, 0.5 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (node (three, "cy")->x, 2.5 / 3, 1e-12);
}

static void
test_path_betweenness (void)
{
  g_autoptr (GPtrArray) contacts = contacts_new ();
  g_autoptr (GPtrArray) shipments = shipments_new ();
  const char *const actors[] = { "a:sender", "b:intermediary", "c:intermediary", "d:intermediary",
                                 "e:distributor", NULL };

  add_shipment (shipments, "COBUN BEANR", actors);
  /* The path a–b–c–d–e. */
  add_contact (contacts, "a", "b", 1);
  add_contact (contacts, "b", "c", 4);
  add_contact (contacts, "c", "d", 4);
  add_contact (contacts, "d", "e", 1);

  g_autoptr (CorridorNetworkLayout) layout = corridor_network_layout_new (contacts, NULL, shipments);
  g_autoptr (GPtrArray) stats = corridor_network_rank (contacts);
  /* c is on the 4 paths joining {a, b} to {d, e}: 4 / 6. */
  g_assert_cmpstr (ranked (layout, 0)->handle, ==, "c");
  g_assert_cmpfloat_with_epsilon (node (layout, "c")->betweenness, 4.0 / 6.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (node (layout, "b")->betweenness, 3.0 / 6.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (node (layout, "a")->betweenness, 0.0, 1e-12);
  g_assert_cmpfloat (node (layout, "c")->betweenness, >, node (layout, "b")->betweenness);
  g_assert_cmpfloat (node (layout, "c")->betweenness, >, node (layout, "d")->betweenness);
  g_assert_cmpfloat_with_epsilon (layout->max_betweenness, 4.0 / 6.0, 1e-12);
  /* The whole graph is shown, so the ranking is corridor_network_rank's. */
  g_assert_cmpuint (stats->len, ==, layout->ranked->len);
  for (guint i = 0; i < stats->len; i++)
    {
      const CorridorActorStats *s = g_ptr_array_index (stats, i);
      const CorridorNetworkNode *n = ranked (layout, i);
      g_assert_cmpstr (s->handle, ==, n->handle);
      g_assert_cmpuint (n->rank, ==, i);
      g_assert_cmpuint (s->degree, ==, n->degree);
      g_assert_cmpuint (s->messages, ==, n->messages);
      g_assert_cmpfloat_with_epsilon (s->betweenness, n->betweenness, 1e-12);
    }
  g_assert_cmpuint (node (layout, "c")->messages, ==, 8);
  g_assert_cmpuint (node (layout, "c")->degree, ==, 2);
  g_assert_cmpuint (layout->max_messages, ==, 4);
}

static void
test_restriction_by_shipments (void)
{
  g_autoptr (GPtrArray) contacts = contacts_new ();
  g_autoptr (GPtrArray) shipments = shipments_new ();
  const char *const s1[] = { "a:sender", "c:intermediary", NULL };
  const char *const s2[] = { "c:intermediary", "b:distributor", NULL };
  const char *const s3[] = { "h:intermediary", "z:distributor", NULL };
  const char *const s4[] = { "lone:sender", NULL };

  /* In the whole case a and b are joined through c and through h. */
  add_contact (contacts, "a", "c", 2);
  add_contact (contacts, "c", "b", 2);
  add_contact (contacts, "a", "h", 5);
  add_contact (contacts, "h", "b", 5);
  add_contact (contacts, "h", "z", 1);
  add_contact (contacts, "x", "y", 9);
  add_shipment (shipments, "COBUN BEANR", s1);
  add_shipment (shipments, "COBUN BEANR", s2);
  add_shipment (shipments, "BRSSZ NLRTM", s3);
  add_shipment (shipments, "COBUN NLRTM", s4);

  g_autoptr (CorridorNetworkLayout) all = corridor_network_layout_new (contacts, NULL, shipments);
  g_assert_cmpuint (all->nodes->len, ==, 6);  /* a b c h z lone; not x, y */
  g_assert_null (corridor_network_layout_lookup (all, "x"));
  g_assert_cmpuint (all->edges->len, ==, 5);
  g_assert_cmpstr (ranked (all, 0)->handle, ==, "h");
  /* lone has no contacts: shown, measured zero, ranked last. */
  g_assert_cmpuint (node (all, "lone")->degree, ==, 0);
  g_assert_cmpuint (node (all, "lone")->edges->len, ==, 0);
  g_assert_cmpstr (ranked (all, all->ranked->len - 1)->handle, ==, "lone");

  /* Only the first two shipments shown: h drops out, and c alone bridges
   * a and b: betweenness recomputed on {a, b, c} = 1. */
  g_autoptr (GPtrArray) shown = g_ptr_array_new ();
  g_ptr_array_add (shown, g_ptr_array_index (shipments, 0));
  g_ptr_array_add (shown, g_ptr_array_index (shipments, 1));
  g_autoptr (CorridorNetworkLayout) some = corridor_network_layout_new (contacts, NULL, shown);
  g_assert_cmpuint (some->nodes->len, ==, 3);
  g_assert_null (corridor_network_layout_lookup (some, "h"));
  g_assert_cmpuint (some->edges->len, ==, 2);
  g_assert_cmpstr (ranked (some, 0)->handle, ==, "c");
  g_assert_cmpfloat_with_epsilon (node (some, "c")->betweenness, 1.0, 1e-12);
  g_assert_cmpuint (node (some, "a")->messages, ==, 2);
  g_assert_cmpuint (node (some, "a")->degree, ==, 1);
  g_assert_cmpfloat (node (all, "c")->betweenness, <, 1.0);

  /* Nothing shown: nothing drawn. */
  g_autoptr (GPtrArray) none = g_ptr_array_new ();
  g_autoptr (CorridorNetworkLayout) empty = corridor_network_layout_new (contacts, NULL, none);
  g_assert_cmpuint (empty->nodes->len, ==, 0);
  g_assert_cmpuint (empty->edges->len, ==, 0);
  g_assert_cmpuint (empty->ranked->len, ==, 0);
  g_assert_cmpuint (empty->n_columns, ==, 3);
}

static void
test_ports_per_actor (void)
{
  g_autoptr (GPtrArray) contacts = contacts_new ();
  g_autoptr (GPtrArray) shipments = shipments_new ();
  const char *const s1[] = { "ana:sender", "bo:intermediary", NULL };
  const char *const s2[] = { "ana:sender", NULL };
  const char *const s3[] = { "ana:sender", "ana:intermediary", NULL };

  add_shipment (shipments, "BEANR NLRTM ESALG", s1);
  add_shipment (shipments, "BEANR ESALG", s2);
  add_shipment (shipments, "COBUN", s3);  /* a lead: its one stop is an origin */

  g_autoptr (CorridorNetworkLayout) layout = corridor_network_layout_new (contacts, NULL, shipments);
  const CorridorNetworkNode *ana = node (layout, "ana");
  g_assert_cmpuint (ana->shipments, ==, 3);
  g_assert_cmpuint (ana->roles[CORRIDOR_ROLE_SENDER], ==, 3);
  g_assert_cmpuint (ana->roles[CORRIDOR_ROLE_INTERMEDIARY], ==, 1);
  g_assert_cmpint (ana->role, ==, CORRIDOR_ROLE_SENDER);
  g_assert_cmpuint (ana->ports->len, ==, 4);
  /* Most shipments first, then by LOCODE. */
  const char *const order[] = { "BEANR", "ESALG", "COBUN", "NLRTM" };
  const guint want[][4] = { { 2, 2, 0, 0 }, { 2, 0, 0, 2 }, { 1, 1, 0, 0 }, { 1, 0, 1, 0 } };
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const CorridorPortTie *t = g_ptr_array_index (ana->ports, i);
      g_assert_cmpstr (t->locode, ==, order[i]);
      g_assert_cmpuint (t->shipments, ==, want[i][0]);
      g_assert_cmpuint (t->origin, ==, want[i][1]);
      g_assert_cmpuint (t->transit, ==, want[i][2]);
      g_assert_cmpuint (t->destination, ==, want[i][3]);
    }
  const CorridorNetworkNode *bo = node (layout, "bo");
  g_assert_cmpuint (bo->shipments, ==, 1);
  g_assert_cmpuint (bo->ports->len, ==, 3);
  g_assert_cmpstr (((CorridorPortTie *) g_ptr_array_index (bo->ports, 0))->locode, ==, "BEANR");
}

static void
test_contacts_of_actor (void)
{
  g_autoptr (GPtrArray) contacts = contacts_new ();
  g_autoptr (GPtrArray) shipments = shipments_new ();
  const char *const s1[] = { "hub:intermediary", "a:sender", "b:sender", "c:distributor", NULL };

  add_shipment (shipments, "COBUN BEANR", s1);
  add_contact (contacts, "hub", "a", 2);
  add_contact (contacts, "hub", "c", 7);
  add_contact (contacts, "hub", "b", 2);
  /* The same pair listed again and a self-contact. */
  add_contact (contacts, "hub", "a", 1);
  add_contact (contacts, "hub", "hub", 4);

  g_autoptr (CorridorNetworkLayout) layout = corridor_network_layout_new (contacts, NULL, shipments);
  const CorridorNetworkNode *hub = node (layout, "hub");
  g_assert_cmpuint (layout->edges->len, ==, 3);
  g_assert_cmpuint (hub->degree, ==, 3);
  g_assert_cmpuint (hub->messages, ==, 12);
  g_assert_cmpuint (hub->edges->len, ==, 3);
  /* Heaviest first; the two listings of hub–a are one edge of 2 + 1. */
  const char *const order[] = { "c", "a", "b" };
  const guint msgs[] = { 7, 3, 2 };
  for (guint i = 0; i < 3; i++)
    {
      guint e = g_array_index (hub->edges, guint, i);
      g_assert_cmpstr (corridor_network_layout_other (layout, hub, e)->handle, ==, order[i]);
      g_assert_cmpuint (g_array_index (layout->edges, CorridorNetworkEdge, e).messages, ==, msgs[i]);
    }
  g_assert_cmpstr (corridor_network_layout_other (layout, node (layout, "c"),
                                                  g_array_index (node (layout, "c")->edges, guint, 0))->handle,
                   ==, "hub");
}

static void
test_crossings_reduced (void)
{
  g_autoptr (GPtrArray) contacts = contacts_new ();
  g_autoptr (GPtrArray) shipments = shipments_new ();
  const char *const s1[] = { "s1:sender", "s2:sender", "i1:intermediary", "i2:intermediary",
                             "d1:distributor", "d2:distributor", NULL };

  /* In handle order every pair of edges crosses; swapped, none does. */
  add_shipment (shipments, "COBUN BEANR", s1);
  add_contact (contacts, "s1", "i2", 1);
  add_contact (contacts, "s2", "i1", 1);
  add_contact (contacts, "i1", "d2", 1);
  add_contact (contacts, "i2", "d1", 1);

  g_autoptr (CorridorNetworkLayout) layout = corridor_network_layout_new (contacts, NULL, shipments);
  g_assert_cmpuint (layout->crossings, ==, 0);
  g_assert_cmpuint (brute_crossings (layout), ==, 0);
  g_assert_cmpuint (node (layout, "s1")->row, ==, node (layout, "i2")->row);
  g_assert_cmpuint (node (layout, "i2")->row, ==, node (layout, "d1")->row);
  assert_rows_valid (layout);
}

/* A pseudo-random case (fixed seed): @n_actors actors across @n_shipments
 * shipments, some contacts, and a role-less "loner" every 50 shipments. */
static void
make_case (guint n_shipments, guint n_actors, GPtrArray *shipments, GPtrArray *contacts,
           GHashTable *roles)
{
  static const char *const role_names[] = { "sender", "intermediary", "distributor" };
  static const char *const ports[] = { "COBUN", "BEANR", "NLRTM", "ESALG", "BRSSZ", "ECGYE",
                                       "PAMIT", "DEHAM", "ITGOA", "FRLEH" };
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240607);

  for (guint i = 0; i < n_actors; i++)
    {
      /* Every tenth actor has no role in the case. */
      if (i % 10 != 9)
        g_hash_table_insert (roles, g_strdup_printf ("actor-%04u", i),
                             g_strdup (role_names[i % 3]));
    }
  for (guint i = 0; i < n_shipments; i++)
    {
      CorridorShipment *s = corridor_shipment_new ();
      guint n_stops = g_rand_int_range (rand, 1, 4);
      s->id = g_strdup_printf ("s-%u", i);
      for (guint k = 0; k < n_stops; k++)
        {
          const char *p = ports[g_rand_int_range (rand, 0, G_N_ELEMENTS (ports))];
          corridor_shipment_add_stop (s, p, p, 0, 0);
        }
      for (guint k = 0; k < 3; k++)
        {
          g_autofree char *h = g_strdup_printf ("actor-%04u", g_rand_int_range (rand, 0, n_actors));
          corridor_shipment_add_actor (s, h, (CorridorRole) (k + 1));
        }
      /* Now and then an actor with no role anywhere. */
      if (i % 50 == 0)
        {
          g_autofree char *h = g_strdup_printf ("loner-%04u", i / 50);
          corridor_shipment_add_actor (s, h, CORRIDOR_ROLE_NONE);
        }
      g_ptr_array_add (shipments, s);
    }
  for (guint i = 0; i < n_actors * 3; i++)
    {
      g_autofree char *a = g_strdup_printf ("actor-%04u", g_rand_int_range (rand, 0, n_actors));
      g_autofree char *b = g_strdup_printf ("actor-%04u", g_rand_int_range (rand, 0, n_actors + 20));
      add_contact (contacts, a, b, g_rand_int_range (rand, 1, 30));
    }
}

static void
assert_same_layout (const CorridorNetworkLayout *x, const CorridorNetworkLayout *y)
{
  g_assert_cmpuint (x->nodes->len, ==, y->nodes->len);
  g_assert_cmpuint (x->edges->len, ==, y->edges->len);
  g_assert_cmpuint (x->crossings, ==, y->crossings);
  g_assert_cmpuint (x->n_columns, ==, y->n_columns);
  for (guint i = 0; i < x->nodes->len; i++)
    {
      const CorridorNetworkNode *a = g_ptr_array_index (x->nodes, i);
      const CorridorNetworkNode *b = g_ptr_array_index (y->nodes, i);
      g_assert_cmpstr (a->handle, ==, b->handle);
      g_assert_cmpint (a->column, ==, b->column);
      g_assert_cmpuint (a->row, ==, b->row);
      g_assert_cmpfloat (a->x, ==, b->x);
      g_assert_cmpfloat (a->y, ==, b->y);
      g_assert_cmpuint (a->rank, ==, b->rank);
      g_assert_cmpfloat_with_epsilon (a->betweenness, b->betweenness, 1e-12);
      g_assert_cmpuint (a->ports->len, ==, b->ports->len);
      for (guint k = 0; k < a->ports->len; k++)
        g_assert_cmpstr (((CorridorPortTie *) g_ptr_array_index (a->ports, k))->locode, ==,
                         ((CorridorPortTie *) g_ptr_array_index (b->ports, k))->locode);
    }
}

static void
test_determinism (void)
{
  g_autoptr (GPtrArray) contacts = contacts_new ();
  g_autoptr (GPtrArray) shipments = shipments_new ();
  g_autoptr (GHashTable) roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  make_case (400, 120, shipments, contacts, roles);
  g_autoptr (CorridorNetworkLayout) one = corridor_network_layout_new (contacts, roles, shipments);
  g_autoptr (CorridorNetworkLayout) two = corridor_network_layout_new (contacts, roles, shipments);
  assert_same_layout (one, two);

  /* The same data in another order lays out the same. */
  g_autoptr (GPtrArray) contacts_rev = g_ptr_array_new ();
  g_autoptr (GPtrArray) shipments_rev = g_ptr_array_new ();
  for (guint i = contacts->len; i-- > 0;)
    g_ptr_array_add (contacts_rev, g_ptr_array_index (contacts, i));
  for (guint i = shipments->len; i-- > 0;)
    g_ptr_array_add (shipments_rev, g_ptr_array_index (shipments, i));
  g_autoptr (CorridorNetworkLayout) three = corridor_network_layout_new (contacts_rev, roles, shipments_rev);
  assert_same_layout (one, three);

  assert_rows_valid (one);
  g_assert_cmpuint (one->n_columns, ==, 4);
  /* The crossing count is right, and the sweeps did not make it worse
   * than handle order (the starting point). */
  g_assert_cmpuint (one->crossings, ==, brute_crossings (one));
  g_autoptr (CorridorNetworkLayout) start = corridor_network_layout_new (contacts, roles, shipments);
  guint rows[CORRIDOR_NETWORK_N_COLUMNS] = { 0 };
  for (guint i = 0; i < start->nodes->len; i++)
    {
      CorridorNetworkNode *n = g_ptr_array_index (start->nodes, i);
      n->row = rows[n->column]++;
    }
  guint handle_order = brute_crossings (start);
  g_test_message ("crossings: %u in handle order, %u laid out", handle_order, one->crossings);
  g_assert_cmpuint (one->crossings, <, handle_order);
  /* Every actor of a shipment is a node, and no other. */
  for (guint i = 0; i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      for (guint k = 0; k < s->actors->len; k++)
        g_assert_nonnull (corridor_network_layout_lookup (
            one, ((CorridorShipmentActor *) g_ptr_array_index (s->actors, k))->handle));
    }
  g_assert_null (corridor_network_layout_lookup (one, "actor-0125"));
}

static void
test_scale (void)
{
  g_autoptr (GPtrArray) contacts = contacts_new ();
  g_autoptr (GPtrArray) shipments = shipments_new ();
  g_autoptr (GHashTable) roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  make_case (10000, 600, shipments, contacts, roles);
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (CorridorNetworkLayout) layout = corridor_network_layout_new (contacts, roles, shipments);
  gint64 t1 = g_get_monotonic_time ();
  g_test_message ("10000 shipments, %u actors, %u contacts: %.1f ms", layout->nodes->len,
                  layout->edges->len, (t1 - t0) / 1000.0);
  assert_rows_valid (layout);
  g_assert_cmpuint (layout->nodes->len, ==, 600 + 10000 / 50);
  g_assert_cmpuint (layout->column_size[CORRIDOR_NETWORK_COLUMN_UNKNOWN], ==, 10000 / 50);
  g_assert_cmpuint (layout->crossings, ==, brute_crossings (layout));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/network-layout/columns-by-role", test_columns_by_role);
  g_test_add_func ("/network-layout/path-betweenness", test_path_betweenness);
  g_test_add_func ("/network-layout/restriction-by-shipments", test_restriction_by_shipments);
  g_test_add_func ("/network-layout/ports-per-actor", test_ports_per_actor);
  g_test_add_func ("/network-layout/contacts-of-actor", test_contacts_of_actor);
  g_test_add_func ("/network-layout/crossings-reduced", test_crossings_reduced);
  g_test_add_func ("/network-layout/determinism", test_determinism);
  g_test_add_func ("/network-layout/scale", test_scale);
  return g_test_run ();
}
