/* test-injection.c: hostile text is data, never code or terminal control
 * (issue 7 item 6). Ids, handles and bodies holding SQL, printf formats,
 * control characters, ANSI escapes and a bidi override are imported, then
 * read back through `corridor messages/actors/shipments` with filters made
 * of the same: the case stays whole, JSON and CSV round-trip every string
 * exactly, and what reaches a terminal (stderr) shows no raw control. */
#include "corridor-test-cli.h"
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>

#define H_SQL  "x'); DROP TABLE messages;--"
#define H_FMT  "%s%n%x%p%%"
#define H_ANSI "\x1b[31mred\x1b[0m\x07\x01\x7f"
#define H_BIDI "abc\xe2\x80\xae" "fed"            /* U+202E RIGHT-TO-LEFT OVERRIDE */
#define H_US   "unit\x1fsep"                       /* the unit separator, inside a handle */

typedef struct {
  const char *id, *from, *to[3], *body;
} Hostile;

static const Hostile hostile[] = {
  { "'; DROP TABLE messages;--", H_SQL, { H_FMT, H_US, NULL },
    "'; DROP TABLE messages;-- %s%n%x \x1b[2J \xe2\x80\xae 50%_off \\ \" <b>&amp;" },
  { "%s%n%x", H_FMT, { H_SQL, NULL }, "MSC Anna leaves Santos for Antwerp %d %s" },
  { "\x1b[31mred", H_ANSI, { H_BIDI, NULL }, "tab\there\r\nnext line \x1b]0;title\x07" },
  { "m-\xe2\x80\xae" "evil", H_BIDI, { NULL }, "ok" },
  { "m-us", H_US, { H_ANSI, NULL }, "unit\x1fseparated" },
};

static char *tmpdir;

typedef struct {
  int   status;
  char *out, *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_GNUC_NULL_TERMINATED static Run
run (const char *first, ...)
{
  Run r = { 0 };
  va_list ap;

  va_start (ap, first);
  r.status = corridor_test_runv (&r.out, &r.err, first, ap);
  va_end (ap);
  return r;
}

/* What a terminal must never receive raw: C0 controls other than \n and
 * \t, DEL, and the bidi overrides and isolates. */
static void
assert_terminal_safe (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\t')
        continue;
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || (c >= 0x202a && c <= 0x202e) ||
          (c >= 0x2066 && c <= 0x2069))
        g_error ("raw control U+%04X reaches the terminal in: %s", c,
                 g_strescape (text, NULL));
    }
}

static char *
write_jsonl (const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GString) data = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *line = NULL;
      const Hostile *h = &hostile[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, h->id);
      json_builder_set_member_name (b, "ts");
      json_builder_add_string_value (b, "2021-02-14T09:31:22+01:00");
      json_builder_set_member_name (b, "from");
      json_builder_add_string_value (b, h->from);
      json_builder_set_member_name (b, "to");
      json_builder_begin_array (b);
      for (guint k = 0; h->to[k] != NULL; k++)
        json_builder_add_string_value (b, h->to[k]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "body");
      json_builder_add_string_value (b, h->body);
      json_builder_set_member_name (b, H_SQL);   /* an extra key, kept as raw JSON */
      json_builder_add_string_value (b, H_FMT);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      line = json_generator_to_data (gen, NULL);
      g_assert_null (strchr (line, '\n'));
      g_string_append_printf (data, "%s\n", line);
    }
  g_assert_true (g_file_set_contents (path, data->str, (gssize) data->len, NULL));
  return g_steal_pointer (&path);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  /* json-glib's parser takes raw controls inside strings; RFC 8259 (and
   * Python, jq, browsers) do not. Whitespace is the only raw control. */
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t')
      g_error ("raw control 0x%02x in JSON output", (guchar) *p);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

static const Hostile *
hostile_by_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    if (strcmp (hostile[i].id, id) == 0)
      return &hostile[i];
  g_error ("unexpected id %s", g_strescape (id, NULL));
  return NULL;
}

/* Every message in `corridor messages` output is one of ours, exactly. */
static guint
check_messages_json (const char *text)
{
  g_autoptr(JsonNode) root = parse_json (text);
  JsonArray *arr = json_object_get_array_member (json_node_get_object (root), "messages");

  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      const Hostile *h = hostile_by_id (json_object_get_string_member (o, "id"));
      JsonArray *to = json_object_get_array_member (o, "to");
      JsonObject *extra = json_object_get_object_member (o, "extra");
      guint n_to = 0;

      g_assert_cmpstr (json_object_get_string_member (o, "from"), ==, h->from);
      g_assert_cmpstr (json_object_get_string_member (o, "body"), ==, h->body);
      while (h->to[n_to] != NULL)
        n_to++;
      g_assert_cmpuint (json_array_get_length (to), ==, n_to);
      for (guint k = 0; k < n_to; k++)
        g_assert_cmpstr (json_array_get_string_element (to, k), ==, h->to[k]);
      g_assert_nonnull (extra);
      g_assert_cmpstr (json_object_get_string_member (extra, H_SQL), ==, H_FMT);
    }
  return json_array_get_length (arr);
}

/* RFC 4180: rows of fields, quotes doubled, newlines inside quotes. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;
  gboolean quoted = FALSE, was_quoted = FALSE;

  while (*p != '\0')
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p += 2;
              continue;
            }
          if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
          p++;
          continue;
        }
      if (*p == '"')
        {
          /* A quote only opens a field. */
          g_assert_cmpuint (field->len, ==, 0);
          g_assert_false (was_quoted);
          quoted = was_quoted = TRUE;
        }
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
        }
      else if (*p == '\n' || (*p == '\r' && p[1] == '\n'))
        {
          if (*p == '\r')
            p++;
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
      else
        {
          /* Nothing may follow a closing quote but a separator. */
          g_assert_false (was_quoted);
          g_string_append_c (field, *p);
        }
      p++;
    }
  g_assert_false (quoted);
  if (field->len > 0 || row->len > 0)
    {
      g_ptr_array_add (row, g_strdup (field->str));
      g_ptr_array_add (rows, row);
    }
  else
    g_ptr_array_unref (row);
  g_string_free (field, TRUE);
  return rows;
}

static void
test_injection (void)
{
  g_autofree char *jsonl = NULL;
  g_autofree char *case_path = g_build_filename (tmpdir, "inj.corridor", NULL);
  /* A file name is terminal-facing text too. */
  g_autofree char *evil_name = g_build_filename (tmpdir, "evil\x1b[2J\xe2\x80\xae.jsonl", NULL);
  static const char *const handles[] = { H_SQL, H_FMT, H_ANSI, H_BIDI, H_US };
  Run r;

  if (g_getenv ("CORRIDOR_BIN") == NULL)
    {
      g_test_skip ("CORRIDOR_BIN is not set");
      return;
    }
  jsonl = write_jsonl ("hostile.jsonl");
  r = run ("import", case_path, jsonl, NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_terminal_safe (r.err);
  run_clear (&r);

  {
    /* The same ids again from another source: refused, and the error names
     * the hostile id on stderr, revealed rather than obeyed. */
    g_autofree char *data = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (jsonl, &data, &len, NULL));
    g_assert_true (g_file_set_contents (evil_name, "\n", -1, NULL));
    {
      g_autoptr(GString) changed = g_string_new (data);

      /* Other content (a different hash), same ids. */
      g_string_append (changed, "\n");
      g_assert_true (g_file_set_contents (evil_name, changed->str, (gssize) changed->len, NULL));
    }
    r = run ("import", case_path, evil_name, "--no-infer", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "already in the case"));
    assert_terminal_safe (r.err);
    run_clear (&r);
  }

  {
    /* Stored exactly, and the tables are all there. */
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    guint n = 0;

    g_assert_cmpint (sqlite3_open_v2 (case_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT m.id, a.handle, m.body FROM messages m "
                                             "JOIN actors a ON a.id = m.sender_actor", -1, &st,
                                         NULL), ==, SQLITE_OK);
    while (sqlite3_step (st) == SQLITE_ROW)
      {
        const Hostile *h = hostile_by_id ((const char *) sqlite3_column_text (st, 0));

        g_assert_cmpstr ((const char *) sqlite3_column_text (st, 1), ==, h->from);
        g_assert_cmpstr ((const char *) sqlite3_column_text (st, 2), ==, h->body);
        n++;
      }
    sqlite3_finalize (st);
    sqlite3_close (db);
    g_assert_cmpuint (n, ==, G_N_ELEMENTS (hostile));
  }

  /* Each hostile handle as an --actor filter finds exactly its messages. */
  for (guint i = 0; i < G_N_ELEMENTS (handles); i++)
    {
      guint expect = 0;

      /* An actor's messages are those it sent or received. */
      for (guint k = 0; k < G_N_ELEMENTS (hostile); k++)
        {
          gboolean in = strcmp (hostile[k].from, handles[i]) == 0;

          for (guint j = 0; hostile[k].to[j] != NULL; j++)
            in |= strcmp (hostile[k].to[j], handles[i]) == 0;
          expect += in;
        }
      r = run ("messages", case_path, "--actor", handles[i], NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpuint (check_messages_json (r.out), ==, expect);
      assert_terminal_safe (r.err);
      run_clear (&r);
    }
  /* LIKE's wildcards are literal in --search. */
  r = run ("messages", case_path, "--search", "%_", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (check_messages_json (r.out), ==, 1);
  run_clear (&r);
  r = run ("messages", case_path, "--search", "'; DROP TABLE messages;--", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (check_messages_json (r.out), ==, 1);
  run_clear (&r);
  r = run ("messages", case_path, "--search", "\\", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (check_messages_json (r.out), ==, 1);
  run_clear (&r);
  r = run ("messages", case_path, "--shipment", H_SQL, NULL);
  g_assert_true (r.status == 0 || r.status == 1);
  if (r.status == 0)
    g_assert_cmpuint (check_messages_json (r.out), ==, 0);
  assert_terminal_safe (r.err);
  run_clear (&r);

  /* Filters made of hostile text: no match or a clean refusal. */
  {
    static const char *const ports[] = { H_SQL, H_FMT, H_ANSI, H_BIDI };

    for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
      {
        r = run ("shipments", case_path, "--port", ports[i], NULL);
        g_assert_true (r.status == 0 || r.status == 1);
        if (r.status == 0)
          {
            g_autoptr(JsonNode) root = parse_json (r.out);
            g_assert_nonnull (json_object_get_array_member (json_node_get_object (root),
                                                            "shipments"));
          }
        else
          g_assert_cmpuint (strlen (r.err), >, 0);
        assert_terminal_safe (r.err);
        run_clear (&r);
      }
    for (guint i = 0; i < G_N_ELEMENTS (handles); i++)
      {
        r = run ("shipments", case_path, "--actor", handles[i], "--format", "csv", NULL);
        g_assert_cmpint (r.status, ==, 0);
        {
          g_autoptr(GPtrArray) rows = parse_csv (r.out);
          g_assert_cmpuint (rows->len, >=, 1);   /* the header */
        }
        assert_terminal_safe (r.err);
        run_clear (&r);
      }
  }

  /* actors: JSON and CSV carry every handle exactly. */
  r = run ("actors", case_path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (r.out);
    JsonArray *arr = json_object_get_array_member (json_node_get_object (root), "actors");

    for (guint i = 0; i < G_N_ELEMENTS (handles); i++)
      {
        gboolean found = FALSE;

        for (guint k = 0; k < json_array_get_length (arr) && !found; k++)
          found = g_strcmp0 (json_object_get_string_member (json_array_get_object_element (arr, k),
                                                            "handle"), handles[i]) == 0;
        g_assert_true (found);
      }
  }
  run_clear (&r);
  r = run ("actors", case_path, "--format", "csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(GPtrArray) rows = parse_csv (r.out);
    GPtrArray *header = g_ptr_array_index (rows, 0);

    g_assert_cmpstr (g_ptr_array_index (header, 0), ==, "handle");
    for (guint i = 1; i < rows->len; i++)
      g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, i))->len, ==, header->len);
    for (guint i = 0; i < G_N_ELEMENTS (handles); i++)
      {
        gboolean found = FALSE;

        for (guint k = 1; k < rows->len && !found; k++)
          found = g_strcmp0 (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, k), 0),
                             handles[i]) == 0;
        g_assert_true (found);
      }
  }
  run_clear (&r);

  /* An unknown case named with escapes: the error shows them harmlessly. */
  {
    g_autofree char *ghost = g_build_filename (tmpdir, "no\x1b[2Jsuch\xe2\x80\xae.corridor", NULL);

    r = run ("actors", ghost, NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_terminal_safe (r.err);
    run_clear (&r);
    g_assert_false (g_file_test (ghost, G_FILE_TEST_EXISTS));
  }

  /* After all that, the case is whole. */
  r = run ("messages", case_path, "--search", "", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (check_messages_json (r.out), ==, G_N_ELEMENTS (hostile));
  run_clear (&r);
  g_unlink (evil_name);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("corridor-injection-XXXXXX", NULL);
  g_test_add_func ("/injection/cli", test_injection);
  ret = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    if (system (cmd) != 0)
      ret = 1;
  }
  g_free (tmpdir);
  return ret;
}
