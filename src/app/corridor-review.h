/* corridor-review.h: the analyst's review of a case as an undoable session
 * history. Every command is a call into the store and its inverse is one
 * too, so a decision, its undo and its redo are each audited like any other
 * review; the inverse is read from the case just before the command runs.
 * No GTK here: the window's actions (corridor-review-actions.h) drive it,
 * and tests run it headless against a real case. */
#pragma once

#include <glib-object.h>
#include "corridor-store.h"

G_BEGIN_DECLS

#define CORRIDOR_TYPE_REVIEW_HISTORY (corridor_review_history_get_type ())
G_DECLARE_FINAL_TYPE (CorridorReviewHistory, corridor_review_history, CORRIDOR, REVIEW_HISTORY,
                      GObject)

/* The most commands kept for undo; older ones are forgotten. */
#define CORRIDOR_REVIEW_HISTORY_DEPTH 200

/* Properties: "can-undo", "can-redo" (boolean), "undo-label", "redo-label"
 * (string or NULL), each notified only when it changes. */
CorridorReviewHistory *corridor_review_history_new (void);

/* Runs @actions on shipment @shipment_id through corridor_store_review
 * (all or none) and, when they changed something, records them with their
 * inverse and forgets what could be redone. The inverse of CONFIRM or
 * REJECT sets "status" back, of SET sets the field's value before (empty:
 * unknown), of NOTE removes that note (UNNOTE). @label names the command
 * ("Confirm s-12"); NULL makes one from the actions. *@out_changed (may be
 * NULL) counts the changes, 0 when nothing was recorded. */
gboolean    corridor_review_history_review (CorridorReviewHistory *self, CorridorStore *store,
                                            const char *shipment_id,
                                            const CorridorReviewAction *actions, guint n_actions,
                                            const char *label, guint *out_changed,
                                            GError **error);

/* The structural commands, each recorded once the store call succeeded,
 * with its inverse (see corridor-store.h):
 * a shipment made by hand from @message_ids with SET and NOTE @actions
 * (undo: corridor_store_delete_manual_shipment); its id in *@out_id. */
gboolean    corridor_review_history_create_shipment (CorridorReviewHistory *self,
                                                     CorridorStore *store,
                                                     const char *const *message_ids,
                                                     const CorridorReviewAction *actions,
                                                     guint n_actions, char **out_id,
                                                     GError **error);
/* @from_id merged into @into_id (undo: unmerge). */
gboolean    corridor_review_history_merge_shipments (CorridorReviewHistory *self,
                                                     CorridorStore *store, const char *into_id,
                                                     const char *from_id, GError **error);
/* @message_ids split off @id into a new shipment, its id in *@out_new_id
 * (undo: unsplit). */
gboolean    corridor_review_history_split_shipment  (CorridorReviewHistory *self,
                                                     CorridorStore *store, const char *id,
                                                     const char *const *message_ids,
                                                     char **out_new_id, GError **error);
/* Handle @alias counted as @canonical (undo: unmerge the alias). */
gboolean    corridor_review_history_merge_actors    (CorridorReviewHistory *self,
                                                     CorridorStore *store, const char *alias,
                                                     const char *canonical, GError **error);
/* A port of the case's own (undo: remove it), and another name for a port
 * (undo: remove the alias). */
gboolean    corridor_review_history_add_port        (CorridorReviewHistory *self,
                                                     CorridorStore *store,
                                                     const CorridorPort *port, GError **error);
gboolean    corridor_review_history_add_port_alias  (CorridorReviewHistory *self,
                                                     CorridorStore *store, const char *locode,
                                                     const char *alias, GError **error);

/* Undoes the newest command (runs its inverse) or redoes the newest undone
 * one. On failure the history is unchanged. A shipment made again by a
 * redo (create, split) gets a new id; the commands after it follow it. */
gboolean    corridor_review_history_undo   (CorridorReviewHistory *self, CorridorStore *store,
                                            GError **error);
gboolean    corridor_review_history_redo   (CorridorReviewHistory *self, CorridorStore *store,
                                            GError **error);

gboolean    corridor_review_history_can_undo       (CorridorReviewHistory *self);
gboolean    corridor_review_history_can_redo       (CorridorReviewHistory *self);
/* The label of the command undo or redo would run, or NULL. */
const char *corridor_review_history_get_undo_label (CorridorReviewHistory *self);
const char *corridor_review_history_get_redo_label (CorridorReviewHistory *self);
/* The shipment the last recorded, undone or redone command left for the
 * analyst to look at (the one reviewed, merged into, split, created), or
 * NULL when it names none (an actor or a port) or removed it. */
const char *corridor_review_history_get_focus      (CorridorReviewHistory *self);
guint       corridor_review_history_get_n_undo     (CorridorReviewHistory *self);
guint       corridor_review_history_get_n_redo     (CorridorReviewHistory *self);
/* Forgets every command (another case was opened). */
void        corridor_review_history_clear          (CorridorReviewHistory *self);

/* The label a review of @actions on @shipment_id gets: "Confirm s-12",
 * "Set kg of s-12 to 500", "Grade s-12 as B2", "Add a note to s-12",
 * "Edit 3 facts of s-12". */
char       *corridor_review_describe (const char *shipment_id,
                                      const CorridorReviewAction *actions, guint n_actions);

/* The inverse of @actions on shipment @before (its state just before they
 * run, as corridor_store_get_shipment reads it, with @before_grade), in the
 * order to run it: owned CorridorReviewAction*, whose field and value are
 * owned strings; free with g_ptr_array_unref. */
GPtrArray  *corridor_review_inverse (const CorridorShipment *before, const char *before_grade,
                                     const CorridorReviewAction *actions, guint n_actions);

/* The Admiralty grading's meanings, translated: source reliability 'A'
 * ("Completely reliable") to 'F' ("Reliability cannot be judged"),
 * information credibility '1' ("Confirmed by other sources") to '6'
 * ("Truth cannot be judged"); NULL for anything else. */
const char *corridor_review_reliability_meaning (char reliability);
const char *corridor_review_credibility_meaning (char credibility);

/* A field's name for labels, translated: "quantity_kg" is "kg",
 * "transit" "transit ports"; an unknown name is returned as it is. */
const char *corridor_review_field_title (const char *field);

/* The canonical text a review SET gives @field of @s (what the store
 * compares), or NULL when unknown: "origin" a LOCODE, "transit" LOCODEs
 * joined by ';', "quantity_kg" a C-locale number, "status" and "outcome"
 * their names, dates as stored. "grade" is not a shipment column: NULL. */
char       *corridor_review_field_value (const CorridorShipment *s, const char *field);

G_END_DECLS
