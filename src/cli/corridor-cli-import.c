/* corridor-cli-import.c: `corridor import CASE FILE…` (FORMATS.md §4):
 * creates the case if needed, imports each file or folder (one transaction
 * per source), then extracts and infers unless --no-infer. The report goes
 * to stderr; a refused file makes the exit status 1, the others stay. */
#include "corridor-cli.h"
#include "corridor-error.h"
#include "corridor-import.h"
#include "corridor-infer.h"
#include "corridor-text.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  gint64  last_us;
  gboolean shown;
} Progress;

/* One updating line, at most ten times a second, only on a terminal. */
static void
on_progress (double fraction, const char *path, gpointer user_data)
{
  Progress *p = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *shown = NULL;

  if (fraction < 1.0 && now - p->last_us < 100000)
    return;
  p->last_us = now;
  p->shown = TRUE;
  shown = corridor_text_reveal_controls (base, FALSE);
  fprintf (stderr, "\r\033[Kimporting %s: %3.0f%%", shown, fraction * 100.0);
  fflush (stderr);
}

int
corridor_cli_import (int argc, char **argv)
{
  g_autofree char *tz = NULL;
  gboolean skip_bad = FALSE, no_infer = FALSE;
  GOptionEntry entries[] = {
    { "tz", 0, 0, G_OPTION_ARG_STRING, &tz, "Zone for times without one (default UTC)", "ZONE" },
    { "skip-bad", 0, 0, G_OPTION_ARG_NONE, &skip_bad, "Import the good records and list the bad", NULL },
    { "no-infer", 0, 0, G_OPTION_ARG_NONE, &no_infer, "Import only; skip extraction and inference", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CASE FILE|FOLDER… — import intercepted chats");
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(CorridorImportReport) report = corridor_import_report_new ();
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *text = NULL;
  CorridorImportOptions options = { 0 };
  Progress progress = { 0 };
  gboolean ok;

  g_option_context_set_summary (ctx,
      "Detects each file's format from its content (JSON Lines, CSV, WhatsApp text, "
      "Telegram result.json, Cellebrite UFDR), imports each as one transaction, "
      "then extracts and infers.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      corridor_cli_error ("%s", error->message);
      return CORRIDOR_EXIT_USAGE;
    }
  if (argc < 3)
    {
      corridor_cli_error ("import: expected a CASE and at least one FILE or FOLDER");
      return CORRIDOR_EXIT_USAGE;
    }
  if (tz != NULL && (zone = g_time_zone_new_identifier (tz)) == NULL)
    {
      corridor_cli_error ("--tz %s: not a known time zone (for example Europe/Brussels)", tz);
      return CORRIDOR_EXIT_USAGE;
    }

  store = corridor_store_open (argv[1], CORRIDOR_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    {
      corridor_cli_error ("%s", error->message);
      return CORRIDOR_EXIT_USER;
    }
  options.tz = tz;
  options.skip_bad = skip_bad;
  if (isatty (STDERR_FILENO))
    {
      options.progress = on_progress;
      options.progress_data = &progress;
    }
  ok = corridor_import_paths (store, (const char *const *) argv + 2, &options, report, &error);
  if (progress.shown)
    fprintf (stderr, "\r\033[K");
  text = corridor_import_report_format (report);
  {
    /* The report quotes file names, ids and handles from the evidence. */
    g_autofree char *shown = corridor_text_reveal_controls (text, TRUE);

    fputs (shown, stderr);
  }
  if (!ok)
    {
      /* The report already lists each refused file with its FILE:LINE cause;
       * only failures that belong to no file need saying again. */
      gboolean listed = FALSE;

      for (guint i = 0; i < report->files->len; i++)
        listed |= ((CorridorImportFile *) g_ptr_array_index (report->files, i))->refused;
      if (!listed)
        corridor_cli_error ("%s", error->message);
      else
        {
          g_autofree char *shown = corridor_text_reveal_controls (error->message, TRUE);

          fprintf (stderr, "%s\n", shown);
        }
      return CORRIDOR_EXIT_USER;
    }

  if (!no_infer)
    {
      CorridorInferReport ir = { 0 };

      /* NULL: the inference module builds its extractor on the bundled gazetteer. */
      if (!corridor_infer_case (store, NULL, NULL, NULL, NULL, &ir, &error))
        {
          corridor_cli_error ("%s", error->message);
          return CORRIDOR_EXIT_USER;
        }
      fprintf (stderr, "Inferred: %u messages, %u mentions, %u shipments, %u leads\n",
               ir.messages, ir.mentions, ir.shipments, ir.leads);
    }
  return CORRIDOR_EXIT_OK;
}
