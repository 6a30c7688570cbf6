/* main.c: the `corridor` binary. A first argument that names a subcommand
 * runs headless (src/cli/); anything else opens the GUI (src/app/). */
#include "corridor-config.h"
#include "corridor-cli.h"
#include "corridor-application.h"

#include "corridor-memory.h"

#include <locale.h>
#include <glib/gi18n.h>

int
main (int argc, char **argv)
{
  corridor_memory_tune ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, CORRIDOR_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc > 1 && corridor_cli_is_command (argv[1]))
    return corridor_cli_main (argc, argv);

  g_autoptr(CorridorApplication) app = corridor_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
