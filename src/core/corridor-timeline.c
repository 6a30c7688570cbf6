/* corridor-timeline.c: bins shipments per week or day for the timeline.
 * Invariants: see corridor-timeline.h. Dates are parsed by hand into day
 * numbers (no GDate per shipment) so that binning 10 000 shipments costs
 * well under a millisecond and can run on every zoom step. */
#include "corridor-timeline.h"

#include <string.h>

/* Days from 0001-01-01 (day 1) by the proleptic Gregorian calendar, as
 * GDate counts them (Hinnant's days_from_civil, shifted). */
static guint32
day_number (int y, int m, int d)
{
  y -= m <= 2;
  int era = y / 400;                      /* y >= 0 here */
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  /* 719468 days from 0000-03-01 to 1970-01-01; 1970-01-01 is day 719163. */
  return (guint32) ((gint64) era * 146097 + doe - 719468 + 719163);
}

static inline int
digits (const char *s, int n)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        return -1;
      v = v * 10 + (s[i] - '0');
    }
  return v;
}

guint32
corridor_timeline_day_from_date (const char *date)
{
  static const int month_days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return 0;
  int y = digits (date, 4), m = digits (date + 5, 2), d = digits (date + 8, 2);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > month_days[m - 1])
    return 0;
  if (m == 2 && d == 29 && !g_date_is_leap_year ((GDateYear) y))
    return 0;
  return day_number (y, m, d);
}

char *
corridor_timeline_date_from_day (guint32 day)
{
  GDate date;

  if (day == 0)
    return NULL;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (&date),
                          (guint) g_date_get_month (&date), (guint) g_date_get_day (&date));
}

guint32
corridor_timeline_week_start (guint32 day)
{
  g_return_val_if_fail (day > 0, 0);
  /* Day 1 is a Monday. */
  return day - (day - 1) % 7;
}

guint32
corridor_timeline_shipment_day (const CorridorShipment *s)
{
  g_return_val_if_fail (s != NULL, 0);
  /* The filter reads a span with one date as that day; so do we. */
  guint32 day = corridor_timeline_day_from_date (s->departed);
  return day != 0 ? day : corridor_timeline_day_from_date (s->arrived);
}

gboolean
corridor_timeline_span (GPtrArray *shipments, guint32 *first, guint32 *last)
{
  guint32 lo = G_MAXUINT32, hi = 0;

  for (guint i = 0; shipments != NULL && i < shipments->len; i++)
    {
      guint32 day = corridor_timeline_shipment_day (g_ptr_array_index (shipments, i));
      if (day == 0)
        continue;
      lo = MIN (lo, day);
      hi = MAX (hi, day);
    }
  if (hi == 0)
    lo = 0;
  if (first != NULL)
    *first = lo;
  if (last != NULL)
    *last = hi;
  return hi != 0;
}

CorridorTimelineUnit
corridor_timeline_unit_for_range (guint32 first, guint32 last)
{
  if (last >= first && last - first + 1 <= CORRIDOR_TIMELINE_MAX_DAY_SPAN)
    return CORRIDOR_TIMELINE_DAYS;
  return CORRIDOR_TIMELINE_WEEKS;
}

static guint32
bin_start (CorridorTimelineUnit unit, guint32 day)
{
  return unit == CORRIDOR_TIMELINE_WEEKS ? corridor_timeline_week_start (day) : day;
}

static guint
bin_width (CorridorTimelineUnit unit)
{
  return unit == CORRIDOR_TIMELINE_WEEKS ? 7 : 1;
}

CorridorTimelineBins *
corridor_timeline_bins_new (GPtrArray *shipments, CorridorTimelineMeasure measure,
                            CorridorTimelineUnit unit, guint32 first, guint32 last)
{
  CorridorTimelineBins *bins = g_new0 (CorridorTimelineBins, 1);

  g_return_val_if_fail (first <= last && (first != 0 || last == 0), bins);

  bins->measure = measure;
  if (first == 0 && last == 0)
    corridor_timeline_span (shipments, &first, &last);
  if (unit == CORRIDOR_TIMELINE_AUTO)
    unit = corridor_timeline_unit_for_range (first, last);
  bins->unit = unit;
  bins->first_day = first;
  bins->last_day = last;

  guint width = bin_width (unit);
  guint32 start = first != 0 ? bin_start (unit, first) : 0;
  if (first != 0)
    bins->n_bins = (bin_start (unit, last) - start) / width + 1;
  bins->starts = g_new (guint32, MAX (bins->n_bins, 1));
  bins->values = g_new0 (double, MAX (bins->n_bins, 1));
  bins->counts = g_new0 (guint, MAX (bins->n_bins, 1));
  bins->kg = g_new0 (double, MAX (bins->n_bins, 1));
  for (guint i = 0; i < bins->n_bins; i++)
    bins->starts[i] = start + i * width;

  for (guint i = 0; shipments != NULL && i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      guint32 day = corridor_timeline_shipment_day (s);

      if (day == 0)
        {
          bins->n_undated++;
          continue;
        }
      bins->n_dated++;
      if (bins->n_bins == 0 || day < first || day > last)
        continue;
      guint index = (day - start) / width;
      bins->n_binned++;
      bins->counts[index]++;
      if (isfinite (s->quantity_kg))
        bins->kg[index] += s->quantity_kg;
    }

  for (guint i = 0; i < bins->n_bins; i++)
    {
      bins->values[i] = measure == CORRIDOR_TIMELINE_KILOGRAMS ? bins->kg[i] : bins->counts[i];
      bins->max = MAX (bins->max, bins->values[i]);
    }
  return bins;
}

void
corridor_timeline_bins_free (CorridorTimelineBins *bins)
{
  if (bins == NULL)
    return;
  g_free (bins->starts);
  g_free (bins->values);
  g_free (bins->counts);
  g_free (bins->kg);
  g_free (bins);
}

int
corridor_timeline_bins_index (const CorridorTimelineBins *bins, guint32 day)
{
  g_return_val_if_fail (bins != NULL, -1);
  if (bins->n_bins == 0 || day < bins->starts[0])
    return -1;
  guint index = (day - bins->starts[0]) / bin_width (bins->unit);
  return index < bins->n_bins ? (int) index : -1;
}

guint32
corridor_timeline_bins_last_day (const CorridorTimelineBins *bins, guint index)
{
  g_return_val_if_fail (bins != NULL && index < bins->n_bins, 0);
  return bins->starts[index] + bin_width (bins->unit) - 1;
}
