/* corridor-text.c: matching keys for names ("Antuérpia" == "antuerpia").
 * Invariant: a key is valid UTF-8, lower-case (casefolded), free of combining
 * marks, with words separated by exactly one ASCII space and no edge spaces. */

#include "corridor-text.h"

#include <string.h>

/* Letters that NFKD leaves whole although users type them without the
 * diacritic or as two letters; NULL when @c needs no mapping. */
static const char *
fold_special_letter (gunichar c)
{
  switch (c)
    {
    case 0x00F8: case 0x00D8: return "o";   /* ø Ø */
    case 0x00E6: case 0x00C6: return "ae";  /* æ Æ */
    case 0x0153: case 0x0152: return "oe";  /* œ Œ */
    case 0x00DF: case 0x1E9E: return "ss";  /* ß ẞ */
    case 0x0142: case 0x0141: return "l";   /* ł Ł */
    case 0x0111: case 0x0110: return "d";   /* đ Đ */
    case 0x0131:              return "i";   /* dotless ı (Turkish) */
    case 0x00FE: case 0x00DE: return "th";  /* þ Þ */
    case 0x00F0: case 0x00D0: return "d";   /* ð Ð */
    case 0x0127: case 0x0126: return "h";   /* ħ Ħ (Maltese) */
    default:                  return NULL;
    }
}

static gboolean
is_combining (gunichar c)
{
  GUnicodeType t = g_unichar_type (c);

  return g_unichar_combining_class (c) != 0
         || t == G_UNICODE_NON_SPACING_MARK
         || t == G_UNICODE_ENCLOSING_MARK
         || t == G_UNICODE_SPACING_MARK;
}

char *
corridor_text_key (const char *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *key;
  gboolean pending_space = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  /* Casefold before decomposing: folding "İ" yields "i" plus a combining
   * dot, which the mark filter below must still see. */
  folded = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");

  /* Only letters and digits survive; any other run becomes one space, so
   * "Port-Saïd", "Port Said" and "port  said." give the same key. */
  key = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *special;

      if (is_combining (c))
        continue;

      special = fold_special_letter (c);
      if (special == NULL && !g_unichar_isalnum (c))
        {
          pending_space = TRUE;
          continue;
        }

      if (pending_space && key->len > 0)
        g_string_append_c (key, ' ');
      pending_space = FALSE;

      if (special != NULL)
        g_string_append (key, special);
      else
        g_string_append_unichar (key, g_unichar_tolower (c));
    }

  return g_string_free (key, FALSE);
}
