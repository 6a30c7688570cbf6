/* corridor-cli-review.c: `corridor review CASE ID (--confirm | --reject |
 * --set FIELD=VALUE | --note TEXT)…`, the analyst's decisions on one
 * shipment, through the same store call the GUI uses. The actions apply in
 * the order given, in one transaction, each change audited. The shape of the
 * command line is checked here (exit 2); values the case refuses, such as an
 * unknown port or an IMO number failing its check digit, are user errors (1). */
#include "corridor-cli.h"
#include "corridor-error.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  CorridorReviewKind kind;
  char              *field;
  char              *value;
} Action;

typedef struct {
  GArray *actions;   /* Action */
  guint   decisions; /* --confirm and --reject given */
} ReviewArgs;

static void
action_clear (Action *a)
{
  g_free (a->field);
  g_free (a->value);
}

static gboolean
on_action (const char *option_name, const char *value, gpointer data, GError **error)
{
  ReviewArgs *args = data;
  Action a = { 0 };

  if (strcmp (option_name, "--confirm") == 0 || strcmp (option_name, "--reject") == 0)
    {
      a.kind = option_name[2] == 'c' ? CORRIDOR_REVIEW_CONFIRM : CORRIDOR_REVIEW_REJECT;
      args->decisions++;
    }
  else if (strcmp (option_name, "--note") == 0)
    {
      a.kind = CORRIDOR_REVIEW_NOTE;
      a.value = g_strdup (value);
    }
  else
    {
      const char *eq = strchr (value, '=');

      if (eq == NULL || eq == value)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--set %s: expected FIELD=VALUE (an empty VALUE makes the field unknown)",
                       value);
          return FALSE;
        }
      a.kind = CORRIDOR_REVIEW_SET;
      a.field = g_strndup (value, eq - value);
      a.value = g_strdup (eq + 1);
      if (!g_strv_contains (corridor_review_fields (), a.field))
        {
          g_autofree char *fields = g_strjoinv (", ", (char **) corridor_review_fields ());

          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--set %s: “%s” is not a field a review can set; expected one of %s",
                       value, a.field, fields);
          action_clear (&a);
          return FALSE;
        }
    }
  g_array_append_val (args->actions, a);
  return TRUE;
}

int
corridor_cli_review (int argc, char **argv)
{
  ReviewArgs args = { 0 };
  GOptionEntry entries[] = {
    { "confirm", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, on_action, "Confirm the shipment (status confirmed)", NULL },
    { "reject", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, on_action, "Reject the shipment (status rejected)", NULL },
    { "set", 0, 0, G_OPTION_ARG_CALLBACK, on_action, "Correct a field: origin, destination, transit, departed, arrived, quantity_kg, vessel, imo, concealment, outcome, or grade (Admiralty code, e.g. B2)", "FIELD=VALUE" },
    { "note", 0, 0, G_OPTION_ARG_CALLBACK, on_action, "Add a note", "TEXT" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CASE ID — the analyst's decisions on a shipment, audited");
  GOptionGroup *main_group = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(GArray) actions = g_array_new (FALSE, FALSE, sizeof (CorridorReviewAction));
  guint changed = 0;
  int status = CORRIDOR_EXIT_USAGE;

  args.actions = g_array_new (FALSE, FALSE, sizeof (Action));
  g_array_set_clear_func (args.actions, (GDestroyNotify) action_clear);
  /* The callbacks need their state: the main group carries it. */
  main_group = g_option_group_new (NULL, NULL, NULL, &args, NULL);
  g_option_group_add_entries (main_group, entries);
  g_option_context_set_main_group (ctx, main_group);
  g_option_context_set_description (ctx,
      "Actions apply in the order given, all or none. Ports take a LOCODE or any\n"
      "gazetteer name or alias; transit a list separated by ';' or ','; dates\n"
      "YYYY-MM-DD. An empty VALUE makes the field unknown.");

  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      corridor_cli_error ("review: %s", error->message);
      goto done;
    }
  if (argc != 3)
    {
      corridor_cli_error ("review: expected CASE and one shipment ID");
      goto done;
    }
  if (args.actions->len == 0)
    {
      corridor_cli_error ("review: nothing to do; give --confirm, --reject, --set FIELD=VALUE "
                          "or --note TEXT");
      goto done;
    }
  if (args.decisions > 1)
    {
      corridor_cli_error ("review: give --confirm or --reject once, not both");
      goto done;
    }

  store = corridor_store_open (argv[1], CORRIDOR_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      corridor_cli_error ("%s", error->message);
      status = CORRIDOR_EXIT_USER;
      goto done;
    }
  for (guint i = 0; i < args.actions->len; i++)
    {
      const Action *a = &g_array_index (args.actions, Action, i);
      CorridorReviewAction ra = { a->kind, a->field, a->value };

      g_array_append_val (actions, ra);
    }
  if (!corridor_store_review (store, argv[2], (const CorridorReviewAction *) actions->data,
                              actions->len, &changed, &error))
    {
      corridor_cli_error ("review: %s", error->message);
      status = CORRIDOR_EXIT_USER;
      goto done;
    }
  if (changed == 0)
    fprintf (stderr, "%s: nothing changed\n", argv[2]);
  else
    fprintf (stderr, "%s: %u %s recorded in the audit log\n", argv[2], changed,
             changed == 1 ? "change" : "changes");
  status = CORRIDOR_EXIT_OK;

done:
  g_array_unref (args.actions);
  return status;
}
