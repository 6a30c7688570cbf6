/* main.c: the `corridor` binary. A first argument that names a subcommand
 * runs headless (src/cli/); anything else opens the GUI (src/app/), which
 * lives in libcorridor-gui.so and is loaded only then (see
 * corridor-gui-module.c): the headless path never maps GTK. */
#include "corridor-config.h"
#include "corridor-cli.h"

#include "corridor-memory.h"
#include "corridor-module.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "corridor-maps.h"

typedef int (*GuiMainFunc) (int argc, char **argv);

static int
run_gui (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  GuiMainFunc fn = (GuiMainFunc) corridor_module_symbol ("libcorridor-gui.so", "corridor_gui_main",
                                                         &error);

  if (fn == NULL)
    {
      fprintf (stderr, "corridor: cannot open the GUI: %s\n"
                       "Headless commands still work: run 'corridor help'.\n", error->message);
      return 1;
    }
  return fn (argc, argv);
}

int
main (int argc, char **argv)
{
  corridor_memory_tune ();

  setlocale (LC_ALL, "");
  corridor_bind_text_domain ();

  if (argc > 1 && corridor_cli_is_command (argv[1]))
    {
      /* Numbers in JSON, CSV and SQL are always written the C way, whatever
       * the analyst's locale; messages still follow it. */
      setlocale (LC_NUMERIC, "C");
      return corridor_cli_main (argc, argv);
    }

  return run_gui (argc, argv);
}
