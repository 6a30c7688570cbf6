/* corridor-review-actions.h: the analyst's review in the window. Adds the
 * window actions win.undo, win.redo, win.review-confirm, win.review-reject,
 * win.review-status (s, state s: "inferred", "confirmed", "rejected"; the
 * chosen shipment's status, activating it with its own value undecides),
 * win.review-edit, win.review-note, win.review-grade, win.merge-shipment,
 * win.split-shipment, win.merge-actor, win.create-shipment and win.add-port,
 * enabled only while the evidence pane has a writable store (not read-only,
 * not lent to a worker) and, for those about one shipment, a shipment is
 * chosen. Every change goes through the session's CorridorReviewHistory,
 * shows a toast with Undo and reloads the window, keeping the shipment
 * chosen. */
#pragma once

#include "corridor-window.h"
#include "corridor-review.h"
#include "corridor-review-dialog.h"

G_BEGIN_DECLS

void                   corridor_review_actions_install     (CorridorWindow *window);
/* The window's review history (for tests and the menu). */
CorridorReviewHistory *corridor_review_actions_get_history (CorridorWindow *window);
/* The review dialog the window shows, or NULL. */
CorridorReviewDialog  *corridor_review_actions_get_dialog  (CorridorWindow *window);

G_END_DECLS
