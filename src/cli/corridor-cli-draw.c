/* corridor-cli-draw.c: `corridor render` and `corridor brief` run from
 * libcorridor-draw.so, which holds them with the Cairo renderer, so every
 * other command starts without mapping Cairo, Pango, fontconfig, HarfBuzz
 * and libpng. These stand-ins open the module and hand over; the module's
 * own functions of the same names are the real commands. */
#include "corridor-cli.h"
#include "corridor-module.h"

static int
run_drawing (const char *command, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *symbol = g_strconcat ("corridor_cli_", command, NULL);
  int (*fn) (int, char **) = (int (*) (int, char **)) corridor_module_symbol ("libcorridor-draw.so",
                                                                              symbol, &error);

  if (fn == NULL)
    {
      corridor_cli_error ("%s: %s", command, error->message);
      return CORRIDOR_EXIT_USER;
    }
  return fn (argc, argv);
}

int
corridor_cli_render (int argc, char **argv)
{
  return run_drawing ("render", argc, argv);
}

int
corridor_cli_brief (int argc, char **argv)
{
  return run_drawing ("brief", argc, argv);
}
