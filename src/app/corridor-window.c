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
#include "corridor-evidence-panel.h"
#include "corridor-filter-bar.h"
#include "corridor-timeline.h"
#include "corridor-review-actions.h"
#include "corridor-recent.h"
#include "corridor-import.h"
#include "corridor-infer.h"
#include "corridor-sea-router.h"
#include "corridor-text.h"
#include "corridor-shipment-list.h"
#include "corridor-map-legend.h"
#include "corridor-network-view.h"
#include "corridor-messages-view.h"
#include <json-glib/json-glib.h>

struct _CorridorWindow
{
  AdwApplicationWindow parent_instance;

  /* template */
  AdwToastOverlay *toast_overlay;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack    *view_stack;
  GtkWidget       *timeline_slot;
  GtkWidget       *list_slot;
  GtkWidget       *network_slot;
  GtkWidget       *messages_slot;
  CorridorMapView *map_view;
  GtkWidget       *empty_hint;
  GtkWidget       *progress_box;
  GtkSpinner      *progress_spinner;
  GtkLabel        *progress_label;
  GtkLabel        *pointer_label;
  GtkLabel        *summary_label;
  GtkRevealer     *import_revealer;
  GtkLabel        *import_label;
  GtkProgressBar  *import_progress;
  CorridorEvidencePanel *evidence_panel;
  GtkRevealer     *filter_revealer;
  GtkWidget       *filter_bar;
  GtkWidget       *header_chips;      /* a scroller holding the header's chip row */
  GtkWidget       *read_only_icon;
  GMenu           *recent_menu;       /* the "Open Recent" submenu */
  /* The open case was opened read-only: nothing that writes is enabled. */
  gboolean          read_only;

  /* The shipments shown are those the filter (the win.filter-* states)
   * passes; a change reloads them, one reload at a time. */
  CorridorFilter   *filter;
  GCancellable     *filter_cancellable;
  gboolean          filter_pending;   /* changed while a load or import ran */

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
  /* The store is used by one thread at a time: while an import has it, no
   * export, print or evidence read touches it, and an import only starts
   * when no export or print holds it. */
  struct _Import   *import;           /* the running import, or NULL */
  guint             store_jobs;       /* exports and prints in flight */
  char             *import_report;    /* the last import's report, as shown */
  /* The selection: corridors (route keys) or one port, kept across reloads. */
  char            **selected_keys;
  char             *selected_port;
  /* Selected on the map or by win.select-corridor (the list shows only
   * it), not implied by a shipment chosen on its own. */
  gboolean          selection_scoped;
  gboolean          selection_updating; /* the panel's notifications are ours */
  char            **selection_ids;    /* the shipments it lists */
  char             *selection_title;
  GtkWidget        *legend;           /* CorridorMapLegend over the map */
  /* What the last read of the open case found (OpenCase.all and the rest),
   * from which filter changes are answered without reading it again. */
  struct _OpenCase *scene;
  /* The timeline's play window: while set, the map draws only the shown
   * shipments whose span overlaps it; the list and filters are unchanged. */
  CorridorFilter   *time_window;
};

G_DEFINE_FINAL_TYPE (CorridorWindow, corridor_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_IMPORTING,
  PROP_READ_ONLY,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SCENE_CHANGED,
  SIGNAL_SELECTION_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

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

static void
set_action_enabled (CorridorWindow *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* Printing and exporting need a case that no import is writing; an import
 * needs the store to itself and no case half-opened. */
static void
update_case_actions (CorridorWindow *self)
{
  static const char *const names[] = { "print", "export-map", "export-brief" };
  gboolean importing = self->import != NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    set_action_enabled (self, names[i], self->store != NULL && !importing);
  gboolean can_import = !importing && self->store_jobs == 0 && self->print_op == NULL
                        && !self->print_pending && self->case_cancellable == NULL
                        && !self->read_only;
  set_action_enabled (self, "import", can_import);
  set_action_enabled (self, "import-folder", can_import);
  set_action_enabled (self, "import-paths", can_import);
  set_action_enabled (self, "cancel-import", importing);
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
  if (self->legend != NULL)
    corridor_map_legend_update (CORRIDOR_MAP_LEGEND (self->legend));
}

/* win.corridor-colour: what the corridors' colours say on screen. */
static void
apply_colour_mode (CorridorWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "corridor-colour");
  CorridorColourMode mode = CORRIDOR_COLOUR_STATUS;

  corridor_colour_mode_from_string (name, &mode);
  if (mode == corridor_renderer_get_colour_mode (self->renderer))
    return;
  corridor_renderer_set_colour_mode (self->renderer, mode);
  corridor_map_view_queue_render (self->map_view);
  corridor_map_legend_update (CORRIDOR_MAP_LEGEND (self->legend));
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

typedef struct _OpenCase {
  char          *path;       /* NULL: the demo case */
  CorridorStore *store;
  GPtrArray     *shipments;
  GPtrArray     *ports;
  GHashTable    *sea_routes; /* key -> CorridorSeaRoute*, from the case's cache or routed now */
  guint          n_sources;
  char          *title;
  char          *demo_label; /* provenance of a demo case's shipments, or NULL */
  CorridorFilter *filter;    /* the shipments to read; NULL = the default */
  gboolean       read_only;  /* open the store CORRIDOR_STORE_OPEN_READ_ONLY */
  gboolean       want_handles; /* the case's handles changed (opened, imported into) */
  char         **handles;    /* then: the handles on its shipments, for completion */
  /* Every shipment of the case, whatever its status, of which shipments
   * is the subset the filter passes (sharing them), so that a filter
   * change can be answered from memory (filter_in_memory). */
  GPtrArray     *all;
  gboolean       actor_merges; /* the case merges handles: --actor needs SQL */
  CorridorGazetteer *gazetteer; /* the case's own ports and aliases over the bundled ones */
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
  g_clear_pointer (&data->filter, corridor_filter_free);
  g_strfreev (data->handles);
  g_clear_pointer (&data->all, g_ptr_array_unref);
  g_clear_object (&data->gazetteer);
  g_free (data);
}

/* The shipments of @all that @filter passes, in the same order, shared
 * with @all. corridor_filter_match is the store's query in memory. */
static GPtrArray *
filter_shipments (GPtrArray *all, const CorridorFilter *filter)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_shipment_free);

  for (guint i = 0; i < all->len; i++)
    {
      CorridorShipment *s = g_ptr_array_index (all, i);
      if (corridor_filter_match (filter, s))
        g_ptr_array_add (out, corridor_shipment_ref (s));
    }
  return out;
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

static gboolean load_scene (OpenCase *data, GError **error);

static int
compare_handles (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
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

  data->store = corridor_store_open (data->path,
                                     data->read_only ? CORRIDOR_STORE_OPEN_READ_ONLY
                                                     : CORRIDOR_STORE_OPEN_DEFAULT,
                                     &error);
  if (data->store == NULL || !load_scene (data, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* A store opened here is used on the main thread from now on; SQLite's
   * default serialized mode allows that. */
  g_task_return_boolean (task, TRUE);
}

/* Everything the window shows of data->store, read in a worker thread:
 * when a case is opened and again after an import. */
static gboolean
load_scene (OpenCase *data, GError **error)
{
  g_autoptr (CorridorFilter) everything = corridor_filter_new ();

  everything->statuses = (1u << CORRIDOR_N_STATUSES) - 1;
  data->all = corridor_store_query_shipments (data->store, everything, error);
  if (data->all == NULL)
    return FALSE;
  g_autoptr (GPtrArray) merges = corridor_store_list_actor_merges (data->store, NULL);
  data->actor_merges = merges == NULL || merges->len > 0;
  if (data->filter != NULL && data->filter->actors->len > 0 && data->actor_merges)
    {
      data->shipments = corridor_store_query_shipments (data->store, data->filter, error);
      if (data->shipments == NULL)
        return FALSE;
    }
  else
    data->shipments = filter_shipments (data->all, data->filter);
  /* Routing may prepare the lane graph (well under a second, once per
   * process) when the case has routes it has not cached yet. Every
   * shipment's route is resolved, so that any filter finds its own. */
  data->sea_routes = corridor_routing_resolve (data->store, data->all, error);
  if (data->sea_routes == NULL)
    return FALSE;
  data->ports = corridor_store_list_ports (data->store, error);
  if (data->ports == NULL)
    return FALSE;
  /* For the port filter; without it names resolve through the bundled one. */
  data->gazetteer = corridor_store_load_gazetteer (data->store, NULL);
  g_autoptr (GPtrArray) sources = corridor_store_list_sources (data->store, error);
  if (sources == NULL)
    return FALSE;
  data->n_sources = sources->len;
  if (data->want_handles)
    {
      /* The actors the filter can name: those on the case's shipments. */
      g_autoptr (GHashTable) roles = corridor_store_actor_roles (data->store, error);
      if (roles == NULL)
        return FALSE;
      g_autoptr (GPtrArray) handles = g_ptr_array_new ();
      GHashTableIter iter;
      gpointer key;
      g_hash_table_iter_init (&iter, roles);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (handles, g_strdup (key));
      g_ptr_array_sort (handles, compare_handles);
      g_ptr_array_add (handles, NULL);
      data->handles = (char **) g_ptr_array_free (g_steal_pointer (&handles), FALSE);
    }
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
  return TRUE;
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

static void apply_case (CorridorWindow *self, OpenCase *data, gboolean fit);
static void apply_time_window (CorridorWindow *self);
static void start_filter_reload (CorridorWindow *self);
static gboolean filter_is_default (const CorridorFilter *f);
static void update_panel_store (CorridorWindow *self);
static void clear_selection (CorridorWindow *self);
static void apply_selection (CorridorWindow *self, const char *shipment_id);

static void
open_case_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (source);
  GTask *task = G_TASK (result);
  OpenCase *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (task, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      busy_pop (self);
      if (g_task_get_cancellable (task) == self->case_cancellable)
        g_clear_object (&self->case_cancellable);
      update_case_actions (self);
      /* A recent case that is gone leaves the list. */
      if (data->path != NULL && g_error_matches (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND))
        corridor_recent_remove (self->settings, data->path);
      show_error_dialog (self, _("Could Not Open Case"), error->message);
      if (self->filter_pending)
        start_filter_reload (self);
      return;
    }
  busy_pop (self);
  g_clear_object (&self->case_cancellable);
  apply_case (self, data, TRUE);
  if (self->filter_pending)
    start_filter_reload (self);
}

/* Shows @data's case; @fit: frame its shipments (a new case), else keep
 * the view (the same case reloaded after an import). */
static void
apply_case (CorridorWindow *self, OpenCase *data, gboolean fit)
{
  double bbox[4];

  g_set_object (&self->store, data->store);
  if (data->all != NULL)
    corridor_filter_actions_set_gazetteer (G_ACTION_MAP (self), data->gazetteer);
  if (data->all != NULL && data != self->scene)
    {
      g_clear_pointer (&self->scene, open_case_free);
      self->scene = g_new0 (OpenCase, 1);
      self->scene->path = g_strdup (data->path);
      self->scene->store = g_object_ref (data->store);
      self->scene->all = g_ptr_array_ref (data->all);
      self->scene->ports = g_ptr_array_ref (data->ports);
      self->scene->sea_routes = g_hash_table_ref (data->sea_routes);
      self->scene->n_sources = data->n_sources;
      self->scene->title = g_strdup (data->title);
      self->scene->demo_label = g_strdup (data->demo_label);
      self->scene->actor_merges = data->actor_merges;
    }
  g_clear_pointer (&self->shipments, g_ptr_array_unref);
  g_clear_pointer (&self->ports, g_ptr_array_unref);
  g_clear_pointer (&self->sea_routes, g_hash_table_unref);
  self->shipments = g_ptr_array_ref (data->shipments);
  self->ports = g_ptr_array_ref (data->ports);
  self->sea_routes = g_hash_table_ref (data->sea_routes);
  g_free (self->case_title);
  self->case_title = g_strdup (data->title);
  gboolean read_only = corridor_store_is_read_only (data->store);
  if (read_only != self->read_only)
    {
      self->read_only = read_only;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
    }
  update_case_actions (self);
  if (fit)
    corridor_recent_add (self->settings, data->path);
  if (data->handles != NULL)
    corridor_filter_bar_set_actors (self->filter_bar, (const char *const *) data->handles);
  corridor_renderer_set_sea_routes (self->renderer, data->sea_routes);
  apply_time_window (self);
  if (fit && scene_bbox (data->shipments, bbox))
    corridor_map_view_fit_bbox (self->map_view, bbox[0], bbox[1], bbox[2], bbox[3]);
  else if (fit)
    corridor_map_view_zoom_reset (self->map_view);
  /* Another case keeps nothing of the last selection; the same case after
   * an import keeps the corridor (and shipment) the analyst was reading. */
  g_autofree char *shipment_id = g_strdup (corridor_evidence_panel_get_shipment_id (self->evidence_panel));
  corridor_evidence_panel_set_shipments (self->evidence_panel, data->shipments);
  update_panel_store (self);
  if (fit)
    clear_selection (self);
  else
    apply_selection (self, shipment_id);

  g_autofree char *window_title = read_only
                                  ? g_strdup_printf (_("Corridor — %s (read-only)"), data->title)
                                  : g_strdup_printf ("Corridor — %s", data->title);
  g_autofree char *dir = g_path_get_dirname (data->path);
  g_autofree char *home = g_strdup (g_get_home_dir ());
  g_autofree char *where = g_str_has_prefix (dir, home)
                           ? g_strconcat ("~", dir + strlen (home), NULL)
                           : g_strdup (dir);
  /* Translators: the header's subtitle for a case opened read-only, then its folder. */
  g_autofree char *subtitle = read_only ? g_strdup_printf (_("Read-only · %s"), where)
                                        : g_steal_pointer (&where);
  gtk_widget_set_visible (self->read_only_icon, read_only);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
  adw_view_switcher_title_set_title (self->window_title, data->title);
  adw_view_switcher_title_set_subtitle (self->window_title, subtitle);
  set_summary (self, data->shipments->len, data->n_sources, data->demo_label);
  gtk_widget_set_visible (self->empty_hint, FALSE);
  g_signal_emit (self, signals[SIGNAL_SCENE_CHANGED], 0);
}

static void
start_open_case (CorridorWindow *self, char *path, gboolean read_only, const char *message)
{
  OpenCase *data = g_new0 (OpenCase, 1);

  data->path = path;
  data->read_only = read_only;
  data->want_handles = TRUE;
  data->filter = corridor_filter_copy (self->filter);
  g_cancellable_cancel (self->case_cancellable);
  if (self->case_cancellable != NULL)
    busy_pop (self);  /* the cancelled load will not pop its own */
  g_set_object (&self->case_cancellable, NULL);
  self->case_cancellable = g_cancellable_new ();

  busy_push (self, message);
  update_case_actions (self);
  g_autoptr (GTask) task = g_task_new (self, self->case_cancellable, open_case_done, NULL);
  g_task_set_source_tag (task, start_open_case);
  g_task_set_task_data (task, data, (GDestroyNotify) open_case_free);
  g_task_run_in_thread (task, open_case_thread);
}

static void
open_case_file (CorridorWindow *self, GFile *file, gboolean read_only)
{
  char *path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *body = g_strdup_printf (_("%s is not a local file."), uri);
      show_error_dialog (self, _("Could Not Open Case"), body);
      return;
    }
  start_open_case (self, path, read_only,
                   read_only ? _("Opening case read-only…") : _("Opening case…"));
}

void
corridor_window_open_case (CorridorWindow *self, GFile *file)
{
  g_return_if_fail (CORRIDOR_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  open_case_file (self, file, FALSE);
}

void
corridor_window_open_case_read_only (CorridorWindow *self, GFile *file)
{
  g_return_if_fail (CORRIDOR_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  open_case_file (self, file, TRUE);
}

gboolean
corridor_window_get_read_only (CorridorWindow *self)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), FALSE);
  return self->read_only;
}

void
corridor_window_open_demo (CorridorWindow *self)
{
  g_return_if_fail (CORRIDOR_IS_WINDOW (self));
  start_open_case (self, NULL, FALSE, _("Preparing the demo case…"));
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

/* --- importing --- */

static void add_filter (GtkFileChooser *chooser, const char *name, const char *pattern);

/* One import: chats into the window's case (or a new one), then extraction
 * and inference as `corridor import` does, then the scene again. Shared by
 * the worker, the progress idles and the window, hence reference counted;
 * the fields under "progress" are the only ones both threads touch. */
typedef struct _Import {
  GWeakRef       window;
  GApplication  *app;          /* held while the worker runs */
  char         **paths;
  char          *new_case;     /* create this case first, or NULL */
  CorridorStore *store;        /* the window's, or the new case once created */
  GCancellable  *cancellable;

  /* progress, under lock */
  GMutex         lock;
  double         fraction;
  char          *what;
  gboolean       inferring;
  gboolean       idle_pending;

  /* results, read once the task has returned */
  CorridorImportReport *report;
  GError        *import_error;  /* a refused file or cancellation */
  gboolean       inferred;
  CorridorInferReport infer;
  GError        *infer_error;
  OpenCase      *scene;
} Import;

static void
import_clear (Import *imp)
{
  g_weak_ref_clear (&imp->window);
  g_clear_object (&imp->app);
  g_strfreev (imp->paths);
  g_free (imp->new_case);
  g_clear_object (&imp->store);
  g_clear_object (&imp->cancellable);
  g_mutex_clear (&imp->lock);
  g_free (imp->what);
  g_clear_pointer (&imp->report, corridor_import_report_free);
  g_clear_error (&imp->import_error);
  g_clear_error (&imp->infer_error);
  g_clear_pointer (&imp->scene, open_case_free);
}

static void
import_unref (Import *imp)
{
  g_rc_box_release_full (imp, (GDestroyNotify) import_clear);
}

/* Main thread: the latest progress into the bar. */
static void
import_show_progress (CorridorWindow *self, Import *imp)
{
  g_autofree char *what = NULL;
  double fraction;
  gboolean inferring;

  g_mutex_lock (&imp->lock);
  imp->idle_pending = FALSE;
  fraction = imp->fraction;
  inferring = imp->inferring;
  what = g_strdup (imp->what);
  g_mutex_unlock (&imp->lock);

  if (g_cancellable_is_cancelled (imp->cancellable))
    return;   /* "Cancelling…" stays until the worker stops */
  g_autofree char *label = inferring
                           ? g_strdup (_("Extracting and inferring shipments…"))
                           : what != NULL ? g_strdup_printf (_("Importing %s…"), what)
                                          : g_strdup (_("Importing…"));
  gtk_label_set_label (self->import_label, label);
  gtk_progress_bar_set_fraction (self->import_progress, fraction);
}

static gboolean
import_progress_idle (gpointer data)
{
  Import *imp = data;
  g_autoptr (CorridorWindow) self = g_weak_ref_get (&imp->window);

  /* No cancellable: the window was disposed, its widgets are gone. */
  if (self != NULL && self->import == imp && self->cancellable != NULL)
    import_show_progress (self, imp);
  return G_SOURCE_REMOVE;
}

/* Worker thread: keep only the latest value and let at most one idle be
 * queued, so a fast importer cannot flood the main loop. */
static void
import_set_progress (Import *imp, double fraction, const char *path, gboolean inferring)
{
  gboolean schedule;

  g_mutex_lock (&imp->lock);
  imp->fraction = fraction;
  imp->inferring = inferring;
  if (path != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_free (imp->what);
      imp->what = corridor_text_reveal_controls (base, FALSE);
    }
  schedule = !imp->idle_pending;
  imp->idle_pending = TRUE;
  g_mutex_unlock (&imp->lock);
  if (schedule)
    g_idle_add_full (G_PRIORITY_DEFAULT, import_progress_idle, g_rc_box_acquire (imp),
                     (GDestroyNotify) import_unref);
}

static void
on_import_progress (double fraction, const char *path, gpointer user_data)
{
  import_set_progress (user_data, fraction, path, FALSE);
}

static void
on_infer_progress (double fraction, const char *what, gpointer user_data)
{
  import_set_progress (user_data, fraction, NULL, TRUE);
}

/* The user confirmed replacing @path in the save dialog: the old case goes
 * to the trash, where it can be recovered, never straight to oblivion. */
static gboolean
replace_case_file (const char *path, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) local = NULL;

  if (!g_file_query_exists (file, NULL))
    return TRUE;
  if (!g_file_trash (file, NULL, &local))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO,
                   _("Could not move the old %s to the trash: %s"), path, local->message);
      return FALSE;
    }
  /* A stale journal beside a new database would be replayed into it. */
  for (const char *const *suffix = (const char *const[]) { "-wal", "-shm", "-journal", NULL };
       *suffix != NULL; suffix++)
    {
      g_autofree char *side = g_strconcat (path, *suffix, NULL);
      g_unlink (side);
    }
  return TRUE;
}

static void
import_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Import *imp = task_data;
  GError *error = NULL;
  CorridorImportOptions options = { 0 };

  if (imp->store == NULL)
    {
      if (!replace_case_file (imp->new_case, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      imp->store = corridor_store_open (imp->new_case, CORRIDOR_STORE_OPEN_CREATE, &error);
      if (imp->store == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  /* The same core path as `corridor import`: import every source in its own
   * transaction, then extract and infer unless a file was refused. */
  options.progress = on_import_progress;
  options.progress_data = imp;
  options.cancellable = cancellable;
  if (corridor_import_paths (imp->store, (const char *const *) imp->paths, &options,
                             imp->report, &imp->import_error))
    {
      imp->inferred = corridor_infer_case (imp->store, NULL, on_infer_progress, imp,
                                           cancellable, &imp->infer, &imp->infer_error);
    }

  /* Files finished before a cancel or a refusal stay in the case, so the
   * scene is read again whatever happened. */
  imp->scene = g_new0 (OpenCase, 1);
  imp->scene->path = g_strdup (corridor_store_get_path (imp->store));
  imp->scene->store = g_object_ref (imp->store);
  imp->scene->want_handles = TRUE;
  if (!load_scene (imp->scene, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The report as the dialog shows it: the importer's own text, then what
 * became of extraction and inference. */
static char *
import_report_text (Import *imp)
{
  g_autofree char *text = corridor_import_report_format (imp->report);
  GString *out = g_string_new (text);

  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  if (imp->import_error != NULL && !is_cancelled (imp->import_error))
    g_string_append_printf (out, "%s\n%s\n", imp->import_error->message,
                            _("Extraction and inference did not run; import the files again "
                              "once the refused ones are fixed or removed."));
  else if (imp->inferred)
    g_string_append_printf (out, _("Inferred: %u messages, %u mentions, %u shipments, %u leads\n"),
                            imp->infer.messages, imp->infer.mentions, imp->infer.shipments,
                            imp->infer.leads);
  else if (imp->infer_error != NULL && !is_cancelled (imp->infer_error))
    g_string_append_printf (out, _("Inference failed: %s\n"), imp->infer_error->message);
  return g_string_free (out, FALSE);
}

static void
show_report_dialog (CorridorWindow *self, const char *heading, const char *body,
                    const char *report)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *label = gtk_label_new (NULL);
  /* File names and problems quote the files; nothing in them may act. */
  g_autofree char *shown = corridor_text_reveal_controls (report, TRUE);

  gtk_label_set_label (GTK_LABEL (label), shown);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_widget_set_name (dialog, "import-report");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_finished (CorridorWindow *self, Import *imp)
{
  self->import = NULL;
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
  update_case_actions (self);
  update_panel_store (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);
  if (imp->app != NULL)
    g_application_release (imp->app);
}

static void
import_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (source);
  Import *imp = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (self->import != imp)
    return;
  if (self->cancellable == NULL)
    {
      /* The window is gone; only the application is still held. */
      self->import = NULL;
      if (imp->app != NULL)
        g_application_release (imp->app);
      return;
    }
  /* The last value the worker reported, even if its idle has not run yet. */
  import_show_progress (self, imp);
  import_finished (self, imp);

  if (!ok)
    {
      g_autofree char *report = corridor_import_report_format (imp->report);
      show_report_dialog (self, _("Import Failed"), error->message, report);
      return;
    }
  /* Only into the case it came from: another may have been opened meanwhile. */
  gboolean same_case = imp->new_case != NULL ? self->store == NULL
                                             : self->store == imp->store;
  if (same_case)
    {
      apply_case (self, imp->scene, imp->new_case != NULL);
      /* The worker read the scene unfiltered; read it again as filtered. */
      if (!filter_is_default (self->filter) || self->filter_pending)
        start_filter_reload (self);
    }

  g_free (self->import_report);
  self->import_report = import_report_text (imp);
  if (is_cancelled (imp->import_error) || is_cancelled (imp->infer_error))
    {
      /* Cancelling is the analyst's choice: a word, not a dialog. */
      show_toast (self, is_cancelled (imp->import_error)
                        ? _("Import cancelled; the file being read was left out")
                        : _("Inference cancelled; the imported messages are kept"));
      return;
    }
  if (imp->import_error != NULL)
    show_report_dialog (self, _("Some Files Were Refused"),
                        _("The other files were imported. Each refused file names the line "
                          "at fault."), self->import_report);
  else if (imp->infer_error != NULL)
    show_report_dialog (self, _("Inference Failed"), imp->infer_error->message,
                        self->import_report);
  else
    {
      g_autofree char *body = g_strdup_printf (ngettext ("%u shipment inferred.",
                                                         "%u shipments inferred.",
                                                         imp->infer.shipments),
                                               imp->infer.shipments);
      show_report_dialog (self, _("Import Finished"), body, self->import_report);
    }
}

void
corridor_window_import (CorridorWindow *self, const char *const *paths, const char *new_case)
{
  g_return_if_fail (CORRIDOR_IS_WINDOW (self));
  g_return_if_fail (paths != NULL && paths[0] != NULL);

  if (self->import != NULL || self->store_jobs > 0 || self->print_op != NULL
      || self->print_pending || self->case_cancellable != NULL)
    {
      show_toast (self, _("Could not import now: the case is busy"));
      return;
    }
  if (self->store == NULL && new_case == NULL)
    {
      show_toast (self, _("Could not import: no case is open"));
      return;
    }
  if (self->store != NULL && self->read_only)
    {
      show_toast (self, _("Could not import: the case is open read-only. Open it with "
                          "Open Case… to import into it."));
      return;
    }

  Import *imp = g_rc_box_new0 (Import);
  g_weak_ref_init (&imp->window, self);
  g_mutex_init (&imp->lock);
  imp->paths = g_strdupv ((char **) paths);
  imp->new_case = self->store == NULL ? g_strdup (new_case) : NULL;
  imp->store = self->store ? g_object_ref (self->store) : NULL;
  imp->cancellable = g_cancellable_new ();
  imp->report = corridor_import_report_new ();

  self->import = imp;
  update_case_actions (self);
  update_panel_store (self);
  gtk_label_set_label (self->import_label, _("Importing…"));
  gtk_progress_bar_set_fraction (self->import_progress, 0.0);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);
  /* Quitting waits for the worker to stop (cancelled in dispose), so no
   * transaction is cut off by the process ending. */
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  if (app != NULL)
    {
      imp->app = g_object_ref (G_APPLICATION (app));
      g_application_hold (imp->app);
    }

  g_autoptr (GTask) task = g_task_new (self, imp->cancellable, import_done, NULL);
  g_task_set_source_tag (task, corridor_window_import);
  /* A cancelled import still returns what it did (files finished before the
   * cancel, the scene read again); GTask would replace that with CANCELLED. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, imp, (GDestroyNotify) import_unref);
  g_task_run_in_thread (task, import_thread);
}

void
corridor_window_cancel_import (CorridorWindow *self)
{
  g_return_if_fail (CORRIDOR_IS_WINDOW (self));

  if (self->import == NULL)
    return;
  g_cancellable_cancel (self->import->cancellable);
  gtk_label_set_label (self->import_label, _("Cancelling…"));
}

gboolean
corridor_window_get_importing (CorridorWindow *self)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), FALSE);
  return self->import != NULL;
}

const char *
corridor_window_get_import_report (CorridorWindow *self)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), NULL);
  return self->import_report;
}

/* The sources chooser; the new case's path, if any, rides along. */
static void
on_import_sources_response (GtkNativeDialog *dialog, int response, CorridorWindow *self)
{
  const char *new_case = g_object_get_data (G_OBJECT (dialog), "corridor-new-case");
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr (GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);
          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      if (paths->len < g_list_model_get_n_items (files))
        show_toast (self, _("Only local files can be imported; the others were left out"));
    }
  g_ptr_array_add (paths, NULL);
  if (paths->len > 1)
    corridor_window_import (self, (const char *const *) paths->pdata, new_case);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (dialog));
  g_object_unref (dialog);
}

static void
choose_import_sources (CorridorWindow *self, gboolean folders, const char *new_case)
{
  GtkFileChooserNative *dialog =
      gtk_file_chooser_native_new (folders ? _("Import Folders") : _("Import Chats"),
                                   GTK_WINDOW (self),
                                   folders ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                           : GTK_FILE_CHOOSER_ACTION_OPEN,
                                   _("_Import"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  if (!folders)
    {
      g_autoptr (GtkFileFilter) chats = gtk_file_filter_new ();
      gtk_file_filter_set_name (chats, _("Chat Exports"));
      for (const char *const *ext = (const char *const[]) { "jsonl", "csv", "txt", "json", "zip",
                                                            NULL }; *ext != NULL; ext++)
        gtk_file_filter_add_suffix (chats, *ext);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), chats);
      /* Formats are told from content, so any name may hold a chat. */
      add_filter (GTK_FILE_CHOOSER (dialog), _("All Files"), "*");
    }
  g_object_set_data_full (G_OBJECT (dialog), "corridor-new-case", g_strdup (new_case), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_import_sources_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_new_case_response (GtkNativeDialog *dialog, int response, CorridorWindow *self)
{
  gboolean folders = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "corridor-folders"));
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = file ? g_file_get_path (file) : NULL;
      if (file != NULL && path == NULL)
        show_toast (self, _("A case must be a local file"));
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (dialog));
  g_object_unref (dialog);
  if (path == NULL)
    return;
  if (!g_str_has_suffix (path, ".corridor"))
    {
      char *named = g_strconcat (path, ".corridor", NULL);
      g_free (path);
      path = named;
    }
  choose_import_sources (self, folders, path);
}

/* With no case open, the chats go into a new case, saved where the analyst
 * says first: a case holds evidence and must never be an unnamed temporary. */
static void
start_import (CorridorWindow *self, gboolean folders)
{
  if (!g_action_get_enabled (g_action_map_lookup_action (G_ACTION_MAP (self), "import")))
    return;
  if (self->store != NULL)
    {
      choose_import_sources (self, folders, NULL);
      return;
    }
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("New Case for the Import"),
                                                              GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE,
                                                              _("_Create"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("New case.corridor"));
  add_filter (GTK_FILE_CHOOSER (dialog), _("Corridor Cases"), "*.corridor");
  g_object_set_data (G_OBJECT (dialog), "corridor-folders", GINT_TO_POINTER (folders));
  g_signal_connect (dialog, "response", G_CALLBACK (on_new_case_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
import_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  start_import (user_data, FALSE);
}

static void
import_folder_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  start_import (user_data, TRUE);
}

/* Scripted imports (and tests): the paths without a chooser; with no case
 * open the new case is still asked for. */
static void
import_paths_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (user_data);
  g_autofree const char **paths = g_variant_get_strv (param, NULL);

  if (paths[0] == NULL)
    return;
  if (self->store != NULL)
    corridor_window_import (self, paths, NULL);
  else
    show_toast (self, _("Open or create a case before importing"));
}

static void
cancel_import_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  corridor_window_cancel_import (user_data);
}

/* --- selection and evidence --- */

/* The panel may read the store unless an import, export or print has lent
 * it to a worker thread. */
static void
update_panel_store (CorridorWindow *self)
{
  gboolean lent = (self->import != NULL && self->import->store == self->store)
                  || self->store_jobs > 0;
  corridor_evidence_panel_set_store (self->evidence_panel, lent ? NULL : self->store);
}

static char *
shipment_route_key (const CorridorShipment *s)
{
  return corridor_sea_route_key (s->stops, s->n_stops);
}

static char *
route_title (const CorridorShipment *s)
{
  GString *title = g_string_new (NULL);
  for (guint i = 0; i < s->n_stops; i++)
    {
      g_autofree char *name = corridor_text_reveal_controls (s->stops[i].name ? s->stops[i].name
                                                                             : s->stops[i].locode,
                                                             FALSE);
      if (i > 0)
        g_string_append (title, " → ");
      g_string_append (title, name);
    }
  return g_string_free (title, FALSE);
}

static void
set_evidence_visible (CorridorWindow *self, gboolean visible)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "show-evidence");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (visible));
  gtk_widget_set_visible (GTK_WIDGET (self->evidence_panel), visible);
}

static const CorridorShipment *
find_shown_shipment (CorridorWindow *self, const char *id)
{
  for (guint i = 0; id != NULL && self->shipments != NULL && i < self->shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (self->shipments, i);
      if (strcmp (s->id, id) == 0)
        return s;
    }
  return NULL;
}

/* After the selection or the chosen shipment changed: the map highlights
 * the selected corridors and the chosen shipment's, Zoom to Selection has
 * something to zoom to, and the views following the selection hear of it. */
static void
selection_changed (CorridorWindow *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const CorridorShipment *chosen = find_shown_shipment (self, corridor_window_get_selected_shipment (self));
  g_autofree char *chosen_key = chosen != NULL ? shipment_route_key (chosen) : NULL;

  if (self->selected_keys != NULL)
    g_strv_builder_addv (builder, (const char **) self->selected_keys);
  if (chosen_key != NULL
      && (self->selected_keys == NULL
          || !g_strv_contains ((const char *const *) self->selected_keys, chosen_key)))
    g_strv_builder_add (builder, chosen_key);
  g_auto (GStrv) keys = g_strv_builder_end (builder);
  const char *const *shown = corridor_renderer_get_highlight (self->renderer);
  if (shown != NULL ? !g_strv_equal (shown, (const char *const *) keys) : keys[0] != NULL)
    {
      corridor_renderer_set_highlight (self->renderer, (const char *const *) keys);
      corridor_map_view_queue_render (self->map_view);
    }
  set_action_enabled (self, "zoom-selection", keys[0] != NULL || self->selected_port != NULL);
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

static void
on_panel_shipment (CorridorWindow *self)
{
  if (!self->selection_updating)
    selection_changed (self);
}

/* Lists the shipments of the kept selection in the panel and chooses
 * @shipment_id among them when it is one. */
static void
apply_selection (CorridorWindow *self, const char *shipment_id)
{
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr (GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) titled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *port_name = NULL;
  guint n = 0;

  for (guint i = 0; self->selected_keys != NULL && self->selected_keys[i] != NULL; i++)
    g_hash_table_add (keys, self->selected_keys[i]);
  for (guint i = 0; self->shipments != NULL && i < self->shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (self->shipments, i);
      gboolean hit = FALSE;

      if (self->selected_port != NULL)
        for (guint k = 0; k < s->n_stops && !hit; k++)
          if (strcmp (s->stops[k].locode, self->selected_port) == 0)
            {
              hit = TRUE;
              port_name = s->stops[k].name;
            }
      if (!hit && g_hash_table_size (keys) > 0)
        {
          g_autofree char *key = shipment_route_key (s);
          hit = g_hash_table_contains (keys, key);
          /* One title per corridor, from its first shipment. */
          if (hit && !g_hash_table_contains (titled, key))
            {
              g_ptr_array_add (titles, route_title (s));
              g_hash_table_add (titled, g_steal_pointer (&key));
            }
        }
      if (hit)
        {
          g_strv_builder_add (ids, s->id);
          n++;
        }
    }

  g_auto (GStrv) strv = g_strv_builder_end (ids);
  g_autofree char *title = NULL;
  if (self->selected_port != NULL)
    {
      g_autofree char *name = corridor_text_reveal_controls (port_name ? port_name
                                                                      : self->selected_port,
                                                             FALSE);
      title = g_strdup_printf (ngettext ("%s (%s): %u shipment", "%s (%s): %u shipments", n),
                               name, self->selected_port, n);
    }
  else if (titles->len == 0)
    /* The filters now hide every shipment of the kept corridors. */
    title = g_strdup (_("No shown shipment runs along the selected corridors"));
  else
    {
      g_ptr_array_add (titles, NULL);
      g_autofree char *routes = g_strjoinv ("\n", (char **) titles->pdata);
      title = g_strdup_printf (ngettext ("%s: %u shipment", "%s: %u shipments", n), routes, n);
    }
  g_strfreev (self->selection_ids);
  self->selection_ids = g_strdupv (strv);
  g_free (self->selection_title);
  self->selection_title = g_strdup (title);

  self->selection_updating = TRUE;
  corridor_evidence_panel_show_selection (self->evidence_panel, title,
                                          (const char *const *) strv);
  if (shipment_id != NULL)
    corridor_evidence_panel_select_shipment (self->evidence_panel, shipment_id);
  self->selection_updating = FALSE;
  selection_changed (self);
}

static void
clear_selection (CorridorWindow *self)
{
  g_clear_pointer (&self->selected_keys, g_strfreev);
  g_clear_pointer (&self->selected_port, g_free);
  g_clear_pointer (&self->selection_ids, g_strfreev);
  g_clear_pointer (&self->selection_title, g_free);
  self->selection_scoped = FALSE;
  self->selection_updating = TRUE;
  corridor_evidence_panel_show_selection (self->evidence_panel, NULL, NULL);
  self->selection_updating = FALSE;
  selection_changed (self);
}

/* Selects corridors or a port (@scoped: on the map, so the list shows only
 * their shipments; else implied by choosing @shipment_id, one of them). */
static void
select_corridors (CorridorWindow *self, const char *const *keys, const char *locode,
                  gboolean scoped, const char *shipment_id, gboolean show_pane)
{
  if ((keys == NULL || keys[0] == NULL) && locode == NULL)
    {
      clear_selection (self);
      return;
    }
  g_strfreev (self->selected_keys);
  self->selected_keys = g_strdupv ((char **) keys);
  g_free (self->selected_port);
  self->selected_port = g_strdup (locode);
  self->selection_scoped = scoped;
  apply_selection (self, shipment_id);
  if (show_pane)
    set_evidence_visible (self, TRUE);
}

/* A port clicked on the map becomes a port filter (kept with any other
 * port filters); the scene reloads through the filter actions. */
static void
filter_by_port (CorridorWindow *self, const char *locode)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "filter-port");
  g_autoptr (GVariant) state = g_action_get_state (action);
  g_autofree const char **ports = g_variant_get_strv (state, NULL);

  if (g_strv_contains (ports, locode))
    return;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, ports);
  g_strv_builder_add (builder, locode);
  g_auto (GStrv) next = g_strv_builder_end (builder);
  g_action_change_state (action, g_variant_new_strv ((const char *const *) next, -1));
}

static void
on_map_clicked (CorridorMapView *view, const char *const *keys, const char *locode,
                CorridorWindow *self)
{
  if (locode != NULL)
    filter_by_port (self, locode);
  else
    select_corridors (self, keys, NULL, TRUE, NULL, TRUE);
}

static void
select_corridor_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  const char *keys[] = { g_variant_get_string (param, NULL), NULL };
  select_corridors (CORRIDOR_WINDOW (user_data), keys, NULL, TRUE, NULL, TRUE);
}

static void
clear_selection_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  clear_selection (CORRIDOR_WINDOW (user_data));
}

gboolean
corridor_window_select_shipment (CorridorWindow *self, const char *id, gboolean show_pane)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (corridor_evidence_panel_select_shipment (self->evidence_panel, id))
    {
      if (show_pane)
        set_evidence_visible (self, TRUE);
      return TRUE;
    }
  const CorridorShipment *s = find_shown_shipment (self, id);
  if (s == NULL)
    return FALSE;
  /* Not in the selection: its corridor is listed in the pane, without
   * narrowing the shipment list to it. */
  g_autofree char *key = shipment_route_key (s);
  const char *keys[] = { key, NULL };
  select_corridors (self, keys, NULL, FALSE, id, show_pane);
  return TRUE;
}

/* Chooses a shipment, selecting its corridor first when it is not listed. */
static void
select_shipment_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (user_data);

  if (!corridor_window_select_shipment (self, g_variant_get_string (param, NULL), TRUE))
    show_toast (self, _("No such shipment in this case"));
}

/* Fits the map to the stops of the selection's shipments, or of the
 * chosen shipment. */
static void
zoom_selection_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (user_data);
  g_autoptr (GPtrArray) chosen = g_ptr_array_new ();
  double bbox[4];

  for (guint i = 0; self->selection_ids != NULL && self->selection_ids[i] != NULL; i++)
    {
      const CorridorShipment *s = find_shown_shipment (self, self->selection_ids[i]);
      if (s != NULL)
        g_ptr_array_add (chosen, (gpointer) s);
    }
  if (chosen->len == 0)
    {
      const CorridorShipment *s = find_shown_shipment (self, corridor_window_get_selected_shipment (self));
      if (s != NULL)
        g_ptr_array_add (chosen, (gpointer) s);
    }
  if (scene_bbox (chosen, bbox))
    corridor_map_view_fit_bbox (self->map_view, bbox[0], bbox[1], bbox[2], bbox[3]);
}

static void
show_evidence_changed (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  set_evidence_visible (CORRIDOR_WINDOW (user_data), g_variant_get_boolean (value));
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
on_open_read_only_response (GtkNativeDialog *dialog, int response, CorridorWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file != NULL)
        corridor_window_open_case_read_only (self, file);
    }
  g_object_unref (dialog);
}

static void
open_read_only_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  choose_file (user_data, _("Open Case Read-Only"), _("Corridor Cases"), "*.corridor",
               G_CALLBACK (on_open_read_only_response));
}

static void
open_recent_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_autoptr (GFile) file = g_file_new_for_path (g_variant_get_string (param, NULL));
  corridor_window_open_case (user_data, file);
}

static void
update_recent_menu (CorridorWindow *self)
{
  g_auto (GStrv) recent = g_settings_get_strv (self->settings, "recent-cases");
  corridor_recent_fill_menu (self->recent_menu, (const char *const *) recent);
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
  CorridorColourMode  colour_mode;
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
  /* The screen's legend is a widget over the map; files get the
   * renderer's. A map file is coloured as the view is; a briefing by
   * outcome, as `corridor brief` does. */
  job->flags = corridor_renderer_get_flags (self->renderer) | CORRIDOR_RENDER_LEGEND;
  job->colour_mode = kind == JOB_MAP ? corridor_renderer_get_colour_mode (self->renderer)
                                     : CORRIDOR_COLOUR_OUTCOME;
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
  corridor_renderer_set_colour_mode (job->renderer, job->colour_mode);
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
  update_case_actions (self);
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
  update_case_actions (self);
}

static void
job_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  self->store_jobs--;
  if (self->cancellable != NULL)
    {
      update_case_actions (self);
      update_panel_store (self);
    }
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
  self->store_jobs++;
  update_case_actions (self);
  update_panel_store (self);
  busy_push (self, message);
  g_autoptr (GTask) task = job_task_new (self, job, job_done);
  g_task_run_in_thread (task, job_thread);
}

/* The same thread function as the actions, waited for. */
static gboolean
job_run_sync (CorridorWindow *self, Job *job, GError **error)
{
  g_autoptr (GTask) task = job_task_new (self, job, NULL);

  self->store_jobs++;
  update_panel_store (self);
  g_task_run_in_thread_sync (task, job_thread);
  self->store_jobs--;
  update_panel_store (self);
  return g_task_propagate_boolean (task, error);
}

static gboolean
check_case (CorridorWindow *self, GError **error)
{
  if (self->import != NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   _("An import is writing to the case"));
      return FALSE;
    }
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

/* --- filters --- */

static gboolean
filter_is_default (const CorridorFilter *f)
{
  return f->ports->len == 0 && f->actors->len == 0 && f->from == NULL && f->to == NULL
         && f->roles == 0 && f->min_confidence <= 0.0 && f->statuses == 0;
}

static void
filter_reload_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (source);
  GTask *task = G_TASK (result);
  OpenCase *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (task, &error);

  self->store_jobs--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* only on dispose */
  g_clear_object (&self->filter_cancellable);
  busy_pop (self);
  update_case_actions (self);
  update_panel_store (self);
  if (self->filter_pending)
    {
      /* The filter changed while this ran: its result is already stale. */
      start_filter_reload (self);
      return;
    }
  if (!ok)
    {
      show_toast (self, error->message);
      return;
    }
  /* Another case may have been opened meanwhile; its own load filtered it. */
  if (data->store == self->store)
    apply_case (self, data, FALSE);
}

static void
filter_reload_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!load_scene (task_data, &error))
    g_task_return_error (task, error);
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

/* Reads the open case's scene again through self->filter, off the main
 * thread, lending it the store as exports do (the store's statement cache
 * is one thread's at a time). An import, case load or reload in flight
 * defers it: it runs again when they finish, so one reload runs at most. */
static void
start_filter_reload (CorridorWindow *self)
{
  if (self->import != NULL || self->case_cancellable != NULL || self->filter_cancellable != NULL)
    {
      self->filter_pending = TRUE;
      return;
    }
  self->filter_pending = FALSE;
  if (self->store == NULL)
    return;

  OpenCase *data = g_new0 (OpenCase, 1);
  data->path = g_strdup (corridor_store_get_path (self->store));
  data->store = g_object_ref (self->store);
  data->filter = corridor_filter_copy (self->filter);
  self->filter_cancellable = g_cancellable_new ();
  self->store_jobs++;
  update_case_actions (self);
  update_panel_store (self);
  busy_push (self, _("Filtering shipments…"));
  g_autoptr (GTask) task = g_task_new (self, self->filter_cancellable, filter_reload_done, NULL);
  g_task_set_source_tag (task, start_filter_reload);
  g_task_set_task_data (task, data, (GDestroyNotify) open_case_free);
  g_task_run_in_thread (task, filter_reload_thread);
}

GPtrArray *
corridor_window_match_shipments (CorridorWindow *self, const CorridorFilter *filter)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  OpenCase *scene = self->scene;
  if (scene == NULL || scene->store != self->store || self->store == NULL
      || (filter->actors->len > 0 && scene->actor_merges)
      || !corridor_filter_validate (filter, NULL))
    return NULL;
  return filter_shipments (scene->all, filter);
}

/* Answers a filter change from the shipments the last read of the case
 * found, on the main thread (a pass over them, well under a frame for
 * 10,000), when nothing may have changed the case since: no import, case
 * load or reload is running (each of them reads it again and keeps what
 * it read). FALSE: read the case instead. */
static gboolean
filter_in_memory (CorridorWindow *self)
{
  OpenCase *scene = self->scene;

  if (self->import != NULL || self->case_cancellable != NULL || self->filter_cancellable != NULL)
    return FALSE;
  g_autoptr (GPtrArray) shipments = corridor_window_match_shipments (self, self->filter);
  if (shipments == NULL)
    return FALSE;

  OpenCase *data = g_new0 (OpenCase, 1);
  data->path = g_strdup (scene->path);
  data->store = g_object_ref (scene->store);
  data->ports = g_ptr_array_ref (scene->ports);
  data->sea_routes = g_hash_table_ref (scene->sea_routes);
  data->n_sources = scene->n_sources;
  data->title = g_strdup (scene->title);
  data->demo_label = g_strdup (scene->demo_label);
  data->shipments = g_steal_pointer (&shipments);
  self->filter_pending = FALSE;
  apply_case (self, data, FALSE);
  open_case_free (data);
  return TRUE;
}

static void
on_filter_changed (gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (user_data);

  g_clear_pointer (&self->filter, corridor_filter_free);
  self->filter = corridor_filter_from_actions (G_ACTION_GROUP (self));
  if (!filter_in_memory (self))
    start_filter_reload (self);
}

static void
on_filter_refused (gpointer user_data, const char *message)
{
  show_toast (CORRIDOR_WINDOW (user_data), message);
}

static const CorridorFilterHooks filter_hooks = {
  .changed = on_filter_changed,
  .refused = on_filter_refused,
};

static void
show_filters_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (user_data);

  gtk_revealer_set_reveal_child (self->filter_revealer, TRUE);
  corridor_filter_bar_focus (self->filter_bar);
}

/* win.view: which page of the stack shows ("map", "network", "messages"). */
static void
view_changed (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  CorridorWindow *self = CORRIDOR_WINDOW (user_data);
  const char *name = g_variant_get_string (value, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
on_visible_view (CorridorWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "view");
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (action != NULL && name != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (name));
}

static const GActionEntry win_entries[] = {
  { .name = "view", .parameter_type = "s", .state = "'map'", .change_state = view_changed },
  { .name = "open", .activate = open_activated },
  { .name = "open-read-only", .activate = open_read_only_activated },
  { .name = "open-recent", .activate = open_recent_activated, .parameter_type = "s" },
  { .name = "open-demo", .activate = open_demo_activated },
  { .name = "add-layer", .activate = add_layer_activated },
  { .name = "zoom-in", .activate = zoom_in_activated },
  { .name = "zoom-out", .activate = zoom_out_activated },
  { .name = "zoom-reset", .activate = zoom_reset_activated },
  { .name = "print", .activate = print_activated },
  { .name = "export-map", .activate = export_map_activated },
  { .name = "export-brief", .activate = export_brief_activated },
  { .name = "brief-settings", .activate = brief_settings_activated },
  { .name = "import", .activate = import_activated },
  { .name = "import-folder", .activate = import_folder_activated },
  { .name = "import-paths", .activate = import_paths_activated, .parameter_type = "as" },
  { .name = "cancel-import", .activate = cancel_import_activated },
  { .name = "select-corridor", .activate = select_corridor_activated, .parameter_type = "s" },
  { .name = "select-shipment", .activate = select_shipment_activated, .parameter_type = "s" },
  { .name = "clear-selection", .activate = clear_selection_activated },
  { .name = "zoom-selection", .activate = zoom_selection_activated },
  { .name = "show-evidence", .state = "false", .change_state = show_evidence_changed },
  { .name = "show-filters", .activate = show_filters_activated },
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
    case PROP_IMPORTING:
      g_value_set_boolean (value, self->import != NULL);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
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
  /* The worker stops at its next record; its callback finds the window
   * gone (no cancellable) and only lets go of the application. */
  if (self->import != NULL)
    g_cancellable_cancel (self->import->cancellable);
  g_cancellable_cancel (self->filter_cancellable);
  g_clear_object (&self->case_cancellable);
  g_clear_object (&self->filter_cancellable);
  g_clear_object (&self->cancellable);
  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  if (self->evidence_panel != NULL)
    g_signal_handlers_disconnect_by_func (self->evidence_panel, on_panel_shipment, self);
  self->legend = NULL;  /* the map's overlay owns it */
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
  g_clear_pointer (&self->import_report, g_free);
  g_clear_pointer (&self->selected_keys, g_strfreev);
  g_clear_pointer (&self->selected_port, g_free);
  g_clear_pointer (&self->selection_ids, g_strfreev);
  g_clear_pointer (&self->selection_title, g_free);
  g_clear_pointer (&self->filter, corridor_filter_free);
  g_clear_pointer (&self->time_window, corridor_filter_free);
  g_clear_pointer (&self->scene, open_case_free);

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
  properties[PROP_IMPORTING] =
    g_param_spec_boolean ("importing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The open case was opened read-only: actions that write bind to it. */
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The shipments shown (corridor_window_get_shipments) were replaced: a
   * case opened, a filter changed or an import finished. The views that
   * follow the filter (list, timeline, network) refresh from it. */
  signals[SIGNAL_SCENE_CHANGED] =
    g_signal_new ("scene-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  /* The selection (corridor_window_get_selection) or the chosen shipment
   * (corridor_window_get_selected_shipment) changed. */
  signals[SIGNAL_SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (CORRIDOR_TYPE_MAP_VIEW);
  g_type_ensure (CORRIDOR_TYPE_EVIDENCE_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/corridor/Corridor/corridor-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, timeline_slot);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, list_slot);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, network_slot);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, messages_slot);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, empty_hint);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, progress_box);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, progress_spinner);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, pointer_label);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, import_label);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, evidence_panel);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, header_chips);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, read_only_icon);
  gtk_widget_class_bind_template_child (widget_class, CorridorWindow, recent_menu);
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
  self->filter = corridor_filter_new ();
  corridor_filter_actions_add (G_ACTION_MAP (self), &filter_hooks, self);
  corridor_review_actions_install (self);
  self->filter_bar = corridor_filter_bar_new (G_ACTION_GROUP (self));
  gtk_revealer_set_child (self->filter_revealer, self->filter_bar);
  /* The timeline follows the filter states and adds win.timeline-play. */
  gtk_box_append (GTK_BOX (self->timeline_slot), corridor_timeline_new (self));
  /* Search and conversations; adds win.search-messages, win.show-conversation. */
  gtk_box_append (GTK_BOX (self->messages_slot), corridor_messages_view_new (self));
  GtkWidget *chips = corridor_filter_chips_new (G_ACTION_GROUP (self));
  gtk_widget_set_name (chips, "header-filter-chips");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->header_chips), chips);
  g_object_bind_property (chips, "visible", self->header_chips, "visible", G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->settings, "changed::recent-cases",
                            G_CALLBACK (update_recent_menu), self);
  update_recent_menu (self);
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
  g_signal_connect (self->map_view, "map-clicked", G_CALLBACK (on_map_clicked), self);
  g_signal_connect_swapped (self->evidence_panel, "notify::shipment-id",
                            G_CALLBACK (on_panel_shipment), self);
  set_action_enabled (self, "zoom-selection", FALSE);

  /* The legend on screen is a card over the map, not the renderer's. */
  corridor_renderer_set_flags (self->renderer,
                               corridor_renderer_get_flags (self->renderer) & ~CORRIDOR_RENDER_LEGEND);
  self->legend = corridor_map_legend_new (self->renderer);
  gtk_overlay_add_overlay (GTK_OVERLAY (gtk_widget_get_parent (GTK_WIDGET (self->map_view))),
                           self->legend);
  g_autoptr (GAction) colour = g_settings_create_action (self->settings, "corridor-colour");
  g_action_map_add_action (G_ACTION_MAP (self), colour);
  g_signal_connect_swapped (self->settings, "changed::corridor-colour",
                            G_CALLBACK (apply_colour_mode), self);
  apply_colour_mode (self);
  gtk_box_append (corridor_window_get_slot (self, "list"), corridor_shipment_list_new (self));
  gtk_box_append (corridor_window_get_slot (self, "network"), corridor_network_view_new (self));
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (on_visible_view), self);

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
  return self->store == NULL && self->case_cancellable == NULL && self->import == NULL;
}

GtkWidget *
corridor_window_get_evidence_panel (CorridorWindow *self)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->evidence_panel);
}

GPtrArray *
corridor_window_get_shipments (CorridorWindow *self)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), NULL);
  return self->shipments;
}

const CorridorFilter *
corridor_window_get_filter (CorridorWindow *self)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), NULL);
  return self->filter;
}

GtkWidget *
corridor_window_get_filter_bar (CorridorWindow *self)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), NULL);
  return self->filter_bar;
}

const char *const *
corridor_window_get_selection (CorridorWindow *self, const char **title)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), NULL);
  if (title != NULL)
    *title = self->selection_scoped ? self->selection_title : NULL;
  return self->selection_scoped ? (const char *const *) self->selection_ids : NULL;
}

const char *
corridor_window_get_selected_shipment (CorridorWindow *self)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), NULL);
  return corridor_evidence_panel_get_shipment_id (self->evidence_panel);
}

/* The page of the view stack that shows the named view ("map", "network",
 * "messages"), for the views to put their widgets in: the map page has a
 * slot for the timeline and one for the shipment list under the map. */
GtkBox *
corridor_window_get_slot (CorridorWindow *self, const char *name)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (self), NULL);
  if (g_strcmp0 (name, "timeline") == 0)
    return GTK_BOX (self->timeline_slot);
  if (g_strcmp0 (name, "list") == 0)
    return GTK_BOX (self->list_slot);
  if (g_strcmp0 (name, "network") == 0)
    return GTK_BOX (self->network_slot);
  if (g_strcmp0 (name, "messages") == 0)
    return GTK_BOX (self->messages_slot);
  return NULL;
}

/* Gives the renderer the shown shipments, or, while the timeline plays,
 * those of them inside its window. */
static void
apply_time_window (CorridorWindow *self)
{
  if (self->shipments == NULL)
    return;
  if (self->time_window == NULL)
    corridor_renderer_set_scene (self->renderer, self->shipments, self->ports);
  else
    {
      g_autoptr (GPtrArray) shown = g_ptr_array_new ();
      for (guint i = 0; i < self->shipments->len; i++)
        {
          CorridorShipment *s = g_ptr_array_index (self->shipments, i);
          if (corridor_filter_match (self->time_window, s))
            g_ptr_array_add (shown, s);
        }
      corridor_renderer_set_scene (self->renderer, shown, self->ports);
    }
  corridor_map_view_queue_render (self->map_view);
  corridor_map_legend_update (CORRIDOR_MAP_LEGEND (self->legend));
}

void
corridor_window_set_time_window (CorridorWindow *self, const char *from, const char *to)
{
  g_return_if_fail (CORRIDOR_IS_WINDOW (self));

  g_clear_pointer (&self->time_window, corridor_filter_free);
  if (from != NULL || to != NULL)
    {
      self->time_window = corridor_filter_new ();
      self->time_window->from = g_strdup (from);
      self->time_window->to = g_strdup (to);
      /* Every status the list shows passes; only the dates narrow. */
      self->time_window->statuses = (1u << CORRIDOR_N_STATUSES) - 1;
    }
  apply_time_window (self);
}

void
corridor_window_reload (CorridorWindow *self)
{
  g_return_if_fail (CORRIDOR_IS_WINDOW (self));
  start_filter_reload (self);
}

void
corridor_window_add_toast (CorridorWindow *self, AdwToast *toast)
{
  g_return_if_fail (CORRIDOR_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
