/* fuzz-parsers.c: the extraction parsers (ports, dates, quantities, ISO 6346
 * containers, IMO numbers, vessels, cues) on the input as one message body
 * with a fixed message date, and the identifier validators on the raw bytes.
 * Besides the sanitizers it checks what corridor-extract.h promises of each
 * mention: spans inside the body, dates that exist, finite positive
 * quantities, and identifiers whose check digits hold. */
#include "fuzz-common.h"
#include "corridor-extract.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Sunday 14 February 2021, 09:31:22 UTC, written at UTC+1. */
#define MESSAGE_TS 1613295082
#define MESSAGE_TZ 3600

static CorridorExtractor *extractor;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_setup ();
  extractor = corridor_extractor_new (NULL, &error);
  if (extractor == NULL)
    fuzz_fail ("cannot load the lexicons: %s", error->message);
  return 0;
}

static void
check_date (const CorridorMention *m)
{
  int y, mo, d;
  char tail;

  if (m->value == NULL || strlen (m->value) != 10 ||
      sscanf (m->value, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) mo, (GDateYear) y))
    fuzz_fail ("date mention “%s” is not a YYYY-MM-DD date", m->value ? m->value : "(null)");
}

static void
check_mention (const CorridorMention *m, glong n_chars)
{
  char normal[12];

  if (m->start < 0 || m->end < m->start || m->end > n_chars)
    {
      /* A pin comes from the message's coordinates and has no span. */
      if (m->kind != CORRIDOR_MENTION_PIN)
        fuzz_fail ("%s mention spans %d..%d of a %ld-character body",
                   corridor_mention_kind_to_string (m->kind), m->start, m->end, n_chars);
    }
  if (m->value != NULL && !g_utf8_validate (m->value, -1, NULL))
    fuzz_fail ("%s mention value is not UTF-8", corridor_mention_kind_to_string (m->kind));
  switch (m->kind)
    {
    case CORRIDOR_MENTION_DATE:
      check_date (m);
      break;
    case CORRIDOR_MENTION_QUANTITY:
      if (!isfinite (m->number) || m->number <= 0)
        fuzz_fail ("quantity mention of %g kg", m->number);
      break;
    case CORRIDOR_MENTION_CONTAINER:
      if (m->value == NULL || strlen (m->value) != 11 ||
          !corridor_container_normalize (m->value, normal) || strcmp (normal, m->value) != 0)
        fuzz_fail ("container mention “%s” fails ISO 6346", m->value ? m->value : "(null)");
      break;
    case CORRIDOR_MENTION_IMO:
      if (m->value == NULL || !corridor_imo_is_valid (m->value))
        fuzz_fail ("IMO mention “%s” fails its check digit", m->value ? m->value : "(null)");
      break;
    case CORRIDOR_MENTION_PORT:
    case CORRIDOR_MENTION_VESSEL:
    case CORRIDOR_MENTION_CONCEALMENT:
    case CORRIDOR_MENTION_CUE:
      if (m->value == NULL || m->value[0] == '\0')
        fuzz_fail ("%s mention without a value", corridor_mention_kind_to_string (m->kind));
      break;
    case CORRIDOR_MENTION_PIN:
    case CORRIDOR_N_MENTION_KINDS:
    default:
      break;
    }
}

static void
check_validators (const char *text)
{
  char normal[12];
  int digit;

  if (corridor_container_normalize (text, normal))
    {
      if (strlen (normal) != 11 || corridor_container_check_digit (normal) != normal[10] - '0')
        fuzz_fail ("“%s” normalised to “%s”, which fails its check digit", text, normal);
    }
  digit = corridor_container_check_digit (text);
  if (digit < -1 || digit > 9)
    fuzz_fail ("check digit %d", digit);
  corridor_imo_is_valid (text);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *raw = g_strndup ((const char *) data, size);
  g_autofree char *body = g_utf8_make_valid ((const char *) data, (gssize) size);
  g_autoptr(GPtrArray) mentions = NULL;
  CorridorMessage message = { 0 };
  glong n_chars;

  check_validators (raw);

  /* Importers store valid UTF-8 only; NUL bytes and invalid sequences
   * become U+FFFD here. */
  message.id = (char *) "m-fuzz";
  message.ts = MESSAGE_TS;
  message.tz_offset = MESSAGE_TZ;
  message.sender = (char *) "fuzzer";
  message.body = body;
  message.lat = message.lon = NAN;
  n_chars = g_utf8_strlen (body, -1);
  mentions = corridor_extractor_run (extractor, &message);
  if (mentions == NULL)
    fuzz_fail ("no mention array");
  for (guint i = 0; i < mentions->len; i++)
    {
      const CorridorMention *m = g_ptr_array_index (mentions, i);

      check_mention (m, n_chars);
      if (i > 0 && m->start < ((const CorridorMention *) g_ptr_array_index (mentions, i - 1))->start)
        fuzz_fail ("mentions not ordered by start");
    }
  return 0;
}
