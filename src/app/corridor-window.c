/* corridor-window.c: the main window. Invariants: the renderer's scene always
 * belongs to self->store (or is empty when no case is open); a case replaces
 * the current one only once it has loaded completely, so a failed open
 * leaves the window as it was; at most one case load runs at a time (a new
 * one cancels the old, and cancellation is silent). */
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

static const GActionEntry win_entries[] = {
  { .name = "open", .activate = open_activated },
  { .name = "open-demo", .activate = open_demo_activated },
  { .name = "add-layer", .activate = add_layer_activated },
  { .name = "zoom-in", .activate = zoom_in_activated },
  { .name = "zoom-out", .activate = zoom_out_activated },
  { .name = "zoom-reset", .activate = zoom_reset_activated },
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
  corridor_map_view_set_renderer (self->map_view, self->renderer);

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);
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
