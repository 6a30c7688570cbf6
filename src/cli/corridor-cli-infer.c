/* corridor-cli-infer.c: `corridor infer CASE` runs extraction and inference
 * again over every message of the case. Analysts' decisions (confirmed or
 * rejected shipments) are kept; the summary goes to stderr. */
#include "corridor-cli.h"
#include "corridor-infer.h"

#include <stdio.h>

static void
show_progress (double fraction, const char *what, gpointer user_data)
{
  int *last = user_data;
  int pct = (int) (fraction * 100);

  if (pct != *last)
    {
      *last = pct;
      fprintf (stderr, "\r%s… %3d%%", what, pct);
    }
}

int
corridor_cli_infer (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CASE — extract and infer shipments again");
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(CorridorFilter) filter = NULL;
  CorridorCliFilterArgs fargs = { 0 };
  CorridorInferReport report = { 0 };
  int status, last = -1;
  gboolean tty = isatty (fileno (stderr));

  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      corridor_cli_error ("%s", error->message);
      return CORRIDOR_EXIT_USAGE;
    }
  if (argc != 2)
    {
      corridor_cli_error ("infer: expected one CASE");
      return CORRIDOR_EXIT_USAGE;
    }
  status = corridor_cli_open ("infer", argv[1], CORRIDOR_STORE_OPEN_DEFAULT, &fargs, &store, &filter);
  if (status != CORRIDOR_EXIT_OK)
    return status;
  if (!corridor_infer_case (store, NULL, tty ? show_progress : NULL, &last, NULL, &report, &error))
    {
      if (tty)
        fputc ('\n', stderr);
      corridor_cli_error ("infer: %s", error->message);
      return CORRIDOR_EXIT_USER;
    }
  if (tty)
    fputc ('\n', stderr);
  fprintf (stderr, "%u messages read, %u mentions, %u shipments, %u leads\n",
           report.messages, report.mentions, report.shipments, report.leads);
  return CORRIDOR_EXIT_OK;
}
