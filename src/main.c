/* main.c: the `corridor` binary. A first argument that names a subcommand
 * runs headless (src/cli/); anything else opens the GUI (src/app/). */
#include "corridor-config.h"
#include "corridor-cli.h"
#include "corridor-application.h"

#include <locale.h>
#include <malloc.h>
#include <glib/gi18n.h>

int
main (int argc, char **argv)
{
  /* Keep freed memory for reuse instead of unmapping it: a map frame
   * allocates and frees megabytes, and fresh pages cost a fault each. */
  mallopt (M_MMAP_THRESHOLD, 64 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 256 * 1024 * 1024);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, CORRIDOR_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc > 1 && corridor_cli_is_command (argv[1]))
    return corridor_cli_main (argc, argv);

  g_autoptr(CorridorApplication) app = corridor_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
