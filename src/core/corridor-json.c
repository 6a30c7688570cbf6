/* corridor-json.c: corridor_json_finish, the fix-up every JSON document
 * Corridor writes goes through, so that handles and bodies holding control
 * characters stay valid JSON for any reader (issue 7 item 6). */
#include "corridor-json.h"

#include <string.h>

char *
corridor_json_finish (char *doc)
{
  GString *out;
  gboolean any = FALSE;

  if (doc == NULL)
    return NULL;
  for (const char *p = doc; *p != '\0' && !any; p++)
    any = (guchar) *p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r';
  if (!any)
    return doc;
  out = g_string_sized_new (strlen (doc) + 16);
  for (const char *p = doc; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      /* Newlines and indentation of pretty output are structure, never in a
       * string (json-glib escapes those as \n and \t). */
      if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_free (doc);
  return g_string_free (out, FALSE);
}
