/* corridor-cli-review.c: `corridor review CASE ID (--confirm | --reject |
 * --set FIELD=VALUE | --note TEXT)…`, the analyst's decisions on one
 * shipment, through the same store call the GUI uses. The actions apply in
 * the order given, in one transaction, each change audited. The shape of the
 * command line is checked here (exit 2); values the case refuses, such as an
 * unknown port or an IMO number failing its check digit, are user errors (1).
 * Additions to the contract reshape the findings, one at a time, each audited
 * and each with its undo: merge, split, make or delete a shipment by hand,
 * merge handles, and add ports and aliases to the case's gazetteer. */
#include "corridor-cli.h"
#include "corridor-error.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  CorridorReviewKind kind;
  char              *field;
  char              *value;
} Action;

/* The options that reshape the findings; at most one per command. */
typedef enum {
  OP_NONE,
  OP_MERGE,          /* CASE ID --merge OTHER */
  OP_UNMERGE,        /* CASE ID --unmerge OTHER */
  OP_SPLIT,          /* CASE ID --split MSG[,MSG…] */
  OP_UNSPLIT,        /* CASE ID --unsplit NEW_ID */
  OP_DELETE,         /* CASE ID --delete */
  OP_CREATE,         /* CASE --create MSG[,MSG…] --set … */
  OP_MERGE_ACTOR,    /* CASE --merge-actor ALIAS=CANONICAL */
  OP_UNMERGE_ACTOR,  /* CASE --unmerge-actor ALIAS */
  OP_ADD_PORT,       /* CASE --add-port LOCODE --set name=… --set lat=… --set lon=… */
  OP_REMOVE_PORT,    /* CASE --remove-port LOCODE */
  OP_ADD_ALIAS,      /* CASE --add-alias LOCODE=ALIAS */
  OP_REMOVE_ALIAS,   /* CASE --remove-alias LOCODE=ALIAS */
} Op;

static const struct {
  Op          op;
  const char *option;
  gboolean    needs_id;   /* CASE ID, else CASE alone */
  gboolean    takes_set;  /* --set (and for create --note) go with it */
} ops[] = {
  { OP_MERGE, "--merge", TRUE, FALSE },
  { OP_UNMERGE, "--unmerge", TRUE, FALSE },
  { OP_SPLIT, "--split", TRUE, FALSE },
  { OP_UNSPLIT, "--unsplit", TRUE, FALSE },
  { OP_DELETE, "--delete", TRUE, FALSE },
  { OP_CREATE, "--create", FALSE, TRUE },
  { OP_MERGE_ACTOR, "--merge-actor", FALSE, FALSE },
  { OP_UNMERGE_ACTOR, "--unmerge-actor", FALSE, FALSE },
  { OP_ADD_PORT, "--add-port", FALSE, TRUE },
  { OP_REMOVE_PORT, "--remove-port", FALSE, FALSE },
  { OP_ADD_ALIAS, "--add-alias", FALSE, FALSE },
  { OP_REMOVE_ALIAS, "--remove-alias", FALSE, FALSE },
};

typedef struct {
  GArray    *actions;   /* Action */
  guint      decisions; /* --confirm and --reject given */
  GPtrArray *ops;       /* char* option names ("--merge"), in order */
  GPtrArray *values;    /* char* their values ("" for --delete) */
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
  else if (strcmp (option_name, "--unnote") == 0)
    {
      a.kind = CORRIDOR_REVIEW_UNNOTE;
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
      /* Which fields are allowed depends on the command's other options:
       * checked once the whole line is read. */
      a.kind = CORRIDOR_REVIEW_SET;
      a.field = g_strndup (value, eq - value);
      a.value = g_strdup (eq + 1);
    }
  g_array_append_val (args->actions, a);
  return TRUE;
}

static gboolean
on_op (const char *option_name, const char *value, gpointer data, GError **error)
{
  ReviewArgs *args = data;

  (void) error;
  g_ptr_array_add (args->ops, g_strdup (option_name));
  g_ptr_array_add (args->values, g_strdup (value != NULL ? value : ""));
  return TRUE;
}

/* The message ids of an option's value: the value itself when the case has
 * a message by that id (an id may hold a comma), else its comma-separated
 * parts. */
static void
add_message_ids (CorridorStore *store, const char *value, GPtrArray *out)
{
  g_auto(GStrv) parts = NULL;

  if (corridor_store_message_source (store, value, NULL))
    {
      g_ptr_array_add (out, g_strdup (value));
      return;
    }
  parts = g_strsplit (value, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *id = g_strstrip (parts[i]);

      if (id[0] != '\0')
        g_ptr_array_add (out, g_strdup (id));
    }
}

/* "A=B" into its two halves, split at the first '='; FALSE if either is empty. */
static gboolean
split_pair (const char *value, char **left, char **right)
{
  const char *eq = strchr (value, '=');

  if (eq == NULL || eq == value || eq[1] == '\0')
    return FALSE;
  *left = g_strstrip (g_strndup (value, eq - value));
  *right = g_strstrip (g_strdup (eq + 1));
  return (*left)[0] != '\0' && (*right)[0] != '\0';
}

static const char *const port_fields[] = { "name", "lat", "lon", "country", "alias", NULL };
static const char *const role_fields[] = { "sender", "intermediary", "distributor", NULL };

/* Checks each --set field against what the command accepts. */
static gboolean
check_fields (ReviewArgs *args, Op op)
{
  for (guint i = 0; i < args->actions->len; i++)
    {
      const Action *a = &g_array_index (args->actions, Action, i);
      g_autofree char *set = NULL, *fields = NULL;

      if (a->kind != CORRIDOR_REVIEW_SET)
        continue;
      set = g_strdup_printf ("%s=%s", a->field, a->value);
      if (op == OP_ADD_PORT)
        {
          if (g_strv_contains (port_fields, a->field))
            continue;
          fields = g_strjoinv (", ", (char **) port_fields);
          corridor_cli_error ("review: --set %s: “%s” is not a field of a port; expected one "
                              "of %s", set, a->field, fields);
          return FALSE;
        }
      if (op == OP_CREATE)
        {
          if ((g_strv_contains (corridor_review_fields (), a->field) &&
               strcmp (a->field, "status") != 0) || g_strv_contains (role_fields, a->field))
            continue;
          corridor_cli_error ("review: --set %s: “%s” is not a field of a shipment made by "
                              "hand; expected origin, destination, transit, departed, arrived, "
                              "quantity_kg, vessel, imo, concealment, outcome, grade, sender, "
                              "intermediary or distributor", set, a->field);
          return FALSE;
        }
      if (!g_strv_contains (corridor_review_fields (), a->field))
        {
          fields = g_strjoinv (", ", (char **) corridor_review_fields ());
          corridor_cli_error ("review: --set %s: “%s” is not a field a review can set; "
                              "expected one of %s", set, a->field, fields);
          return FALSE;
        }
    }
  return TRUE;
}

/* A number of degrees from -@max to @max, or NAN with the error printed. */
static gboolean
parse_degrees (const char *field, const char *text, double max, double *out)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' || !isfinite (v) || fabs (v) > max)
    {
      corridor_cli_error ("review: %s=%s: expected degrees from %g to %g", field, text, -max, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/* Runs the one reshaping operation @op on @store; prints what happened. */
static int
run_op (CorridorStore *store, Op op, const char *id, const char *value, ReviewArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL, *right = NULL, *made = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = FALSE;

  switch (op)
    {
    case OP_MERGE:
      ok = corridor_store_merge_shipments (store, id, value, &error);
      if (ok)
        fprintf (stderr, "%s: merged %s into it; recorded in the audit log\n", id, value);
      break;
    case OP_UNMERGE:
      ok = corridor_store_unmerge_shipments (store, id, value, &error);
      if (ok)
        fprintf (stderr, "%s: took %s back out; recorded in the audit log\n", id, value);
      break;
    case OP_SPLIT:
      add_message_ids (store, value, messages);
      g_ptr_array_add (messages, NULL);
      ok = corridor_store_split_shipment (store, id, (const char *const *) messages->pdata,
                                          &made, &error);
      if (ok)
        {
          printf ("%s\n", made);
          fprintf (stderr, "%s: split %s off it; recorded in the audit log\n", id, made);
        }
      break;
    case OP_UNSPLIT:
      ok = corridor_store_unsplit_shipment (store, id, value, &error);
      if (ok)
        fprintf (stderr, "%s: put %s back into it; recorded in the audit log\n", id, value);
      break;
    case OP_DELETE:
      ok = corridor_store_delete_manual_shipment (store, id, &error);
      if (ok)
        fprintf (stderr, "%s: deleted; recorded in the audit log\n", id);
      break;
    case OP_CREATE:
      {
        g_autoptr(GArray) actions = g_array_new (FALSE, FALSE, sizeof (CorridorReviewAction));

        for (guint i = 0; i < args->actions->len; i++)
          {
            const Action *a = &g_array_index (args->actions, Action, i);
            CorridorReviewAction ra = { a->kind, a->field, a->value };

            g_array_append_val (actions, ra);
          }
        add_message_ids (store, value, messages);
        g_ptr_array_add (messages, NULL);
        ok = corridor_store_create_shipment (store, (const char *const *) messages->pdata,
                                             (const CorridorReviewAction *) actions->data,
                                             actions->len, &made, &error);
        if (ok)
          {
            printf ("%s\n", made);
            fprintf (stderr, "%s: made by hand; recorded in the audit log\n", made);
          }
        break;
      }
    case OP_MERGE_ACTOR:
      if (!split_pair (value, &left, &right))
        {
          corridor_cli_error ("review: --merge-actor %s: expected ALIAS=CANONICAL", value);
          return CORRIDOR_EXIT_USAGE;
        }
      ok = corridor_store_merge_actors (store, left, right, &error);
      if (ok)
        fprintf (stderr, "%s: counts as %s now; recorded in the audit log\n", left, right);
      break;
    case OP_UNMERGE_ACTOR:
      ok = corridor_store_unmerge_actor (store, value, &error);
      if (ok)
        fprintf (stderr, "%s: counts as itself again; recorded in the audit log\n", value);
      break;
    case OP_ADD_PORT:
      {
        g_autoptr(GPtrArray) aliases = g_ptr_array_new ();
        const char *name = NULL, *lat = NULL, *lon = NULL, *country = NULL;
        g_autoptr(CorridorPort) port = NULL;
        double la, lo;

        for (guint i = 0; i < args->actions->len; i++)
          {
            const Action *a = &g_array_index (args->actions, Action, i);

            if (strcmp (a->field, "name") == 0)
              name = a->value;
            else if (strcmp (a->field, "lat") == 0)
              lat = a->value;
            else if (strcmp (a->field, "lon") == 0)
              lon = a->value;
            else if (strcmp (a->field, "country") == 0)
              country = a->value;
            else
              g_ptr_array_add (aliases, a->value);
          }
        if (name == NULL || lat == NULL || lon == NULL)
          {
            corridor_cli_error ("review: --add-port %s needs --set name=NAME, --set lat=DEGREES "
                                "and --set lon=DEGREES", value);
            return CORRIDOR_EXIT_USAGE;
          }
        if (!parse_degrees ("lat", lat, 90, &la) || !parse_degrees ("lon", lon, 180, &lo))
          return CORRIDOR_EXIT_USER;
        g_ptr_array_add (aliases, NULL);
        port = corridor_port_new (value, name, country != NULL && country[0] != '\0' ? country
                                                                                      : NULL,
                                  la, lo, (const char *const *) aliases->pdata);
        ok = corridor_store_add_case_port (store, port, &error);
        if (ok)
          fprintf (stderr, "%s: added to the case's gazetteer; recorded in the audit log\n",
                   value);
        break;
      }
    case OP_REMOVE_PORT:
      ok = corridor_store_remove_case_port (store, value, &error);
      if (ok)
        fprintf (stderr, "%s: removed from the case's gazetteer; recorded in the audit log\n",
                 value);
      break;
    case OP_ADD_ALIAS:
    case OP_REMOVE_ALIAS:
      if (!split_pair (value, &left, &right))
        {
          corridor_cli_error ("review: %s %s: expected LOCODE=ALIAS",
                              op == OP_ADD_ALIAS ? "--add-alias" : "--remove-alias", value);
          return CORRIDOR_EXIT_USAGE;
        }
      ok = op == OP_ADD_ALIAS ? corridor_store_add_port_alias (store, left, right, &error)
                              : corridor_store_remove_port_alias (store, left, right, &error);
      if (ok)
        fprintf (stderr, "%s: alias “%s” %s; recorded in the audit log\n", left, right,
                 op == OP_ADD_ALIAS ? "added" : "removed");
      break;
    case OP_NONE:
    default:
      g_return_val_if_reached (CORRIDOR_EXIT_USAGE);
    }
  if (!ok)
    {
      corridor_cli_error ("review: %s", error->message);
      return CORRIDOR_EXIT_USER;
    }
  return CORRIDOR_EXIT_OK;
}

int
corridor_cli_review (int argc, char **argv)
{
  ReviewArgs args = { 0 };
  GOptionEntry entries[] = {
    { "confirm", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, on_action, "Confirm the shipment (status confirmed)", NULL },
    { "reject", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, on_action, "Reject the shipment (status rejected)", NULL },
    { "set", 0, 0, G_OPTION_ARG_CALLBACK, on_action, "Correct a field: origin, destination, transit, departed, arrived, quantity_kg, vessel, imo, concealment, outcome, grade (Admiralty code, e.g. B2), or status (inferred, confirmed, rejected)", "FIELD=VALUE" },
    { "note", 0, 0, G_OPTION_ARG_CALLBACK, on_action, "Add a note", "TEXT" },
    { "unnote", 0, 0, G_OPTION_ARG_CALLBACK, on_action, "Remove the newest note with exactly this text", "TEXT" },
    { "merge", 0, 0, G_OPTION_ARG_CALLBACK, on_op, "Merge shipment OTHER into ID", "OTHER" },
    { "unmerge", 0, 0, G_OPTION_ARG_CALLBACK, on_op, "Take shipment OTHER back out of ID", "OTHER" },
    { "split", 0, 0, G_OPTION_ARG_CALLBACK, on_op, "Move these evidence messages of ID to a new shipment; prints its id", "MSG[,MSG…]" },
    { "unsplit", 0, 0, G_OPTION_ARG_CALLBACK, on_op, "Put shipment NEW, split off ID, back", "NEW" },
    { "delete", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, on_op, "Delete ID, a shipment made by hand", NULL },
    { "create", 0, 0, G_OPTION_ARG_CALLBACK, on_op, "Make a shipment by hand from these messages (no ID; --set origin=… --set destination=… required); prints its id", "MSG[,MSG…]" },
    { "merge-actor", 0, 0, G_OPTION_ARG_CALLBACK, on_op, "Count handle ALIAS as CANONICAL (no ID)", "ALIAS=CANONICAL" },
    { "unmerge-actor", 0, 0, G_OPTION_ARG_CALLBACK, on_op, "Count handle ALIAS as itself again (no ID)", "ALIAS" },
    { "add-port", 0, 0, G_OPTION_ARG_CALLBACK, on_op, "Add a port to the case's gazetteer (no ID; --set name=… --set lat=… --set lon=… required, --set country=… and --set alias=… optional)", "LOCODE" },
    { "remove-port", 0, 0, G_OPTION_ARG_CALLBACK, on_op, "Remove a port added to the case (no ID)", "LOCODE" },
    { "add-alias", 0, 0, G_OPTION_ARG_CALLBACK, on_op, "Another name for a port, for this case (no ID)", "LOCODE=ALIAS" },
    { "remove-alias", 0, 0, G_OPTION_ARG_CALLBACK, on_op, "Remove an alias added to the case (no ID)", "LOCODE=ALIAS" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CASE ID — the analyst's decisions on a shipment, audited");
  GOptionGroup *main_group = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(GArray) actions = g_array_new (FALSE, FALSE, sizeof (CorridorReviewAction));
  guint changed = 0;
  int status = CORRIDOR_EXIT_USAGE;
  Op op = OP_NONE;
  gboolean needs_id = TRUE, takes_set = TRUE;

  args.actions = g_array_new (FALSE, FALSE, sizeof (Action));
  g_array_set_clear_func (args.actions, (GDestroyNotify) action_clear);
  args.ops = g_ptr_array_new_with_free_func (g_free);
  args.values = g_ptr_array_new_with_free_func (g_free);
  /* The callbacks need their state: the main group carries it. */
  main_group = g_option_group_new (NULL, NULL, NULL, &args, NULL);
  g_option_group_add_entries (main_group, entries);
  g_option_context_set_main_group (ctx, main_group);
  g_option_context_set_description (ctx,
      "Actions apply in the order given, all or none. Ports take a LOCODE or any\n"
      "gazetteer name or alias; transit a list separated by ';' or ','; dates\n"
      "YYYY-MM-DD. An empty VALUE makes the field unknown.\n"
      "\n"
      "Reshaping the findings, one at a time, each audited, each with its undo:\n"
      "  corridor review CASE ID --merge OTHER         (undo: --unmerge OTHER)\n"
      "  corridor review CASE ID --split MSG[,MSG…]    prints the new id (undo: --unsplit NEW)\n"
      "  corridor review CASE --create MSG[,MSG…] --set origin=P --set destination=P [--set …]\n"
      "      prints the new id; also --set sender=H,… (intermediary, distributor)\n"
      "      and --note TEXT (undo: corridor review CASE NEW --delete)\n"
      "  corridor review CASE --merge-actor ALIAS=CANONICAL   (undo: --unmerge-actor ALIAS)\n"
      "  corridor review CASE --add-port LOCODE --set name=N --set lat=D --set lon=D\n"
      "      [--set country=CC] [--set alias=A]…   (undo: --remove-port LOCODE)\n"
      "  corridor review CASE --add-alias LOCODE=ALIAS  (undo: --remove-alias LOCODE=ALIAS)\n"
      "  --unnote TEXT removes the newest note with that text; --set status=… puts a\n"
      "  decision back. `corridor infer` keeps all of it.");

  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      corridor_cli_error ("review: %s", error->message);
      goto done;
    }
  if (args.ops->len > 1)
    {
      corridor_cli_error ("review: give one of --merge, --unmerge, --split, --unsplit, --delete, "
                          "--create, --merge-actor, --unmerge-actor, --add-port, --remove-port, "
                          "--add-alias or --remove-alias at a time");
      goto done;
    }
  if (args.ops->len == 1)
    {
      const char *option = g_ptr_array_index (args.ops, 0);

      for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
        if (strcmp (ops[i].option, option) == 0)
          {
            op = ops[i].op;
            needs_id = ops[i].needs_id;
            takes_set = ops[i].takes_set;
          }
      g_return_val_if_fail (op != OP_NONE, CORRIDOR_EXIT_USAGE);
      if (needs_id && argc != 3)
        {
          corridor_cli_error ("review: %s: expected CASE and one shipment ID", option);
          goto done;
        }
      if (!needs_id && argc != 2)
        {
          corridor_cli_error ("review: %s: expected CASE only, no shipment ID", option);
          goto done;
        }
      for (guint i = 0; i < args.actions->len; i++)
        {
          const Action *a = &g_array_index (args.actions, Action, i);

          if (!takes_set || (a->kind != CORRIDOR_REVIEW_SET &&
                             !(op == OP_CREATE && a->kind == CORRIDOR_REVIEW_NOTE)))
            {
              corridor_cli_error ("review: %s goes alone; make other changes with a separate "
                                  "command", option);
              goto done;
            }
        }
      if (!check_fields (&args, op))
        goto done;
      store = corridor_store_open (argv[1], CORRIDOR_STORE_OPEN_DEFAULT, &error);
      if (store == NULL)
        {
          corridor_cli_error ("%s", error->message);
          status = CORRIDOR_EXIT_USER;
          goto done;
        }
      status = run_op (store, op, needs_id ? argv[2] : NULL, g_ptr_array_index (args.values, 0),
                       &args);
      goto done;
    }

  /* As before the additions: a bad field first, then the shape. */
  if (!check_fields (&args, OP_NONE))
    goto done;
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
  g_ptr_array_unref (args.ops);
  g_ptr_array_unref (args.values);
  return status;
}
