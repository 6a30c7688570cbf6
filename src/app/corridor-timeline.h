/* corridor-timeline.h: the timeline under the map: a histogram of the shown
 * shipments per week or day, a brush that sets the date filter
 * (win.filter-from/-to), zoom, a Shipments/Kilograms switch and a Play
 * button (win.timeline-play, which the widget adds to its window) that
 * slides a time window over the data and shows it on the map through
 * corridor_window_set_time_window(). The binning is core/corridor-timeline.h. */
#pragma once

#include <gtk/gtk.h>
#include "corridor-window.h"
#include "core/corridor-timeline.h"

G_BEGIN_DECLS

#define CORRIDOR_TYPE_TIMELINE (corridor_timeline_get_type ())
G_DECLARE_FINAL_TYPE (CorridorTimeline, corridor_timeline, CORRIDOR, TIMELINE, GtkWidget)

/* A timeline for @window's shown shipments; it follows "scene-changed" and
 * the filter states, and adds win.timeline-play to @window. One per window. */
GtkWidget  *corridor_timeline_new            (CorridorWindow *window);

/* The histogram: it holds the drag, scroll and key controllers and the
 * tooltip, and its coordinates are those of the functions below. */
GtkWidget  *corridor_timeline_get_chart      (CorridorTimeline *self);
/* The bins drawn: the shown shipments over the visible range. Never NULL;
 * valid until the next scene, zoom or measure change. */
const CorridorTimelineBins *corridor_timeline_get_bins (CorridorTimeline *self);
/* The days shown (day numbers, see core/corridor-timeline.h); both 0
 * when there is nothing dated to show. */
void        corridor_timeline_get_visible_range (CorridorTimeline *self, guint32 *first,
                                                 guint32 *last);
/* The date ("YYYY-MM-DD", owned) under @x in the chart, clamped to the
 * visible range; NULL when nothing is shown. */
char       *corridor_timeline_date_at        (CorridorTimeline *self, double x);
/* The x in the chart of the middle of @date's column, or NAN when @date is
 * not a date or not visible. */
double      corridor_timeline_x_for_date     (CorridorTimeline *self, const char *date);

/* The bars measure kilograms (unknown weighs 0) instead of shipments;
 * the "kilograms" property, which the toggle drives. */
gboolean    corridor_timeline_get_kilograms  (CorridorTimeline *self);
void        corridor_timeline_set_kilograms  (CorridorTimeline *self, gboolean kilograms);

G_END_DECLS
