/* corridor-extract-ids.c: the identifier rules of FORMATS.md §2 (ISO 6346
 * container check digit, IMO check digit) and the mention record helpers.
 * Invariant: a normalised container is exactly 11 characters, upper case,
 * with a valid check digit; anything else is rejected, never repaired. */

#include "corridor-extract.h"

#include <string.h>

const char *
corridor_mention_kind_to_string (CorridorMentionKind kind)
{
  static const char * const names[] = {
    "port", "date", "quantity", "container", "imo", "vessel", "concealment", "pin", "cue",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == CORRIDOR_N_MENTION_KINDS);
  if ((guint) kind >= CORRIDOR_N_MENTION_KINDS)
    return NULL;
  return names[kind];
}

void
corridor_mention_free (CorridorMention *m)
{
  if (m == NULL)
    return;
  g_free (m->value);
  g_free (m->qualifier);
  g_free (m);
}

/* A=10 upward skipping multiples of 11 (11, 22, 33). */
static int
letter_value (char c)
{
  int v = 10;

  for (char l = 'A'; l < c; l++)
    {
      v++;
      if (v % 11 == 0)
        v++;
    }
  return v;
}

int
corridor_container_check_digit (const char *first10)
{
  long sum = 0;

  g_return_val_if_fail (first10 != NULL, -1);

  for (int i = 0; i < 10; i++)
    {
      char c = first10[i];
      int v;

      if (i < 4)
        {
          if (c < 'A' || c > 'Z')
            return -1;
          if (i == 3 && c != 'U' && c != 'J' && c != 'Z')
            return -1;
          v = letter_value (c);
        }
      else
        {
          if (c < '0' || c > '9')
            return -1;
          v = c - '0';
        }
      sum += (long) v << i;
    }
  return (int) ((sum % 11) % 10);
}

gboolean
corridor_container_normalize (const char *text, char out[12])
{
  char buf[12];
  int n_letters = 0, n_digits = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  /* Chat forms put spaces, dashes, dots or slashes anywhere after the owner
   * code ("MSKU 123456-5", "msku-123456/5"); anything else is not one. */
  for (const char *p = text; *p != '\0'; p++)
    {
      char c = *p;

      if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '\t')
        {
          if (n_letters < 4 && n_letters > 0)
            return FALSE;
          continue;
        }
      if (g_ascii_isalpha (c))
        {
          if (n_letters >= 4 || n_digits > 0)
            return FALSE;
          buf[n_letters++] = g_ascii_toupper (c);
        }
      else if (g_ascii_isdigit (c))
        {
          if (n_letters != 4 || n_digits >= 7)
            return FALSE;
          buf[4 + n_digits++] = c;
        }
      else
        return FALSE;
    }
  if (n_letters != 4 || n_digits != 7)
    return FALSE;
  buf[11] = '\0';
  if (corridor_container_check_digit (buf) != buf[10] - '0')
    return FALSE;
  memcpy (out, buf, 12);
  return TRUE;
}

gboolean
corridor_imo_is_valid (const char *seven_digits)
{
  int sum = 0;

  g_return_val_if_fail (seven_digits != NULL, FALSE);

  for (int i = 0; i < 7; i++)
    if (!g_ascii_isdigit (seven_digits[i]))
      return FALSE;
  if (seven_digits[7] != '\0')
    return FALSE;
  for (int i = 0; i < 6; i++)
    sum += (seven_digits[i] - '0') * (7 - i);
  return sum % 10 == seven_digits[6] - '0';
}
