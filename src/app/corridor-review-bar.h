/* corridor-review-bar.h: the review bar of the evidence pane, for the chosen
 * shipment: Confirm and Reject (showing its status through the state of
 * win.review-status), Edit Facts…, Grade Source…, Add Note…, a menu of the
 * structural actions, a summary of its grade and corrections, and its notes
 * with time and OS user. The buttons only name win.* actions; what they do
 * lives in corridor-review-actions.c. */
#pragma once

#include <gtk/gtk.h>
#include "corridor-store.h"

G_BEGIN_DECLS

#define CORRIDOR_TYPE_REVIEW_BAR (corridor_review_bar_get_type ())
G_DECLARE_FINAL_TYPE (CorridorReviewBar, corridor_review_bar, CORRIDOR, REVIEW_BAR, GtkWidget)

GtkWidget  *corridor_review_bar_new  (void);

/* Shows the review of @shipment as @store holds it (main thread). NULL for
 * either clears the summary and the notes. */
void        corridor_review_bar_load (CorridorReviewBar *self, CorridorStore *store,
                                      const CorridorShipment *shipment);
/* What it shows: the grade ("B2") or NULL, the number of notes listed, and
 * the summary line. */
const char *corridor_review_bar_get_grade   (CorridorReviewBar *self);
guint       corridor_review_bar_get_n_notes (CorridorReviewBar *self);
const char *corridor_review_bar_get_summary (CorridorReviewBar *self);

G_END_DECLS
