/* corridor-extract.c: CorridorExtractor, one pass over a message's tokens.
 * Order matters and is fixed: lexicon and gazetteer matching over n-grams,
 * then identifiers (containers, IMO, pins), then what must never become a
 * date or a quantity (clock times, phone numbers, seal and PIN numbers,
 * percentages), then ports, dates, quantities and prices, fuzzy ports,
 * vessels, concealment and cues. Each pass claims the tokens it used so a
 * later pass cannot read them again. Invariants: no allocation per token
 * (buffers live in a per-thread scratch), spans are in characters, and
 * invalid UTF-8 yields no text mentions. */

#include "corridor-extract-private.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>

/* The context rule for ports whose name is an ordinary word (Bar, Santos,
 * Praia, Tema, Split, Colón …; the stopword entries of the lexicons): such a
 * match counts only when no determiner precedes it ("the bar", "na praia")
 * and no "notport" phrase covers it ("todos los santos"), AND either a
 * shipping cue (port, terminal, container, ship, load, ETA/ETD, arrive/leave
 * verbs, carriers, bricks …) stands within WINDOW tokens of the same
 * sentence, or a direction word (from/to/via/desde/para/naar …) directly
 * precedes a capitalised spelling. Misspellings and truncations need the
 * same context, or a capitalised spelling mid-sentence. */
#define WINDOW 10

struct _CorridorExtractor
{
  GObject            parent_instance;
  CorridorGazetteer *gazetteer;
  CorridorLexicon   *lex;
};

G_DEFINE_FINAL_TYPE (CorridorExtractor, corridor_extractor, G_TYPE_OBJECT)

typedef struct {
  int             ts, te;   /* token range, end exclusive */
  const LexEntry *e;
} LexMatch;

typedef struct {
  CorridorTokens tk;
  LexMatch      *m;
  guint          n_m, cap_m;
  int           *first_m;
  guint8        *used;
  guint          cap_tok;
  GString       *buf;
  GString       *buf2;
} Scratch;

enum { USED_NONE = 0, USED_OTHER = 1, USED_PORT = 2 };

typedef struct {
  const CorridorLexicon *lex;
  Scratch               *sc;
  CorridorTokens        *tk;
  const char            *body;
  GPtrArray             *out;
  gint64                 day;         /* message's local date, days since 1970-01-01 */
  gboolean               brick_ctx;   /* bricks or drug words somewhere in the message */
} Run;

static void
scratch_free (gpointer p)
{
  Scratch *sc = p;

  corridor_tokens_clear (&sc->tk);
  g_free (sc->m);
  g_free (sc->first_m);
  g_free (sc->used);
  if (sc->buf != NULL)
    g_string_free (sc->buf, TRUE);
  if (sc->buf2 != NULL)
    g_string_free (sc->buf2, TRUE);
  g_free (sc);
}

static GPrivate scratch_key = G_PRIVATE_INIT (scratch_free);

static Scratch *
get_scratch (void)
{
  Scratch *sc = g_private_get (&scratch_key);

  if (sc == NULL)
    {
      sc = g_new0 (Scratch, 1);
      sc->buf = g_string_sized_new (128);
      sc->buf2 = g_string_sized_new (128);
      g_private_set (&scratch_key, sc);
    }
  return sc;
}

/* Calendar: days since the epoch <-> civil date (proleptic Gregorian). */

static gint64
days_from_civil (int y, int m, int d)
{
  gint64 era;
  int yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (int) (y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64 z, int *y, int *m, int *d)
{
  gint64 era;
  int doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (int) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp + (mp < 10 ? 3 : -9);
  *y = (int) (yoe + era * 400 + (*m <= 2));
}

static gboolean
valid_date (int y, int m, int d)
{
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1
         && d <= g_date_get_days_in_month ((GDateMonth) m, (GDateYear) y);
}

/* ISO weekday, Monday = 1; 1970-01-01 was a Thursday. */
static int
weekday_of (gint64 day)
{
  return (int) (((day % 7) + 7 + 3) % 7) + 1;
}

/* Token helpers ---------------------------------------------------------- */

#define T(r, i)   (&(r)->tk->toks[(i)])
#define KEY(r, i) TOK_KEY ((r)->tk, (i))
#define NT(r)     ((int) (r)->tk->n_toks)

static gboolean
is_punct (Run *r, int i, const char *p)
{
  return i >= 0 && i < NT (r) && T (r, i)->type == TOK_PUNCT && strcmp (KEY (r, i), p) == 0;
}

static gboolean
is_num (Run *r, int i)
{
  return i >= 0 && i < NT (r) && T (r, i)->type == TOK_NUM;
}

static gboolean
is_word (Run *r, int i)
{
  return i >= 0 && i < NT (r) && T (r, i)->type == TOK_WORD;
}

static int
num_value (Run *r, int i)
{
  return T (r, i)->kl > 9 ? -1 : atoi (KEY (r, i));
}

static gboolean
range_free (Run *r, int a, int b)
{
  for (int i = a; i < b; i++)
    if (r->sc->used[i] != USED_NONE)
      return FALSE;
  return TRUE;
}

static void
claim (Run *r, int a, int b, guint8 how)
{
  for (int i = a; i < b && i < NT (r); i++)
    r->sc->used[i] = how;
}

static const LexCategory *
cat_of (Run *r, guint16 id)
{
  return r->lex->categories->pdata[id];
}

/* The category of family @fam in @e, or NULL. */
static const LexCategory *
entry_fam (Run *r, const LexEntry *e, LexFamily fam)
{
  for (guint i = 0; i < e->n_cats; i++)
    {
      const LexCategory *c = cat_of (r, e->cats[i]);

      if (c->family == fam)
        return c;
    }
  return NULL;
}

/* The longest match of family @fam starting at token @i. */
static const LexCategory *
match_at (Run *r, int i, LexFamily fam, int *end)
{
  const LexCategory *best = NULL;

  if (i < 0 || i >= NT (r) || r->sc->first_m[i] < 0)
    return NULL;
  for (guint k = (guint) r->sc->first_m[i]; k < r->sc->n_m && r->sc->m[k].ts == i; k++)
    {
      const LexCategory *c = entry_fam (r, r->sc->m[k].e, fam);

      if (c != NULL)
        {
          best = c;
          if (end != NULL)
            *end = r->sc->m[k].te;
        }
    }
  return best;
}

/* A match of family @fam ending exactly at token @end (exclusive). */
static const LexCategory *
match_ending (Run *r, int end, LexFamily fam, int *start)
{
  for (int s = MAX (0, end - 4); s < end; s++)
    {
      int e = -1;

      if (r->sc->first_m[s] < 0)
        continue;
      for (guint k = (guint) r->sc->first_m[s]; k < r->sc->n_m && r->sc->m[k].ts == s; k++)
        if (r->sc->m[k].te == end)
          {
            const LexCategory *c = entry_fam (r, r->sc->m[k].e, fam);

            if (c != NULL)
              {
                if (start != NULL)
                  *start = s;
                return c;
              }
          }
      (void) e;
    }
  return NULL;
}

/* Token bounds of the sentence window around [a, b). */
static void
window (Run *r, int a, int b, int radius, int *lo, int *hi)
{
  int s = T (r, a)->sent;

  *lo = a;
  while (*lo > 0 && a - *lo < radius && T (r, *lo - 1)->sent == s)
    (*lo)--;
  *hi = b;
  while (*hi < NT (r) && *hi - b < radius && T (r, *hi)->sent == T (r, b - 1)->sent)
    (*hi)++;
}

typedef gboolean (*CatPred) (const LexCategory *c);

/* The match nearest to [a, b) in its sentence window whose category passes
 * @pred; distance in tokens, before wins a tie. */
static const LexCategory *
nearest (Run *r, int a, int b, int radius, CatPred pred, int *where)
{
  int lo, hi, best_d = G_MAXINT;
  const LexCategory *best = NULL;

  window (r, a, b, radius, &lo, &hi);
  for (int s = lo; s < hi; s++)
    {
      if (r->sc->first_m[s] < 0)
        continue;
      for (guint k = (guint) r->sc->first_m[s]; k < r->sc->n_m && r->sc->m[k].ts == s; k++)
        {
          const LexMatch *m = &r->sc->m[k];
          int d;

          if (m->ts < b && m->te > a)
            continue;   /* the mention itself */
          d = m->te <= a ? a - m->te : m->ts - b + 1;
          for (guint c = 0; c < m->e->n_cats; c++)
            if (pred (cat_of (r, m->e->cats[c])) && d < best_d)
              {
                best_d = d;
                best = cat_of (r, m->e->cats[c]);
                if (where != NULL)
                  *where = s;
              }
        }
    }
  return best;
}

static gboolean
pred_ship (const LexCategory *c)
{
  switch (c->family)
    {
    case FAM_SHIPCUE: case FAM_QUAL: case FAM_VESSELCUE: case FAM_CARRIER:
      return TRUE;
    case FAM_UNIT:
      return c->arg == UNIT_BRICK;
    case FAM_CUE:
      return strcmp (c->sarg, "loading") == 0 || strcmp (c->sarg, "shipment") == 0
             || strcmp (c->sarg, "logistics") == 0 || strcmp (c->sarg, "extraction") == 0
             || strcmp (c->sarg, "seized") == 0;
    default:
      return FALSE;
    }
}

static gboolean
pred_leisure (const LexCategory *c)
{
  return c->family == FAM_FAMILY
         || (c->family == FAM_CUE && (strcmp (c->sarg, "holiday") == 0
                                      || strcmp (c->sarg, "football") == 0));
}

static gboolean
pred_qual (const LexCategory *c)
{
  return c->family == FAM_QUAL;
}

static gboolean
pred_corrected (const LexCategory *c)
{
  return c->family == FAM_QUAL && c->arg == QUAL_CORRECTED;
}

static gboolean
pred_dir (const LexCategory *c)
{
  return c->family == FAM_DIR;
}

/* Emitting --------------------------------------------------------------- */

static CorridorMention *
emit (Run *r, CorridorMentionKind kind, int ta, int tb, char *value, double number,
      const char *qualifier, double confidence)
{
  CorridorMention *m = g_new0 (CorridorMention, 1);

  m->kind = kind;
  m->start = T (r, ta)->cs;
  m->end = T (r, tb - 1)->ce;
  m->value = value;
  m->number = number;
  m->qualifier = g_strdup (qualifier);
  m->confidence = confidence;
  g_ptr_array_add (r->out, m);
  return m;
}

/* A cue mention, unless the same cue already covers an overlapping span. */
static void
emit_cue (Run *r, const char *cue, int ta, int tb, double confidence)
{
  int cs = T (r, ta)->cs, ce = T (r, tb - 1)->ce;

  for (guint i = r->out->len; i > 0 && i + 16 > r->out->len; i--)
    {
      CorridorMention *m = r->out->pdata[i - 1];

      if (m->kind == CORRIDOR_MENTION_CUE && strcmp (m->value, cue) == 0
          && m->start < ce && m->end > cs)
        {
          m->start = MIN (m->start, cs);
          m->end = MAX (m->end, ce);
          return;
        }
    }
  emit (r, CORRIDOR_MENTION_CUE, ta, tb, g_strdup (cue), NAN, NULL, confidence);
}

/* Matching --------------------------------------------------------------- */

static void
push_match (Scratch *sc, int ts, int te, const LexEntry *e)
{
  if (sc->n_m == sc->cap_m)
    {
      sc->cap_m = MAX (64, sc->cap_m * 2);
      sc->m = g_renew (LexMatch, sc->m, sc->cap_m);
    }
  sc->m[sc->n_m].ts = ts;
  sc->m[sc->n_m].te = te;
  sc->m[sc->n_m].e = e;
  sc->n_m++;
}

static void
match_lexicon (Run *r)
{
  Scratch *sc = r->sc;
  GString *key = sc->buf;

  sc->n_m = 0;
  for (int i = 0; i < NT (r); i++)
    {
      const Tok *t = T (r, i);
      int j = i, n = 1;

      sc->first_m[i] = -1;
      if (t->type == TOK_NUM)
        continue;
      if (t->type == TOK_PUNCT)
        {
          const LexEntry *e = g_hash_table_lookup (r->lex->index, KEY (r, i));

          if (e != NULL && e->n_cats > 0)
            {
              sc->first_m[i] = (int) sc->n_m;
              push_match (sc, i, i + 1, e);
            }
          continue;
        }
      g_string_assign (key, KEY (r, i));
      for (;;)
        {
          const LexEntry *e = g_hash_table_lookup (r->lex->index, key->str);
          int k;

          if (e == NULL)
            break;
          if (e->n_cats > 0 || e->port >= 0)
            {
              if (sc->first_m[i] < 0)
                sc->first_m[i] = (int) sc->n_m;
              push_match (sc, i, j + 1, e);
            }
          if (!e->prefix || n == 6)
            break;
          k = j + 1;
          /* "Manzanillo (Panama)": a bracketed qualifier continues a name. */
          if (k < NT (r) && T (r, k)->type == TOK_PUNCT
              && (corridor_joins_words (KEY (r, k)) || strcmp (KEY (r, k), "(") == 0))
            k++;
          if (k >= NT (r) || T (r, k)->type == TOK_PUNCT)
            break;
          g_string_append_c (key, ' ');
          g_string_append (key, KEY (r, k));
          j = k;
          n++;
        }
    }
}

/* Identifiers ------------------------------------------------------------ */

static void
pass_containers (Run *r)
{
  for (int i = 0; i < NT (r); i++)
    {
      const char *k = KEY (r, i);
      char code[32], out[12];
      int n = 4, j = i + 1, groups = 0;

      if (!is_word (r, i) || T (r, i)->kl != 4 || !T (r, i)->ascii
          || (k[3] != 'u' && k[3] != 'j' && k[3] != 'z'))
        continue;
      memcpy (code, k, 4);
      while (j < NT (r) && n < 11 && groups < 3)
        {
          if (is_punct (r, j, "-") || is_punct (r, j, ".") || is_punct (r, j, "/"))
            {
              if (!is_num (r, j + 1))
                break;
              j++;
            }
          if (!is_num (r, j) || n + T (r, j)->kl > 11)
            break;
          memcpy (code + n, KEY (r, j), T (r, j)->kl);
          n += T (r, j)->kl;
          groups++;
          j++;
        }
      code[n] = '\0';
      if (n != 11 || !range_free (r, i, j))
        continue;
      if (!corridor_container_normalize (code, out))
        {
          claim (r, i + 1, j, USED_OTHER);   /* a failed container is still no quantity */
          continue;
        }
      emit (r, CORRIDOR_MENTION_CONTAINER, i, j, g_strdup (out), NAN, NULL, 0.95);
      claim (r, i, j, USED_OTHER);
      i = j - 1;
    }
}

static void
pass_imo (Run *r)
{
  for (int i = 0; i < NT (r); i++)
    {
      int j = i + 1;

      if (!is_word (r, i) || strcmp (KEY (r, i), "imo") != 0)
        continue;
      if (is_punct (r, j, ":") || is_punct (r, j, "#") || is_punct (r, j, "-")
          || (is_word (r, j) && (strcmp (KEY (r, j), "no") == 0 || strcmp (KEY (r, j), "nr") == 0
                                 || strcmp (KEY (r, j), "number") == 0)))
        j++;
      if (is_punct (r, j, ".") || is_punct (r, j, ":"))
        j++;
      if (!is_num (r, j) || T (r, j)->kl != 7 || !range_free (r, j, j + 1))
        continue;
      if (corridor_imo_is_valid (KEY (r, j)))
        emit (r, CORRIDOR_MENTION_IMO, i, j + 1, g_strdup (KEY (r, j)), NAN, NULL, 0.95);
      claim (r, i, j + 1, USED_OTHER);
    }
}

/* "51.2900, 4.3100" and map links ("…?q=51.29,4.31", "…/@51.29,4.31,15z"). */
static void
pass_coordinates (Run *r)
{
  for (int i = 0; i < NT (r); i++)
    {
      int a = i, j = i;
      double v[2];
      gboolean ok = TRUE;

      if (!is_num (r, i) || (i > 0 && is_num (r, i - 1)))
        continue;
      for (int c = 0; c < 2 && ok; c++)
        {
          gboolean neg = FALSE;
          char tmp[48];

          if (c == 1)
            {
              if (!is_punct (r, j, ","))
                {
                  ok = FALSE;
                  break;
                }
              j++;
            }
          if (is_punct (r, j, "-") && is_num (r, j + 1))
            {
              neg = TRUE;
              j++;
            }
          if (!is_num (r, j) || T (r, j)->kl > 3 || !is_punct (r, j + 1, ".")
              || !is_num (r, j + 2) || T (r, j + 2)->kl < 2 || T (r, j + 2)->kl > 12
              || T (r, j + 1)->gap || T (r, j + 2)->gap)
            {
              ok = FALSE;
              break;
            }
          g_snprintf (tmp, sizeof tmp, "%s%s.%s", neg ? "-" : "", KEY (r, j), KEY (r, j + 2));
          v[c] = g_ascii_strtod (tmp, NULL);
          j += 3;
        }
      if (!ok || fabs (v[0]) > 90 || fabs (v[1]) > 180 || !range_free (r, a, j))
        continue;
      if (i > 0 && is_punct (r, i - 1, "-") && !T (r, i)->gap)
        {
          a = i - 1;
          v[0] = -fabs (v[0]);
        }
      {
        char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];

        g_ascii_formatd (lat, sizeof lat, "%.6f", v[0]);
        g_ascii_formatd (lon, sizeof lon, "%.6f", v[1]);
        emit (r, CORRIDOR_MENTION_PIN, a, j, g_strdup_printf ("%s,%s", lat, lon), v[0], NULL, 0.8);
      }
      claim (r, a, j, USED_OTHER);
      i = j - 1;
    }
}

/* Clock times, phone numbers, seal/PIN/booking numbers and percentages are
 * claimed here so that no later pass reads them as dates or quantities. */
static void
pass_non_quantities (Run *r)
{
  for (int i = 0; i < NT (r); i++)
    {
      int end;

      if (r->sc->used[i])
        continue;
      /* "+31 6 1234 5678", "+57 (300) 123-4567" */
      if (is_punct (r, i, "+") && is_num (r, i + 1))
        {
          int j = i + 1;

          while (j < NT (r) && (is_num (r, j) || is_punct (r, j, "-") || is_punct (r, j, "(")
                                || is_punct (r, j, ")") || is_punct (r, j, ".")))
            j++;
          claim (r, i, j, USED_OTHER);
          i = j - 1;
          continue;
        }
      if (!is_num (r, i))
        {
          /* "seal 4455667", "PIN 4821", "booking 12345": the number is an id. */
          if (match_at (r, i, FAM_IDCUE, &end) != NULL)
            {
              int j = end;

              while (j < NT (r) && (is_punct (r, j, ":") || is_punct (r, j, "#")
                                    || is_punct (r, j, "-") || is_word (r, j)) && j < end + 2)
                {
                  if (is_word (r, j) && !(T (r, j)->kl <= 2))
                    break;
                  j++;
                }
              while (j < NT (r) && (is_num (r, j) || ((is_punct (r, j, "-") || is_punct (r, j, "/"))
                                                      && is_num (r, j + 1))))
                claim (r, j, j + 1, USED_OTHER), j++;
            }
          continue;
        }
      /* "14:30", "9:05:10" */
      if (is_punct (r, i + 1, ":") && is_num (r, i + 2) && T (r, i + 2)->kl == 2
          && !T (r, i + 1)->gap && !T (r, i + 2)->gap && T (r, i)->kl <= 2)
        {
          int j = i + 3;

          if (is_punct (r, j, ":") && is_num (r, j + 1))
            j += 2;
          if (match_at (r, j, FAM_TIMEWORD, &end) != NULL)
            j = end;
          claim (r, i, j, USED_OTHER);
          i = j - 1;
          continue;
        }
      /* "2pm", "14h30", "14 uur", "5 am" */
      if (T (r, i)->kl <= 2 && match_at (r, i + 1, FAM_TIMEWORD, &end) != NULL)
        {
          int j = end;

          if (is_num (r, j) && !T (r, j)->gap && T (r, j)->kl == 2)
            j++;
          claim (r, i, j, USED_OTHER);
          continue;
        }
      /* "a las 5", "om 9", "at 10" (unless a unit follows: "at 10 kilos") */
      if (T (r, i)->kl <= 2 && match_ending (r, i, FAM_TIMEPREP, NULL) != NULL
          && match_at (r, i + 1, FAM_UNIT, NULL) == NULL && !is_punct (r, i + 1, ".")
          && !is_punct (r, i + 1, ",") && !is_punct (r, i + 1, "/"))
        {
          claim (r, i, i + 1, USED_OTHER);
          continue;
        }
      /* "25%", "12,5 %" */
      {
        int j = i + 1;

        while ((is_punct (r, j, ".") || is_punct (r, j, ",")) && is_num (r, j + 1) && !T (r, j)->gap)
          j += 2;
        if (is_punct (r, j, "%"))
          {
            claim (r, i, j + 1, USED_OTHER);
            continue;
          }
      }
      /* Long digit runs joined by spaces or dashes: phones, seals, accounts. */
      {
        int j = i, digits = 0;

        while (j < NT (r) && is_num (r, j))
          {
            digits += T (r, j)->kl;
            j++;
            if (is_punct (r, j, "-") && is_num (r, j + 1))
              j++;
          }
        /* … but not a date shape: 2021-02-14, 14-02-2021 */
        gboolean date_shape = j == i + 5 && is_punct (r, i + 1, "-") && is_punct (r, i + 3, "-")
                              && T (r, i + 2)->kl <= 2
                              && ((T (r, i)->kl == 4 && T (r, i + 4)->kl <= 2)
                                  || (T (r, i)->kl <= 2 && T (r, i + 4)->kl == 4));

        if (!date_shape && (digits >= 8 || T (r, i)->kl >= 7
                            || (KEY (r, i)[0] == '0' && T (r, i)->kl >= 2 && digits >= 7)))
          {
            claim (r, i, j, USED_OTHER);
            i = j - 1;
          }
      }
    }
}

/* Ports ------------------------------------------------------------------ */

static gboolean
has_ship_context (Run *r, int a, int b)
{
  return nearest (r, a, b, WINDOW, pred_ship, NULL) != NULL;
}

/* Direction word right before token @i ("from", "sale de", "llega a"),
 * skipping one determiner or port word ("al puerto de"). */
static const LexCategory *
dir_before (Run *r, int i)
{
  const LexCategory *c = match_ending (r, i, FAM_DIR, NULL);

  if (c == NULL && i > 1 && (match_ending (r, i, FAM_DETERMINER, NULL) != NULL
                             || match_ending (r, i, FAM_SHIPCUE, NULL) != NULL))
    c = match_ending (r, i - 1, FAM_DIR, NULL);
  return c;
}

static const char *
port_qualifier (Run *r, int a, int b)
{
  const LexCategory *c = dir_before (r, a);
  int where = -1;

  if (c == NULL)
    {
      /* A direction word a little further back ("sale mañana de…" is
       * caught above; "llega el 14 a…" too); else nothing. */
      c = nearest (r, a, b, 3, pred_dir, &where);
      if (c != NULL && where >= a)
        c = NULL;
    }
  if (c == NULL)
    return NULL;
  switch ((int) c->arg)
    {
    case DIR_ORIGIN: return "origin";
    case DIR_DESTINATION: return "destination";
    default: return "transit";
    }
}

static gboolean
preceded_by_determiner (Run *r, int i)
{
  int s;

  return match_ending (r, i, FAM_DETERMINER, &s) != NULL && match_ending (r, i, FAM_DIR, NULL) == NULL;
}

static gboolean
covered_by_notport (Run *r, int a, int b)
{
  for (int s = MAX (0, a - 3); s < b; s++)
    {
      int end;

      if (match_at (r, s, FAM_NOTPORT, &end) != NULL && end > a)
        return TRUE;
    }
  return FALSE;
}

static void
emit_port (Run *r, int a, int b, gint32 port, double conf)
{
  int lo, hi;
  const char *qual = port_qualifier (r, a, b);

  /* Holidays, family and football: still a mention, but a weak one, and the
   * reason is emitted as a cue next to it for inference. */
  window (r, a, b, WINDOW, &lo, &hi);
  for (int s = lo; s < hi; s++)
    {
      int end;

      if (match_at (r, s, FAM_FAMILY, &end) != NULL)
        {
          emit_cue (r, "holiday", s, end, 0.6);
          conf = MIN (conf, 0.3);
        }
    }
  if (nearest (r, a, b, WINDOW, pred_leisure, NULL) != NULL)
    conf = MIN (conf, 0.3);
  emit (r, CORRIDOR_MENTION_PORT, a, b, g_strdup (r->lex->ports[port]->locode), NAN, qual, conf);
  claim (r, a, b, USED_PORT);
}

static gboolean
context_ok (Run *r, int a, int b, gboolean cap_counts)
{
  const Tok *t = T (r, a);

  if (has_ship_context (r, a, b))
    return TRUE;
  if (dir_before (r, a) != NULL && (t->cap || !cap_counts))
    return TRUE;
  return cap_counts && t->cap && !t->sent_start && !t->upper;
}

static void
pass_ports_exact (Run *r)
{
  for (int i = 0; i < NT (r); i++)
    {
      const LexEntry *best = NULL;
      int end = -1;
      double conf;

      if (r->sc->first_m[i] < 0 || r->sc->used[i])
        continue;
      /* "kaai 1742" → the port of that quay numbering */
      {
        int qe;
        const LexCategory *q = match_at (r, i, FAM_QUAY, &qe);

        if (q != NULL && is_num (r, qe) && T (r, qe)->kl >= 2 && T (r, qe)->kl <= 4)
          {
            for (guint p = 0; p < r->lex->n_ports; p++)
              if (strcmp (r->lex->ports[p]->locode, q->sarg) == 0)
                {
                  emit_port (r, i, qe + 1, (gint32) p, 0.5);
                  break;
                }
            i = qe;
            continue;
          }
      }
      for (guint k = (guint) r->sc->first_m[i]; k < r->sc->n_m && r->sc->m[k].ts == i; k++)
        if (r->sc->m[k].e->port >= 0 && range_free (r, i, r->sc->m[k].te))
          {
            best = r->sc->m[k].e;
            end = r->sc->m[k].te;
          }
      if (best == NULL)
        continue;

      switch (best->port_kind)
        {
        case PORT_KIND_LOCODE:
          if (T (r, i)->upper)
            conf = 0.9;
          else if (has_ship_context (r, i, end))
            conf = 0.6;
          else
            continue;
          break;
        case PORT_KIND_LOCODE_SPACED:
          if (!T (r, i)->upper || !T (r, end - 1)->upper)
            continue;
          conf = 0.9;
          break;
        case PORT_KIND_ABBREV:
          if (T (r, i)->upper && !best->common)
            conf = 0.8;
          else if (context_ok (r, i, end, FALSE) && !preceded_by_determiner (r, i))
            conf = 0.5;
          else
            continue;
          break;
        default:
          if (best->common)
            {
              if (preceded_by_determiner (r, i) || covered_by_notport (r, i, end)
                  || !context_ok (r, i, end, FALSE))
                continue;
              if (!has_ship_context (r, i, end) && !T (r, i)->cap)
                continue;
              conf = 0.6;
            }
          else
            {
              const char *k = KEY (r, end - 1);
              gsize kl = strlen (k);

              conf = best->port_kind == PORT_KIND_NAME ? 0.9 : 0.85;
              if (g_str_has_suffix (k, "dok") || g_str_has_suffix (k, "dock")
                  || g_str_has_suffix (k, "haven") || g_str_has_suffix (k, "kai")
                  || g_str_has_suffix (k, "terminal") || strstr (k, "terminal") != NULL
                  || kl == 0)
                conf = 0.7;
            }
          break;
        }
      emit_port (r, i, end, best->port, conf);
      i = end - 1;
    }
}

static gint32
fuzzy_lookup (Run *r, const char *phon, double *conf)
{
  GHashTable *phonetic = r->lex->phonetic, *dels = r->lex->deletions;
  const FuzzyCand *c = g_hash_table_lookup (phonetic, phon);
  gsize n = strlen (phon);
  gint32 found = -2;
  GString *del = r->sc->buf2;

  if (c != NULL)
    {
      *conf = 0.7;
      return c->port;
    }
  if (n < 6)
    return -1;
  *conf = 0.6;

#define CONSIDER(cand) G_STMT_START {                                              \
    const FuzzyCand *cc_ = (cand);                                                 \
    if (cc_->port >= 0 && strlen (cc_->phon) >= 6                                  \
        && corridor_osa_distance (phon, cc_->phon, 1) <= 1)                        \
      {                                                                            \
        if (found == -2 || found == cc_->port)                                     \
          found = cc_->port;                                                       \
        else                                                                       \
          found = -1;                                                              \
      }                                                                            \
  } G_STMT_END

  {
    GPtrArray *list = g_hash_table_lookup (dels, phon);   /* a letter dropped */

    for (guint i = 0; list != NULL && i < list->len; i++)
      CONSIDER (list->pdata[i]);
  }
  for (gsize i = 0; i < n; i++)
    {
      GPtrArray *list;

      if (i > 0 && phon[i] == phon[i - 1])
        continue;
      g_string_truncate (del, 0);
      g_string_append_len (del, phon, i);
      g_string_append (del, phon + i + 1);
      c = g_hash_table_lookup (phonetic, del->str);      /* a letter added */
      if (c != NULL)
        CONSIDER (c);
      list = g_hash_table_lookup (dels, del->str);       /* substituted, swapped */
      for (guint k = 0; list != NULL && k < list->len; k++)
        CONSIDER (list->pdata[k]);
    }
#undef CONSIDER
  return found >= 0 ? found : -1;
}

static void
pass_ports_fuzzy (Run *r)
{
  GString *phon = r->sc->buf;

  for (int i = 0; i < NT (r); i++)
    {
      const Tok *t = T (r, i);
      const char *key = KEY (r, i);
      gint32 port = -1;
      double conf = 0;
      int end = i + 1;

      if (t->type != TOK_WORD || t->kl < 5 || !t->ascii || r->sc->used[i]
          || r->sc->first_m[i] >= 0 || g_hash_table_contains (r->lex->stopwords, key))
        continue;
      /* Two words first ("Santa Martha"), phonetically equal only. */
      if (is_word (r, i + 1) && !r->sc->used[i + 1] && T (r, i + 1)->ascii)
        {
          g_string_truncate (r->sc->buf2, 0);
          g_string_append (r->sc->buf2, key);
          g_string_append_c (r->sc->buf2, ' ');
          g_string_append (r->sc->buf2, KEY (r, i + 1));
          corridor_phonetic (r->sc->buf2->str, phon);
          {
            const FuzzyCand *c = g_hash_table_lookup (r->lex->phonetic, phon->str);

            if (c != NULL && c->port >= 0)
              {
                port = c->port;
                conf = 0.7;
                end = i + 2;
              }
          }
        }
      if (port < 0)
        {
          corridor_phonetic (key, phon);
          port = fuzzy_lookup (r, phon->str, &conf);
        }
      if (port < 0)
        {
          const FuzzyCand *c = g_hash_table_lookup (r->lex->prefixes, key);

          if (c != NULL && c->port >= 0)
            {
              port = c->port;
              conf = 0.5;
            }
        }
      if (port < 0)
        continue;
      if (r->lex->port_common[port])
        {
          if (preceded_by_determiner (r, i) || covered_by_notport (r, i, end)
              || !(has_ship_context (r, i, end) || (dir_before (r, i) != NULL && t->cap)))
            continue;
        }
      else if (!context_ok (r, i, end, TRUE))
        continue;
      emit_port (r, i, end, port, conf);
      i = end - 1;
    }
}

/* Dates ------------------------------------------------------------------ */

static const char *
date_qualifier (Run *r, int a, int b, gint64 day)
{
  const LexCategory *c;

  if (nearest (r, a, b, WINDOW, pred_corrected, NULL) != NULL)
    return "eta-corrected";
  c = nearest (r, a, b, WINDOW, pred_qual, NULL);
  if (c == NULL)
    return NULL;
  switch ((int) c->arg)
    {
    case QUAL_ETD: return day < r->day ? "departed" : "etd";
    case QUAL_DEPARTED: return "departed";
    case QUAL_ETA: return "eta";
    case QUAL_ARRIVED: return "arrived";
    default: return "eta-corrected";
    }
}

static void
emit_date (Run *r, int a, int b, gint64 day, double conf)
{
  int y, m, d;

  civil_from_days (day, &y, &m, &d);
  emit (r, CORRIDOR_MENTION_DATE, a, b, g_strdup_printf ("%04d-%02d-%02d", y, m, d), NAN,
        date_qualifier (r, a, b, day), conf);
  claim (r, a, b, USED_OTHER);
}

/* The year of a day and month written without one: the occurrence nearest
 * the message date (so "28/12" written on 2 January is last December). */
static gint64
nearest_year_day (Run *r, int m, int d)
{
  int y0, m0, d0;
  gint64 best = G_MININT64;

  civil_from_days (r->day, &y0, &m0, &d0);
  for (int y = y0 - 1; y <= y0 + 1; y++)
    if (valid_date (y, m, d))
      {
        gint64 day = days_from_civil (y, m, d);

        if (best == G_MININT64 || llabs (day - r->day) < llabs (best - r->day))
          best = day;
      }
  return best;
}

static gboolean
date_from_parts (Run *r, int y, int m, int d, gint64 *day)
{
  if (y < 0)
    {
      if (m < 1 || m > 12 || d < 1 || d > 31)
        return FALSE;
      *day = nearest_year_day (r, m, d);
      return *day != G_MININT64;
    }
  if (y < 100)
    y += 2000;
  if (!valid_date (y, m, d))
    return FALSE;
  *day = days_from_civil (y, m, d);
  return TRUE;
}

static gboolean
is_date_sep (Run *r, int i)
{
  return is_punct (r, i, "/") || is_punct (r, i, "-") || is_punct (r, i, ".");
}

/* Numeric forms: 14/02/2021, 14-02-21, 14.02.2021, 2021-02-14, 14/2. */
static gboolean
try_numeric_date (Run *r, int i)
{
  int a, b, c = -1, j, y, m, d;
  const char *sep;
  gint64 day;
  gboolean dotted;

  if (!is_num (r, i) || T (r, i)->kl > 4 || !is_date_sep (r, i + 1) || T (r, i + 1)->gap
      || !is_num (r, i + 2) || T (r, i + 2)->gap || T (r, i + 2)->kl > 2)
    return FALSE;
  if (i > 0 && !T (r, i)->gap && (is_num (r, i - 1) || is_date_sep (r, i - 1)
                                  || is_punct (r, i - 1, ",")))
    return FALSE;
  sep = KEY (r, i + 1);
  a = num_value (r, i);
  b = num_value (r, i + 2);
  j = i + 3;
  if (is_punct (r, j, sep) && !T (r, j)->gap && is_num (r, j + 1) && !T (r, j + 1)->gap
      && (T (r, j + 1)->kl == 2 || T (r, j + 1)->kl == 4))
    {
      c = num_value (r, j + 1);
      j += 2;
    }
  /* "21.1." : day and month closed by a dot, the common European short
   * form; a bare "21.1" stays a decimal. */
  dotted = c < 0 && strcmp (sep, ".") == 0 && is_punct (r, j, ".") && !T (r, j)->gap
           && T (r, i)->kl <= 2 && a >= 1 && a <= 31 && b >= 1 && b <= 12
           && !(is_num (r, j + 1) && !T (r, j + 1)->gap);
  /* Something longer ("1.2.3.4", "12/34/56/78") or a clock time after. */
  if (j < NT (r) && !T (r, j)->gap && (is_num (r, j) || is_date_sep (r, j) || is_punct (r, j, ":"))
      && !(is_punct (r, j, ".") && (j + 1 >= NT (r) || T (r, j + 1)->gap
                                    || (T (r, j + 1)->type == TOK_PUNCT && !is_date_sep (r, j + 1)
                                        && !is_punct (r, j + 1, ":")))))
    return FALSE;
  if (match_at (r, j, FAM_UNIT, NULL) != NULL || match_ending (r, i, FAM_CURRENCY, NULL) != NULL
      || (dotted && match_at (r, j + 1, FAM_UNIT, NULL) != NULL))
    return FALSE;
  if (T (r, i)->kl == 4)
    {
      if (c < 0 || (T (r, j - 1)->kl != 2 && T (r, j - 1)->kl != 1))
        return FALSE;
      y = a;
      m = b;
      d = c;
    }
  else
    {
      if (T (r, i)->kl > 2)
        return FALSE;
      if (c < 0 && strcmp (sep, "/") != 0 && !dotted)
        return FALSE;     /* "14.2" is a decimal, "2-1" a score */
      if (c < 0 && a == 24 && b == 7)
        return FALSE;     /* "24/7" */
      y = c;
      if (a > 12 || b <= 12)
        {
          d = a;
          m = b;
        }
      else
        {
          m = a;          /* month-first only when the day settles it */
          d = b;
        }
    }
  if (!date_from_parts (r, y, m, d, &day))
    return FALSE;
  emit_date (r, i, j, day, c >= 0 ? 0.9 : 0.8);
  return TRUE;
}

static gboolean
day_number (Run *r, int i, int *d, int *after)
{
  int j = i + 1;

  if (!is_num (r, i) || T (r, i)->kl > 2 || r->sc->used[i])
    return FALSE;
  *d = num_value (r, i);
  if (*d < 1 || *d > 31)
    return FALSE;
  if (match_at (r, j, FAM_ORDINAL, &j) == NULL && is_punct (r, j, ".") && !T (r, j)->gap)
    j++;
  if (is_word (r, i + 1) && !T (r, i + 1)->gap && j == i + 1)
    return FALSE;     /* "14x" */
  *after = j;
  return TRUE;
}

static gboolean
year_number (Run *r, int i, int *y, int *after)
{
  int j = i;

  if (is_punct (r, j, ","))
    j++;
  if (is_word (r, j) && (strcmp (KEY (r, j), "de") == 0 || strcmp (KEY (r, j), "del") == 0))
    j++;
  if (is_num (r, j) && T (r, j)->kl == 4 && (num_value (r, j) / 100 == 19 || num_value (r, j) / 100 == 20)
      && !is_punct (r, j + 1, ":") && match_at (r, j + 1, FAM_UNIT, NULL) == NULL)
    {
      *y = num_value (r, j);
      *after = j + 1;
      return TRUE;
    }
  return FALSE;
}

/* "14 feb", "14 de febrero (de 2021)", "le 14 février", "14. Februar",
 * "Feb 14th, 2021", "the 14th of February". */
static gboolean
try_text_date (Run *r, int i)
{
  int d, j, me, y = -1, end;
  const LexCategory *mc;
  gint64 day;

  if (day_number (r, i, &d, &j))
    {
      if (is_word (r, j) && (strcmp (KEY (r, j), "de") == 0 || strcmp (KEY (r, j), "of") == 0))
        j++;
      mc = match_at (r, j, FAM_MONTH, &me);
      if (mc == NULL || !range_free (r, j, me))
        return FALSE;
      end = me;
      year_number (r, me, &y, &end);
      if (match_at (r, end, FAM_UNIT, NULL) != NULL)
        return FALSE;
      if (!date_from_parts (r, y, (int) mc->arg, d, &day))
        return FALSE;
      emit_date (r, i, end, day, y >= 0 ? 0.9 : 0.8);
      return TRUE;
    }
  mc = match_at (r, i, FAM_MONTH, &me);
  if (mc != NULL)
    {
      j = me;
      if (is_word (r, j) && strcmp (KEY (r, j), "the") == 0)
        j++;
      if (!day_number (r, j, &d, &end))
        return FALSE;
      if (match_at (r, end, FAM_UNIT, NULL) != NULL || match_at (r, end, FAM_CURRENCY, NULL) != NULL
          || is_punct (r, end, ":") || (is_num (r, end) && !T (r, end)->gap))
        return FALSE;
      year_number (r, end, &y, &end);
      if (!date_from_parts (r, y, (int) mc->arg, d, &day))
        return FALSE;
      emit_date (r, i, end, day, y >= 0 ? 0.9 : 0.75);
      return TRUE;
    }
  return FALSE;
}

static gboolean
try_relative_date (Run *r, int i)
{
  const LexCategory *c;
  int end;

  /* "in 3 days", "en 3 días", "over 2 weken" */
  if (match_at (r, i, FAM_INPREP, &end) != NULL && is_num (r, end) && !r->sc->used[end]
      && T (r, end)->kl <= 2)
    {
      int ue;
      const LexCategory *u = match_at (r, end + 1, FAM_DAYUNIT, &ue);

      if (u != NULL)
        {
          emit_date (r, i, ue, r->day + num_value (r, end) * (gint64) u->arg, 0.8);
          return TRUE;
        }
    }
  c = match_at (r, i, FAM_RELDATE, &end);
  if (c != NULL)
    {
      gint64 day;

      if (c->arg == RELDATE_NONE)
        {
          claim (r, i, end, USED_OTHER);
          return TRUE;
        }
      if (c->arg == RELDATE_EOM)
        {
          int y, m, d;

          civil_from_days (r->day, &y, &m, &d);
          day = days_from_civil (y, m, g_date_get_days_in_month ((GDateMonth) m, (GDateYear) y));
        }
      else
        day = r->day + (gint64) c->arg;
      emit_date (r, i, end, day, 0.8);
      return TRUE;
    }
  c = match_at (r, i, FAM_WEEKDAY, &end);
  if (c != NULL)
    {
      int wd = weekday_of (r->day), target = (int) c->arg, le, ls;
      gboolean past = FALSE;
      const LexCategory *q;
      int a = i;
      gint64 day;

      if (match_at (r, end, FAM_LAST, &le) != NULL)
        {
          past = TRUE;
          end = le;
        }
      else if (match_ending (r, i, FAM_LAST, &ls) != NULL)
        {
          past = TRUE;
          a = ls;
        }
      else if (match_ending (r, i, FAM_NEXT, &ls) != NULL)
        a = ls;
      q = nearest (r, a, end, 6, pred_qual, NULL);
      if (q != NULL && (q->arg == QUAL_DEPARTED || q->arg == QUAL_ARRIVED))
        past = TRUE;
      if (past)
        day = r->day - (((wd - target) + 6) % 7 + 1);
      else
        day = r->day + (((target - wd) + 6) % 7 + 1);
      emit_date (r, a, end, day, 0.7);
      return TRUE;
    }
  return FALSE;
}

static void
pass_dates (Run *r)
{
  for (int i = 0; i < NT (r); i++)
    {
      if (r->sc->used[i])
        continue;
      if (try_numeric_date (r, i) || try_text_date (r, i))
        continue;
      if (r->sc->first_m[i] >= 0)
        try_relative_date (r, i);
    }
}

/* Quantities and prices -------------------------------------------------- */

/* The number starting at token @i with the writer's separators: a '.' or ','
 * before exactly three digits groups thousands, otherwise it is a decimal
 * mark. Returns the token after it, or -1. */
static int
parse_number (Run *r, int i, double *value)
{
  double v = atof (KEY (r, i));
  int j = i + 1;

  if (T (r, i)->kl > 9)
    return -1;
  while ((is_punct (r, j, ".") || is_punct (r, j, ",")) && !T (r, j)->gap
         && is_num (r, j + 1) && !T (r, j + 1)->gap)
    {
      int kl = T (r, j + 1)->kl;

      if (kl == 3)
        v = v * 1000 + atof (KEY (r, j + 1));
      else
        {
          v += atof (KEY (r, j + 1)) / pow (10, kl);
          j += 2;
          if ((is_punct (r, j, ".") || is_punct (r, j, ",")) && is_num (r, j + 1) && !T (r, j + 1)->gap)
            return -1;
          break;
        }
      j += 2;
    }
  *value = v;
  return j;
}

static void
pass_quantities (Run *r)
{
  for (int i = 0; i < NT (r); i++)
    {
      double v, factor;
      int j, ue, cs;
      const LexCategory *u;

      if (!is_num (r, i) || r->sc->used[i])
        continue;
      if (i > 0 && !T (r, i)->gap && (is_num (r, i - 1) || is_punct (r, i - 1, ".")
                                      || is_punct (r, i - 1, ",") || is_punct (r, i - 1, "/")))
        continue;
      j = parse_number (r, i, &v);
      if (j < 0 || !range_free (r, i, j))
        continue;
      /* Money: "€30.000", "$ 3500", "R$ 20 mil", "USD 4000" */
      if (match_ending (r, i, FAM_CURRENCY, &cs) != NULL)
        {
          int e = j;

          if (match_at (r, e, FAM_MULT, &e) == NULL)
            match_at (r, e, FAM_MONEYSUFFIX, &e);
          emit_cue (r, "price", cs, e, 0.8);
          claim (r, cs, e, USED_OTHER);
          i = e - 1;
          continue;
        }
      /* "27k", "300k", "2M" */
      if (is_word (r, j) && !T (r, j)->gap && match_at (r, j, FAM_MONEYSUFFIX, &ue) != NULL)
        {
          emit_cue (r, "price", i, ue, 0.7);
          claim (r, i, ue, USED_OTHER);
          i = ue - 1;
          continue;
        }
      if (match_at (r, j, FAM_MULT, &ue) != NULL)
        {
          v *= 1000;
          j = ue;
        }
      /* "30.000 euros", "250 mil dólares" */
      if (match_at (r, j, FAM_CURRENCY, &ue) != NULL)
        {
          emit_cue (r, "price", i, ue, 0.8);
          claim (r, i, ue, USED_OTHER);
          i = ue - 1;
          continue;
        }
      /* A rate: "3500/kilo", "27 per key", "30 el kilo" */
      {
        int pe;

        if (match_at (r, j, FAM_PER, &pe) != NULL && match_at (r, pe, FAM_UNIT, &ue) != NULL)
          {
            emit_cue (r, "price", i, ue, 0.7);
            claim (r, i, ue, USED_OTHER);
            i = ue - 1;
            continue;
          }
      }
      u = match_at (r, j, FAM_UNIT, &ue);
      if (u == NULL)
        continue;
      factor = u->arg;
      if (factor == UNIT_PIECE && !r->brick_ctx)
        continue;
      if (factor == UNIT_BRICK || factor == UNIT_PIECE)
        {
          if (v != floor (v))
            continue;
          factor = 1;
        }
      if (isnan (factor) || v * factor <= 0 || v * factor > 200000)
        continue;
      emit (r, CORRIDOR_MENTION_QUANTITY, i, ue, g_strdup_printf ("%.10g", v * factor), v * factor,
            NULL, u->arg == UNIT_PIECE ? 0.6 : u->arg == UNIT_BRICK ? 0.8 : 0.9);
      claim (r, i, ue, USED_OTHER);
      i = ue - 1;
    }
}

/* Vessels ---------------------------------------------------------------- */

static gboolean name_word_full (Run *r, int i, gboolean stopwords_ok);

static gboolean
name_word (Run *r, int i)
{
  return name_word_full (r, i, FALSE);
}

/* @stopwords_ok: a capitalised ordinary word may be part of the name
 * ("Santos Express"), used where a ship-type word settles it. */
static gboolean
name_word_full (Run *r, int i, gboolean stopwords_ok)
{
  const Tok *t;
  int s;

  if (i >= NT (r) || r->sc->used[i])
    return FALSE;
  t = T (r, i);
  if (t->type == TOK_NUM)
    return t->kl <= 3;
  if (t->type != TOK_WORD || !t->cap)
    return FALSE;
  if (!stopwords_ok && g_hash_table_contains (r->lex->stopwords, KEY (r, i)))
    return FALSE;
  for (LexFamily f = FAM_DETERMINER; f < N_FAMILIES; f++)
    if (f != FAM_CONCEAL && f != FAM_CARRIER && f != FAM_SHIPTYPE && match_at (r, i, f, &s) != NULL)
      return FALSE;
  return TRUE;
}

static void emit_vessel (Run *r, int a, int b, double conf);

/* Whether tokens [a, b) are exactly one gazetteer name and nothing more. */
static gboolean
is_just_a_port (Run *r, int a, int b)
{
  if (r->sc->first_m[a] < 0)
    return FALSE;
  for (guint k = (guint) r->sc->first_m[a]; k < r->sc->n_m && r->sc->m[k].ts == a; k++)
    if (r->sc->m[k].e->port >= 0 && r->sc->m[k].te == b)
      return TRUE;
  return FALSE;
}

static gboolean
has_shiptype (Run *r, int a, int b)
{
  for (int i = a; i < b; i++)
    if (match_at (r, i, FAM_SHIPTYPE, NULL) != NULL)
      return TRUE;
  return FALSE;
}

/* Vessel names that look like places ("Guayas Trader", "Cap San Lorenzo",
 * "barco Rio Blanco") are claimed before ports are read, so that a ship is
 * never taken for the port it is named after. Only words here: numbers are
 * left to the date and quantity passes. */
static void
pass_vessels_early (Run *r)
{
  for (int i = 0; i < NT (r); i++)
    {
      int end, n = 0;

      if (r->sc->used[i])
        continue;
      if (match_at (r, i, FAM_VESSELCUE, &end) != NULL || 
          (match_at (r, i, FAM_CARRIER, &end) != NULL && end - i > 1 && T (r, i)->cap))
        {
          gboolean carrier = match_at (r, i, FAM_VESSELCUE, NULL) == NULL;
          int j = end;

          if (!carrier && is_punct (r, j, ":"))
            j++;
          while (n < 4 && is_word (r, j + n) && name_word (r, j + n))
            n++;
          if (n > 0 && (carrier || has_shiptype (r, j, j + n) || !is_just_a_port (r, j, j + n)))
            {
              if (carrier)
                emit_vessel (r, i, j + n, 0.75);
              else
                emit_vessel (r, j, j + n, 0.75);
              i = j + n - 1;
            }
          continue;
        }
      /* "<Name> Trader", "<Name> <Name> Express": capitalised words before
       * a capitalised ship-type word. */
      if (is_word (r, i) && T (r, i)->cap && match_at (r, i, FAM_SHIPTYPE, &end) != NULL)
        {
          int a = i;

          while (n < 3 && a > 0 && is_word (r, a - 1) && name_word_full (r, a - 1, TRUE))
            a--, n++;
          if (n > 0)
            {
              emit_vessel (r, a, end, 0.7);
              i = end - 1;
            }
        }
    }
}

static void
emit_vessel (Run *r, int a, int b, double conf)
{
  const Tok *ta = T (r, a), *tb = T (r, b - 1);
  const char *p = r->body + ta->bs, *end = r->body + tb->be;
  GString *v = g_string_new (NULL);
  gboolean gap = FALSE;

  /* Each run of spaces, tabs, newlines or U+00A0 becomes one space. Walk by
   * character: splitting on the bytes of "\u00a0" cut "à" (C3 A0) in two and
   * left a name that is not UTF-8 (found by tests/fuzz). */
  for (; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == '\t' || c == '\n' || c == 0x00A0)
        {
          gap = v->len > 0;
          continue;
        }
      if (gap)
        g_string_append_c (v, ' ');
      gap = FALSE;
      g_string_append_len (v, p, g_utf8_next_char (p) - p);
    }
  emit (r, CORRIDOR_MENTION_VESSEL, a, b, g_string_free (v, FALSE), NAN, NULL, conf);
  claim (r, a, b, USED_OTHER);
}

static void
pass_vessels (Run *r)
{
  for (int i = 0; i < NT (r); i++)
    {
      int end, j, n = 0;

      if (r->sc->first_m[i] < 0 || r->sc->used[i])
        continue;
      if (match_at (r, i, FAM_VESSELCUE, &end) != NULL)
        {
          static const char * const quotes[] = { "\"", "\u201c", "\u201d", "'", "\u2018", "\u00ab", NULL };
          gboolean quoted = FALSE;

          j = end;
          if (is_punct (r, j, ":"))
            j++;
          for (guint q = 0; quotes[q] != NULL; q++)
            quoted |= is_punct (r, j, quotes[q]);
          if (quoted)
            {
              int a = j + 1, b = a;

              while (b < NT (r) && b < a + 6 && T (r, b)->type != TOK_PUNCT)
                b++;
              if (b > a && b < NT (r) && T (r, b)->type == TOK_PUNCT && range_free (r, a, b))
                {
                  emit_vessel (r, a, b, 0.8);
                  i = b;
                }
              continue;
            }
          while (n < 4 && name_word (r, j + n) && !(n == 0 && T (r, j)->type == TOK_NUM))
            n++;
          if (n > 0)
            {
              emit_vessel (r, j, j + n, 0.75);
              i = j + n - 1;
            }
          continue;
        }
      if (match_at (r, i, FAM_CARRIER, &end) != NULL)
        {
          const Tok *t = T (r, i);

          if (!(t->upper || (t->cap && t->kl > 3)))
            continue;
          while (n < 3 && name_word (r, end + n) && !(n == 0 && T (r, end)->type == TOK_NUM))
            n++;
          if (n > 0)
            {
              emit_vessel (r, i, end + n, 0.7);
              i = end + n - 1;
            }
        }
    }
}

/* Cues from shapes rather than words ------------------------------------ */

/* A bare year before the message's own ("the job in 2018") dates what is
 * said to the past; a score line ("Barcelona 3 Valencia 1") is football. */
static void
pass_shape_cues (Run *r)
{
  int y0, m0, d0;

  civil_from_days (r->day, &y0, &m0, &d0);
  for (int i = 0; i < NT (r); i++)
    {
      const Tok *t = T (r, i);

      if (r->sc->used[i] || t->type != TOK_NUM)
        continue;
      if (t->kl == 4 && num_value (r, i) >= 1970 && num_value (r, i) < y0
          && !(i + 1 < NT (r) && !T (r, i + 1)->gap && T (r, i + 1)->type != TOK_PUNCT)
          && match_at (r, i + 1, FAM_UNIT, NULL) == NULL
          && match_ending (r, i, FAM_CURRENCY, NULL) == NULL)
        emit_cue (r, "past", i, i + 1, 0.6);
      /* <Name> N <Name> N, with one- or two-digit goals. */
      if (t->kl <= 2 && i >= 1 && i + 2 < NT (r) && is_word (r, i - 1) && T (r, i - 1)->cap
          && is_word (r, i + 1) && T (r, i + 1)->cap && is_num (r, i + 2) && T (r, i + 2)->kl <= 2
          && !r->sc->used[i + 2] && match_at (r, i + 3, FAM_UNIT, NULL) == NULL
          && !(i + 3 < NT (r) && (is_date_sep (r, i + 3) || is_punct (r, i + 3, ":"))))
        emit_cue (r, "football", i - 1, i + 3, 0.6);
    }
}

/* Concealment and cues --------------------------------------------------- */

static void
pass_terms (Run *r)
{
  int last_conceal_end = -1;
  CorridorMention *last_conceal = NULL;

  for (guint k = 0; k < r->sc->n_m; k++)
    {
      const LexMatch *m = &r->sc->m[k];
      gboolean in_port = FALSE;

      for (int t = m->ts; t < m->te; t++)
        in_port |= r->sc->used[t] == USED_PORT;
      if (in_port)
        continue;
      for (guint c = 0; c < m->e->n_cats; c++)
        {
          const LexCategory *cat = cat_of (r, m->e->cats[c]);

          if (cat->family == FAM_CUE)
            emit_cue (r, cat->sarg, m->ts, m->te, 0.7);
          else if (cat->family == FAM_CONCEAL)
            {
              /* Longest wins among overlapping terms ("fruit pulp" over "fruit"). */
              if (last_conceal != NULL && m->ts < last_conceal_end)
                {
                  if (T (r, m->te - 1)->ce - T (r, m->ts)->cs > last_conceal->end - last_conceal->start)
                    {
                      g_free (last_conceal->value);
                      last_conceal->value = g_strdup (cat->sarg);
                      last_conceal->start = T (r, m->ts)->cs;
                      last_conceal->end = T (r, m->te - 1)->ce;
                      last_conceal_end = m->te;
                    }
                  continue;
                }
              last_conceal = emit (r, CORRIDOR_MENTION_CONCEALMENT, m->ts, m->te,
                                   g_strdup (cat->sarg), NAN, NULL, 0.7);
              last_conceal_end = m->te;
            }
        }
    }
}

/* The object ------------------------------------------------------------- */

static void
corridor_extractor_finalize (GObject *object)
{
  CorridorExtractor *self = CORRIDOR_EXTRACTOR (object);

  g_clear_pointer (&self->lex, corridor_lexicon_free);
  g_clear_object (&self->gazetteer);
  G_OBJECT_CLASS (corridor_extractor_parent_class)->finalize (object);
}

static void
corridor_extractor_class_init (CorridorExtractorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = corridor_extractor_finalize;
}

static void
corridor_extractor_init (CorridorExtractor *self)
{
  (void) self;
}

CorridorExtractor *
corridor_extractor_new (CorridorGazetteer *gazetteer, GError **error)
{
  g_autoptr (CorridorExtractor) self = NULL;

  g_return_val_if_fail (gazetteer == NULL || CORRIDOR_IS_GAZETTEER (gazetteer), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (gazetteer == NULL)
    {
      gazetteer = corridor_gazetteer_get_default (error);
      if (gazetteer == NULL)
        return NULL;
    }
  self = g_object_new (CORRIDOR_TYPE_EXTRACTOR, NULL);
  self->gazetteer = g_object_ref (gazetteer);
  self->lex = corridor_lexicon_load (gazetteer, error);
  if (self->lex == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

static int
compare_mentions (gconstpointer a, gconstpointer b)
{
  const CorridorMention *x = *(CorridorMention * const *) a;
  const CorridorMention *y = *(CorridorMention * const *) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

GPtrArray *
corridor_extractor_run (CorridorExtractor *self, const CorridorMessage *message)
{
  GPtrArray *out;
  Scratch *sc;
  Run r = { 0 };

  g_return_val_if_fail (CORRIDOR_IS_EXTRACTOR (self), NULL);
  g_return_val_if_fail (message != NULL, NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_mention_free);
  if (!isnan (message->lat) && !isnan (message->lon)
      && fabs (message->lat) <= 90 && fabs (message->lon) <= 180)
    {
      CorridorMention *m = g_new0 (CorridorMention, 1);
      char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];

      m->kind = CORRIDOR_MENTION_PIN;
      g_ascii_formatd (lat, sizeof lat, "%.6f", message->lat);
      g_ascii_formatd (lon, sizeof lon, "%.6f", message->lon);
      m->value = g_strdup_printf ("%s,%s", lat, lon);
      m->number = message->lat;
      m->confidence = 1.0;
      g_ptr_array_add (out, m);
    }
  if (message->body == NULL || message->body[0] == '\0'
      || !g_utf8_validate (message->body, -1, NULL))
    return out;

  sc = get_scratch ();
  corridor_tokenize (&sc->tk, message->body);
  if (sc->tk.n_toks == 0)
    return out;
  if (sc->tk.n_toks > sc->cap_tok)
    {
      sc->cap_tok = MAX (sc->tk.n_toks, 2 * sc->cap_tok);
      sc->first_m = g_renew (int, sc->first_m, sc->cap_tok);
      sc->used = g_renew (guint8, sc->used, sc->cap_tok);
    }
  memset (sc->used, 0, sc->tk.n_toks);

  r.lex = self->lex;
  r.sc = sc;
  r.tk = &sc->tk;
  r.body = message->body;
  r.out = out;
  r.day = (message->ts + message->tz_offset) >= 0
          ? (message->ts + message->tz_offset) / 86400
          : -((-(message->ts + message->tz_offset) + 86399) / 86400);

  match_lexicon (&r);
  for (guint k = 0; k < sc->n_m && !r.brick_ctx; k++)
    for (guint c = 0; c < sc->m[k].e->n_cats; c++)
      {
        const LexCategory *cat = cat_of (&r, sc->m[k].e->cats[c]);

        if (cat->family == FAM_DRUGWORD || (cat->family == FAM_UNIT && cat->arg == UNIT_BRICK))
          r.brick_ctx = TRUE;
      }

  pass_containers (&r);
  pass_imo (&r);
  pass_coordinates (&r);
  pass_non_quantities (&r);
  pass_vessels_early (&r);
  pass_ports_exact (&r);
  pass_dates (&r);
  pass_quantities (&r);
  pass_ports_fuzzy (&r);
  pass_vessels (&r);
  pass_shape_cues (&r);
  pass_terms (&r);

  g_ptr_array_sort (out, compare_mentions);
  return out;
}
