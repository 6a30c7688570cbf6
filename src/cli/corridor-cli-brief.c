/* corridor-cli-brief.c: `corridor brief`, the briefing as a PDF written
 * through Cairo's PDF surface, byte-for-byte reproducible with --date, and
 * recorded in the case's audit log. */
#include "corridor-cli.h"
#include "corridor-error.h"
#include "corridor-basemap.h"
#include "corridor-brief-case.h"
#include "corridor-routing.h"

#include <string.h>

int
corridor_cli_brief (int argc, char **argv)
{
  g_autofree char *out = NULL, *title = NULL, *marking = NULL, *paper_text = NULL;
  g_autofree char *orientation = NULL, *atlas_text = NULL, *date = NULL;
  CorridorCliFilterArgs fargs = { 0 };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Output PDF", "OUT.pdf" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, "Title (default: the case's)", "T" },
    { "marking", 0, 0, G_OPTION_ARG_STRING, &marking, "Classification marking on every page (default RESTRICTED)", "TEXT" },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_text, "a4 (default), a3 or letter", "PAPER" },
    { "orientation", 0, 0, G_OPTION_ARG_STRING, &orientation, "landscape (default) or portrait", "O" },
    { "atlas", 0, 0, G_OPTION_ARG_STRING, &atlas_text, "Add one page per port or per corridor", "port|corridor" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, "Creation date to record (reproducible output)", "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CASE -o OUT.pdf — the briefing");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, corridor_cli_filter_group (&fargs));
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(CorridorFilter) filter = NULL;
  g_autoptr(GPtrArray) shipments = NULL, ports = NULL;
  g_autoptr(GHashTable) routes = NULL;
  g_autoptr(CorridorRenderer) renderer = NULL;
  g_autoptr(CorridorBasemap) basemap = NULL;
  g_autoptr(CorridorBrief) brief = NULL;
  CorridorPaper paper = CORRIDOR_PAPER_A4;
  CorridorAtlas atlas = CORRIDOR_ATLAS_NONE;
  gboolean land = TRUE;
  int status = CORRIDOR_EXIT_USAGE;

  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      corridor_cli_error ("%s", error->message);
      goto done;
    }
  if (argc != 2 || out == NULL)
    {
      corridor_cli_error ("brief: expected CASE and -o OUT.pdf");
      goto done;
    }
  {
    g_autofree char *lower = g_ascii_strdown (out, -1);
    if (!g_str_has_suffix (lower, ".pdf"))
      {
        corridor_cli_error ("brief: %s: the briefing is written as a .pdf", out);
        goto done;
      }
  }
  if (paper_text && !corridor_paper_from_string (paper_text, &paper))
    {
      corridor_cli_error ("brief: --paper %s: expected a4, a3 or letter", paper_text);
      goto done;
    }
  if (orientation && strcmp (orientation, "landscape") != 0 && strcmp (orientation, "portrait") != 0)
    {
      corridor_cli_error ("brief: --orientation %s: expected landscape or portrait", orientation);
      goto done;
    }
  land = orientation == NULL || strcmp (orientation, "landscape") == 0;
  if (atlas_text)
    {
      if (strcmp (atlas_text, "port") == 0)
        atlas = CORRIDOR_ATLAS_PORT;
      else if (strcmp (atlas_text, "corridor") == 0)
        atlas = CORRIDOR_ATLAS_CORRIDOR;
      else
        {
          corridor_cli_error ("brief: --atlas %s: expected port or corridor", atlas_text);
          goto done;
        }
    }
  if (date && !corridor_date_is_valid (date))
    {
      corridor_cli_error ("brief: --date %s: expected a calendar date YYYY-MM-DD", date);
      goto done;
    }

  /* Never created; opened for writing because the brief is audited. */
  status = corridor_cli_open ("brief", argv[1], CORRIDOR_STORE_OPEN_DEFAULT, &fargs, &store, &filter);
  if (status != CORRIDOR_EXIT_OK)
    goto done;
  status = CORRIDOR_EXIT_USER;
  shipments = corridor_store_query_shipments (store, filter, &error);
  if (shipments == NULL || (ports = corridor_store_list_ports (store, &error)) == NULL ||
      (routes = corridor_routing_resolve (store, shipments, &error)) == NULL ||
      (basemap = corridor_basemap_load (NULL, &error)) == NULL)
    {
      corridor_cli_error ("%s", error->message);
      goto done;
    }
  renderer = corridor_renderer_new ();
  corridor_renderer_set_basemap (renderer, basemap);
  corridor_renderer_set_sea_routes (renderer, routes);
  corridor_renderer_set_scene (renderer, shipments, ports);
  brief = corridor_brief_new_for_case (store, filter, renderer, &error);
  if (brief == NULL)
    {
      corridor_cli_error ("%s", error->message);
      goto done;
    }
  if (title)
    corridor_brief_set_title (brief, title);
  corridor_brief_set_marking (brief, marking ? marking : "RESTRICTED");
  corridor_brief_set_atlas (brief, atlas);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *when = date ? g_strdup (date) : g_date_time_format (now, "%Y-%m-%d %H:%M %Z");
    corridor_brief_set_generated (brief, when);
  }
  if (!corridor_brief_write_pdf (brief, out, paper, land, date, &error))
    {
      corridor_cli_error ("%s", error->message);
      goto done;
    }
  if (!corridor_cli_audit (store, "brief", out, "pdf", shipments->len, filter, &error))
    {
      corridor_cli_error ("%s", error->message);
      goto done;
    }
  status = CORRIDOR_EXIT_OK;

done:
  corridor_cli_filter_args_clear (&fargs);
  return status;
}
