/* corridor-gui-module.c: the GUI as a module (libcorridor-gui.so) that
 * main.c opens only when no subcommand is given, so headless runs never load
 * GTK, libadwaita and the ~60 libraries behind them. The module holds no
 * core code: its core references bind to the `corridor` executable's own
 * copy (exported with -rdynamic), since a second copy would register every
 * core GType twice. */
#include "corridor-application.h"

#include <gmodule.h>

G_MODULE_EXPORT int corridor_gui_main (int argc, char **argv);

/* The whole GUI run: main.c has already set the locale and text domain. */
G_MODULE_EXPORT int
corridor_gui_main (int argc, char **argv)
{
  g_autoptr(CorridorApplication) app = corridor_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
