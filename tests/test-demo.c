/* test-demo.c: the synthetic corpus is deterministic, spans the corridors,
 * carries valid identifiers, and builds a demo case by importing its chats
 * and running inference: shipments found, the ground truth kept out. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "corridor-corpus.h"
#include "corridor-demo.h"
#include "corridor-store.h"
#include "corridor-error.h"

/* Written here independently of the generator (FORMATS.md §2). */
static gboolean
iso6346_valid (const char *c)
{
  static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static const int values[] = { 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26,
                                27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38 };
  int sum = 0;

  if (c == NULL || strlen (c) != 11)
    return FALSE;
  for (int i = 0; i < 10; i++)
    {
      int v;

      if (i < 4)
        {
          const char *p = strchr (letters, c[i]);
          if (p == NULL || c[i] == '\0')
            return FALSE;
          v = values[p - letters];
        }
      else
        {
          if (!g_ascii_isdigit (c[i]))
            return FALSE;
          v = c[i] - '0';
        }
      sum += v * (1 << i);
    }
  if (c[3] != 'U' && c[3] != 'J' && c[3] != 'Z')
    return FALSE;
  return g_ascii_isdigit (c[10]) && (sum % 11) % 10 == c[10] - '0';
}

static gboolean
imo_valid (const char *imo)
{
  int sum = 0;

  if (imo == NULL || strlen (imo) != 7)
    return FALSE;
  for (int i = 0; i < 7; i++)
    if (!g_ascii_isdigit (imo[i]))
      return FALSE;
  for (int i = 0; i < 6; i++)
    sum += (imo[i] - '0') * (7 - i);
  return sum % 10 == imo[6] - '0';
}

static void
test_check_digit_examples (void)
{
  g_assert_true (iso6346_valid ("CSQU3054383"));
  g_assert_true (iso6346_valid ("MSKU1234565"));
  g_assert_false (iso6346_valid ("MSKU1234566"));
  g_assert_true (imo_valid ("9074729"));
  g_assert_false (imo_valid ("9074728"));
}

static void
test_deterministic (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorCorpus) a = corridor_corpus_generate (CORRIDOR_DEMO_SEED, 48, &error);
  g_autoptr(CorridorCorpus) b = NULL;
  g_autoptr(CorridorCorpus) c = NULL;
  g_autofree char *ja = NULL, *jb = NULL, *jc = NULL;
  g_autofree char *dir = NULL, *path = NULL, *written = NULL;
  gsize la, lb, lc, lw;

  g_assert_no_error (error);
  b = corridor_corpus_generate (CORRIDOR_DEMO_SEED, 48, &error);
  c = corridor_corpus_generate (CORRIDOR_DEMO_SEED + 1, 48, &error);
  ja = corridor_corpus_to_jsonl (a, &la);
  jb = corridor_corpus_to_jsonl (b, &lb);
  jc = corridor_corpus_to_jsonl (c, &lc);
  g_assert_cmpuint (la, ==, lb);
  g_assert_cmpmem (ja, la, jb, lb);
  g_assert_false (la == lc && memcmp (ja, jc, la) == 0);

  /* The file holds exactly the same bytes. */
  dir = g_dir_make_tmp ("corridor-demo-XXXXXX", &error);
  path = g_build_filename (dir, "corpus.jsonl", NULL);
  g_assert_true (corridor_corpus_write_jsonl (a, path, &error));
  g_assert_true (g_file_get_contents (path, &written, &lw, &error));
  g_assert_cmpmem (written, lw, ja, la);
  g_unlink (path);
  g_rmdir (dir);

  /* Planned truth is identical too. */
  g_assert_cmpuint (a->shipments->len, ==, b->shipments->len);
  for (guint i = 0; i < a->shipments->len; i++)
    {
      CorridorShipment *x = g_ptr_array_index (a->shipments, i);
      CorridorShipment *y = g_ptr_array_index (b->shipments, i);

      g_assert_cmpstr (x->departed, ==, y->departed);
      g_assert_cmpstr (x->stops[0].locode, ==, y->stops[0].locode);
      g_assert_cmpstr (x->containers[0], ==, y->containers[0]);
      g_assert_true (g_strv_equal ((const char * const *) x->evidence,
                                   (const char * const *) y->evidence));
    }
}

static void
test_corpus_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorCorpus) corpus = corridor_corpus_generate (CORRIDOR_DEMO_SEED,
                                                               CORRIDOR_DEMO_SHIPMENTS, &error);
  g_autoptr(GHashTable) origins = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) dests = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) dest_counts = g_hash_table_new (g_str_hash, g_str_equal);
  guint roles_seen = 0, n_transit = 0, n_seized = 0, n_containers = 0;
  gint64 prev_ts = G_MININT64;

  g_assert_no_error (error);
  g_assert_cmpuint (corpus->shipments->len, >=, 40);
  g_assert_cmpuint (corpus->messages->len, >=, corpus->shipments->len * 6);

  for (guint i = 0; i < corpus->messages->len; i++)
    {
      CorridorMessage *m = g_ptr_array_index (corpus->messages, i);
      g_autofree char *expect = g_strdup_printf ("m-%06u", i + 1);

      g_assert_cmpstr (m->id, ==, expect);
      g_assert_cmpint (m->ts, >=, prev_ts);
      g_assert_true (g_utf8_validate (m->body, -1, NULL));
      g_assert_nonnull (m->sender);
      prev_ts = m->ts;
      g_hash_table_add (ids, m->id);
    }

  for (guint i = 0; i < corpus->shipments->len; i++)
    {
      CorridorShipment *s = g_ptr_array_index (corpus->shipments, i);
      const CorridorStop *o = corridor_shipment_origin (s);
      const CorridorStop *d = corridor_shipment_destination (s);
      guint n;

      g_assert_nonnull (o);
      g_assert_nonnull (d);
      g_hash_table_add (origins, (gpointer) o->locode);
      g_hash_table_add (dests, (gpointer) d->locode);
      n = GPOINTER_TO_UINT (g_hash_table_lookup (dest_counts, d->locode));
      g_hash_table_insert (dest_counts, (gpointer) d->locode, GUINT_TO_POINTER (n + 1));
      n_transit += s->n_stops > 2;
      n_seized += s->outcome == CORRIDOR_OUTCOME_SEIZED;
      g_assert_true (s->departed[0] == '2' && s->departed[1] == '0' && s->departed[2] == '2');
      g_assert_cmpstr (s->departed, >=, "2020-01-01");
      g_assert_cmpstr (s->departed, <=, "2023-12-31");
      g_assert_cmpstr (s->arrived, >, s->departed);
      g_assert_cmpfloat (s->quantity_kg, >=, 200);
      g_assert_cmpfloat (s->quantity_kg, <=, 4000);
      g_assert_nonnull (s->concealment);
      g_assert_cmpuint (g_strv_length (s->containers), >=, 1);
      for (guint k = 0; s->containers[k] != NULL; k++, n_containers++)
        g_assert_true (iso6346_valid (s->containers[k]));
      if (s->vessel_imo != NULL)
        g_assert_true (imo_valid (s->vessel_imo));
      g_assert_cmpuint (g_strv_length (s->evidence), >=, 4);
      for (guint k = 0; s->evidence[k] != NULL; k++)
        g_assert_true (g_hash_table_contains (ids, s->evidence[k]));
      for (guint k = 0; k < s->actors->len; k++)
        {
          CorridorShipmentActor *a = g_ptr_array_index (s->actors, k);
          roles_seen |= 1u << a->role;
          g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (corpus->actor_roles, a->handle)),
                           ==, a->role);
        }
      for (guint k = 0; k < s->n_stops; k++)
        {
          g_assert_nonnull (s->stops[k].name);
          g_assert_true (s->stops[k].lat >= -90 && s->stops[k].lat <= 90);
        }
    }

  g_assert_cmpuint (g_hash_table_size (origins), >=, 10);
  g_assert_cmpuint (g_hash_table_size (dests), >=, 10);
  g_assert_cmpuint (roles_seen, ==, (1u << CORRIDOR_ROLE_SENDER) | (1u << CORRIDOR_ROLE_INTERMEDIARY) |
                                    (1u << CORRIDOR_ROLE_DISTRIBUTOR));
  g_assert_cmpuint (n_transit, >, 0);
  g_assert_cmpuint (n_seized, >, 0);
  /* Antwerp and Rotterdam lead. */
  {
    guint antwerp = GPOINTER_TO_UINT (g_hash_table_lookup (dest_counts, "BEANR"));
    guint rotterdam = GPOINTER_TO_UINT (g_hash_table_lookup (dest_counts, "NLRTM"));
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, dest_counts);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (!g_str_equal (key, "BEANR") && !g_str_equal (key, "NLRTM"))
        g_assert_cmpuint (GPOINTER_TO_UINT (value), <=, MAX (antwerp, rotterdam));
  }
}

static void
test_demo_case (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("corridor-demo-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "sub", "demo.corridor", NULL);
  g_autofree char *other = g_build_filename (dir, "other.corridor", NULL);
  g_autofree char *wal = NULL, *shm = NULL, *sub = NULL;
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(GPtrArray) shipments = NULL;
  g_autoptr(CorridorCorpus) corpus = NULL;
  g_autofree char *default_path = corridor_demo_default_path ();

  g_assert_true (g_str_has_suffix (default_path, "corridor/demo.corridor"));

  g_assert_true (corridor_demo_build (path, &error));
  g_assert_no_error (error);

  store = corridor_store_open (path, CORRIDOR_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  {
    g_autofree char *demo = corridor_store_get_meta (store, "demo");
    g_autofree char *label = corridor_store_get_meta (store, "demo_label");
    g_assert_cmpstr (demo, ==, "1");
    g_assert_null (label);
  }
  corpus = corridor_corpus_generate (CORRIDOR_DEMO_SEED, CORRIDOR_DEMO_SHIPMENTS, &error);
  g_assert_cmpint (corridor_store_count_messages (store), ==, corpus->messages->len);
  g_assert_cmpint (corridor_store_count_shipments (store), >=, 40);
  g_assert_cmpint (corridor_store_count_audit (store), >=, 1);
  g_assert_true (corridor_store_verify_audit (store, NULL, &error));

  shipments = corridor_store_query_shipments (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shipments->len, >=, 40);
  for (guint i = 0; i < shipments->len; i++)
    {
      CorridorShipment *s = g_ptr_array_index (shipments, i);

      const CorridorShipment *prev = i > 0 ? g_ptr_array_index (shipments, i - 1) : NULL;

      g_assert_null (s->label);
      g_assert_cmpint (s->status, ==, CORRIDOR_STATUS_INFERRED);
      g_assert_cmpfloat (s->confidence, >, 0.0);
      g_assert_cmpfloat (s->confidence, <=, 1.0);
      g_assert_cmpuint (s->n_stops, >=, 2);
      g_assert_cmpuint (g_strv_length (s->evidence), >=, 2);
      g_assert_cmpuint (s->actors->len, >=, 2);
      if (prev != NULL && (prev->departed || prev->arrived) && (s->departed || s->arrived))
        g_assert_cmpstr (prev->departed ? prev->departed : prev->arrived, <=,
                         s->departed ? s->departed : s->arrived);
    }
  {
    g_autoptr(GPtrArray) sources = corridor_store_list_sources (store, &error);
    CorridorSource *src;
    g_autofree char *jsonl = NULL, *sha = NULL;
    gsize len;

    g_assert_cmpuint (sources->len, ==, 1);
    src = g_ptr_array_index (sources, 0);
    jsonl = corridor_corpus_to_jsonl (corpus, &len);
    sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) jsonl, len);
    g_assert_cmpstr (src->sha256, ==, sha);
    g_assert_cmpstr (src->format, ==, "jsonl");
    g_assert_true (g_str_has_suffix (src->path, "corridor-demo-corpus.jsonl"));
  }
  g_clear_object (&store);

  /* Building again leaves the demo case alone. */
  g_assert_true (corridor_demo_build (path, &error));
  g_assert_no_error (error);

  /* A non-demo case is refused and untouched. */
  store = corridor_store_open (other, CORRIDOR_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_false (corridor_demo_build (other, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (other);
  sub = g_path_get_dirname (path);
  g_rmdir (sub);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/check-digits", test_check_digit_examples);
  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/corpus-shape", test_corpus_shape);
  g_test_add_func ("/demo/case", test_demo_case);

  return g_test_run ();
}
