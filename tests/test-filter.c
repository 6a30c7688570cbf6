/* test-filter.c: the in-memory shipment filter (FORMATS.md §4 FILTERS):
 * any-stop ports with OR, date-span overlap (one date = that day, no date only
 * without a range), actor/role combinations, confidence, status, describe(). */
#include <glib.h>

#include "corridor-filter.h"
#include "corridor-error.h"

static CorridorShipment *
shipment (const char *origin, const char *transit, const char *destination,
          const char *departed, const char *arrived)
{
  CorridorShipment *s = corridor_shipment_new ();

  corridor_shipment_add_stop (s, origin, NULL, 0, 0);
  if (transit != NULL)
    corridor_shipment_add_stop (s, transit, NULL, 0, 0);
  corridor_shipment_add_stop (s, destination, NULL, 0, 0);
  s->departed = g_strdup (departed);
  s->arrived = g_strdup (arrived);
  s->confidence = 0.8;
  corridor_shipment_add_actor (s, "lobo_gye", CORRIDOR_ROLE_SENDER);
  corridor_shipment_add_actor (s, "tiburon9", CORRIDOR_ROLE_INTERMEDIARY);
  corridor_shipment_add_actor (s, "scheldekat", CORRIDOR_ROLE_DISTRIBUTOR);
  return s;
}

static void
test_empty_and_status (void)
{
  g_autoptr(CorridorShipment) s = shipment ("ECGYE", NULL, "BEANR", "2021-02-10", "2021-03-01");
  g_autoptr(CorridorFilter) f = corridor_filter_new ();

  g_assert_true (corridor_filter_match (NULL, s));
  g_assert_true (corridor_filter_match (f, s));
  s->status = CORRIDOR_STATUS_CONFIRMED;
  g_assert_true (corridor_filter_match (f, s));
  s->status = CORRIDOR_STATUS_REJECTED;
  g_assert_false (corridor_filter_match (f, s));
  g_assert_false (corridor_filter_match (NULL, s));
  f->statuses = 1u << CORRIDOR_STATUS_REJECTED;
  g_assert_true (corridor_filter_match (f, s));
  s->status = CORRIDOR_STATUS_INFERRED;
  g_assert_false (corridor_filter_match (f, s));
  g_assert_cmpuint (corridor_filter_status_mask (NULL), ==,
                    (1u << CORRIDOR_STATUS_INFERRED) | (1u << CORRIDOR_STATUS_CONFIRMED));
}

static void
test_ports (void)
{
  g_autoptr(CorridorShipment) s = shipment ("ECGYE", "DOCAU", "BEANR", "2021-02-10", NULL);
  g_autoptr(CorridorFilter) f = corridor_filter_new ();

  g_ptr_array_add (f->ports, g_strdup ("NLRTM"));
  g_assert_false (corridor_filter_match (f, s));
  g_ptr_array_add (f->ports, g_strdup ("DOCAU"));   /* OR, and transits count */
  g_assert_true (corridor_filter_match (f, s));
  g_ptr_array_set_size (f->ports, 0);
  g_ptr_array_add (f->ports, g_strdup ("ECGYE"));
  g_assert_true (corridor_filter_match (f, s));
  g_ptr_array_set_size (f->ports, 0);
  g_ptr_array_add (f->ports, g_strdup ("BEANR"));
  g_assert_true (corridor_filter_match (f, s));
}

static void
test_dates (void)
{
  g_autoptr(CorridorShipment) span = shipment ("ECGYE", NULL, "BEANR", "2021-02-10", "2021-03-01");
  g_autoptr(CorridorShipment) dep_only = shipment ("ECGYE", NULL, "BEANR", "2021-02-10", NULL);
  g_autoptr(CorridorShipment) arr_only = shipment ("ECGYE", NULL, "BEANR", NULL, "2021-03-01");
  g_autoptr(CorridorShipment) undated = shipment ("ECGYE", NULL, "BEANR", NULL, NULL);
  g_autoptr(CorridorFilter) f = corridor_filter_new ();

  g_assert_true (corridor_filter_match (f, undated));

  f->from = g_strdup ("2021-03-01");   /* inclusive: touches the arrival day */
  g_assert_true (corridor_filter_match (f, span));
  g_assert_false (corridor_filter_match (f, dep_only));
  g_assert_true (corridor_filter_match (f, arr_only));
  g_assert_false (corridor_filter_match (f, undated));

  g_free (f->from);
  f->from = g_strdup ("2021-02-15");
  f->to = g_strdup ("2021-02-20");     /* inside the span */
  g_assert_true (corridor_filter_match (f, span));
  g_assert_false (corridor_filter_match (f, dep_only));
  g_assert_false (corridor_filter_match (f, arr_only));

  g_clear_pointer (&f->from, g_free);
  g_free (f->to);
  f->to = g_strdup ("2021-02-10");     /* inclusive: the departure day */
  g_assert_true (corridor_filter_match (f, span));
  g_assert_true (corridor_filter_match (f, dep_only));
  g_assert_false (corridor_filter_match (f, arr_only));
  g_assert_false (corridor_filter_match (f, undated));

  g_free (f->to);
  f->to = g_strdup ("2021-02-09");
  g_assert_false (corridor_filter_match (f, span));
}

static void
test_actors_roles (void)
{
  g_autoptr(CorridorShipment) s = shipment ("ECGYE", NULL, "BEANR", "2021-02-10", NULL);
  g_autoptr(CorridorFilter) f = corridor_filter_new ();

  f->roles = 1u << CORRIDOR_ROLE_DISTRIBUTOR;
  g_assert_true (corridor_filter_match (f, s));

  g_ptr_array_add (f->actors, g_strdup ("lobo_gye"));
  g_assert_false (corridor_filter_match (f, s));      /* lobo_gye is not a distributor here */
  f->roles |= 1u << CORRIDOR_ROLE_SENDER;
  g_assert_true (corridor_filter_match (f, s));
  f->roles = 0;
  g_assert_true (corridor_filter_match (f, s));

  g_ptr_array_set_size (f->actors, 0);
  g_ptr_array_add (f->actors, g_strdup ("nobody"));
  g_assert_false (corridor_filter_match (f, s));
  g_ptr_array_add (f->actors, g_strdup ("tiburon9"));
  g_assert_true (corridor_filter_match (f, s));

  g_ptr_array_set_size (f->actors, 0);
  g_ptr_array_set_size (s->actors, 0);
  f->roles = 1u << CORRIDOR_ROLE_SENDER;
  g_assert_false (corridor_filter_match (f, s));
}

static void
test_confidence (void)
{
  g_autoptr(CorridorShipment) s = shipment ("ECGYE", NULL, "BEANR", "2021-02-10", NULL);
  g_autoptr(CorridorFilter) f = corridor_filter_new ();

  f->min_confidence = 0.8;   /* inclusive */
  g_assert_true (corridor_filter_match (f, s));
  f->min_confidence = 0.81;
  g_assert_false (corridor_filter_match (f, s));
}

static void
test_validate_copy (void)
{
  g_autoptr(CorridorFilter) f = corridor_filter_new ();
  g_autoptr(CorridorFilter) copy = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (corridor_date_is_valid ("2024-02-29"));
  g_assert_false (corridor_date_is_valid ("2023-02-29"));
  g_assert_false (corridor_date_is_valid ("2021-13-01"));
  g_assert_false (corridor_date_is_valid ("21-01-01"));
  g_assert_false (corridor_date_is_valid (NULL));

  g_assert_true (corridor_filter_validate (f, &error));
  f->from = g_strdup ("2021-03-01");
  f->to = g_strdup ("2021-02-01");
  g_assert_false (corridor_filter_validate (f, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_free (f->to);
  f->to = g_strdup ("2021-02-30");
  g_assert_false (corridor_filter_validate (f, &error));
  g_clear_error (&error);
  g_free (f->to);
  f->to = g_strdup ("2021-04-01");
  f->min_confidence = 1.5;
  g_assert_false (corridor_filter_validate (f, &error));
  g_clear_error (&error);
  f->min_confidence = 0.5;
  g_ptr_array_add (f->ports, g_strdup ("BEANR"));
  g_assert_true (corridor_filter_validate (f, &error));

  copy = corridor_filter_copy (f);
  g_assert_cmpstr (copy->from, ==, "2021-03-01");
  g_assert_cmpuint (copy->ports->len, ==, 1);
  g_assert_true (copy->ports != f->ports);
  g_assert_cmpfloat (copy->min_confidence, ==, 0.5);
}

static void
test_describe (void)
{
  g_autoptr(CorridorFilter) f = corridor_filter_new ();
  g_autofree char *empty = corridor_filter_describe (f);
  g_autofree char *text = NULL;
  g_autofree char *two = NULL;
  g_autofree char *null_text = corridor_filter_describe (NULL);

  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (null_text, ==, "");

  g_ptr_array_add (f->ports, g_strdup ("BEANR"));
  f->from = g_strdup ("2021-01-01");
  f->to = g_strdup ("2021-03-31");
  f->roles = 1u << CORRIDOR_ROLE_SENDER;
  f->statuses = 1u << CORRIDOR_STATUS_CONFIRMED;
  text = corridor_filter_describe (f);
  g_assert_cmpstr (text, ==, "Port: BEANR · 2021-01-01 – 2021-03-31 · Role: sender · confirmed only");

  g_ptr_array_add (f->ports, g_strdup ("NLRTM"));
  g_clear_pointer (&f->to, g_free);
  f->roles = 0;
  f->statuses = 0;
  g_ptr_array_add (f->actors, g_strdup ("ZX4F7Q"));
  f->min_confidence = 0.75;
  two = corridor_filter_describe (f);
  g_assert_cmpstr (two, ==, "Ports: BEANR or NLRTM · from 2021-01-01 · Actor: ZX4F7Q · confidence ≥ 0.75");
}

static void
test_types_strings (void)
{
  CorridorRole role;
  CorridorStatus status;
  CorridorOutcome outcome;

  g_assert_cmpstr (corridor_role_to_string (CORRIDOR_ROLE_INTERMEDIARY), ==, "intermediary");
  g_assert_null (corridor_role_to_string (CORRIDOR_ROLE_NONE));
  g_assert_true (corridor_role_from_string ("distributor", &role));
  g_assert_cmpint (role, ==, CORRIDOR_ROLE_DISTRIBUTOR);
  g_assert_false (corridor_role_from_string ("boss", &role));
  g_assert_true (corridor_status_from_string ("rejected", &status));
  g_assert_cmpint (status, ==, CORRIDOR_STATUS_REJECTED);
  g_assert_cmpstr (corridor_status_to_string (CORRIDOR_STATUS_CONFIRMED), ==, "confirmed");
  g_assert_true (corridor_outcome_from_string ("seized", &outcome));
  g_assert_cmpint (outcome, ==, CORRIDOR_OUTCOME_SEIZED);
  g_assert_cmpstr (corridor_outcome_to_string (CORRIDOR_OUTCOME_LOST), ==, "lost");
  g_assert_cmpstr (corridor_outcome_to_string (CORRIDOR_OUTCOME_UNKNOWN), ==, "unknown");
  g_assert_false (corridor_outcome_from_string (NULL, &outcome));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/filter/empty-and-status", test_empty_and_status);
  g_test_add_func ("/filter/ports", test_ports);
  g_test_add_func ("/filter/dates", test_dates);
  g_test_add_func ("/filter/actors-roles", test_actors_roles);
  g_test_add_func ("/filter/confidence", test_confidence);
  g_test_add_func ("/filter/validate-copy", test_validate_copy);
  g_test_add_func ("/filter/describe", test_describe);
  g_test_add_func ("/filter/types-strings", test_types_strings);

  return g_test_run ();
}
