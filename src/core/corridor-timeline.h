/* corridor-timeline.h: the timeline's view model. Shipments are binned by
 * ISO week (Monday start) or by day over a date range, counting shipments
 * or summing kilograms. It has no GTK, so the widget (app/corridor-timeline.c)
 * stays thin and the binning is tested headless. Invariants: a shipment's
 * date is its departure, else its arrival; shipments with neither are
 * never binned but are counted in n_undated; bins are contiguous, start on
 * a Monday when they are weeks, and cover the whole range asked for.
 *
 * Dates are day numbers, as GDate's Julian days: 1 is 0001-01-01 (a
 * Monday), 0 means "no date". Note: app/ has a header of the same name
 * (the widget); code that needs both includes "core/corridor-timeline.h". */
#pragma once

#include <glib.h>
#include "corridor-types.h"

G_BEGIN_DECLS

/* Ranges up to this many days (about two months) get day bins under
 * CORRIDOR_TIMELINE_AUTO; longer ones get weeks. */
#define CORRIDOR_TIMELINE_MAX_DAY_SPAN 62

typedef enum {
  CORRIDOR_TIMELINE_AUTO = 0,
  CORRIDOR_TIMELINE_WEEKS,
  CORRIDOR_TIMELINE_DAYS,
} CorridorTimelineUnit;

typedef enum {
  CORRIDOR_TIMELINE_SHIPMENTS = 0,
  CORRIDOR_TIMELINE_KILOGRAMS,
} CorridorTimelineMeasure;

typedef struct {
  CorridorTimelineUnit    unit;       /* WEEKS or DAYS, never AUTO */
  CorridorTimelineMeasure measure;
  guint    n_bins;
  guint32 *starts;     /* the first day of each bin, ascending */
  double  *values;     /* the measure per bin: counts or kilograms */
  guint   *counts;     /* shipments per bin */
  double  *kg;         /* known kilograms per bin (unknown weighs 0) */
  double   max;        /* the largest value, 0 without bins */
  guint32  first_day;  /* the range asked for (or the shipments' span) */
  guint32  last_day;
  guint    n_dated;    /* shipments with a date, in the range or not */
  guint    n_binned;   /* of those, the ones in the range (the bins' total) */
  guint    n_undated;  /* shipments with neither date */
} CorridorTimelineBins;

/* "YYYY-MM-DD" → day number; 0 when @date is NULL or not a calendar date. */
guint32  corridor_timeline_day_from_date (const char *date);
/* Day number → newly allocated "YYYY-MM-DD"; NULL for 0. */
char    *corridor_timeline_date_from_day (guint32 day);
/* The Monday on or before @day. */
guint32  corridor_timeline_week_start    (guint32 day);
/* The day a shipment is binned on: departed, else arrived; 0 when undated. */
guint32  corridor_timeline_shipment_day  (const CorridorShipment *s);
/* The first and last dated day of @shipments (CorridorShipment*); FALSE
 * (and both 0) when none is dated. */
gboolean corridor_timeline_span          (GPtrArray *shipments, guint32 *first, guint32 *last);
/* Days for ranges of at most CORRIDOR_TIMELINE_MAX_DAY_SPAN days, else weeks. */
CorridorTimelineUnit corridor_timeline_unit_for_range (guint32 first, guint32 last);

/* Bins @shipments (CorridorShipment*, may be NULL) over [@first, @last]
 * (inclusive day numbers; both 0: the shipments' own span) in @unit
 * (AUTO: by the range's length). Never NULL; without a range it has no
 * bins. Linear in the shipments plus the bins. */
CorridorTimelineBins *corridor_timeline_bins_new  (GPtrArray *shipments,
                                                   CorridorTimelineMeasure measure,
                                                   CorridorTimelineUnit unit,
                                                   guint32 first, guint32 last);
void     corridor_timeline_bins_free      (CorridorTimelineBins *bins);
/* The bin holding @day, or -1 when it lies outside the bins. */
int      corridor_timeline_bins_index     (const CorridorTimelineBins *bins, guint32 day);
/* The last day of bin @index. */
guint32  corridor_timeline_bins_last_day  (const CorridorTimelineBins *bins, guint index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorTimelineBins, corridor_timeline_bins_free)

G_END_DECLS
