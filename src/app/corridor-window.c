/* corridor-window.c: the main window. Invariants: the renderer's scene always
 * belongs to self->store (or is empty when no case is open); a case replaces
 * the current one only once it has loaded completely, so a failed open
 * leaves the window as it was; at most one case load runs at a time (a new
 * one cancels the old, and cancellation is silent). Prints and exports draw
 * through a renderer of their own, built in their thread from the scene the
 * window keeps, so the map view's renderer is only ever used on the main
 * thread; each one that completes is logged in its case's audit log. */
#include "corridor-window.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "corridor-config.h"
#include "corridor-error.h"
#include "corridor-basemap.h"
#include "corridor-routing.h"
#include "corridor-demo.h"
#include "corridor-layer.h"
#include "corridor-print.h"
#include "corridor-brief-case.h"
#include <json-glib/json-glib.h>

struct _CorridorWindow
{
  AdwApplicationWindow parent_instance;

  /* template */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  CorridorMapView *map_view;
  GtkWidget       *empty_hint;
  GtkWidget       *progress_box;
  GtkSpinner      *progress_spinner;
  GtkLabel        *progress_label;
  GtkLabel        *pointer_label;
  GtkLabel        *summary_label;

  GSettings        *settings;
  CorridorRenderer *renderer;
  CorridorStore    *store;
  /* What the renderer was given for the open case, kept so that exports
   * can draw it with a renderer of their own off the main thread. */
  GPtrArray        *shipments;
  GPtrArray        *ports;
  GHashTable       *sea_routes;
  GPtrArray        *layers;           /* CorridorLayer*, in the order added */
  char             *case_title;
  GtkPrintOperation *print_op;        /* the print dialog showing, if any */
  gboolean          print_pending;    /* the brief for it is being prepared */
  GtkPrintSettings *print_settings;   /* the last print's choices, reused */
  GCancellable     *case_cancellable; /* the running case load, if any */
  GCancellable     *cancellable;      /* everything else; cancelled on dispose */
  guint             busy;
};

G_DEFINE_FINAL_TYPE (CorridorWindow, corridor_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* --- busy state --- */

static void
busy_push (CorridorWindow *self, const char *message)
{
  gtk_label_set_label (self->progress_label, message);
  if (self->busy++ == 0)
    {
      gtk_widget_set_visible (self->progress_box, TRUE);
      gtk_spinner_start (self->progress_spinner);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
busy_pop (CorridorWindow *self)
{
  g_return_if_fail (self->busy > 0);
  if (--self->busy == 0)
    {
      gtk_spinner_stop (self->progress_spinner);
      gtk_widget_set_visible (self->progress_box, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
show_toast (CorridorWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error_dialog (CorridorWindow *self, const char *heading, const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Printing and exporting need a case. */
static void
update_case_actions (CorridorWindow *self)
{
  static const char *const names[] = { "print", "export-map", "export-brief" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), names[i]);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->store != NULL);
    }
}

/* --- status line --- */

static void
update_pointer_label (CorridorWindow *self)
{
  double lon = corridor_map_view_get_pointer_lon (self->map_view);
  double lat = corridor_map_view_get_pointer_lat (self->map_view);

  if (isnan (lon) || isnan (lat))
    {
      gtk_label_set_label (self->pointer_label, "");
      return;
    }
  /* Translators: latitude then longitude, e.g. "51.2800° N, 4.3100° E". */
  g_autofree char *text = g_strdup_printf (_("%.4f° %s, %.4f° %s"),
                                           fabs (lat), lat >= 0 ? _("N") : _("S"),
                                           fabs (lon), lon >= 0 ? _("E") : _("W"));
  gtk_label_set_label (self->pointer_label, text);
}

static void
set_summary (CorridorWindow *self, guint n_shipments, guint n_sources, const char *label)
{
  g_autofree char *shipments = g_strdup_printf (ngettext ("%u shipment", "%u shipments",
                                                          n_shipments), n_shipments);
  g_autofree char *sources = g_strdup_printf (ngettext ("%u source", "%u sources", n_sources),
                                              n_sources);
  /* Demo shipments say where they come from, so nobody mistakes them for
   * inferred ones. */
  g_autofree char *text = label ? g_strdup_printf ("%s · %s · %s", shipments, sources, label)
                                : g_strdup_printf ("%s · %s", shipments, sources);
  gtk_label_set_label (self->summary_label, text);
}

/* --- settings --- */

/* The render flags that mirror settings: graticule and sea routes. */
static void
apply_graticule (CorridorWindow *self)
{
  CorridorRenderFlags flags = corridor_renderer_get_flags (self->renderer);

  if (g_settings_get_boolean (self->settings, "show-graticule"))
    flags |= CORRIDOR_RENDER_GRATICULE;
  else
    flags &= ~CORRIDOR_RENDER_GRATICULE;
  if (g_settings_get_boolean (self->settings, "sea-routes"))
    flags &= ~CORRIDOR_RENDER_STRAIGHT;
  else
    flags |= CORRIDOR_RENDER_STRAIGHT;
  if (flags == corridor_renderer_get_flags (self->renderer))
    return;
  corridor_renderer_set_flags (self->renderer, flags);
  corridor_map_view_queue_render (self->map_view);
}

static void
apply_projection (CorridorWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "projection");
  CorridorProjection projection = CORRIDOR_PROJECTION_EQUIRECTANGULAR;

  corridor_projection_from_string (name, &projection);
  corridor_viewport_set_projection (corridor_map_view_get_viewport (self->map_view), projection);
}

/* --- basemap --- */

static void
load_basemap_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  CorridorBasemap *basemap = corridor_basemap_get_default (&error);

  if (basemap == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (basemap), g_object_unref);
}

static void
load_basemap_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorBasemap) basemap = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  busy_pop (self);
  if (basemap == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not load the world map: %s"),
                                                  error->message);
      show_toast (self, message);
      return;
    }
  corridor_renderer_set_basemap (self->renderer, basemap);
  corridor_map_view_queue_render (self->map_view);
}

/* --- opening a case --- */

typedef struct {
  char          *path;       /* NULL: the demo case */
  CorridorStore *store;
  GPtrArray     *shipments;
  GPtrArray     *ports;
  GHashTable    *sea_routes; /* key -> CorridorSeaRoute*, from the case's cache or routed now */
  guint          n_sources;
  char          *title;
  char          *demo_label; /* provenance of a demo case's shipments, or NULL */
} OpenCase;

static void
open_case_free (OpenCase *data)
{
  g_free (data->path);
  g_clear_pointer (&data->sea_routes, g_hash_table_unref);
  g_clear_object (&data->store);
  g_clear_pointer (&data->shipments, g_ptr_array_unref);
  g_clear_pointer (&data->ports, g_ptr_array_unref);
  g_free (data->title);
  g_free (data->demo_label);
  g_free (data);
}

static gboolean
ensure_demo_case (char **out_path, GError **error)
{
  g_autofree char *path = corridor_demo_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO,
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  /* corridor_demo_build leaves an existing demo case as it is. */
  if (!corridor_demo_build (path, error))
    return FALSE;
  *out_path = g_steal_pointer (&path);
  return TRUE;
}

static void
open_case_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  OpenCase *data = task_data;
  GError *error = NULL;

  if (data->path == NULL && !ensure_demo_case (&data->path, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  data->store = corridor_store_open (data->path, CORRIDOR_STORE_OPEN_DEFAULT, &error);
  if (data->store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->shipments = corridor_store_query_shipments (data->store, NULL, &error);
  if (data->shipments == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Routing may prepare the lane graph (well under a second, once per
   * process) when the case has routes it has not cached yet. */
  data->sea_routes = corridor_routing_resolve (data->store, data->shipments, &error);
  if (data->sea_routes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->ports = corridor_store_list_ports (data->store, &error);
  if (data->ports == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_autoptr (GPtrArray) sources = corridor_store_list_sources (data->store, &error);
  if (sources == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->n_sources = sources->len;
  data->title = corridor_store_get_meta (data->store, "title");
  g_autofree char *demo = corridor_store_get_meta (data->store, "demo");
  if (g_strcmp0 (demo, "1") == 0)
    {
      data->demo_label = corridor_store_get_meta (data->store, "demo_label");
      if (data->title == NULL || *data->title == '\0')
        {
          g_free (data->title);
          data->title = g_strdup (_("Demo Case"));
        }
    }
  if (data->title == NULL || *data->title == '\0')
    {
      g_autofree char *base = g_path_get_basename (data->path);
      char *dot = strrchr (base, '.');
      if (dot != NULL && dot != base)
        *dot = '\0';
      g_free (data->title);
      data->title = g_steal_pointer (&base);
    }
  /* A store opened here is used on the main thread from now on; SQLite's
   * default serialized mode allows that. */
  g_task_return_boolean (task, TRUE);
}

/* The shipments' extent, padded so that ports do not sit on the edge. */
static gboolean
scene_bbox (GPtrArray *shipments, double bbox[4])
{
  double w = G_MAXDOUBLE, s = G_MAXDOUBLE, e = -G_MAXDOUBLE, n = -G_MAXDOUBLE;

  for (guint i = 0; i < shipments->len; i++)
    {
      const CorridorShipment *shipment = g_ptr_array_index (shipments, i);
      for (guint j = 0; j < shipment->n_stops; j++)
        {
          const CorridorStop *stop = &shipment->stops[j];
          if (!isfinite (stop->lon) || !isfinite (stop->lat))
            continue;
          w = MIN (w, stop->lon);
          e = MAX (e, stop->lon);
          s = MIN (s, stop->lat);
          n = MAX (n, stop->lat);
        }
    }
  if (w > e)
    return FALSE;
  double pad_x = MAX ((e - w) * 0.08, 4.0), pad_y = MAX ((n - s) * 0.08, 4.0);
  bbox[0] = MAX (w - pad_x, -180.0);
  bbox[1] = MAX (s - pad_y, -85.0);
  bbox[2] = MIN (e + pad_x, 180.0);
  bbox[3] = MIN (n + pad_y, 85.0);
  return TRUE;
}

static void
open_case_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (source);
  GTask *task = G_TASK (result);
  OpenCase *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  double bbox[4];

  if (!g_task_propagate_boolean (task, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      busy_pop (self);
      if (g_task_get_cancellable (task) == self->case_cancellable)
        g_clear_object (&self->case_cancellable);
      show_error_dialog (self, _("Could Not Open Case"), error->message);
      return;
    }
  busy_pop (self);
  g_clear_object (&self->case_cancellable);

  g_set_object (&self->store, data->store);
  g_clear_pointer (&self->shipments, g_ptr_array_unref);
  g_clear_pointer (&self->ports, g_ptr_array_unref);
  g_clear_pointer (&self->sea_routes, g_hash_table_unref);
  self->shipments = g_ptr_array_ref (data->shipments);
  self->ports = g_ptr_array_ref (data->ports);
  self->sea_routes = g_hash_table_ref (data->sea_routes);
  g_free (self->case_title);
  self->case_title = g_strdup (data->title);
  update_case_actions (self);
  corridor_renderer_set_sea_routes (self->renderer, data->sea_routes);
  corridor_renderer_set_scene (self->renderer, data->shipments, data->ports);
  corridor_map_view_queue_render (self->map_view);
  if (scene_bbox (data->shipments, bbox))
    corridor_map_view_fit_bbox (self->map_view, bbox[0], bbox[1], bbox[2], bbox[3]);
  else
    corridor_map_view_zoom_reset (self->map_view);

  g_autofree char *window_title = g_strdup_printf ("Corridor — %s", data->title);
  g_autofree char *dir = g_path_get_dirname (data->path);
  g_autofree char *home = g_strdup (g_get_home_dir ());
  g_autofree char *subtitle = g_str_has_prefix (dir, home)
                              ? g_strconcat ("~", dir + strlen (home), NULL)
                              : g_strdup (dir);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
  adw_window_title_set_title (self->window_title, data->title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  set_summary (self, data->shipments->len, data->n_sources, data->demo_label);
  gtk_widget_set_visible (self->empty_hint, FALSE);
}

static void
start_open_case (CorridorWindow *self, char *path, const char *message)
{
  OpenCase *data = g_new0 (OpenCase, 1);

  data->path = path;
  g_cancellable_cancel (self->case_cancellable);
  if (self->case_cancellable != NULL)
    busy_pop (self);  /* the cancelled load will not pop its own */
  g_set_object (&self->case_cancellable, NULL);
  self->case_cancellable = g_cancellable_new ();

  busy_push (self, message);
  g_autoptr (GTask) task = g_task_new (self, self->case_cancellable, open_case_done, NULL);
  g_task_set_source_tag (task, start_open_case);
  g_task_set_task_data (task, data, (GDestroyNotify) open_case_free);
  g_task_run_in_thread (task, open_case_thread);
}

void
corridor_window_open_case (CorridorWindow *self, GFile *file)
{
  g_return_if_fail (CORRIDOR_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  char *path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *body = g_strdup_printf (_("%s is not a local file."), uri);
      show_error_dialog (self, _("Could Not Open Case"), body);
      return;
    }
  start_open_case (self, path, _("Opening case…"));
}

void
corridor_window_open_demo (CorridorWindow *self)
{
  g_return_if_fail (CORRIDOR_IS_WINDOW (self));
  start_open_case (self, NULL, _("Preparing the demo case…"));
}

/* --- layers --- */

static void
load_layer_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  CorridorLayer *layer = corridor_layer_load (task_data, &error);

  if (layer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, layer, g_object_unref);
}

static void
load_layer_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorLayer) layer = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  busy_pop (self);
  if (layer == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not add layer: %s"), error->message);
      show_toast (self, message);
      return;
    }
  corridor_renderer_add_layer (self->renderer, layer);
  g_ptr_array_add (self->layers, g_object_ref (layer));
  corridor_map_view_queue_render (self->map_view);
  g_autofree char *message = g_strdup_printf (_("Added layer “%s”"),
                                              corridor_layer_get_name (layer));
  show_toast (self, message);
}

void
corridor_window_add_layer (CorridorWindow *self, GFile *file)
{
  g_return_if_fail (CORRIDOR_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  char *path = g_file_get_path (file);
  if (path == NULL)
    {
      show_toast (self, _("Could not add layer: only local files can be read"));
      return;
    }
  busy_push (self, _("Reading layer…"));
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, load_layer_done, NULL);
  g_task_set_source_tag (task, corridor_window_add_layer);
  g_task_set_task_data (task, path, g_free);
  g_task_run_in_thread (task, load_layer_thread);
}

/* --- actions --- */

static void
add_filter (GtkFileChooser *chooser, const char *name, const char *pattern)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
on_open_response (GtkNativeDialog *dialog, int response, CorridorWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file != NULL)
        corridor_window_open_case (self, file);
    }
  g_object_unref (dialog);
}

static void
on_add_layer_response (GtkNativeDialog *dialog, int response, CorridorWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file != NULL)
        corridor_window_add_layer (self, file);
    }
  g_object_unref (dialog);
}

/* GtkFileDialog only arrived in GTK 4.10; 4.8 has the native chooser. The
 * dialog unrefs itself in the response handler. */
static void
choose_file (CorridorWindow *self, const char *title, const char *filter_name,
             const char *pattern, GCallback on_response)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN,
                                                              _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  add_filter (GTK_FILE_CHOOSER (dialog), filter_name, pattern);
  add_filter (GTK_FILE_CHOOSER (dialog), _("All Files"), "*");
  g_signal_connect (dialog, "response", on_response, self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  choose_file (user_data, _("Open Case"), _("Corridor Cases"), "*.corridor",
               G_CALLBACK (on_open_response));
}

static void
open_demo_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  corridor_window_open_demo (user_data);
}

static void
add_layer_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  choose_file (user_data, _("Add Layer"), _("Shapefiles"), "*.shp",
               G_CALLBACK (on_add_layer_response));
}

static void
zoom_in_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  corridor_map_view_zoom_in (CORRIDOR_WINDOW (user_data)->map_view);
}

static void
zoom_out_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  corridor_map_view_zoom_out (CORRIDOR_WINDOW (user_data)->map_view);
}

static void
zoom_reset_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  corridor_map_view_zoom_reset (CORRIDOR_WINDOW (user_data)->map_view);
}

/* --- printing and exporting --- */

typedef enum {
  JOB_MAP,    /* the map as shown, to PNG, SVG or PDF */
  JOB_BRIEF,  /* the briefing, to PDF */
  JOB_PRINT,  /* the briefing, prepared for the print operation */
} JobKind;

/* One export, with its own copy of the scene: the thread draws through a
 * renderer of its own, so the map view can go on using the window's. */
typedef struct {
  JobKind             kind;
  char               *path;       /* target; NULL for JOB_PRINT */
  CorridorStore      *store;      /* the case it came from, for the audit log */
  CorridorBasemap    *basemap;
  GPtrArray          *layers;
  CorridorRenderFlags flags;
  GPtrArray          *shipments;
  GPtrArray          *ports;
  GHashTable         *sea_routes;
  CorridorViewport   *viewport;   /* JOB_MAP: a copy of the view's */
  CorridorMapFormat   format;
  CorridorPaper       paper;
  gboolean            landscape;
  char               *marking;
  /* results */
  CorridorRenderer   *renderer;
  CorridorBrief      *brief;
  guint               n_pages;
} Job;

static void
job_clear (Job *job)
{
  g_free (job->path);
  g_clear_object (&job->store);
  g_clear_object (&job->basemap);
  g_clear_pointer (&job->layers, g_ptr_array_unref);
  g_clear_pointer (&job->shipments, g_ptr_array_unref);
  g_clear_pointer (&job->ports, g_ptr_array_unref);
  g_clear_pointer (&job->sea_routes, g_hash_table_unref);
  g_clear_object (&job->viewport);
  g_free (job->marking);
  g_clear_object (&job->brief);
  g_clear_object (&job->renderer);
}

static void
job_unref (Job *job)
{
  g_rc_box_release_full (job, (GDestroyNotify) job_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_unref)

static Job *
job_new (CorridorWindow *self, JobKind kind, const char *path)
{
  Job *job = g_rc_box_new0 (Job);
  CorridorBasemap *basemap = corridor_renderer_get_basemap (self->renderer);

  job->kind = kind;
  job->path = g_strdup (path);
  job->store = g_object_ref (self->store);
  job->basemap = basemap ? g_object_ref (basemap) : NULL;
  job->layers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->layers->len; i++)
    g_ptr_array_add (job->layers, g_object_ref (g_ptr_array_index (self->layers, i)));
  job->flags = corridor_renderer_get_flags (self->renderer);
  job->shipments = g_ptr_array_ref (self->shipments);
  job->ports = g_ptr_array_ref (self->ports);
  job->sea_routes = self->sea_routes ? g_hash_table_ref (self->sea_routes) : NULL;
  job->viewport = corridor_viewport_copy (corridor_map_view_get_viewport (self->map_view));
  corridor_print_paper_from_settings (self->settings, &job->paper, &job->landscape);
  job->marking = g_settings_get_string (self->settings, "classification-marking");
  return job;
}

static void
job_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  /* The same scene as the window's renderer, built the same way. */
  job->renderer = corridor_renderer_new ();
  if (job->basemap != NULL)
    corridor_renderer_set_basemap (job->renderer, job->basemap);
  for (guint i = 0; i < job->layers->len; i++)
    corridor_renderer_add_layer (job->renderer, g_ptr_array_index (job->layers, i));
  corridor_renderer_set_flags (job->renderer, job->flags);
  corridor_renderer_set_sea_routes (job->renderer, job->sea_routes);
  corridor_renderer_set_scene (job->renderer, job->shipments, job->ports);
  if (g_task_return_error_if_cancelled (task))
    return;

  if (job->kind == JOB_MAP)
    {
      if (!corridor_print_write_map (job->renderer, job->viewport, job->path, job->format, &error))
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  job->brief = corridor_brief_new_for_case (job->store, NULL, job->renderer, &error);
  if (job->brief == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  corridor_brief_set_marking (job->brief, job->marking);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M %Z");
  corridor_brief_set_generated (job->brief, when);
  if (job->kind == JOB_BRIEF
      && !corridor_print_write_brief (job->brief, job->path, job->paper, job->landscape,
                                      cancellable, &job->n_pages, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static const char *
paper_name (CorridorPaper paper)
{
  return paper == CORRIDOR_PAPER_A3 ? "a3" : paper == CORRIDOR_PAPER_LETTER ? "letter" : "a4";
}

/* Records the export or print in the case's audit log: what was written,
 * where to, and under which marking. */
static gboolean
job_audit (Job *job, const char *action, const char *object, const char *printer,
           GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "what");
  json_builder_add_string_value (builder, job->kind == JOB_MAP ? "map" : "briefing");
  if (job->kind == JOB_MAP)
    {
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, corridor_map_format_to_string (job->format));
      json_builder_set_member_name (builder, "width");
      json_builder_add_int_value (builder, corridor_viewport_get_width (job->viewport));
      json_builder_set_member_name (builder, "height");
      json_builder_add_int_value (builder, corridor_viewport_get_height (job->viewport));
    }
  else
    {
      json_builder_set_member_name (builder, "pages");
      json_builder_add_int_value (builder, job->n_pages);
      json_builder_set_member_name (builder, "marking");
      json_builder_add_string_value (builder, job->marking);
      if (job->kind == JOB_BRIEF)
        {
          json_builder_set_member_name (builder, "paper");
          json_builder_add_string_value (builder, paper_name (job->paper));
          json_builder_set_member_name (builder, "orientation");
          json_builder_add_string_value (builder, job->landscape ? "landscape" : "portrait");
        }
      if (printer != NULL)
        {
          json_builder_set_member_name (builder, "printer");
          json_builder_add_string_value (builder, printer);
        }
    }
  json_builder_set_member_name (builder, "shipments");
  json_builder_add_int_value (builder, job->shipments->len);
  json_builder_end_object (builder);

  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *after = json_to_string (root, FALSE);
  return corridor_store_audit (job->store, action, object, NULL, after, error);
}

static GTask *
job_task_new (CorridorWindow *self, Job *job, GAsyncReadyCallback callback)
{
  GTask *task = g_task_new (self, self->cancellable, callback, NULL);

  g_task_set_source_tag (task, job_thread);
  g_task_set_task_data (task, g_rc_box_acquire (job), (GDestroyNotify) job_unref);
  return task;
}

/* The page count and printer name of a finished print operation. */
static void
print_result (GtkPrintOperation *op, Job *job, char **printer)
{
  GtkPrintSettings *settings = gtk_print_operation_get_print_settings (op);
  int n_pages = 0;

  g_object_get (op, "n-pages", &n_pages, NULL);
  job->n_pages = MAX (n_pages, 0);
  *printer = settings ? g_strdup (gtk_print_settings_get_printer (settings)) : NULL;
}

static void
on_print_done (GtkPrintOperation *op, GtkPrintOperationResult result, CorridorWindow *self)
{
  Job *job = g_object_get_data (G_OBJECT (op), "corridor-job");
  g_autoptr (GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (op, &error);
      g_autofree char *message = g_strdup_printf (_("Could not print: %s"),
                                                  error ? error->message : _("unknown error"));
      show_toast (self, message);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      g_autofree char *printer = NULL;
      print_result (op, job, &printer);
      g_set_object (&self->print_settings, gtk_print_operation_get_print_settings (op));
      if (!job_audit (job, "print", self->case_title, printer, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Printed, but not logged: %s"),
                                                      error->message);
          show_toast (self, message);
        }
    }
  if (self->print_op == op)
    g_clear_object (&self->print_op);
}

static GtkPrintOperation *
print_operation_new (CorridorWindow *self, Job *job)
{
  g_autoptr (GtkPageSetup) setup = corridor_print_page_setup_from_settings (self->settings);
  GtkPrintOperation *op = corridor_print_operation_new (job->brief, setup, self->print_settings);

  gtk_print_operation_set_job_name (op, self->case_title ? self->case_title : "Corridor");
  g_object_set_data_full (G_OBJECT (op), "corridor-job", g_rc_box_acquire (job),
                          (GDestroyNotify) job_unref);
  return op;
}

static void
start_print_dialog (CorridorWindow *self, Job *job)
{
  g_autoptr (GtkPrintOperation) op = print_operation_new (self, job);
  g_autoptr (GError) error = NULL;

  gtk_print_operation_set_allow_async (op, TRUE);
  g_signal_connect_object (op, "done", G_CALLBACK (on_print_done), self, 0);
  g_set_object (&self->print_op, op);
  GtkPrintOperationResult result = gtk_print_operation_run (op,
                                                            GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                                            GTK_WINDOW (self), &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && self->print_op == op)
    {
      g_autofree char *message = g_strdup_printf (_("Could not print: %s"), error->message);
      show_toast (self, message);
      g_clear_object (&self->print_op);
    }
}

static void
job_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      busy_pop (self);
      if (job->kind == JOB_PRINT)
        self->print_pending = FALSE;
      g_autofree char *message = job->kind == JOB_MAP
                                 ? g_strdup_printf (_("Could not export the map: %s"),
                                                    error->message)
                                 : g_strdup_printf (_("Could not prepare the briefing: %s"),
                                                    error->message);
      show_toast (self, message);
      return;
    }
  busy_pop (self);

  if (job->kind == JOB_PRINT)
    {
      self->print_pending = FALSE;
      start_print_dialog (self, job);
      return;
    }
  g_autofree char *name = g_filename_display_basename (job->path);
  g_autofree char *message = g_strdup_printf (job->kind == JOB_MAP ? _("Map exported to %s")
                                                                  : _("Briefing exported to %s"),
                                              name);
  if (!job_audit (job, "export", job->path, NULL, &error))
    {
      g_free (message);
      message = g_strdup_printf (_("Exported %s, but not logged: %s"), name, error->message);
    }
  show_toast (self, message);
}

static void
job_start (CorridorWindow *self, Job *job, const char *message)
{
  busy_push (self, message);
  g_autoptr (GTask) task = job_task_new (self, job, job_done);
  g_task_run_in_thread (task, job_thread);
}

/* The same thread function as the actions, waited for. */
static gboolean
job_run_sync (CorridorWindow *self, Job *job, GError **error)
{
  g_autoptr (GTask) task = job_task_new (self, job, NULL);

  g_task_run_in_thread_sync (task, job_thread);
  return g_task_propagate_boolean (task, error);
}

static gboolean
check_case (CorridorWindow *self, GError **error)
{
  if (self->store != NULL && self->shipments != NULL)
    return TRUE;
  g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT, _("No case is open"));
  return FALSE;
}

gboolean
corridor_window_print_to_file (CorridorWindow *self, const char *path, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_case (self, error))
    return FALSE;
  g_autoptr (Job) job = job_new (self, JOB_PRINT, NULL);
  if (!job_run_sync (self, job, error))
    return FALSE;

  g_autoptr (GtkPrintOperation) op = print_operation_new (self, job);
  gtk_print_operation_set_export_filename (op, path);
  GtkPrintOperationResult result = gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                                            GTK_WINDOW (self), error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    return FALSE;
  if (result != GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_FAILED, _("The print was cancelled"));
      return FALSE;
    }
  g_autofree char *printer = NULL;
  print_result (op, job, &printer);
  return job_audit (job, "print", self->case_title, printer, error);
}

/* The map format for @path: its extension, else @fallback (then appended
 * to @path, so the file says what it holds). */
static char *
map_path_and_format (const char *path, int fallback, CorridorMapFormat *format)
{
  if (corridor_map_format_from_path (path, format))
    return g_strdup (path);
  if (fallback < 0)
    return NULL;
  *format = fallback;
  return g_strconcat (path, ".", corridor_map_format_to_string (*format), NULL);
}

gboolean
corridor_window_export_map_to_file (CorridorWindow *self, const char *path, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_case (self, error))
    return FALSE;
  CorridorMapFormat format;
  if (!corridor_map_format_from_path (path, &format))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   _("%s does not end in .png, .svg or .pdf"), path);
      return FALSE;
    }
  g_autoptr (Job) job = job_new (self, JOB_MAP, path);
  job->format = format;
  return job_run_sync (self, job, error) && job_audit (job, "export", job->path, NULL, error);
}

gboolean
corridor_window_export_brief_to_file (CorridorWindow *self, const char *path, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_case (self, error))
    return FALSE;
  g_autoptr (Job) job = job_new (self, JOB_BRIEF, path);
  return job_run_sync (self, job, error) && job_audit (job, "export", job->path, NULL, error);
}

static void
print_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (user_data);

  if (self->store == NULL || self->print_op != NULL || self->print_pending)
    return;  /* no case, or the dialog is already up or on its way */
  self->print_pending = TRUE;
  g_autoptr (Job) job = job_new (self, JOB_PRINT, NULL);
  job_start (self, job, _("Preparing the briefing…"));
}

/* A save dialog; each filter carries its map format + 1 as "corridor-format". */
static GtkFileChooserNative *
save_dialog_new (CorridorWindow *self, const char *title, const char *name)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE,
                                                              _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  return dialog;
}

static void
add_format_filter (GtkFileChooser *chooser, const char *name, const char *mime,
                   CorridorMapFormat format)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *pattern = g_strconcat ("*.", corridor_map_format_to_string (format), NULL);

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime);
  gtk_file_filter_add_suffix (filter, corridor_map_format_to_string (format));
  g_object_set_data (G_OBJECT (filter), "corridor-format", GINT_TO_POINTER (format + 1));
  gtk_file_chooser_add_filter (chooser, filter);
}

static char *
chosen_path (GtkNativeDialog *dialog, int response, CorridorWindow *self)
{
  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  char *path = file ? g_file_get_path (file) : NULL;
  if (file != NULL && path == NULL)
    show_toast (self, _("Could not export: only local files can be written"));
  return path;
}

static void
on_export_map_response (GtkNativeDialog *dialog, int response, CorridorWindow *self)
{
  g_autofree char *chosen = chosen_path (dialog, response, self);
  GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
  int fallback = filter ? GPOINTER_TO_INT (g_object_get_data (G_OBJECT (filter),
                                                              "corridor-format")) - 1 : -1;
  g_object_unref (dialog);
  if (chosen == NULL || self->store == NULL)
    return;

  CorridorMapFormat format = CORRIDOR_MAP_FORMAT_PNG;
  g_autofree char *path = map_path_and_format (chosen, MAX (fallback, 0), &format);
  g_autoptr (Job) job = job_new (self, JOB_MAP, path);
  job->format = format;
  job_start (self, job, _("Exporting the map…"));
}

static void
export_map_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (user_data);

  if (self->store == NULL)
    return;
  g_autofree char *name = g_strdup_printf (_("%s map.png"), self->case_title);
  GtkFileChooserNative *dialog = save_dialog_new (self, _("Export Map"), name);
  add_format_filter (GTK_FILE_CHOOSER (dialog), _("PNG Image"), "image/png",
                     CORRIDOR_MAP_FORMAT_PNG);
  add_format_filter (GTK_FILE_CHOOSER (dialog), _("SVG Drawing"), "image/svg+xml",
                     CORRIDOR_MAP_FORMAT_SVG);
  add_format_filter (GTK_FILE_CHOOSER (dialog), _("PDF Document"), "application/pdf",
                     CORRIDOR_MAP_FORMAT_PDF);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_map_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_export_brief_response (GtkNativeDialog *dialog, int response, CorridorWindow *self)
{
  g_autofree char *chosen = chosen_path (dialog, response, self);

  g_object_unref (dialog);
  if (chosen == NULL || self->store == NULL)
    return;
  g_autofree char *path = g_str_has_suffix (chosen, ".pdf") || g_str_has_suffix (chosen, ".PDF")
                          ? g_strdup (chosen) : g_strconcat (chosen, ".pdf", NULL);
  g_autoptr (Job) job = job_new (self, JOB_BRIEF, path);
  job_start (self, job, _("Exporting the briefing…"));
}

static void
export_brief_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (user_data);

  if (self->store == NULL)
    return;
  g_autofree char *name = g_strdup_printf (_("%s briefing.pdf"), self->case_title);
  GtkFileChooserNative *dialog = save_dialog_new (self, _("Export Briefing as PDF"), name);
  add_format_filter (GTK_FILE_CHOOSER (dialog), _("PDF Document"), "application/pdf",
                     CORRIDOR_MAP_FORMAT_PDF);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_brief_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
brief_settings_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (user_data);

  gtk_window_present (GTK_WINDOW (corridor_print_settings_window_new (GTK_WINDOW (self),
                                                                     self->settings)));
}

static const GActionEntry win_entries[] = {
  { .name = "open", .activate = open_activated },
  { .name = "open-demo", .activate = open_demo_activated },
  { .name = "add-layer", .activate = add_layer_activated },
  { .name = "zoom-in", .activate = zoom_in_activated },
  { .name = "zoom-out", .activate = zoom_out_activated },
  { .name = "zoom-reset", .activate = zoom_reset_activated },
  { .name = "print", .activate = print_activated },
  { .name = "export-map", .activate = export_map_activated },
  { .name = "export-brief", .activate = export_brief_activated },
  { .name = "brief-settings", .activate = brief_settings_activated },
};

/* --- GObject --- */

static gboolean
corridor_window_close_request (GtkWindow *window)
{
  CorridorWindow *self = CORRIDOR_WINDOW (window);
  int width, height;

  /* A maximized window's size is the screen's; keep the restored size. */
  gboolean maximized = gtk_window_is_maximized (window);
  if (!maximized)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);

  return GTK_WINDOW_CLASS (corridor_window_parent_class)->close_request (window);
}

static void
corridor_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CorridorWindow *self = CORRIDOR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
corridor_window_dispose (GObject *object)
{
  CorridorWindow *self = CORRIDOR_WINDOW (object);

  g_cancellable_cancel (self->case_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->case_cancellable);
  g_clear_object (&self->cancellable);
  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CORRIDOR_TYPE_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->renderer);
  g_clear_pointer (&self->shipments, g_ptr_array_unref);
  g_clear_pointer (&self->ports, g_ptr_array_unref);
  g_clear_pointer (&self->sea_routes, g_hash_table_unref);
  g_clear_pointer (&self->layers, g_ptr_array_unref);
  g_clear_pointer (&self->case_title, g_free);
  g_clear_object (&self->print_op);
  g_clear_object (&self->print_settings);

  G_OBJECT_CLASS (corridor_window_parent_class)->dispose (object);
}

static void
corridor_window_class_init (CorridorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = corridor_window_get_property;
  object_class->dispose = corridor_window_dispose;
  window_class->close_request = corridor_window_close_request;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CORRIDOR_TYPE_MAP_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/corridor/Corridor/corridor-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, empty_hint);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, progress_box);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, progress_spinner);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, pointer_label);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, summary_label);
}

static void
corridor_window_init (CorridorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (CORRIDOR_APP_ID);
  self->renderer = corridor_renderer_new ();
  self->layers = g_ptr_array_new_with_free_func (g_object_unref);
  corridor_map_view_set_renderer (self->map_view, self->renderer);

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);
  update_case_actions (self);
  g_autoptr (GAction) graticule = g_settings_create_action (self->settings, "show-graticule");
  g_autoptr (GAction) projection = g_settings_create_action (self->settings, "projection");
  g_action_map_add_action (G_ACTION_MAP (self), graticule);
  g_autoptr (GAction) sea_routes = g_settings_create_action (self->settings, "sea-routes");
  g_action_map_add_action (G_ACTION_MAP (self), sea_routes);
  g_action_map_add_action (G_ACTION_MAP (self), projection);

  g_signal_connect_swapped (self->settings, "changed::show-graticule",
                            G_CALLBACK (apply_graticule), self);
  g_signal_connect_swapped (self->settings, "changed::sea-routes",
                            G_CALLBACK (apply_graticule), self);
  g_signal_connect_swapped (self->settings, "changed::projection",
                            G_CALLBACK (apply_projection), self);
  apply_graticule (self);
  apply_projection (self);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* Keys (+, -, arrows) should reach the map without a click first. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->map_view));

  g_signal_connect_swapped (self->map_view, "notify::pointer-lon",
                            G_CALLBACK (update_pointer_label), self);
  g_signal_connect_swapped (self->map_view, "notify::pointer-lat",
                            G_CALLBACK (update_pointer_label), self);

  /* The basemap takes a moment to read; until then the map is all sea. */
  busy_push (self, _("Loading the world map…"));
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, load_basemap_done, NULL);
  g_task_set_source_tag (task, load_basemap_thread);
  g_task_run_in_thread (task, load_basemap_thread);
}

CorridorWindow *
corridor_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  return g_object_new (CORRIDOR_TYPE_WINDOW, "application", application, NULL);
}

CorridorMapView *
corridor_window_get_map_view (CorridorWindow *self)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), NULL);
  return self->map_view;
}

CorridorRenderer *
corridor_window_get_renderer (CorridorWindow *self)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), NULL);
  return self->renderer;
}

CorridorStore *
corridor_window_get_store (CorridorWindow *self)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), NULL);
  return self->store;
}

gboolean
corridor_window_get_busy (CorridorWindow *self)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), FALSE);
  return self->busy > 0;
}

gboolean
corridor_window_is_empty (CorridorWindow *self)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), FALSE);
  return self->store == NULL && self->case_cancellable == NULL;
}
