/* corridor-json-writer.c: see corridor-json-writer.h. One flag per open
 * array or object says whether a value came before (so a comma is due);
 * a member name leaves the next value without one. Nesting deeper than
 * MAX_DEPTH is a programming error. */
#include "corridor-json-writer.h"

#include <math.h>

#define MAX_DEPTH 64

struct _CorridorJsonWriter
{
  GString *out;
  guint    depth;
  gboolean after_member;
  gboolean need_comma[MAX_DEPTH + 1];
};

CorridorJsonWriter *
corridor_json_writer_new (void)
{
  CorridorJsonWriter *w = g_new0 (CorridorJsonWriter, 1);

  w->out = g_string_sized_new (4096);
  return w;
}

void
corridor_json_writer_free (CorridorJsonWriter *w)
{
  if (w == NULL)
    return;
  g_string_free (w->out, TRUE);
  g_free (w);
}

static void
before_value (CorridorJsonWriter *w)
{
  if (w->after_member)
    {
      w->after_member = FALSE;
      return;
    }
  if (w->need_comma[w->depth])
    g_string_append_c (w->out, ',');
  w->need_comma[w->depth] = TRUE;
}

static void
open_nested (CorridorJsonWriter *w, char c)
{
  g_return_if_fail (w->depth < MAX_DEPTH);
  before_value (w);
  g_string_append_c (w->out, c);
  w->need_comma[++w->depth] = FALSE;
}

static void
close_nested (CorridorJsonWriter *w, char c)
{
  g_return_if_fail (w->depth > 0);
  g_string_append_c (w->out, c);
  w->depth--;
}

void
corridor_json_writer_begin_object (CorridorJsonWriter *w)
{
  g_return_if_fail (w != NULL);
  open_nested (w, '{');
}

void
corridor_json_writer_end_object (CorridorJsonWriter *w)
{
  g_return_if_fail (w != NULL);
  close_nested (w, '}');
}

void
corridor_json_writer_begin_array (CorridorJsonWriter *w)
{
  g_return_if_fail (w != NULL);
  open_nested (w, '[');
}

void
corridor_json_writer_end_array (CorridorJsonWriter *w)
{
  g_return_if_fail (w != NULL);
  close_nested (w, ']');
}

static void
append_escaped (GString *out, const char *s)
{
  const char *run = s;

  g_string_append_c (out, '"');
  for (const guchar *c = (const guchar *) s; *c != '\0'; c++)
    {
      if (*c >= 0x20 && *c != '"' && *c != '\\')
        continue;
      g_string_append_len (out, run, (const char *) c - run);
      run = (const char *) c + 1;
      switch (*c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:   g_string_append_printf (out, "\\u%04x", *c); break;
        }
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

void
corridor_json_writer_member (CorridorJsonWriter *w, const char *name)
{
  g_return_if_fail (w != NULL && name != NULL);
  before_value (w);
  append_escaped (w->out, name);
  g_string_append_c (w->out, ':');
  w->after_member = TRUE;
}

void
corridor_json_writer_string (CorridorJsonWriter *w, const char *value)
{
  g_return_if_fail (w != NULL);
  before_value (w);
  if (value == NULL)
    g_string_append (w->out, "null");
  else
    append_escaped (w->out, value);
}

void
corridor_json_writer_null (CorridorJsonWriter *w)
{
  g_return_if_fail (w != NULL);
  before_value (w);
  g_string_append (w->out, "null");
}

void
corridor_json_writer_int (CorridorJsonWriter *w, gint64 value)
{
  g_return_if_fail (w != NULL);
  before_value (w);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, value);
}

void
corridor_json_writer_double (CorridorJsonWriter *w, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (w != NULL);
  before_value (w);
  if (!isfinite (value))
    {
      g_string_append (w->out, "null");
      return;
    }
  /* The fewest digits that read back exactly: 51.28, not 51.280000000000001. */
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (w->out, buf);
}

char *
corridor_json_writer_steal (CorridorJsonWriter *w, gsize *out_len)
{
  char *text;

  g_return_val_if_fail (w != NULL, NULL);
  if (out_len != NULL)
    *out_len = w->out->len;
  text = g_string_free (w->out, FALSE);
  w->out = g_string_sized_new (4096);
  w->depth = 0;
  w->after_member = FALSE;
  w->need_comma[0] = FALSE;
  return text;
}
