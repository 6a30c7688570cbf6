/* corridor-cli-demo.c: `corridor demo CASE`, the demo case, headless. */
#include "corridor-cli.h"
#include "corridor-demo.h"

int
corridor_cli_demo (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CASE — build the demo case");
  g_option_context_set_summary (ctx, "Writes the demo case from Corridor's built-in synthetic intercept corpus.");
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      corridor_cli_error ("%s", error->message);
      return CORRIDOR_EXIT_USAGE;
    }
  if (argc != 2)
    {
      corridor_cli_error ("demo: expected exactly one CASE path");
      return CORRIDOR_EXIT_USAGE;
    }
  if (!corridor_demo_build (argv[1], &error))
    {
      corridor_cli_error ("%s", error->message);
      return CORRIDOR_EXIT_USER;
    }
  return CORRIDOR_EXIT_OK;
}
