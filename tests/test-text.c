/* test-text.c: display text for analysts. corridor_text_reveal_controls must
 * turn every bidi override, zero-width and control character into a visible
 * mark, keep ordinary text (accents, emoji, RTL letters) as it is, and always
 * return valid UTF-8, even from hostile bytes. */

#include <string.h>

#include "corridor-text.h"

static void
check (const char *in, gboolean multiline, const char *expected)
{
  g_autofree char *out = corridor_text_reveal_controls (in, multiline);

  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_cmpstr (out, ==, expected);
}

static void
test_reveal_bidi (void)
{
  /* "ANR" spelt backwards behind an override reads "ANR" on screen. */
  check ("\u202ERNA\u202C kaai", FALSE, "⟦RLO⟧RNA⟦PDF⟧ kaai");
  check ("a\u202Ab\u202Bc\u202Dd", FALSE, "a⟦LRE⟧b⟦RLE⟧c⟦LRO⟧d");
  check ("\u2066x\u2067y\u2068z\u2069", FALSE, "⟦LRI⟧x⟦RLI⟧y⟦FSI⟧z⟦PDI⟧");
  check ("\u200Eboss\u200F", FALSE, "⟦LRM⟧boss⟦RLM⟧");
  check ("\u061C", FALSE, "⟦ALM⟧");
}

static void
test_reveal_invisible (void)
{
  check ("big\u200Bboss", FALSE, "big⟦ZWSP⟧boss");
  check ("a\u200Cb\u2060c\uFEFFd\u00ADe", FALSE, "a⟦ZWNJ⟧b⟦WJ⟧c⟦BOM⟧d⟦SHY⟧e");
  /* A ZWJ between letters hides a join; between emoji it builds one. */
  check ("x\u200Dy", FALSE, "x⟦ZWJ⟧y");
  check ("👨\u200D👩", FALSE, "👨\u200D👩");
  /* Other format characters and invisible Hangul fillers by code point. */
  check ("a\u2062b", FALSE, "a⟦U+2062⟧b");
  check ("\u3164", FALSE, "⟦U+3164⟧");
  check ("tag\U000E0041", FALSE, "tag⟦U+E0041⟧");
  check ("a\u2028b\u2029c", TRUE, "a⟦LS⟧b⟦PS⟧c");
}

static void
test_reveal_controls (void)
{
  check ("ring\a", FALSE, "ring⟦U+0007⟧");
  check ("\x1b[31mred", FALSE, "⟦U+001B⟧[31mred");
  check ("del\x7f", FALSE, "del⟦U+007F⟧");
  check ("c1\xc2\x85", FALSE, "c1⟦U+0085⟧");
  /* Bodies keep their lines and tabs; names show them. */
  check ("one\ntwo\tthree", TRUE, "one\ntwo\tthree");
  check ("one\ntwo\tthree", FALSE, "one⟦U+000A⟧two⟦U+0009⟧three");
  check ("cr\r\n", TRUE, "cr⟦U+000D⟧\n");
}

static void
test_reveal_plain (void)
{
  /* Visible text is never touched: accents, RTL letters, emoji, CJK. */
  static const char *const plain[] = {
    "", "Antuérpia", "Gdańsk · Constanța", "مرحبا بالعالم", "שלום", "🍌📦🚢", "港口",
    "27 per key, 1.200 kilos", "U+202E is a code point, not a character",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      check (plain[i], FALSE, plain[i]);
      check (plain[i], TRUE, plain[i]);
    }
  g_autofree char *null_text = corridor_text_reveal_controls (NULL, TRUE);
  g_assert_cmpstr (null_text, ==, "");
}

static void
test_reveal_invalid (void)
{
  check ("ok\xff" "bad", FALSE, "ok⟦0xFF⟧bad");
  check ("\xc3", TRUE, "⟦0xC3⟧");
  /* An overlong encoding of '/' is two bad bytes, not a slash. */
  check ("\xc0\xaf", FALSE, "⟦0xC0⟧⟦0xAF⟧");
  check ("\xed\xa0\x80", FALSE, "⟦0xED⟧⟦0xA0⟧⟦0x80⟧");
}

/* Every code point, alone and after a letter: the output is valid UTF-8, and
 * no Cc, Cf, Zl or Zp character survives unmarked except the kept ones. */
static void
test_reveal_exhaustive (void)
{
  for (gunichar c = 1; c <= 0x10FFFF; c++)
    {
      char buf[16] = "a";
      int n;

      if (c >= 0xD800 && c <= 0xDFFF)
        continue;
      n = g_unichar_to_utf8 (c, buf + 1);
      buf[1 + n] = '\0';
      g_autofree char *out = corridor_text_reveal_controls (buf, FALSE);
      g_assert_true (g_utf8_validate (out, -1, NULL));
      for (const char *p = out; *p != '\0'; p = g_utf8_next_char (p))
        {
          GUnicodeType t = g_unichar_type (g_utf8_get_char (p));
          if (t == G_UNICODE_CONTROL || t == G_UNICODE_FORMAT
              || t == G_UNICODE_LINE_SEPARATOR || t == G_UNICODE_PARAGRAPH_SEPARATOR)
            g_error ("U+%04X survives in \"%s\"", c, out);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/reveal/bidi", test_reveal_bidi);
  g_test_add_func ("/text/reveal/invisible", test_reveal_invisible);
  g_test_add_func ("/text/reveal/controls", test_reveal_controls);
  g_test_add_func ("/text/reveal/plain", test_reveal_plain);
  g_test_add_func ("/text/reveal/invalid", test_reveal_invalid);
  g_test_add_func ("/text/reveal/exhaustive", test_reveal_exhaustive);
  return g_test_run ();
}
