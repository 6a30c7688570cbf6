/* corridor-application.c: the GUI application. It parses --demo and --read-only, opens one
 * window per case given on the command line (reusing an empty window) and
 * owns the app-wide actions and accelerators. AdwApplication itself loads
 * style.css and GtkApplication the shortcuts window, both from the resource
 * base path /org/corridor/Corridor. */
#include "corridor-application.h"

#include <glib/gi18n.h>

#include "corridor-maps.h"

#include "corridor-config.h"
#include "corridor-window.h"

struct _CorridorApplication
{
  AdwApplication parent_instance;
  gboolean       open_demo;
  gboolean       open_read_only;  /* --read-only: the cases given open read-only */
};

G_DEFINE_FINAL_TYPE (CorridorApplication, corridor_application, ADW_TYPE_APPLICATION)

/* The active window, or a new one when there is none or when @need_empty
 * and the active one already shows (or is loading) a case. */
static CorridorWindow *
get_window (CorridorApplication *self, gboolean need_empty)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (CORRIDOR_IS_WINDOW (active)
      && (!need_empty || corridor_window_is_empty (CORRIDOR_WINDOW (active))))
    return CORRIDOR_WINDOW (active);
  return corridor_window_new (GTK_APPLICATION (self));
}

static void
corridor_application_activate (GApplication *app)
{
  CorridorApplication *self = CORRIDOR_APPLICATION (app);
  CorridorWindow *window = get_window (self, FALSE);

  gtk_window_present (GTK_WINDOW (window));
  if (self->open_demo)
    {
      self->open_demo = FALSE;
      corridor_window_open_demo (window);
    }
}

static void
corridor_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  CorridorApplication *self = CORRIDOR_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      CorridorWindow *window = get_window (self, TRUE);
      gtk_window_present (GTK_WINDOW (window));
      if (self->open_read_only)
        corridor_window_open_case_read_only (window, files[i]);
      else
        corridor_window_open_case (window, files[i]);
    }
}

static int
corridor_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  CorridorApplication *self = CORRIDOR_APPLICATION (app);

  if (g_variant_dict_contains (options, "demo"))
    self->open_demo = TRUE;
  if (g_variant_dict_contains (options, "read-only"))
    self->open_read_only = TRUE;
  return -1;  /* carry on with the default handling */
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Corridor developers", NULL };

  GtkWidget *about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                                   "transient-for", gtk_application_get_active_window (app),
                                   "modal", TRUE,
                                   "application-name", "Corridor",
                                   "application-icon", CORRIDOR_APP_ID,
                                   "developer-name", _("The Corridor developers"),
                                   "developers", developers,
                                   "version", CORRIDOR_VERSION,
                                   "comments", _("Maps maritime drug shipments from South "
                                                 "American to European ports for analysts. "
                                                 "Made with Natural Earth."),
                                   "license-type", GTK_LICENSE_GPL_3_0,
                                   "copyright", "© 2026 The Corridor developers",
                                   NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Map Data"),
                                      _("Made with Natural Earth. Free vector and raster map "
                                        "data @ naturalearthdata.com."),
                                      GTK_LICENSE_CUSTOM,
                                      _("Natural Earth data is in the public domain."));
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  /* Close windows one by one so each saves its size. */
  GList *windows = g_list_copy (gtk_application_get_windows (app));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static const GActionEntry app_entries[] = {
  { .name = "about", .activate = about_activated },
  { .name = "quit", .activate = quit_activated },
};

static void
corridor_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[4];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.open-read-only", { "<Shift><Control>o", NULL } },
    { "win.filter-clear", { "<Shift><Control>BackSpace", NULL } },
    { "win.add-layer", { "<Control>l", NULL } },
    { "win.import", { "<Control>i", NULL } },
    { "win.import-folder", { "<Shift><Control>i", NULL } },
    { "win.show-evidence", { "F9", NULL } },
    { "win.show-filters", { "<Control>f", NULL } },
    { "win.search-messages", { "<Shift><Control>f", NULL } },
    { "win.print", { "<Control>p", NULL } },
    { "win.export-map", { "<Shift><Control>e", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
    { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
    { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
    { "win.zoom-selection", { "<Control>period", "<Control>KP_Decimal", NULL } },
    { "win.show-graticule", { "<Control>g", NULL } },
    { "win.sea-routes", { "<Control>r", NULL } },
    { "win.timeline-play", { "<Control>space", NULL } },
    { "win.view::map", { "<Alt>1", NULL } },
    { "win.view::network", { "<Alt>2", NULL } },
    { "win.view::messages", { "<Alt>3", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Shift><Control>z", "<Control>y", NULL } },
    { "win.review-confirm", { "<Control>Return", NULL } },
    { "win.review-reject", { "<Control>Delete", NULL } },
    { "win.review-edit", { "F2", NULL } },
    { "win.review-note", { "<Shift><Control>n", NULL } },
    { "win.review-grade", { "<Shift><Control>g", NULL } },
    { "win.create-shipment", { "<Control>n", NULL } },
    { "win.merge-shipment", { "<Shift><Control>m", NULL } },
    { "win.split-shipment", { "<Shift><Control>s", NULL } },
    { "win.merge-actor", { "<Shift><Control>a", NULL } },
    { "win.add-port", { "<Shift><Control>h", NULL } },
    { "win.open-demo", { "<Shift><Control>d", NULL } },
    { "win.export-brief", { "<Shift><Control>p", NULL } },
    { "win.brief-settings", { "<Control>comma", NULL } },
  };

  corridor_bind_text_domain ();

  /* Initialises libadwaita and loads style.css. */
  G_APPLICATION_CLASS (corridor_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries,
                                   G_N_ELEMENTS (app_entries), app);
  for (gsize i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
corridor_application_class_init (CorridorApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = corridor_application_startup;
  app_class->activate = corridor_application_activate;
  app_class->open = corridor_application_open;
  app_class->handle_local_options = corridor_application_handle_local_options;
}

static void
corridor_application_init (CorridorApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the demo case (built on first use)"), NULL },
    { "read-only", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the cases given read-only"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), N_("[CASE]"));
}

CorridorApplication *
corridor_application_new (void)
{
  return g_object_new (CORRIDOR_TYPE_APPLICATION,
                       "application-id", CORRIDOR_APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/corridor/Corridor",
                       NULL);
}
