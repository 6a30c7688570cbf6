/* corridor-review-dialog.h: the frame every review dialog shares: a modal
 * window over the main one with Cancel and an apply button in its header,
 * rows of fields below, and an error line that shows, inline, why the store
 * refused what was entered (the dialog then stays open). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CORRIDOR_TYPE_REVIEW_DIALOG (corridor_review_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CorridorReviewDialog, corridor_review_dialog, CORRIDOR, REVIEW_DIALOG,
                      AdwWindow)

/* Applies what the dialog holds; FALSE with @error keeps it open and shows
 * error->message. */
typedef gboolean (*CorridorReviewDialogApply) (CorridorReviewDialog *dialog, gpointer user_data,
                                               GError **error);

/* A dialog named @name (its widget name, for tests) over @parent titled
 * @title, whose apply button says @apply_label. Not shown yet. */
CorridorReviewDialog *corridor_review_dialog_new (GtkWindow *parent, const char *name,
                                                  const char *title, const char *apply_label);
/* Appends @child (a preferences group, a label, …) to the content. */
void       corridor_review_dialog_add        (CorridorReviewDialog *self, GtkWidget *child);
/* What the apply button does; @destroy frees @user_data with the dialog. */
void       corridor_review_dialog_set_apply  (CorridorReviewDialog *self,
                                              CorridorReviewDialogApply apply,
                                              gpointer user_data, GDestroyNotify destroy);
/* Runs the apply function as the button does: closes the dialog on
 * success, else shows the error; returns whether it succeeded. */
gboolean   corridor_review_dialog_apply      (CorridorReviewDialog *self);
void       corridor_review_dialog_show_error (CorridorReviewDialog *self, const char *message);
/* The error shown, or NULL. */
const char *corridor_review_dialog_get_error (CorridorReviewDialog *self);
/* The descendant named @name (gtk_widget_set_name), or NULL. */
GtkWidget *corridor_review_dialog_find       (CorridorReviewDialog *self, const char *name);

/* Row helpers. An entry row named @name titled @title holding @text
 * (NULL: empty); Enter applies the dialog. */
GtkWidget *corridor_review_entry_row (const char *name, const char *title, const char *text);
/* A combo row named @name over the NULL-terminated @items, @selected chosen. */
GtkWidget *corridor_review_combo_row (const char *name, const char *title,
                                      const char *const *items, guint selected);

G_END_DECLS
