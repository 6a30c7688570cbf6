/* corridor-cli.c: subcommand dispatch and the options every command shares
 * (FILTERS). Parsing is GOptionContext; repeated filters accumulate (OR). */
#include "corridor-cli.h"
#include "corridor-error.h"
#include "corridor-gazetteer.h"
#include "corridor-text.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "demo", corridor_cli_demo, "build the demo case from the synthetic corpus" },
  { "render", corridor_cli_render, "draw the map to PNG, PDF or SVG" },
  { "export", corridor_cli_export, "shipments and ports for GIS tools: GeoJSON, GeoPackage, KML, CSV" },
  { "brief", corridor_cli_brief, "the briefing as a PDF" },
  { "import", corridor_cli_import, "import chats (JSONL, CSV, WhatsApp, Telegram), then infer" },
  { "infer", corridor_cli_infer, "run extraction and inference again; analysts' decisions are kept" },
  { "shipments", corridor_cli_shipments, "the shipments (or --leads) as JSON, CSV or GeoJSON" },
  { "actors", corridor_cli_actors, "actors with roles, counts, degree and betweenness" },
  { "messages", corridor_cli_messages, "messages of a shipment, an actor or a search, as JSON" },
  { "review", corridor_cli_review, "confirm, reject, correct, grade or annotate a shipment, audited" },
  { "audit", corridor_cli_audit_main, "list the case's audit log, or --verify its hash chain" },
};

void
corridor_cli_error (const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  /* Messages quote handles, ports and file names: a terminal must see their
   * escapes and bidi overrides, not obey them. */
  g_autofree char *shown = corridor_text_reveal_controls (msg, TRUE);
  fprintf (stderr, "corridor: %s\n", shown);
}

gboolean
corridor_cli_is_command (const char *word)
{
  if (word == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (word, commands[i].name) == 0)
      return TRUE;
  return strcmp (word, "help") == 0;
}

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage:\n"
                "  corridor [CASE | --demo]        open the GUI\n"
                "  corridor COMMAND [OPTION…]      run headless\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun 'corridor COMMAND --help' for a command's options.\n");
}

int
corridor_cli_main (int argc, char **argv)
{
  g_return_val_if_fail (argc >= 2, CORRIDOR_EXIT_USAGE);
  const char *name = argv[1];
  if (strcmp (name, "help") == 0)
    {
      print_usage (stdout);
      return CORRIDOR_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (name, commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);
  corridor_cli_error ("'%s' is not available in this version of Corridor", name);
  print_usage (stderr);
  return CORRIDOR_EXIT_USAGE;
}

GOptionGroup *
corridor_cli_filter_group (CorridorCliFilterArgs *args)
{
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->ports, "Origin, transit or destination port (LOCODE or name)", "P" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &args->from, "Shipments active on or after this date", "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &args->to, "Shipments active on or before this date", "YYYY-MM-DD" },
    { "actor", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->actors, "Shipments this actor takes part in", "HANDLE" },
    { "role", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->roles, "sender, intermediary or distributor", "ROLE" },
    { "min-confidence", 0, 0, G_OPTION_ARG_DOUBLE, &args->min_confidence, "Minimum confidence (inclusive)", "X" },
    { "status", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->statuses, "inferred, confirmed or rejected", "STATUS" },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("filters", "Filters:", "Show the filter options", NULL, NULL);
  g_option_group_add_entries (group, entries);
  return group;
}

void
corridor_cli_filter_args_clear (CorridorCliFilterArgs *args)
{
  g_clear_pointer (&args->ports, g_strfreev);
  g_clear_pointer (&args->from, g_free);
  g_clear_pointer (&args->to, g_free);
  g_clear_pointer (&args->actors, g_strfreev);
  g_clear_pointer (&args->roles, g_strfreev);
  g_clear_pointer (&args->statuses, g_strfreev);
}

/* @case_gaz is loaded on first need: the bundled gazetteer with the case's
 * own ports and aliases laid over it costs more than a quick query. */
static char *
resolve_port (const char *text, CorridorStore *store, CorridorGazetteer **case_gaz)
{
  char code[6];
  const CorridorPort *p;
  CorridorGazetteer *gaz;
  /* A LOCODE the case already holds needs neither the gazetteer nor the
   * port list: written in capitals it cannot be another port's name. */
  if (store && corridor_locode_normalize (text, code))
    {
      gboolean upper = TRUE;
      for (const char *c = text; *c; c++)
        upper &= !g_ascii_islower (*c);
      if (upper && corridor_store_has_port (store, code))
        return g_strdup (code);
    }
  gaz = corridor_gazetteer_get_default (NULL);
  p = gaz ? corridor_gazetteer_lookup (gaz, text) : NULL;
  if (p)
    return g_strdup (p->locode);
  /* The case may hold ports and aliases of its own that the bundled
   * gazetteer lacks (the analyst's additions). */
  if (store && *case_gaz == NULL)
    *case_gaz = corridor_store_load_gazetteer (store, NULL);
  if (*case_gaz)
    {
      p = corridor_gazetteer_lookup (*case_gaz, text);
      if (p)
        return g_strdup (p->locode);
    }
  if (corridor_locode_normalize (text, code))
    return g_strdup (code);
  return NULL;
}

CorridorFilter *
corridor_cli_build_filter (CorridorCliFilterArgs *args, CorridorStore *store,
                           int *out_exit, GError **error)
{
  g_autoptr(CorridorFilter) f = corridor_filter_new ();
  *out_exit = CORRIDOR_EXIT_USAGE;

  if (args->ports && args->ports[0])
    {
      g_autoptr(CorridorGazetteer) case_gaz = NULL;
      for (char **p = args->ports; *p; p++)
        {
          char *code = resolve_port (*p, store, &case_gaz);
          if (code == NULL)
            {
              *out_exit = CORRIDOR_EXIT_USER;
              g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                           "--port %s: no port with that LOCODE, name or alias", *p);
              return NULL;
            }
          g_ptr_array_add (f->ports, code);
        }
    }
  if (args->from)
    f->from = g_strdup (args->from);
  if (args->to)
    f->to = g_strdup (args->to);
  for (char **a = args->actors; a && *a; a++)
    g_ptr_array_add (f->actors, g_strdup (*a));
  for (char **r = args->roles; r && *r; r++)
    {
      CorridorRole role;
      if (!corridor_role_from_string (*r, &role))
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "--role %s: expected sender, intermediary or distributor", *r);
          return NULL;
        }
      f->roles |= 1u << role;
    }
  for (char **s = args->statuses; s && *s; s++)
    {
      CorridorStatus st;
      if (!corridor_status_from_string (*s, &st))
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "--status %s: expected inferred, confirmed or rejected", *s);
          return NULL;
        }
      f->statuses |= 1u << st;
    }
  if (args->min_confidence < 0 || args->min_confidence > 1)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "--min-confidence %g: expected a number from 0 to 1", args->min_confidence);
      return NULL;
    }
  f->min_confidence = args->min_confidence;

  if (!corridor_filter_validate (f, error))
    {
      /* --from after --to is a user error (FORMATS.md §4), a malformed date bad usage. */
      if (f->from && f->to && corridor_date_is_valid (f->from) && corridor_date_is_valid (f->to))
        *out_exit = CORRIDOR_EXIT_USER;
      return NULL;
    }
  *out_exit = CORRIDOR_EXIT_OK;
  return g_steal_pointer (&f);
}

int
corridor_cli_open (const char *command, const char *path, CorridorStoreOpenFlags flags,
                   CorridorCliFilterArgs *fargs, CorridorStore **out_store, CorridorFilter **out_filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = corridor_store_open (path, flags, &error);
  if (store == NULL)
    {
      corridor_cli_error ("%s", error->message);
      return CORRIDOR_EXIT_USER;
    }
  int fexit = CORRIDOR_EXIT_USAGE;
  CorridorFilter *filter = corridor_cli_build_filter (fargs, store, &fexit, &error);
  if (filter == NULL)
    {
      corridor_cli_error ("%s: %s", command, error->message);
      return fexit;
    }
  *out_store = g_steal_pointer (&store);
  *out_filter = filter;
  return CORRIDOR_EXIT_OK;
}

gboolean
corridor_cli_audit (CorridorStore *store, const char *action, const char *object,
                    const char *format, guint n_shipments, const CorridorFilter *filter,
                    GError **error)
{
  g_autofree char *describe = corridor_filter_describe (filter);
  g_autofree char *escaped = g_strescape (describe, NULL);
  g_autofree char *after = g_strdup_printf ("{\"format\": \"%s\", \"shipments\": %u, \"filters\": \"%s\"}",
                                            format, n_shipments, escaped);
  return corridor_store_audit (store, action, object, NULL, after, error);
}
