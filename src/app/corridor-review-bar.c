/* corridor-review-bar.c: the evidence pane's review bar. Invariants: it
 * reads the store only when told to load (on the main thread, while the
 * window lends the pane the store); the notes, handles and grade it shows
 * come from the case and are revealed with corridor_text_reveal_controls
 * and set as plain text, never as markup. */
#include "corridor-review-bar.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "corridor-review.h"
#include "corridor-text.h"

struct _CorridorReviewBar
{
  GtkWidget parent_instance;

  /* template */
  GtkWidget   *box;
  GtkButton   *grade_button;
  GtkLabel    *summary_label;
  GtkExpander *notes_expander;
  GtkListBox  *notes_list;

  char        *grade;
  guint        n_notes;
};

G_DEFINE_FINAL_TYPE (CorridorReviewBar, corridor_review_bar, GTK_TYPE_WIDGET)

/* "2026-01-05 14:22" in local time from an ISO 8601 UTC stamp. */
static char *
note_time (const char *ts)
{
  g_autoptr (GDateTime) utc = ts != NULL ? g_date_time_new_from_iso8601 (ts, NULL) : NULL;
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return corridor_text_reveal_controls (ts != NULL ? ts : "?", FALSE);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static GtkWidget *
note_row (const CorridorReviewNote *note)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *text = corridor_text_reveal_controls (note->text, TRUE);
  g_autofree char *user = corridor_text_reveal_controls (note->os_user, FALSE);
  g_autofree char *when = note_time (note->ts);
  /* TRANSLATORS: a note's time and the OS user who wrote it */
  g_autofree char *meta = g_strdup_printf (_("%s · %s"), when, user);
  GtkWidget *body = gtk_label_new (text);
  GtkWidget *byline = gtk_label_new (meta);

  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_label_set_xalign (GTK_LABEL (byline), 0);
  gtk_widget_add_css_class (byline, "dim-label");
  gtk_widget_add_css_class (byline, "caption");
  gtk_box_append (GTK_BOX (box), body);
  gtk_box_append (GTK_BOX (box), byline);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  return box;
}

static void
clear_notes (CorridorReviewBar *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes_list))) != NULL)
    gtk_list_box_remove (self->notes_list, child);
  self->n_notes = 0;
}

static void
set_summary (CorridorReviewBar *self, const CorridorShipment *s, const CorridorReview *review)
{
  g_autoptr (GString) text = g_string_new (NULL);
  static const char *const status_titles[] = {
    N_("Inferred, not yet reviewed"), N_("Confirmed"), N_("Rejected"),
  };

  if (s == NULL)
    {
      gtk_label_set_label (self->summary_label, "");
      return;
    }
  g_string_append (text, _(status_titles[MIN (s->status, CORRIDOR_N_STATUSES - 1)]));
  if (self->grade != NULL && self->grade[0] != '\0')
    {
      const char *rel = corridor_review_reliability_meaning (self->grade[0]);
      const char *cred = corridor_review_credibility_meaning (self->grade[1]);
      g_autofree char *grade = corridor_text_reveal_controls (self->grade, FALSE);

      g_string_append (text, " · ");
      /* TRANSLATORS: "Graded B2 (usually reliable; probably true)" */
      g_string_append_printf (text, _("Graded %s (%s; %s)"), grade, rel ? rel : "?",
                              cred ? cred : "?");
    }
  if (review != NULL && review->corrected != NULL && review->corrected[0] != NULL)
    {
      g_autoptr (GPtrArray) titles = g_ptr_array_new ();

      for (guint i = 0; review->corrected[i] != NULL; i++)
        g_ptr_array_add (titles, (gpointer) corridor_review_field_title (review->corrected[i]));
      g_ptr_array_add (titles, NULL);
      g_autofree char *fields = g_strjoinv (", ", (char **) titles->pdata);
      g_autofree char *shown = corridor_text_reveal_controls (fields, FALSE);

      g_string_append (text, " · ");
      g_string_append_printf (text, _("Corrected: %s"), shown);
    }
  gtk_label_set_label (self->summary_label, text->str);
}

void
corridor_review_bar_load (CorridorReviewBar *self, CorridorStore *store,
                          const CorridorShipment *shipment)
{
  g_autoptr (GHashTable) reviews = NULL;
  g_autoptr (GError) error = NULL;
  const CorridorReview *review = NULL;

  g_return_if_fail (CORRIDOR_IS_REVIEW_BAR (self));
  g_return_if_fail (store == NULL || CORRIDOR_IS_STORE (store));

  clear_notes (self);
  g_clear_pointer (&self->grade, g_free);
  if (store != NULL && shipment != NULL)
    {
      reviews = corridor_store_list_reviews (store, &error);
      if (reviews == NULL)
        g_debug ("could not read the reviews: %s", error->message);
      else
        review = g_hash_table_lookup (reviews, shipment->id);
    }
  if (review != NULL)
    {
      self->grade = g_strdup (review->grade);
      for (guint i = 0; review->notes != NULL && i < review->notes->len; i++)
        {
          gtk_list_box_append (self->notes_list, note_row (g_ptr_array_index (review->notes, i)));
          self->n_notes++;
        }
    }
  if (self->grade != NULL)
    {
      g_autofree char *grade = corridor_text_reveal_controls (self->grade, FALSE);
      gtk_button_set_label (self->grade_button, grade);
    }
  else
    gtk_button_set_label (self->grade_button, _("Grade"));
  {
    g_autofree char *title = g_strdup_printf (ngettext ("%u Note", "%u Notes", self->n_notes),
                                              self->n_notes);
    gtk_expander_set_label (self->notes_expander, title);
    gtk_widget_set_visible (GTK_WIDGET (self->notes_expander), self->n_notes > 0);
  }
  set_summary (self, store != NULL ? shipment : NULL, review);
}

const char *
corridor_review_bar_get_grade (CorridorReviewBar *self)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_BAR (self), NULL);
  return self->grade;
}

guint
corridor_review_bar_get_n_notes (CorridorReviewBar *self)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_BAR (self), 0);
  return self->n_notes;
}

const char *
corridor_review_bar_get_summary (CorridorReviewBar *self)
{
  g_return_val_if_fail (CORRIDOR_IS_REVIEW_BAR (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

static void
corridor_review_bar_dispose (GObject *object)
{
  CorridorReviewBar *self = CORRIDOR_REVIEW_BAR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CORRIDOR_TYPE_REVIEW_BAR);
  g_clear_pointer (&self->grade, g_free);
  G_OBJECT_CLASS (corridor_review_bar_parent_class)->dispose (object);
}

static void
corridor_review_bar_class_init (CorridorReviewBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = corridor_review_bar_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reviewbar");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/corridor/Corridor/corridor-review-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, CorridorReviewBar, box);
  gtk_widget_class_bind_template_child (widget_class, CorridorReviewBar, grade_button);
  gtk_widget_class_bind_template_child (widget_class, CorridorReviewBar, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CorridorReviewBar, notes_expander);
  gtk_widget_class_bind_template_child (widget_class, CorridorReviewBar, notes_list);
}

static void
corridor_review_bar_init (CorridorReviewBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
corridor_review_bar_new (void)
{
  return g_object_new (CORRIDOR_TYPE_REVIEW_BAR, NULL);
}
