/* test-timeline.c: the timeline's view model (core/corridor-timeline.h):
 * day numbers agree with GDate, weeks start on Monday (across a year's
 * end), short ranges get day bins, counts and kilograms (unknown weighs
 * nothing), undated shipments are counted apart, empty input, and the
 * binning of 10 000 shipments stays far below a frame. */
#include <glib.h>
#include <stdio.h>

#include "core/corridor-timeline.h"

static CorridorShipment *
shipment (const char *departed, const char *arrived, double kg)
{
  CorridorShipment *s = corridor_shipment_new ();

  s->departed = g_strdup (departed);
  s->arrived = g_strdup (arrived);
  s->quantity_kg = kg;
  return s;
}

static GPtrArray *
shipments_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_shipment_free);
}

static guint32
day (const char *date)
{
  guint32 d = corridor_timeline_day_from_date (date);
  g_assert_cmpuint (d, >, 0);
  return d;
}

static void
assert_date (guint32 d, const char *expected)
{
  g_autofree char *date = corridor_timeline_date_from_day (d);
  g_assert_cmpstr (date, ==, expected);
}

static void
test_days (void)
{
  static const char *dates[] = { "0001-01-01", "1970-01-01", "2000-02-29", "2020-12-31",
                                 "2021-01-01", "2023-03-01", "2100-12-31" };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      GDate g;
      int y, m, d;
      g_assert_cmpint (sscanf (dates[i], "%d-%d-%d", &y, &m, &d), ==, 3);
      g_date_clear (&g, 1);
      g_date_set_dmy (&g, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
      g_assert_cmpuint (corridor_timeline_day_from_date (dates[i]), ==, g_date_get_julian (&g));
      assert_date (corridor_timeline_day_from_date (dates[i]), dates[i]);
    }
  g_assert_cmpuint (day ("2021-03-01") - day ("2021-02-28"), ==, 1);
  g_assert_cmpuint (day ("2020-03-01") - day ("2020-02-28"), ==, 2);

  static const char *bad[] = { "", "2021", "2021-02-29", "2021-13-01", "2021-00-10",
                               "2021-04-31", "0000-01-01", "2021/01/01", "2021-01-011",
                               "20a1-01-01", "2021-1-01" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_cmpuint (corridor_timeline_day_from_date (bad[i]), ==, 0);
  g_assert_cmpuint (corridor_timeline_day_from_date (NULL), ==, 0);
  g_assert_null (corridor_timeline_date_from_day (0));
}

static void
test_week_start (void)
{
  /* 2020-12-31 is a Thursday: its week began on Monday 2020-12-28. */
  assert_date (corridor_timeline_week_start (day ("2020-12-31")), "2020-12-28");
  assert_date (corridor_timeline_week_start (day ("2021-01-03")), "2020-12-28");  /* Sunday */
  assert_date (corridor_timeline_week_start (day ("2021-01-04")), "2021-01-04");  /* Monday */
  assert_date (corridor_timeline_week_start (day ("2021-01-10")), "2021-01-04");
  assert_date (corridor_timeline_week_start (day ("2024-03-01")), "2024-02-26");  /* leap */
  assert_date (corridor_timeline_week_start (day ("0001-01-01")), "0001-01-01");
}

static void
test_week_bins (void)
{
  g_autoptr (GPtrArray) all = shipments_new ();
  g_ptr_array_add (all, shipment ("2020-12-28", NULL, 100));       /* Monday */
  g_ptr_array_add (all, shipment ("2020-12-31", "2021-01-20", 50)); /* departed counts */
  g_ptr_array_add (all, shipment ("2021-01-03", NULL, NAN));       /* Sunday, same week */
  g_ptr_array_add (all, shipment ("2021-01-04", NULL, 10));        /* next Monday */
  g_ptr_array_add (all, shipment (NULL, "2021-01-19", 5));         /* arrived when no departure */

  g_autoptr (CorridorTimelineBins) bins =
    corridor_timeline_bins_new (all, CORRIDOR_TIMELINE_SHIPMENTS, CORRIDOR_TIMELINE_WEEKS, 0, 0);
  g_assert_cmpint (bins->unit, ==, CORRIDOR_TIMELINE_WEEKS);
  assert_date (bins->first_day, "2020-12-28");
  assert_date (bins->last_day, "2021-01-19");
  g_assert_cmpuint (bins->n_bins, ==, 4);
  assert_date (bins->starts[0], "2020-12-28");
  assert_date (bins->starts[1], "2021-01-04");
  assert_date (bins->starts[2], "2021-01-11");
  assert_date (bins->starts[3], "2021-01-18");
  assert_date (corridor_timeline_bins_last_day (bins, 0), "2021-01-03");
  g_assert_cmpuint (bins->counts[0], ==, 3);
  g_assert_cmpuint (bins->counts[1], ==, 1);
  g_assert_cmpuint (bins->counts[2], ==, 0);
  g_assert_cmpuint (bins->counts[3], ==, 1);
  g_assert_cmpfloat (bins->values[0], ==, 3);
  g_assert_cmpfloat (bins->max, ==, 3);
  g_assert_cmpuint (bins->n_dated, ==, 5);
  g_assert_cmpuint (bins->n_binned, ==, 5);
  g_assert_cmpuint (bins->n_undated, ==, 0);
  g_assert_cmpint (corridor_timeline_bins_index (bins, day ("2021-01-03")), ==, 0);
  g_assert_cmpint (corridor_timeline_bins_index (bins, day ("2021-01-24")), ==, 3);
  g_assert_cmpint (corridor_timeline_bins_index (bins, day ("2021-01-25")), ==, -1);
  g_assert_cmpint (corridor_timeline_bins_index (bins, day ("2020-12-27")), ==, -1);

  /* A range that starts midweek still starts its bins on the Monday, and
   * shipments outside it are dated but not binned. */
  g_autoptr (CorridorTimelineBins) part =
    corridor_timeline_bins_new (all, CORRIDOR_TIMELINE_SHIPMENTS, CORRIDOR_TIMELINE_AUTO,
                                day ("2021-01-02"), day ("2021-06-30"));
  g_assert_cmpint (part->unit, ==, CORRIDOR_TIMELINE_WEEKS);
  assert_date (part->starts[0], "2020-12-28");
  g_assert_cmpuint (part->counts[0], ==, 1);   /* only 2021-01-03 of that week is in range */
  g_assert_cmpuint (part->n_binned, ==, 3);
  g_assert_cmpuint (part->n_dated, ==, 5);
  assert_date (part->starts[part->n_bins - 1], "2021-06-28");
  for (guint i = 0; i < part->n_bins; i++)
    g_assert_cmpuint (corridor_timeline_week_start (part->starts[i]), ==, part->starts[i]);
}

static void
test_day_bins (void)
{
  g_autoptr (GPtrArray) all = shipments_new ();
  g_ptr_array_add (all, shipment ("2021-03-01", NULL, 1));
  g_ptr_array_add (all, shipment ("2021-03-01", NULL, 2));
  g_ptr_array_add (all, shipment ("2021-03-05", NULL, 4));
  g_ptr_array_add (all, shipment ("2021-05-30", NULL, 8));

  /* Two months and a day: weeks; two months: days. */
  g_assert_cmpint (corridor_timeline_unit_for_range (day ("2021-03-01"), day ("2021-05-01")), ==,
                   CORRIDOR_TIMELINE_DAYS);
  g_assert_cmpint (corridor_timeline_unit_for_range (day ("2021-03-01"), day ("2021-05-02")), ==,
                   CORRIDOR_TIMELINE_WEEKS);
  g_assert_cmpint (corridor_timeline_unit_for_range (day ("2021-03-01"), day ("2021-03-01")), ==,
                   CORRIDOR_TIMELINE_DAYS);

  /* The whole span is 91 days: weeks. */
  g_autoptr (CorridorTimelineBins) whole =
    corridor_timeline_bins_new (all, CORRIDOR_TIMELINE_SHIPMENTS, CORRIDOR_TIMELINE_AUTO, 0, 0);
  g_assert_cmpint (whole->unit, ==, CORRIDOR_TIMELINE_WEEKS);

  /* Zoomed in to ten days: one bin a day. */
  g_autoptr (CorridorTimelineBins) bins =
    corridor_timeline_bins_new (all, CORRIDOR_TIMELINE_SHIPMENTS, CORRIDOR_TIMELINE_AUTO,
                                day ("2021-02-27"), day ("2021-03-08"));
  g_assert_cmpint (bins->unit, ==, CORRIDOR_TIMELINE_DAYS);
  g_assert_cmpuint (bins->n_bins, ==, 10);
  assert_date (bins->starts[0], "2021-02-27");
  assert_date (bins->starts[9], "2021-03-08");
  g_assert_cmpuint (bins->counts[2], ==, 2);
  g_assert_cmpuint (bins->counts[6], ==, 1);
  g_assert_cmpuint (bins->n_binned, ==, 3);
  g_assert_cmpuint (bins->n_dated, ==, 4);
  g_assert_cmpfloat (bins->max, ==, 2);
  for (guint i = 0; i < bins->n_bins; i++)
    g_assert_cmpuint (corridor_timeline_bins_last_day (bins, i), ==, bins->starts[i]);
  g_assert_cmpint (corridor_timeline_bins_index (bins, day ("2021-03-05")), ==, 6);
}

static void
test_kilograms (void)
{
  g_autoptr (GPtrArray) all = shipments_new ();
  g_ptr_array_add (all, shipment ("2021-03-01", NULL, 1200));
  g_ptr_array_add (all, shipment ("2021-03-02", NULL, NAN));   /* unknown: counts, weighs 0 */
  g_ptr_array_add (all, shipment ("2021-03-09", NULL, 300.5));
  g_ptr_array_add (all, shipment ("2021-03-10", NULL, NAN));
  g_ptr_array_add (all, shipment ("2021-03-11", NULL, NAN));

  g_autoptr (CorridorTimelineBins) count =
    corridor_timeline_bins_new (all, CORRIDOR_TIMELINE_SHIPMENTS, CORRIDOR_TIMELINE_WEEKS, 0, 0);
  g_autoptr (CorridorTimelineBins) kg =
    corridor_timeline_bins_new (all, CORRIDOR_TIMELINE_KILOGRAMS, CORRIDOR_TIMELINE_WEEKS, 0, 0);
  g_assert_cmpuint (count->n_bins, ==, 2);
  g_assert_cmpuint (kg->n_bins, ==, 2);
  g_assert_cmpfloat (count->values[0], ==, 2);
  g_assert_cmpfloat (count->values[1], ==, 3);
  g_assert_cmpfloat (count->max, ==, 3);
  g_assert_cmpfloat (kg->values[0], ==, 1200);
  g_assert_cmpfloat (kg->values[1], ==, 300.5);
  g_assert_cmpfloat (kg->max, ==, 1200);
  /* Both measures are kept whichever is shown (for the tooltip). */
  g_assert_cmpuint (kg->counts[1], ==, 3);
  g_assert_cmpfloat (count->kg[0], ==, 1200);
  for (guint i = 0; i < kg->n_bins; i++)
    g_assert_false (isnan (kg->values[i]));
}

static void
test_undated (void)
{
  g_autoptr (GPtrArray) all = shipments_new ();
  g_ptr_array_add (all, shipment (NULL, NULL, 50));
  g_ptr_array_add (all, shipment ("2021-03-01", NULL, 1));
  g_ptr_array_add (all, shipment ("not a date", NULL, 7));
  g_ptr_array_add (all, shipment (NULL, NULL, NAN));

  g_autoptr (CorridorTimelineBins) bins =
    corridor_timeline_bins_new (all, CORRIDOR_TIMELINE_KILOGRAMS, CORRIDOR_TIMELINE_AUTO, 0, 0);
  g_assert_cmpuint (bins->n_undated, ==, 3);
  g_assert_cmpuint (bins->n_dated, ==, 1);
  g_assert_cmpuint (bins->n_binned, ==, 1);
  g_assert_cmpuint (bins->n_bins, ==, 1);
  g_assert_cmpint (bins->unit, ==, CORRIDOR_TIMELINE_DAYS);
  g_assert_cmpfloat (bins->values[0], ==, 1);   /* the undated 50 kg are not binned */

  /* Only undated: no span, no bins, still counted. */
  g_ptr_array_remove_index (all, 1);
  g_autoptr (CorridorTimelineBins) none =
    corridor_timeline_bins_new (all, CORRIDOR_TIMELINE_SHIPMENTS, CORRIDOR_TIMELINE_AUTO, 0, 0);
  g_assert_cmpuint (none->n_bins, ==, 0);
  g_assert_cmpuint (none->n_undated, ==, 3);
  g_assert_cmpfloat (none->max, ==, 0);
  guint32 first = 1, last = 1;
  g_assert_false (corridor_timeline_span (all, &first, &last));
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (last, ==, 0);
}

static void
test_empty (void)
{
  g_autoptr (GPtrArray) all = shipments_new ();
  g_autoptr (CorridorTimelineBins) bins =
    corridor_timeline_bins_new (all, CORRIDOR_TIMELINE_SHIPMENTS, CORRIDOR_TIMELINE_AUTO, 0, 0);
  g_assert_cmpuint (bins->n_bins, ==, 0);
  g_assert_cmpuint (bins->n_dated + bins->n_undated, ==, 0);
  g_assert_cmpint (corridor_timeline_bins_index (bins, day ("2021-01-01")), ==, -1);

  g_autoptr (CorridorTimelineBins) null_input =
    corridor_timeline_bins_new (NULL, CORRIDOR_TIMELINE_SHIPMENTS, CORRIDOR_TIMELINE_AUTO, 0, 0);
  g_assert_cmpuint (null_input->n_bins, ==, 0);

  /* No shipments over a range: empty bins covering it. */
  g_autoptr (CorridorTimelineBins) range =
    corridor_timeline_bins_new (all, CORRIDOR_TIMELINE_SHIPMENTS, CORRIDOR_TIMELINE_AUTO,
                                day ("2021-01-01"), day ("2021-12-31"));
  g_assert_cmpuint (range->n_bins, ==, 53);   /* 2020-12-28 … 2021-12-27 */
  g_assert_cmpfloat (range->max, ==, 0);
}

static void
test_speed (void)
{
  g_autoptr (GPtrArray) all = shipments_new ();
  GRand *rand = g_rand_new_with_seed (7);
  guint32 base = day ("2018-01-01");

  for (guint i = 0; i < 10000; i++)
    {
      guint32 d = base + (guint32) g_rand_int_range (rand, 0, 5 * 365);
      g_autofree char *date = corridor_timeline_date_from_day (d);
      g_ptr_array_add (all, shipment (i % 10 == 0 ? NULL : date, NULL,
                                      g_rand_double_range (rand, 10, 2000)));
    }
  g_rand_free (rand);

  /* The best of a few runs, so a busy machine does not fail the test. */
  gint64 best = G_MAXINT64;
  guint total = 0;
  for (guint run = 0; run < 5; run++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr (CorridorTimelineBins) bins =
        corridor_timeline_bins_new (all, CORRIDOR_TIMELINE_KILOGRAMS, CORRIDOR_TIMELINE_AUTO, 0, 0);
      best = MIN (best, g_get_monotonic_time () - t0);
      total = 0;
      for (guint i = 0; i < bins->n_bins; i++)
        total += bins->counts[i];
      g_assert_cmpuint (bins->n_undated, ==, 1000);
    }
  g_assert_cmpuint (total, ==, 9000);
  g_test_message ("10 000 shipments binned in %" G_GINT64_FORMAT " µs", best);
  /* Well under a millisecond in an optimised build; sanitizers are slower. */
  g_assert_cmpint (best, <, 10000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeline/days", test_days);
  g_test_add_func ("/timeline/week-start", test_week_start);
  g_test_add_func ("/timeline/week-bins", test_week_bins);
  g_test_add_func ("/timeline/day-bins", test_day_bins);
  g_test_add_func ("/timeline/kilograms", test_kilograms);
  g_test_add_func ("/timeline/undated", test_undated);
  g_test_add_func ("/timeline/empty", test_empty);
  g_test_add_func ("/timeline/speed", test_speed);

  return g_test_run ();
}
