/* corridor-timeline.c: the timeline widget under the map (see the header).
 *
 * Context: a date filter narrows the shown shipments, so brushing would
 * leave nothing around the range to widen it again. While the filter has
 * dates, the timeline takes the same filter *without* its dates from what
 * the window read of the case (corridor_window_match_shipments), and draws
 * those shipments as faint bars behind the solid bars of the shown ones;
 * the time axis spans them. Only when the window cannot answer (a handle
 * filter on a case that merges handles) is the case read, in a worker on
 * a read-only connection of its own; until that read lands the previous
 * context of the same case stays. Without dates the shown shipments are
 * their own context. Another case drops the context and the zoom.
 *
 * Invariants: self->bins always bins self->shown over the visible range
 * (the zoomed range, or the axis span); while the play timer runs the
 * action state is true and the window's time window is the play window;
 * stopping, the end of the span or another case clear both. Play and zoom
 * are kept in day numbers, so rebinning (weeks ⇄ days) never loses them. */
#include "corridor-timeline.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "corridor-filter.h"
#include "corridor-store.h"

#define MIN_VISIBLE_DAYS  7
#define DAYS_PER_SECOND   30.0   /* how fast Play moves at 1× */
#define PLAY_INTERVAL_MS  40
#define CLICK_SLOP        4.0    /* a drag shorter than this is a click */
#define PAD_LEFT          8.0
#define PAD_RIGHT         8.0
#define PAD_TOP           16.0   /* room for the scale label */
#define PAD_BOTTOM        18.0   /* room for the axis labels */

static const guint play_widths[] = { 7, 30, 91 };
static const double play_speeds[] = { 0.5, 1.0, 2.0, 4.0 };

struct _CorridorTimeline
{
  GtkWidget parent_instance;

  CorridorWindow *window;          /* weak: it owns us */
  GSimpleAction  *play_action;     /* win.timeline-play */

  GtkWidget *controls;
  GtkWidget *play_button;
  GtkWidget *width_dropdown;
  GtkWidget *speed_dropdown;
  GtkWidget *count_toggle;
  GtkWidget *kg_toggle;
  GtkWidget *summary_label;
  GtkWidget *chart;

  GPtrArray    *shown;             /* the window's shipments (ref) */
  GPtrArray    *context;           /* shown without the date filter, or == shown */
  GCancellable *context_cancellable;
  char         *case_path;         /* whose zoom and context we keep */

  guint32 span_first, span_last;   /* the axis: the context's dated span */
  guint32 view_first, view_last;   /* the zoomed range; 0: the whole span */
  CorridorTimelineBins *bins;
  CorridorTimelineBins *context_bins; /* NULL when the context is the shown */
  gboolean kilograms;

  guint32 filter_from, filter_to;  /* the win.filter-from/-to states; 0: open */

  gboolean dragging;
  double   drag_x0, drag_x1;
  guint32  cursor_day, anchor_day; /* the keyboard cursor and range; 0: none */
  gboolean hovering;
  double   pointer_x;

  guint    play_source;
  gint64   play_clock;             /* monotonic µs when play_origin held */
  double   play_origin;            /* day number the window started at */
  double   play_speed;
  guint32  play_first, play_last;  /* the shown span being played */
  guint32  play_from, play_to;     /* the window on the map; 0: not playing */
};

G_DEFINE_FINAL_TYPE (CorridorTimeline, corridor_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KILOGRAMS,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* --- geometry --- */

static void
visible_range (CorridorTimeline *self, guint32 *first, guint32 *last)
{
  if (self->view_first != 0)
    {
      *first = self->view_first;
      *last = self->view_last;
    }
  else
    {
      *first = self->span_first;
      *last = self->span_last;
    }
}

static void
plot_bounds (CorridorTimeline *self, double *x, double *w)
{
  *x = PAD_LEFT;
  *w = MAX (gtk_widget_get_width (self->chart) - PAD_LEFT - PAD_RIGHT, 1.0);
}

/* The x where day @day (fractional) begins. */
static double
x_for_day (CorridorTimeline *self, double day)
{
  guint32 v0, v1;
  double px, pw;

  visible_range (self, &v0, &v1);
  plot_bounds (self, &px, &pw);
  return px + (day - v0) / (double) (v1 - v0 + 1) * pw;
}

static double
exact_day_at_x (CorridorTimeline *self, double x)
{
  guint32 v0, v1;
  double px, pw;

  visible_range (self, &v0, &v1);
  plot_bounds (self, &px, &pw);
  return v0 + (x - px) / pw * (double) (v1 - v0 + 1);
}

static guint32
day_at_x (CorridorTimeline *self, double x)
{
  guint32 v0, v1;

  visible_range (self, &v0, &v1);
  if (v0 == 0)
    return 0;
  double day = floor (exact_day_at_x (self, x));
  return (guint32) CLAMP (day, (double) v0, (double) v1);
}

/* The bin holding @day, or -1 (also for no day). */
static int
bin_of (const CorridorTimelineBins *bins, guint32 day)
{
  return bins != NULL && day != 0 ? corridor_timeline_bins_index (bins, day) : -1;
}

/* --- bins --- */

static void
update_accessible (CorridorTimeline *self)
{
  g_autofree char *description = NULL;
  const CorridorTimelineBins *bins = self->bins;

  if (bins == NULL || bins->n_bins == 0)
    description = g_strdup (_("No dated shipments"));
  else
    {
      g_autofree char *first = corridor_timeline_date_from_day (bins->first_day);
      g_autofree char *last = corridor_timeline_date_from_day (bins->last_day);
      if (bins->unit == CORRIDOR_TIMELINE_DAYS)
        description = g_strdup_printf (_("Shipments per day from %s to %s. Drag, or use the "
                                         "arrow keys with Shift and Enter, to filter by date; "
                                         "Escape clears."), first, last);
      else
        description = g_strdup_printf (_("Shipments per week from %s to %s. Drag, or use the "
                                         "arrow keys with Shift and Enter, to filter by date; "
                                         "Escape clears."), first, last);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

/* Undated shipments cannot be drawn; say how many there are. */
static void
update_summary (CorridorTimeline *self)
{
  guint undated = self->bins != NULL ? self->bins->n_undated : 0;

  if (undated > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u undated shipment not drawn",
                                                         "%u undated shipments not drawn",
                                                         undated), undated);
      gtk_label_set_label (GTK_LABEL (self->summary_label), text);
    }
  gtk_widget_set_visible (self->summary_label, undated > 0);
}

static CorridorTimelineMeasure
measure (CorridorTimeline *self)
{
  return self->kilograms ? CORRIDOR_TIMELINE_KILOGRAMS : CORRIDOR_TIMELINE_SHIPMENTS;
}

static void play_stop (CorridorTimeline *self, gboolean clear_window);

/* Recomputes the axis span, clamps the zoom into it and bins again. */
static void
rebuild (CorridorTimeline *self)
{
  guint32 first = 0, last = 0, v0, v1;

  g_clear_pointer (&self->bins, corridor_timeline_bins_free);
  g_clear_pointer (&self->context_bins, corridor_timeline_bins_free);

  corridor_timeline_span (self->context, &self->span_first, &self->span_last);
  /* The context may lag a scene behind: the axis holds the shown too. */
  if (corridor_timeline_span (self->shown, &first, &last))
    {
      self->span_first = self->span_first != 0 ? MIN (self->span_first, first) : first;
      self->span_last = MAX (self->span_last, last);
    }

  if (self->span_first == 0)
    self->view_first = self->view_last = 0;
  else if (self->view_first != 0)
    {
      guint32 n = self->view_last - self->view_first + 1;
      if (n >= self->span_last - self->span_first + 1)
        self->view_first = self->view_last = 0;
      else
        {
          if (self->view_first < self->span_first)
            self->view_first = self->span_first;
          if (self->view_first + n - 1 > self->span_last)
            self->view_first = self->span_last - n + 1;
          self->view_last = self->view_first + n - 1;
        }
    }

  visible_range (self, &v0, &v1);
  self->bins = corridor_timeline_bins_new (self->shown, measure (self), CORRIDOR_TIMELINE_AUTO,
                                           v0, v1);
  if (self->context != NULL && self->context != self->shown && v0 != 0)
    self->context_bins = corridor_timeline_bins_new (self->context, measure (self),
                                                     self->bins->unit, v0, v1);

  /* Play follows the shown shipments; with none dated there is nothing. */
  gboolean dated = corridor_timeline_span (self->shown, &first, &last);
  g_simple_action_set_enabled (self->play_action, dated);
  if (self->play_source != 0)
    {
      if (dated)
        {
          self->play_first = first;
          self->play_last = last;
        }
      else
        play_stop (self, TRUE);
    }

  update_summary (self);
  update_accessible (self);
  gtk_widget_queue_draw (self->chart);
}

/* --- context --- */

typedef struct {
  char           *path;
  CorridorFilter *filter;
} ContextJob;

static void
context_job_free (ContextJob *job)
{
  g_free (job->path);
  corridor_filter_free (job->filter);
  g_free (job);
}

static void
context_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ContextJob *job = task_data;
  GError *error = NULL;

  g_autoptr (CorridorStore) store = corridor_store_open (job->path, CORRIDOR_STORE_OPEN_READ_ONLY,
                                                         &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  GPtrArray *all = corridor_store_query_shipments (store, job->filter, &error);
  if (all == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, all, (GDestroyNotify) g_ptr_array_unref);
}

static void
context_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (source);
  g_autoptr (GError) error = NULL;
  GPtrArray *all = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&all, g_ptr_array_unref);
      return;
    }
  g_clear_object (&self->context_cancellable);
  g_clear_pointer (&self->context, g_ptr_array_unref);
  if (all != NULL)
    self->context = all;
  else
    {
      /* Without its context the timeline still shows what is shown. */
      g_debug ("timeline: could not read the undated context: %s", error->message);
      self->context = self->shown != NULL ? g_ptr_array_ref (self->shown) : NULL;
    }
  rebuild (self);
}

static void
start_context_read (CorridorTimeline *self, CorridorStore *store, const CorridorFilter *filter)
{
  g_cancellable_cancel (self->context_cancellable);
  g_clear_object (&self->context_cancellable);

  ContextJob *job = g_new0 (ContextJob, 1);
  job->path = g_strdup (corridor_store_get_path (store));
  job->filter = corridor_filter_copy (filter);
  self->context_cancellable = g_cancellable_new ();
  g_autoptr (GTask) task = g_task_new (self, self->context_cancellable, context_done, NULL);
  g_task_set_source_tag (task, start_context_read);
  g_task_set_task_data (task, job, (GDestroyNotify) context_job_free);
  g_task_run_in_thread (task, context_thread);
}

/* Takes @context (owned) as the context, dropping any read under way. */
static void
set_context (CorridorTimeline *self, GPtrArray *context)
{
  g_cancellable_cancel (self->context_cancellable);
  g_clear_object (&self->context_cancellable);
  g_clear_pointer (&self->context, g_ptr_array_unref);
  self->context = context;
}

static void
on_scene_changed (CorridorTimeline *self)
{
  CorridorStore *store = corridor_window_get_store (self->window);
  const char *path = store != NULL ? corridor_store_get_path (store) : NULL;
  GPtrArray *shown = corridor_window_get_shipments (self->window);
  const CorridorFilter *filter = corridor_window_get_filter (self->window);

  if (g_strcmp0 (path, self->case_path) != 0)
    {
      /* Another case: nothing of the last one's view carries over. */
      play_stop (self, TRUE);
      g_free (self->case_path);
      self->case_path = g_strdup (path);
      self->view_first = self->view_last = 0;
      self->cursor_day = self->anchor_day = 0;
      g_clear_pointer (&self->context, g_ptr_array_unref);
    }

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  self->shown = shown != NULL ? g_ptr_array_ref (shown) : NULL;

  if (store != NULL && filter != NULL && (filter->from != NULL || filter->to != NULL))
    {
      g_autoptr (CorridorFilter) undated = corridor_filter_copy (filter);
      g_clear_pointer (&undated->from, g_free);
      g_clear_pointer (&undated->to, g_free);
      GPtrArray *context = corridor_window_match_shipments (self->window, undated);
      if (context == NULL)
        start_context_read (self, store, undated);
      else
        {
          set_context (self, context);
        }
    }
  else
    {
      set_context (self, self->shown != NULL ? g_ptr_array_ref (self->shown) : NULL);
    }
  rebuild (self);
}

/* --- the date filter --- */

static guint32
state_day (GActionGroup *group, const char *name)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (group, name);

  if (state == NULL || !g_variant_is_of_type (state, G_VARIANT_TYPE_STRING))
    return 0;
  return corridor_timeline_day_from_date (g_variant_get_string (state, NULL));
}

static void
on_filter_state (CorridorTimeline *self)
{
  self->filter_from = state_day (G_ACTION_GROUP (self->window), "filter-from");
  self->filter_to = state_day (G_ACTION_GROUP (self->window), "filter-to");
  gtk_widget_queue_draw (self->chart);
}

/* Sets win.filter-from/-to to [@first, @last]. The actions refuse a start
 * after the current end (and the reverse), so the order matters. */
static void
apply_date_filter (CorridorTimeline *self, guint32 first, guint32 last)
{
  GActionGroup *group = G_ACTION_GROUP (self->window);
  g_autofree char *from = corridor_timeline_date_from_day (MIN (first, last));
  g_autofree char *to = corridor_timeline_date_from_day (MAX (first, last));
  g_autoptr (GVariant) old_to = g_action_group_get_action_state (group, "filter-to");
  const char *old = g_variant_get_string (old_to, NULL);

  if (*old != '\0' && strcmp (from, old) > 0)
    {
      g_action_group_change_action_state (group, "filter-to", g_variant_new_string (to));
      g_action_group_change_action_state (group, "filter-from", g_variant_new_string (from));
    }
  else
    {
      g_action_group_change_action_state (group, "filter-from", g_variant_new_string (from));
      g_action_group_change_action_state (group, "filter-to", g_variant_new_string (to));
    }
}

static void
clear_date_filter (CorridorTimeline *self)
{
  GActionGroup *group = G_ACTION_GROUP (self->window);

  if (self->filter_from != 0)
    g_action_group_change_action_state (group, "filter-from", g_variant_new_string (""));
  if (self->filter_to != 0)
    g_action_group_change_action_state (group, "filter-to", g_variant_new_string (""));
}

/* --- zoom --- */

/* Zooms the time axis by @factor (< 1 zooms in) about the day under @x. */
static void
zoom (CorridorTimeline *self, double factor, double x)
{
  guint32 v0, v1;
  double px, pw;

  if (self->span_first == 0 || factor <= 0)
    return;
  visible_range (self, &v0, &v1);
  plot_bounds (self, &px, &pw);
  double full = self->span_last - self->span_first + 1;
  double n = v1 - v0 + 1;
  double next = CLAMP (round (n * factor), MIN ((double) MIN_VISIBLE_DAYS, full), full);
  if (next >= full)
    {
      self->view_first = self->view_last = 0;
      rebuild (self);
      return;
    }
  double at = exact_day_at_x (self, x);
  double frac = CLAMP ((x - px) / pw, 0.0, 1.0);
  double start = round (at - frac * next);
  start = CLAMP (start, (double) self->span_first, self->span_last - next + 1);
  self->view_first = (guint32) start;
  self->view_last = (guint32) (start + next - 1);
  rebuild (self);
}

/* Moves a zoomed view by @days (negative: back in time). */
static void
pan (CorridorTimeline *self, double days)
{
  if (self->view_first == 0)
    return;
  double n = self->view_last - self->view_first + 1;
  double start = CLAMP (self->view_first + round (days), (double) self->span_first,
                        self->span_last - n + 1);
  self->view_first = (guint32) start;
  self->view_last = (guint32) (start + n - 1);
  rebuild (self);
}

/* Pans a zoomed view just enough to show [@first, @last]. */
static void
reveal (CorridorTimeline *self, guint32 first, guint32 last)
{
  if (self->view_first == 0)
    return;
  if (first < self->view_first)
    pan (self, (double) first - self->view_first);
  else if (last > self->view_last)
    pan (self, (double) MIN (last, self->span_last) - self->view_last);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller, double dx, double dy, gpointer user_data)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (user_data);
  double px, pw;
  guint32 v0, v1;

  if (self->span_first == 0)
    return FALSE;
  plot_bounds (self, &px, &pw);
  double x = self->hovering ? self->pointer_x : px + pw / 2;
  if (dy != 0)
    zoom (self, pow (1.25, dy), x);
  if (dx != 0)
    {
      visible_range (self, &v0, &v1);
      pan (self, dx * (v1 - v0 + 1) * 0.05);
    }
  return TRUE;
}

/* --- play --- */

static guint
play_width (CorridorTimeline *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->width_dropdown));
  return play_widths[MIN (i, G_N_ELEMENTS (play_widths) - 1)];
}

static double
selected_speed (CorridorTimeline *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->speed_dropdown));
  return play_speeds[MIN (i, G_N_ELEMENTS (play_speeds) - 1)];
}

static double
play_position (CorridorTimeline *self)
{
  double seconds = (g_get_monotonic_time () - self->play_clock) / (double) G_USEC_PER_SEC;
  return self->play_origin + seconds * DAYS_PER_SECOND * self->play_speed;
}

static void
update_play_button (CorridorTimeline *self)
{
  gboolean playing = self->play_source != 0;
  const char *label = playing ? _("Stop the timeline") : _("Play the timeline");
  g_autofree char *tooltip = g_strdup_printf ("%s (%s)", label, _("Ctrl+Space"));

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-stop-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* Clears the play window; @clear_window: on the map too (not while the
 * window is going away, whose map may be gone). */
static void
play_stop (CorridorTimeline *self, gboolean clear_window)
{
  gboolean was_playing = self->play_source != 0;

  g_clear_handle_id (&self->play_source, g_source_remove);
  self->play_from = self->play_to = 0;
  if (was_playing && clear_window && self->window != NULL)
    corridor_window_set_time_window (self->window, NULL, NULL);
  if (self->play_action != NULL)
    g_simple_action_set_state (self->play_action, g_variant_new_boolean (FALSE));
  if (was_playing)
    {
      update_play_button (self);
      gtk_widget_queue_draw (self->chart);
    }
}

/* Moves the play window to where the clock says; FALSE past the end. */
static gboolean
play_step (CorridorTimeline *self)
{
  double position = floor (play_position (self));

  if (position > self->play_last)
    return FALSE;
  guint32 from = (guint32) MAX (position, 1.0);
  guint32 to = from + play_width (self) - 1;
  if (from == self->play_from && to == self->play_to)
    return TRUE;
  self->play_from = from;
  self->play_to = to;
  g_autofree char *a = corridor_timeline_date_from_day (from);
  g_autofree char *b = corridor_timeline_date_from_day (to);
  corridor_window_set_time_window (self->window, a, b);
  reveal (self, from, to);
  gtk_widget_queue_draw (self->chart);
  return TRUE;
}

static gboolean
play_tick (gpointer user_data)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (user_data);

  if (play_step (self))
    return G_SOURCE_CONTINUE;
  /* The end: the map shows everything again. */
  self->play_source = 0;
  self->play_from = self->play_to = 0;
  corridor_window_set_time_window (self->window, NULL, NULL);
  g_simple_action_set_state (self->play_action, g_variant_new_boolean (FALSE));
  update_play_button (self);
  gtk_widget_queue_draw (self->chart);
  return G_SOURCE_REMOVE;
}

static gboolean
play_start (CorridorTimeline *self)
{
  if (self->play_source != 0)
    return TRUE;
  if (!corridor_timeline_span (self->shown, &self->play_first, &self->play_last))
    return FALSE;
  self->play_origin = self->play_first;
  self->play_clock = g_get_monotonic_time ();
  self->play_speed = selected_speed (self);
  self->play_from = self->play_to = 0;
  self->play_source = g_timeout_add (PLAY_INTERVAL_MS, play_tick, self);
  g_source_set_name_by_id (self->play_source, "[corridor] timeline play");
  update_play_button (self);
  /* The window starts at the span's first day, so this never ends it. */
  play_step (self);
  return TRUE;
}

static void
play_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (user_data);

  if (g_variant_get_boolean (value))
    {
      if (play_start (self))
        g_simple_action_set_state (action, value);
    }
  else
    play_stop (self, TRUE);
}

/* A new speed applies from where the window is now. */
static void
on_speed_changed (CorridorTimeline *self)
{
  if (self->play_source == 0)
    return;
  self->play_origin = play_position (self);
  self->play_clock = g_get_monotonic_time ();
  self->play_speed = selected_speed (self);
}

/* --- drawing --- */

/* GTK 4.8 has no other way to read theme colours (4.10 deprecates it). */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
lookup_color (GtkWidget *widget, const char *name, const char *fallback, GdkRGBA *rgba)
{
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, rgba))
    gdk_rgba_parse (rgba, fallback);
}

static void
foreground_color (GtkWidget *widget, GdkRGBA *rgba)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), rgba);
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
set_color (cairo_t *cr, const GdkRGBA *c, double alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

static PangoLayout *
small_layout (GtkWidget *widget)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  PangoContext *context = gtk_widget_get_pango_context (widget);
  PangoFontDescription *font =
    pango_font_description_copy (pango_context_get_font_description (context));
  int size = pango_font_description_get_size (font);

  if (size > 0)
    {
      if (pango_font_description_get_size_is_absolute (font))
        pango_font_description_set_absolute_size (font, size * 0.8);
      else
        pango_font_description_set_size (font, (int) (size * 0.8));
    }
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static guint32
first_of_month (int year, int month)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, (GDateMonth) month, (GDateYear) year);
  return g_date_get_julian (&date);
}

static char *
format_month (int year, int month, const char *format)
{
  g_autoptr (GDateTime) dt = g_date_time_new_utc (year, month, 1, 0, 0, 0);
  return dt != NULL ? g_date_time_format (dt, format) : g_strdup ("");
}

/* Month (or year) ticks and labels under the plot; in day bins, Mondays
 * get a tick and their day of the month too. */
static void
draw_axis (CorridorTimeline *self, cairo_t *cr, PangoLayout *layout, const GdkRGBA *fg,
           double top, double bottom)
{
  guint32 v0, v1;
  double px, pw;
  int tw, th;
  GDate date;

  visible_range (self, &v0, &v1);
  plot_bounds (self, &px, &pw);
  double per_day = pw / (double) (v1 - v0 + 1);

  if (per_day * 7 >= 28)
    {
      cairo_save (cr);
      for (guint32 d = corridor_timeline_week_start (v0); d <= v1; d += 7)
        {
          if (d < v0)
            continue;
          double x = round (x_for_day (self, d)) + 0.5;
          set_color (cr, fg, 0.25);
          cairo_move_to (cr, x, bottom);
          cairo_line_to (cr, x, bottom + 3);
          cairo_stroke (cr);
          g_date_clear (&date, 1);
          g_date_set_julian (&date, d);
          if (g_date_get_day (&date) < 4)
            continue;  /* leave room for the month's label */
          g_autofree char *text = g_strdup_printf ("%u", (guint) g_date_get_day (&date));
          pango_layout_set_text (layout, text, -1);
          set_color (cr, fg, 0.45);
          cairo_move_to (cr, x + 2, bottom + 2);
          pango_cairo_show_layout (cr, layout);
        }
      cairo_restore (cr);
    }

  static const int steps[] = { 1, 2, 3, 6, 12, 24, 60, 120, 600 };
  int step = steps[G_N_ELEMENTS (steps) - 1];
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * 30.4 * per_day >= (steps[i] >= 12 ? 40 : 58))
      {
        step = steps[i];
        break;
      }

  g_date_clear (&date, 1);
  g_date_set_julian (&date, v0);
  int index = g_date_get_year (&date) * 12 + (g_date_get_month (&date) - 1);
  index = (index + step - 1) / step * step;
  if (first_of_month (index / 12, index % 12 + 1) < v0)
    index += step;
  double last_right = -G_MAXDOUBLE;
  gboolean first_label = TRUE;
  for (;; index += step)
    {
      int year = index / 12, month = index % 12 + 1;
      if (year > 9999)
        break;
      guint32 day = first_of_month (year, month);
      if (day > v1)
        break;
      double x = round (x_for_day (self, day)) + 0.5;
      set_color (cr, fg, 0.12);
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, bottom + 4);
      cairo_stroke (cr);
      g_autofree char *text = format_month (year, month,
                                            step >= 12 ? "%Y"
                                            : (month == 1 || first_label) ? "%b %Y" : "%b");
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      if (x + 2 + tw > px + pw + PAD_RIGHT || x < last_right + 6)
        continue;
      set_color (cr, fg, 0.75);
      cairo_move_to (cr, x + 2, bottom + 2);
      pango_cairo_show_layout (cr, layout);
      last_right = x + 2 + tw;
      first_label = FALSE;
    }
}

static void
fill_days (CorridorTimeline *self, cairo_t *cr, guint32 first, guint32 last, double top,
           double height)
{
  guint32 v0, v1;

  visible_range (self, &v0, &v1);
  if (last < v0 || first > v1)
    return;
  first = MAX (first, v0);
  last = MIN (last, v1);
  double x0 = x_for_day (self, first), x1 = x_for_day (self, last + 1.0);
  cairo_rectangle (cr, x0, top, MAX (x1 - x0, 1.0), height);
}

static char *
format_value (CorridorTimeline *self, double value)
{
  if (self->kilograms)
    return g_strdup_printf (_("%.0f kg"), value);
  return g_strdup_printf ("%.0f", value);
}

static void
draw_chart (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (user_data);
  GtkWidget *widget = GTK_WIDGET (area);
  GdkRGBA fg, accent, play;
  guint32 v0, v1;
  double px, pw;
  int tw, th;

  foreground_color (widget, &fg);
  lookup_color (widget, "accent_bg_color", "#3584e4", &accent);
  lookup_color (widget, "warning_color", "#e5a50a", &play);
  g_autoptr (PangoLayout) layout = small_layout (widget);
  cairo_set_line_width (cr, 1.0);

  const CorridorTimelineBins *bins = self->bins;
  if (bins == NULL || bins->n_bins == 0)
    {
      pango_layout_set_text (layout, self->shown == NULL ? _("No case open")
                                                         : _("No dated shipments"), -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      set_color (cr, &fg, 0.5);
      cairo_move_to (cr, (width - tw) / 2.0, (height - th) / 2.0);
      pango_cairo_show_layout (cr, layout);
      return;
    }

  visible_range (self, &v0, &v1);
  plot_bounds (self, &px, &pw);
  double top = PAD_TOP, bottom = MAX (height - PAD_BOTTOM, top + 1);
  double ph = bottom - top;
  double max = bins->max;
  if (self->context_bins != NULL)
    max = MAX (max, self->context_bins->max);
  if (max <= 0)
    max = 1;

  draw_axis (self, cr, layout, &fg, top, bottom);

  /* The date filter's range. */
  if (self->filter_from != 0 || self->filter_to != 0)
    {
      guint32 from = self->filter_from != 0 ? self->filter_from : v0;
      guint32 to = self->filter_to != 0 ? self->filter_to : v1;
      set_color (cr, &accent, 0.16);
      fill_days (self, cr, from, to, top - 4, ph + 4);
      cairo_fill (cr);
      set_color (cr, &accent, 0.9);
      if (self->filter_from >= v0 && self->filter_from <= v1)
        {
          double x = round (x_for_day (self, self->filter_from));
          cairo_rectangle (cr, x - 1, top - 4, 2, ph + 4);
          cairo_fill (cr);
        }
      if (self->filter_to >= v0 && self->filter_to <= v1)
        {
          double x = round (x_for_day (self, self->filter_to + 1.0));
          cairo_rectangle (cr, x - 1, top - 4, 2, ph + 4);
          cairo_fill (cr);
        }
    }

  /* The hovered bin. */
  int hovered = self->hovering
                ? corridor_timeline_bins_index (bins, day_at_x (self, self->pointer_x)) : -1;
  if (hovered >= 0)
    {
      set_color (cr, &fg, 0.08);
      fill_days (self, cr, bins->starts[hovered], corridor_timeline_bins_last_day (bins, hovered),
                 top, ph);
      cairo_fill (cr);
    }

  /* Bars: the context faint, the shown solid, on one scale. */
  double gap = pw / bins->n_bins > 4 ? 1.0 : 0.0;
  for (int pass = 0; pass < 2; pass++)
    {
      const CorridorTimelineBins *b = pass == 0 ? self->context_bins : bins;
      if (b == NULL)
        continue;
      if (pass == 0)
        set_color (cr, &fg, 0.2);
      else
        set_color (cr, &accent, 1.0);
      for (guint i = 0; i < b->n_bins; i++)
        {
          if (b->values[i] <= 0)
            continue;
          guint32 first = MAX (b->starts[i], v0);
          guint32 last = MIN (corridor_timeline_bins_last_day (b, i), v1);
          double x0 = x_for_day (self, first), x1 = x_for_day (self, last + 1.0);
          double h = MAX (b->values[i] / max * ph, 1.5);
          cairo_rectangle (cr, x0 + gap / 2, bottom - h, MAX (x1 - x0 - gap, 1.0), h);
        }
      cairo_fill (cr);
    }

  set_color (cr, &fg, 0.35);
  cairo_move_to (cr, px, bottom + 0.5);
  cairo_line_to (cr, px + pw, bottom + 0.5);
  cairo_stroke (cr);

  /* The play window. */
  if (self->play_from != 0)
    {
      set_color (cr, &play, 0.3);
      fill_days (self, cr, self->play_from, self->play_to, top - 4, ph + 4);
      cairo_fill_preserve (cr);
      set_color (cr, &play, 1.0);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 1.0);
    }

  /* The range being dragged. */
  if (self->dragging && fabs (self->drag_x1 - self->drag_x0) >= CLICK_SLOP)
    {
      guint32 a = day_at_x (self, MIN (self->drag_x0, self->drag_x1));
      guint32 b = day_at_x (self, MAX (self->drag_x0, self->drag_x1));
      set_color (cr, &accent, 0.3);
      fill_days (self, cr, a, b, top - 4, ph + 4);
      cairo_fill_preserve (cr);
      set_color (cr, &accent, 1.0);
      cairo_stroke (cr);
    }

  /* The keyboard cursor and its range, when focused. */
  if (gtk_widget_has_focus (widget))
    {
      int cursor = bin_of (bins, self->cursor_day);
      int anchor = bin_of (bins, self->anchor_day);
      if (cursor >= 0)
        {
          if (anchor >= 0 && anchor != cursor)
            {
              int lo = MIN (anchor, cursor), hi = MAX (anchor, cursor);
              set_color (cr, &fg, 0.12);
              fill_days (self, cr, bins->starts[lo], corridor_timeline_bins_last_day (bins, hi),
                         top, ph);
              cairo_fill (cr);
            }
          set_color (cr, &fg, 0.9);
          cairo_set_line_width (cr, 2.0);
          fill_days (self, cr, bins->starts[cursor],
                     corridor_timeline_bins_last_day (bins, cursor), top - 2, ph + 2);
          cairo_stroke (cr);
          cairo_set_line_width (cr, 1.0);
        }
      else if (gtk_widget_has_visible_focus (widget))
        {
          static const double dash[] = { 2.0, 2.0 };
          set_color (cr, &fg, 0.5);
          cairo_set_dash (cr, dash, 2, 0);
          cairo_rectangle (cr, 1.5, 1.5, width - 3, height - 3);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
    }

  /* The scale: the tallest bar's value per bin. */
  g_autofree char *value = format_value (self, max);
  g_autofree char *scale = g_strdup_printf (bins->unit == CORRIDOR_TIMELINE_DAYS
                                            ? _("%s per day") : _("%s per week"), value);
  pango_layout_set_text (layout, scale, -1);
  set_color (cr, &fg, 0.6);
  cairo_move_to (cr, px, 0);
  pango_cairo_show_layout (cr, layout);
}

/* --- pointer, drag, keys, tooltip --- */

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, gpointer user_data)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (user_data);

  self->hovering = TRUE;
  self->pointer_x = x;
  gtk_widget_queue_draw (self->chart);
}

static void
on_leave (GtkEventControllerMotion *controller, gpointer user_data)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (user_data);

  self->hovering = FALSE;
  gtk_widget_queue_draw (self->chart);
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, gpointer user_data)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (user_data);

  gtk_widget_grab_focus (self->chart);
  if (self->span_first == 0)
    return;
  self->dragging = TRUE;
  self->drag_x0 = self->drag_x1 = x;
  gtk_widget_queue_draw (self->chart);
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, gpointer user_data)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (user_data);

  if (!self->dragging)
    return;
  self->drag_x1 = self->drag_x0 + dx;
  gtk_widget_queue_draw (self->chart);
}

/* A drag sets the date filter to the days it crossed; a click clears it. */
static void
on_drag_end (GtkGestureDrag *gesture, double dx, double dy, gpointer user_data)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (user_data);

  if (!self->dragging)
    return;
  self->dragging = FALSE;
  self->cursor_day = self->anchor_day = 0;
  gtk_widget_queue_draw (self->chart);
  if (fabs (dx) < CLICK_SLOP)
    {
      clear_date_filter (self);
      return;
    }
  double x1 = self->drag_x0 + dx;
  apply_date_filter (self, day_at_x (self, MIN (self->drag_x0, x1)),
                     day_at_x (self, MAX (self->drag_x0, x1)));
}

static void
on_drag_cancel (GtkGesture *gesture, GdkEventSequence *sequence, gpointer user_data)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (user_data);

  self->dragging = FALSE;
  gtk_widget_queue_draw (self->chart);
}

static char *
bin_title (const CorridorTimelineBins *bins, guint index)
{
  g_autofree char *date = corridor_timeline_date_from_day (bins->starts[index]);

  if (bins->unit == CORRIDOR_TIMELINE_WEEKS)
    return g_strdup_printf (_("Week of %s"), date);
  return g_steal_pointer (&date);
}

static void
update_cursor_accessible (CorridorTimeline *self)
{
  const CorridorTimelineBins *bins = self->bins;
  int cursor = bin_of (bins, self->cursor_day);

  if (cursor < 0)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->chart),
                                     GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT);
      return;
    }
  g_autofree char *title = bin_title (bins, cursor);
  g_autofree char *text = g_strdup_printf (ngettext ("%s: %u shipment", "%s: %u shipments",
                                                     bins->counts[cursor]),
                                           title, bins->counts[cursor]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) bins->n_bins - 1,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) cursor,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
}

/* Left/Right move the cursor a bin, with Shift they stretch the range from
 * where it started; Enter filters to the range, Escape clears the filter;
 * + and - zoom about the cursor. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, gpointer user_data)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (user_data);
  const CorridorTimelineBins *bins = self->bins;
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Escape:
      self->cursor_day = self->anchor_day = 0;
      update_cursor_accessible (self);
      gtk_widget_queue_draw (self->chart);
      if (self->filter_from == 0 && self->filter_to == 0)
        return FALSE;
      clear_date_filter (self);
      return TRUE;

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
    case GDK_KEY_Home:
    case GDK_KEY_End:
      {
        if (bins == NULL || bins->n_bins == 0)
          return FALSE;
        gboolean forward = keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right;
        int n = (int) bins->n_bins;
        int index = bin_of (bins, self->cursor_day);
        guint32 next;
        if (keyval == GDK_KEY_Home)
          next = self->span_first;
        else if (keyval == GDK_KEY_End)
          next = self->span_last;
        else if (index < 0)
          next = bins->starts[forward ? 0 : n - 1];
        else if (forward)
          next = corridor_timeline_bins_last_day (bins, index) + 1;
        else if (bins->starts[index] > self->span_first)
          next = bins->starts[index] - 1;
        else
          next = bins->starts[index];
        /* Keep the cursor on the axis, at the start of its bin. */
        next = CLAMP (next, self->span_first, self->span_last);
        if (bins->unit == CORRIDOR_TIMELINE_WEEKS)
          next = MAX (corridor_timeline_week_start (next), 1);
        self->cursor_day = next;
        if (!shift || self->anchor_day == 0)
          self->anchor_day = next;
        reveal (self, next, next);
        update_cursor_accessible (self);
        gtk_widget_queue_draw (self->chart);
        return TRUE;
      }

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      {
        if (bins == NULL || self->cursor_day == 0)
          return FALSE;
        guint32 lo = MIN (self->cursor_day, self->anchor_day);
        guint32 hi = MAX (self->cursor_day, self->anchor_day);
        /* Whole bins: the last day of the bin the range ends in. */
        int last = corridor_timeline_bins_index (bins, hi);
        if (last >= 0)
          hi = corridor_timeline_bins_last_day (bins, last);
        apply_date_filter (self, lo, hi);
        return TRUE;
      }

    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      {
        double px, pw;
        plot_bounds (self, &px, &pw);
        double x = self->cursor_day != 0 ? x_for_day (self, self->cursor_day + 0.5) : px + pw / 2;
        gboolean in = keyval == GDK_KEY_plus || keyval == GDK_KEY_equal || keyval == GDK_KEY_KP_Add;
        zoom (self, in ? 0.5 : 2.0, x);
        return TRUE;
      }

    default:
      return FALSE;
    }
}

static gboolean
on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard_mode, GtkTooltip *tooltip,
                  gpointer user_data)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (user_data);
  const CorridorTimelineBins *bins = self->bins;

  if (bins == NULL || bins->n_bins == 0)
    return FALSE;
  int index = keyboard_mode ? bin_of (bins, self->cursor_day)
                            : corridor_timeline_bins_index (bins, day_at_x (self, x));
  if (index < 0)
    return FALSE;

  g_autofree char *title = bin_title (bins, index);
  guint n = bins->counts[index];
  g_autofree char *count = g_strdup_printf (ngettext ("%u shipment", "%u shipments", n), n);
  g_autofree char *kg = n == 0 ? g_strdup ("")
                        : bins->kg[index] > 0 ? g_strdup_printf (_("%.0f kg"), bins->kg[index])
                        : g_strdup (_("weight unknown"));
  GString *text = g_string_new (title);
  g_string_append_printf (text, "\n%s", count);
  if (*kg != '\0')
    g_string_append_printf (text, " · %s", kg);
  if (self->context_bins != NULL && index < (int) self->context_bins->n_bins
      && self->context_bins->counts[index] != n)
    {
      guint all = self->context_bins->counts[index];
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("%u without the date filter",
                                              "%u without the date filter", all), all);
    }
  gtk_tooltip_set_text (tooltip, text->str);
  g_string_free (text, TRUE);
  return TRUE;
}

static void
on_focus_changed (CorridorTimeline *self)
{
  gtk_widget_queue_draw (self->chart);
}

/* --- construction --- */

static void
corridor_timeline_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_KILOGRAMS:
      g_value_set_boolean (value, self->kilograms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
corridor_timeline_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_KILOGRAMS:
      corridor_timeline_set_kilograms (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
corridor_timeline_dispose (GObject *object)
{
  CorridorTimeline *self = CORRIDOR_TIMELINE (object);

  /* The window may be tearing down its map already: leave its time
   * window alone (it clears its own). */
  play_stop (self, FALSE);
  g_cancellable_cancel (self->context_cancellable);
  g_clear_object (&self->context_cancellable);
  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->window, self);
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->window), "timeline-play");
      if (action == G_ACTION (self->play_action))
        g_action_map_remove_action (G_ACTION_MAP (self->window), "timeline-play");
      g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
      self->window = NULL;
    }
  if (self->play_action != NULL)
    g_signal_handlers_disconnect_by_data (self->play_action, self);
  g_clear_object (&self->play_action);
  g_clear_pointer (&self->controls, gtk_widget_unparent);
  g_clear_pointer (&self->chart, gtk_widget_unparent);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_ptr_array_unref);
  g_clear_pointer (&self->bins, corridor_timeline_bins_free);
  g_clear_pointer (&self->context_bins, corridor_timeline_bins_free);
  g_clear_pointer (&self->case_path, g_free);

  G_OBJECT_CLASS (corridor_timeline_parent_class)->dispose (object);
}

static void
corridor_timeline_class_init (CorridorTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = corridor_timeline_get_property;
  object_class->set_property = corridor_timeline_set_property;
  object_class->dispose = corridor_timeline_dispose;

  properties[PROP_KILOGRAMS] =
    g_param_spec_boolean ("kilograms", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
dropdown (const char *const *items, guint selected, const char *label)
{
  GtkWidget *dd = gtk_drop_down_new_from_strings (items);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dd), selected);
  gtk_widget_set_tooltip_text (dd, label);
  gtk_widget_set_valign (dd, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dd), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return dd;
}

static void
corridor_timeline_init (CorridorTimeline *self)
{
  gtk_widget_set_size_request (GTK_WIDGET (self), -1, 110);
  gtk_widget_set_vexpand (GTK_WIDGET (self), FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Timeline"), -1);

  /* Controls: play with its window and speed, the measure, a summary. */
  self->controls = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->controls, 6);
  gtk_widget_set_margin_end (self->controls, 6);
  gtk_widget_set_margin_top (self->controls, 6);
  gtk_widget_set_margin_bottom (self->controls, 6);
  gtk_widget_set_valign (self->controls, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->controls, GTK_WIDGET (self));

  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_append (GTK_BOX (self->controls), row);
  self->play_button = gtk_toggle_button_new ();
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->play_button), "win.timeline-play");
  gtk_widget_set_valign (self->play_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->play_button, "circular");
  gtk_box_append (GTK_BOX (row), self->play_button);
  update_play_button (self);

  const char *widths[] = { _("1 week"), _("1 month"), _("3 months"), NULL };
  self->width_dropdown = dropdown (widths, 1, _("Play window"));
  gtk_box_append (GTK_BOX (row), self->width_dropdown);
  const char *speeds[] = { _("0.5×"), _("1×"), _("2×"), _("4×"), NULL };
  self->speed_dropdown = dropdown (speeds, 1, _("Play speed"));
  gtk_box_append (GTK_BOX (row), self->speed_dropdown);
  g_signal_connect_swapped (self->speed_dropdown, "notify::selected",
                            G_CALLBACK (on_speed_changed), self);

  GtkWidget *measure_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (measure_box, "linked");
  gtk_widget_set_halign (measure_box, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (measure_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Bar height"), -1);
  self->count_toggle = gtk_toggle_button_new_with_label (_("Shipments"));
  self->kg_toggle = gtk_toggle_button_new_with_label (_("Kilograms"));
  gtk_widget_set_tooltip_text (self->count_toggle, _("Bars count shipments"));
  gtk_widget_set_tooltip_text (self->kg_toggle,
                               _("Bars sum kilograms (unknown weights count as 0)"));
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->kg_toggle),
                               GTK_TOGGLE_BUTTON (self->count_toggle));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->count_toggle), TRUE);
  gtk_box_append (GTK_BOX (measure_box), self->count_toggle);
  gtk_box_append (GTK_BOX (measure_box), self->kg_toggle);
  gtk_box_append (GTK_BOX (self->controls), measure_box);
  g_object_bind_property (self->kg_toggle, "active", self, "kilograms",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->count_toggle, "active", self, "kilograms",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_INVERT_BOOLEAN);

  self->summary_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->summary_label, "dim-label");
  gtk_widget_add_css_class (self->summary_label, "caption");
  gtk_label_set_xalign (GTK_LABEL (self->summary_label), 0);
  gtk_box_append (GTK_BOX (self->controls), self->summary_label);

  /* The histogram: a slider-like control over dates for assistive tech. */
  self->chart = g_object_new (GTK_TYPE_DRAWING_AREA,
                              "accessible-role", GTK_ACCESSIBLE_ROLE_SLIDER,
                              "hexpand", TRUE,
                              "focusable", TRUE,
                              "focus-on-click", TRUE,
                              "has-tooltip", TRUE,
                              NULL);
  gtk_widget_set_parent (self->chart, GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->chart), draw_chart, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Shipments over time"), -1);
  g_signal_connect (self->chart, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
  g_signal_connect_swapped (self->chart, "notify::has-focus", G_CALLBACK (on_focus_changed), self);

  GtkGesture *drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (self->chart, GTK_EVENT_CONTROLLER (drag));

  GtkEventController *scroll =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (self->chart, scroll);

  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (self->chart, motion);

  GtkEventController *keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (self->chart, keys);

  self->play_action = g_simple_action_new_stateful ("timeline-play", NULL,
                                                    g_variant_new_boolean (FALSE));
  g_signal_connect (self->play_action, "change-state", G_CALLBACK (play_change_state), self);
  g_simple_action_set_enabled (self->play_action, FALSE);
}

GtkWidget *
corridor_timeline_new (CorridorWindow *window)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (window), NULL);

  CorridorTimeline *self = g_object_new (CORRIDOR_TYPE_TIMELINE, NULL);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (self->play_action));
  g_signal_connect_swapped (window, "scene-changed", G_CALLBACK (on_scene_changed), self);
  g_signal_connect_swapped (window, "action-state-changed::filter-from",
                            G_CALLBACK (on_filter_state), self);
  g_signal_connect_swapped (window, "action-state-changed::filter-to",
                            G_CALLBACK (on_filter_state), self);
  on_filter_state (self);
  on_scene_changed (self);
  return GTK_WIDGET (self);
}

GtkWidget *
corridor_timeline_get_chart (CorridorTimeline *self)
{
  g_return_val_if_fail (CORRIDOR_IS_TIMELINE (self), NULL);
  return self->chart;
}

const CorridorTimelineBins *
corridor_timeline_get_bins (CorridorTimeline *self)
{
  g_return_val_if_fail (CORRIDOR_IS_TIMELINE (self), NULL);
  return self->bins;
}

void
corridor_timeline_get_visible_range (CorridorTimeline *self, guint32 *first, guint32 *last)
{
  guint32 v0 = 0, v1 = 0;

  g_return_if_fail (CORRIDOR_IS_TIMELINE (self));
  visible_range (self, &v0, &v1);
  if (first != NULL)
    *first = v0;
  if (last != NULL)
    *last = v1;
}

char *
corridor_timeline_date_at (CorridorTimeline *self, double x)
{
  g_return_val_if_fail (CORRIDOR_IS_TIMELINE (self), NULL);
  return corridor_timeline_date_from_day (day_at_x (self, x));
}

double
corridor_timeline_x_for_date (CorridorTimeline *self, const char *date)
{
  guint32 v0, v1, day;

  g_return_val_if_fail (CORRIDOR_IS_TIMELINE (self), NAN);
  day = corridor_timeline_day_from_date (date);
  visible_range (self, &v0, &v1);
  if (day == 0 || v0 == 0 || day < v0 || day > v1)
    return NAN;
  return x_for_day (self, day + 0.5);
}

gboolean
corridor_timeline_get_kilograms (CorridorTimeline *self)
{
  g_return_val_if_fail (CORRIDOR_IS_TIMELINE (self), FALSE);
  return self->kilograms;
}

void
corridor_timeline_set_kilograms (CorridorTimeline *self, gboolean kilograms)
{
  g_return_if_fail (CORRIDOR_IS_TIMELINE (self));
  kilograms = !!kilograms;
  if (self->kilograms == kilograms)
    return;
  self->kilograms = kilograms;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KILOGRAMS]);
}
