/* test-network.c: degree and betweenness against values worked out by hand
 * for small graphs, and the ranking order. */
#include "corridor-network.h"
#include "corridor-store.h"

#include <string.h>

static GPtrArray *
edges (const char *const *pairs)
{
  GPtrArray *a = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_contact_free);
  for (guint i = 0; pairs[i]; i += 2)
    {
      CorridorContact *c = g_new0 (CorridorContact, 1);
      c->a = g_strdup (pairs[i]);
      c->b = g_strdup (pairs[i + 1]);
      c->n = 1;
      g_ptr_array_add (a, c);
    }
  return a;
}

static const CorridorActorStats *
find (GPtrArray *stats, const char *handle)
{
  for (guint i = 0; i < stats->len; i++)
    {
      const CorridorActorStats *s = g_ptr_array_index (stats, i);
      if (strcmp (s->handle, handle) == 0)
        return s;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_star (void)
{
  const char *const pairs[] = { "hub", "a", "hub", "b", "hub", "c", "hub", "d", NULL };
  g_autoptr(GPtrArray) c = edges (pairs);
  g_autoptr(GPtrArray) s = corridor_network_rank (c);
  g_assert_cmpuint (s->len, ==, 5);
  /* The hub lies on every one of the 6 leaf–leaf paths: normalised 1. */
  g_assert_cmpstr (((CorridorActorStats *) g_ptr_array_index (s, 0))->handle, ==, "hub");
  g_assert_cmpfloat_with_epsilon (find (s, "hub")->betweenness, 1.0, 1e-12);
  g_assert_cmpuint (find (s, "hub")->degree, ==, 4);
  g_assert_cmpfloat_with_epsilon (find (s, "a")->betweenness, 0.0, 1e-12);
  g_assert_cmpuint (find (s, "a")->degree, ==, 1);
}

static void
test_path (void)
{
  /* a–b–c–d: b is on a–c and a–d, 2 of the 3 pairs not involving it. */
  const char *const pairs[] = { "a", "b", "b", "c", "c", "d", NULL };
  g_autoptr(GPtrArray) c = edges (pairs);
  g_autoptr(GPtrArray) s = corridor_network_rank (c);
  g_assert_cmpfloat_with_epsilon (find (s, "b")->betweenness, 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (find (s, "c")->betweenness, 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (find (s, "a")->betweenness, 0.0, 1e-12);
}

static void
test_square_with_split_paths (void)
{
  /* A 4-cycle a–b–c–d–a: a to c has two shortest paths, via b and via d,
   * so b gets 1/2 for that pair only: raw 0.5, normalised 0.5 / 3. */
  const char *const pairs[] = { "a", "b", "b", "c", "c", "d", "d", "a", NULL };
  g_autoptr(GPtrArray) c = edges (pairs);
  g_autoptr(GPtrArray) s = corridor_network_rank (c);
  for (guint i = 0; i < s->len; i++)
    g_assert_cmpfloat_with_epsilon (((CorridorActorStats *) g_ptr_array_index (s, i))->betweenness,
                                    0.5 / 3.0, 1e-12);
}

static void
test_bridge_and_duplicates (void)
{
  /* Two triangles joined through x: x bridges them. Duplicate pairs and
   * self-contacts change nothing but message counts. */
  const char *const pairs[] = { "a", "b", "b", "c", "a", "c", "c", "x", "x", "d",
                                "d", "e", "e", "f", "d", "f", "a", "b", "a", "a", NULL };
  g_autoptr(GPtrArray) c = edges (pairs);
  g_autoptr(GPtrArray) s = corridor_network_rank (c);
  g_assert_cmpstr (((CorridorActorStats *) g_ptr_array_index (s, 0))->handle, ==, "x");
  g_assert_cmpuint (find (s, "a")->degree, ==, 2);
  g_assert_cmpuint (find (s, "a")->messages, ==, 3);
  /* x is on all 9 paths between {a,b,c} and {d,e,f}: 9 / (6·5/2) = 0.6. */
  g_assert_cmpfloat_with_epsilon (find (s, "x")->betweenness, 0.6, 1e-12);
  /* c and d: on paths from their triangle's other two (2) to x and the far
   * side (4): 2 × 4 = 8 → 8 / 15. */
  g_assert_cmpfloat_with_epsilon (find (s, "c")->betweenness, 8.0 / 15.0, 1e-12);
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) c = g_ptr_array_new ();
  g_autoptr(GPtrArray) s = corridor_network_rank (c);
  g_assert_cmpuint (s->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/network/star", test_star);
  g_test_add_func ("/network/path", test_path);
  g_test_add_func ("/network/square", test_square_with_split_paths);
  g_test_add_func ("/network/bridge-and-duplicates", test_bridge_and_duplicates);
  g_test_add_func ("/network/empty", test_empty);
  return g_test_run ();
}
