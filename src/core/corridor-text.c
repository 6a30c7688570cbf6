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

/* --- revealing invisible characters --- */

static const char *
control_name (gunichar c)
{
  switch (c)
    {
    case 0x202A: return "LRE";
    case 0x202B: return "RLE";
    case 0x202C: return "PDF";
    case 0x202D: return "LRO";
    case 0x202E: return "RLO";
    case 0x2066: return "LRI";
    case 0x2067: return "RLI";
    case 0x2068: return "FSI";
    case 0x2069: return "PDI";
    case 0x200E: return "LRM";
    case 0x200F: return "RLM";
    case 0x061C: return "ALM";
    case 0x200B: return "ZWSP";
    case 0x200C: return "ZWNJ";
    case 0x200D: return "ZWJ";
    case 0x2060: return "WJ";
    case 0xFEFF: return "BOM";
    case 0x00AD: return "SHY";
    case 0x2028: return "LS";
    case 0x2029: return "PS";
    default:     return NULL;
    }
}

/* Letters that render as nothing although they are not format characters. */
static gboolean
is_invisible_letter (gunichar c)
{
  return c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0;
}

/* Pictographs and their modifiers, between which a ZWJ builds one emoji. */
static gboolean
is_emoji_part (gunichar c)
{
  return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF)
         || c == 0xFE0F || c == 0x2640 || c == 0x2642 || c == 0x2695 || c == 0x2708;
}

char *
corridor_text_reveal_controls (const char *text, gboolean multiline)
{
  GString *out;
  gunichar prev = 0;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (text) + 8);
  for (const char *p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      const char *name;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* One bad byte at a time, so what follows it still shows. */
          g_string_append_printf (out, "⟦0x%02X⟧", (guchar) *p);
          p++;
          prev = 0;
          continue;
        }
      const char *next = g_utf8_next_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (multiline && (c == '\n' || c == '\t'))
        g_string_append_unichar (out, c);
      else if (c == 0x200D && is_emoji_part (prev)
               && *next != '\0' && is_emoji_part (g_utf8_get_char_validated (next, -1)))
        g_string_append_unichar (out, c);
      else if ((name = control_name (c)) != NULL)
        g_string_append_printf (out, "⟦%s⟧", name);
      else if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT
               || type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR
               || is_invisible_letter (c))
        g_string_append_printf (out, "⟦U+%04X⟧", c);
      else
        g_string_append_unichar (out, c);
      prev = c;
      p = next;
    }
  return g_string_free (out, FALSE);
}
