/* corridor-review-dialog.c: the review dialogs' shared frame. Invariants:
 * the apply function runs only from the apply button, Enter in a row or
 * corridor_review_dialog_apply, one call at a time; the dialog closes
 * only when it succeeded, so a refused value stays for the analyst to fix,
 * with the store's reason above the rows. */
#include "corridor-review-dialog.h"

#include <glib/gi18n.h>

struct _CorridorReviewDialog
{
  AdwWindow parent_instance;

  GtkWidget *apply_button;
  GtkLabel  *error_label;
  GtkBox    *content;

  CorridorReviewDialogApply apply;
  gpointer                  apply_data;
  GDestroyNotify            apply_destroy;
  gboolean                  applying;
};

G_DEFINE_FINAL_TYPE (CorridorReviewDialog, corridor_review_dialog, ADW_TYPE_WINDOW)

void
corridor_review_dialog_show_error (CorridorReviewDialog *self, const char *message)
{
  g_return_if_fail (CORRIDOR_IS_REVIEW_DIALOG (self));

  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && *message != '\0');
}

const char *
corridor_review_dialog_get_error (CorridorReviewDialog *self)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

gboolean
corridor_review_dialog_apply (CorridorReviewDialog *self)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (CORRIDOR_IS_REVIEW_DIALOG (self), FALSE);

  if (self->apply == NULL || self->applying)
    return FALSE;
  self->applying = TRUE;
  g_object_ref (self);
  ok = self->apply (self, self->apply_data, &error);
  self->applying = FALSE;
  if (ok)
    gtk_window_close (GTK_WINDOW (self));
  else
    corridor_review_dialog_show_error (self, error != NULL ? error->message
                                                           : _("That could not be done."));
  g_object_unref (self);
  return ok;
}

static void
on_apply_clicked (GtkButton *button, CorridorReviewDialog *self)
{
  corridor_review_dialog_apply (self);
}

void
corridor_review_dialog_add (CorridorReviewDialog *self, GtkWidget *child)
{
  g_return_if_fail (CORRIDOR_IS_REVIEW_DIALOG (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  gtk_box_append (self->content, child);
}

void
corridor_review_dialog_set_apply (CorridorReviewDialog *self, CorridorReviewDialogApply apply,
                                  gpointer user_data, GDestroyNotify destroy)
{
  g_return_if_fail (CORRIDOR_IS_REVIEW_DIALOG (self));

  if (self->apply_destroy != NULL)
    self->apply_destroy (self->apply_data);
  self->apply = apply;
  self->apply_data = user_data;
  self->apply_destroy = destroy;
}

static GtkWidget *
find_named (GtkWidget *widget, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *hit = find_named (c, name);
      if (hit != NULL)
        return hit;
    }
  return NULL;
}

GtkWidget *
corridor_review_dialog_find (CorridorReviewDialog *self, const char *name)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_DIALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return find_named (GTK_WIDGET (self), name);
}

static void
on_row_activated (GtkWidget *row, gpointer user_data)
{
  GtkRoot *root = gtk_widget_get_root (row);

  if (CORRIDOR_IS_REVIEW_DIALOG (root))
    corridor_review_dialog_apply (CORRIDOR_REVIEW_DIALOG (root));
}

GtkWidget *
corridor_review_entry_row (const char *name, const char *title, const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_signal_connect (row, "entry-activated", G_CALLBACK (on_row_activated), NULL);
  return row;
}

GtkWidget *
corridor_review_combo_row (const char *name, const char *title, const char *const *items,
                           guint selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr (GtkStringList) model = gtk_string_list_new (items);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

static void
corridor_review_dialog_dispose (GObject *object)
{
  CorridorReviewDialog *self = CORRIDOR_REVIEW_DIALOG (object);

  corridor_review_dialog_set_apply (self, NULL, NULL, NULL);
  G_OBJECT_CLASS (corridor_review_dialog_parent_class)->dispose (object);
}

static void
corridor_review_dialog_class_init (CorridorReviewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = corridor_review_dialog_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
corridor_review_dialog_init (CorridorReviewDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->apply_button = gtk_button_new ();
  gtk_widget_set_name (self->apply_button, "apply");
  gtk_widget_add_css_class (self->apply_button, "suggested-action");
  g_signal_connect (self->apply_button, "clicked", G_CALLBACK (on_apply_clicked), self);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_widget_set_name (cancel, "cancel");
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->apply_button);
  gtk_box_append (GTK_BOX (box), header);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->error_label), "error");
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_margin_start (GTK_WIDGET (self->error_label), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->error_label), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Error"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  self->content = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 18));
  gtk_widget_set_margin_start (GTK_WIDGET (self->content), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->content), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->content), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->content), 18);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 560);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->content));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 560);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 480, -1);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->apply_button);
}

CorridorReviewDialog *
corridor_review_dialog_new (GtkWindow *parent, const char *name, const char *title,
                            const char *apply_label)
{
  CorridorReviewDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CORRIDOR_TYPE_REVIEW_DIALOG, "title", title, NULL);
  gtk_widget_set_name (GTK_WIDGET (self), name);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_button_set_use_underline (GTK_BUTTON (self->apply_button), TRUE);
  gtk_button_set_label (GTK_BUTTON (self->apply_button), apply_label);
  return self;
}
