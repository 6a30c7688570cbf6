/* corridor-extract-lexicon.c: the tokenizer, the per-token fold and the key
 * index extraction matches against: lexicon terms (maps/lexicon-*.tsv) and
 * gazetteer names, aliases and LOCODEs merged into one hash of token n-grams
 * (every proper prefix of a multi-token key is present too, so a scan stops
 * at the first miss), plus the fuzzy tables: phonetic keys, a SymSpell-style
 * 1-deletion index and name truncations. Keys are built by the same
 * tokenizer the messages go through, so both sides fold identically. */

#include "corridor-extract-private.h"

#include <string.h>
#include <stdlib.h>

#include "corridor-error.h"
#include "corridor-maps.h"

static const char * const lexicon_languages[] = {
  "en", "es", "pt", "nl", "fr", "it", "de", "sq", "sr", "tr", NULL
};

static const struct { const char *name; LexFamily family; } family_names[] = {
  { "stopword", FAM_STOPWORD }, { "determiner", FAM_DETERMINER }, { "shipcue", FAM_SHIPCUE },
  { "dir", FAM_DIR }, { "month", FAM_MONTH }, { "weekday", FAM_WEEKDAY },
  { "reldate", FAM_RELDATE }, { "last", FAM_LAST }, { "next", FAM_NEXT },
  { "inprep", FAM_INPREP }, { "dayunit", FAM_DAYUNIT }, { "qual", FAM_QUAL },
  { "unit", FAM_UNIT }, { "mult", FAM_MULT }, { "currency", FAM_CURRENCY },
  { "moneysuffix", FAM_MONEYSUFFIX }, { "drugword", FAM_DRUGWORD },
  { "concealment", FAM_CONCEAL }, { "cue", FAM_CUE }, { "family", FAM_FAMILY },
  { "vesselcue", FAM_VESSELCUE }, { "carrier", FAM_CARRIER }, { "quay", FAM_QUAY },
  { "timeword", FAM_TIMEWORD }, { "timeprep", FAM_TIMEPREP }, { "ordinal", FAM_ORDINAL },
  { "per", FAM_PER }, { "idcue", FAM_IDCUE }, { "notport", FAM_NOTPORT },
  { "shiptype", FAM_SHIPTYPE },
};

static const char * const cue_names[] = {
  "seized", "lost", "delivered", "cancelled", "past", "holiday", "football",
  "price", "loading", "extraction", "logistics", "shipment", NULL
};

/* Folding ----------------------------------------------------------------- */

static const char *
fold_special_letter (gunichar c)
{
  switch (c)
    {
    case 0x00F8: case 0x00D8: return "o";
    case 0x00E6: case 0x00C6: return "ae";
    case 0x0153: case 0x0152: return "oe";
    case 0x00DF: case 0x1E9E: return "ss";
    case 0x0142: case 0x0141: return "l";
    case 0x0111: case 0x0110: return "d";
    case 0x0131:              return "i";
    case 0x00FE: case 0x00DE: return "th";
    case 0x00F0: case 0x00D0: return "d";
    case 0x0127: case 0x0126: return "h";
    default:                  return NULL;
    }
}

static gboolean
is_mark (gunichar c)
{
  GUnicodeType t = g_unichar_type (c);

  return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK
         || t == G_UNICODE_SPACING_MARK;
}

void
corridor_fold_append (GString *out, const char *word, gsize len)
{
  const char *p = word, *end = word + len;

  while (p < end)
    {
      guchar b = (guchar) *p;

      if (b < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower ((char) b));
          p++;
          continue;
        }
      {
        gunichar c = g_utf8_get_char (p);
        const char *special = fold_special_letter (c);
        gunichar dec[8];
        gsize n;

        p = g_utf8_next_char (p);
        if (special != NULL)
          {
            g_string_append (out, special);
            continue;
          }
        if (is_mark (c))
          continue;
        n = g_unichar_fully_decompose (c, FALSE, dec, G_N_ELEMENTS (dec));
        if (n > 0)
          c = dec[0];
        c = g_unichar_tolower (c);
        special = fold_special_letter (c);
        if (special != NULL)
          g_string_append (out, special);
        else if (c < 0x80)
          g_string_append_c (out, (char) c);
        else
          g_string_append_unichar (out, c);
      }
    }
}

/* Tokenizer --------------------------------------------------------------- */

typedef enum { CH_SPACE, CH_LETTER, CH_DIGIT, CH_MARK, CH_PUNCT } CharClass;

static inline CharClass
classify (gunichar c)
{
  if (c < 0x80)
    {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return CH_SPACE;
      if (g_ascii_isalpha (c))
        return CH_LETTER;
      if (g_ascii_isdigit (c))
        return CH_DIGIT;
      return CH_PUNCT;
    }
  if (g_unichar_isspace (c) || c == 0x202F || c == 0x00A0 || c == 0x200B)
    return CH_SPACE;
  if (is_mark (c))
    return CH_MARK;
  if (g_unichar_isalpha (c))
    return CH_LETTER;
  return CH_PUNCT;
}

static Tok *
push_token (CorridorTokens *tk)
{
  if (tk->n_toks == tk->cap_toks)
    {
      tk->cap_toks = MAX (64, tk->cap_toks * 2);
      tk->toks = g_renew (Tok, tk->toks, tk->cap_toks);
    }
  return &tk->toks[tk->n_toks++];
}

static void
store_key (CorridorTokens *tk, Tok *t, const char *body)
{
  GString *s = tk->scratch;

  g_string_truncate (s, 0);
  if (t->type == TOK_PUNCT)
    g_string_append_len (s, body + t->bs, t->be - t->bs);
  else
    corridor_fold_append (s, body + t->bs, t->be - t->bs);
  if (tk->keys_len + s->len + 1 > tk->keys_cap)
    {
      tk->keys_cap = MAX (tk->keys_cap * 2, tk->keys_len + s->len + 256);
      tk->keys = g_realloc (tk->keys, tk->keys_cap);
    }
  t->ko = (int) tk->keys_len;
  t->kl = (int) s->len;
  memcpy (tk->keys + tk->keys_len, s->str, s->len + 1);
  tk->keys_len += s->len + 1;
  t->ascii = TRUE;
  for (gsize i = 0; i < s->len; i++)
    if ((guchar) s->str[i] >= 0x80)
      {
        t->ascii = FALSE;
        break;
      }
}

void
corridor_tokenize (CorridorTokens *tk, const char *body)
{
  const char *p = body;
  int ci = 0;
  int sent = 0;
  gboolean gap = TRUE, new_sent = TRUE;
  Tok *cur = NULL;       /* open word or number token */
  int n_letters = 0, n_upper = 0;

  if (tk->scratch == NULL)
    tk->scratch = g_string_sized_new (256);
  tk->n_toks = 0;
  tk->keys_len = 0;

#define CLOSE_CUR() G_STMT_START {                                   \
    if (cur != NULL)                                                  \
      {                                                               \
        cur->upper = n_letters >= 2 && n_upper == n_letters;          \
        store_key (tk, cur, body);                                    \
        cur = NULL;                                                   \
      }                                                               \
  } G_STMT_END

  while (*p != '\0')
    {
      const char *start = p;
      gunichar c;
      CharClass cls;

      if ((guchar) *p < 0x80)
        {
          c = (guchar) *p;
          p++;
        }
      else
        {
          c = g_utf8_get_char (p);
          p = g_utf8_next_char (p);
        }
      cls = classify (c);

      if (cls == CH_MARK && cur != NULL && cur->type == TOK_WORD)
        {
          cur->be = (int) (p - body);
          cur->ce = ci + 1;
          ci++;
          continue;
        }
      if ((cls == CH_LETTER && cur != NULL && cur->type == TOK_WORD)
          || (cls == CH_DIGIT && cur != NULL && cur->type == TOK_NUM))
        {
          cur->be = (int) (p - body);
          cur->ce = ci + 1;
          if (cls == CH_LETTER)
            {
              n_letters++;
              if (c < 0x80 ? g_ascii_isupper (c) : g_unichar_isupper (c))
                n_upper++;
            }
          ci++;
          continue;
        }

      CLOSE_CUR ();
      if (cls == CH_SPACE)
        {
          gap = TRUE;
          if (c == '\n')
            {
              if (!new_sent)
                sent++;
              new_sent = TRUE;
            }
          ci++;
          continue;
        }

      {
        Tok *t = push_token (tk);

        t->bs = (int) (start - body);
        t->be = (int) (p - body);
        t->cs = ci;
        t->ce = ci + 1;
        t->gap = gap;
        t->sent = sent;
        t->sent_start = new_sent;
        t->cap = FALSE;
        t->upper = FALSE;
        gap = FALSE;
        new_sent = FALSE;
        if (cls == CH_LETTER || cls == CH_DIGIT)
          {
            t->type = cls == CH_LETTER ? TOK_WORD : TOK_NUM;
            n_letters = n_upper = 0;
            if (cls == CH_LETTER)
              {
                n_letters = 1;
                t->cap = c < 0x80 ? g_ascii_isupper (c) : g_unichar_isupper (c);
                n_upper = t->cap;
              }
            cur = t;
          }
        else
          {
            t->type = TOK_PUNCT;
            t->ko = 0;
            store_key (tk, t, body);
            /* A full stop ends a sentence only when a space or the end
             * follows: "1.200" and "m/v" stay whole. */
            if ((c == '.' || c == '!' || c == '?' || c == ';')
                && (*p == '\0' || *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
              {
                sent++;
                new_sent = TRUE;
              }
          }
      }
      ci++;
    }
  CLOSE_CUR ();
#undef CLOSE_CUR
}

void
corridor_tokens_clear (CorridorTokens *tk)
{
  g_clear_pointer (&tk->toks, g_free);
  g_clear_pointer (&tk->keys, g_free);
  if (tk->scratch != NULL)
    g_string_free (tk->scratch, TRUE);
  tk->scratch = NULL;
  tk->n_toks = tk->cap_toks = 0;
  tk->keys_len = tk->keys_cap = 0;
}

/* Punctuation that may sit inside a multi-word name ("Port-Saïd", "R'dam",
 * "St. Petersburg"). */
gboolean
corridor_joins_words (const char *key)
{
  return strcmp (key, "-") == 0 || strcmp (key, "'") == 0 || strcmp (key, "\u2019") == 0
         || strcmp (key, ".") == 0 || strcmp (key, "\u2013") == 0 || strcmp (key, "/") == 0;
}

/* The key of a term: its word and number tokens joined by one space; a
 * term that is a single punctuation mark is that mark. */
static char *
term_key (CorridorTokens *tk, const char *term, int *n_words)
{
  GString *out = g_string_new (NULL);

  corridor_tokenize (tk, term);
  *n_words = 0;
  for (guint i = 0; i < tk->n_toks; i++)
    {
      const Tok *t = &tk->toks[i];

      if (t->type == TOK_PUNCT)
        {
          if (tk->n_toks == 1)
            {
              g_string_append (out, TOK_KEY (tk, i));
              *n_words = 1;
            }
          continue;
        }
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, TOK_KEY (tk, i));
      (*n_words)++;
    }
  return g_string_free (out, FALSE);
}

/* Phonetics and distance -------------------------------------------------- */

void
corridor_phonetic (const char *key, GString *out)
{
  g_string_truncate (out, 0);
  for (const char *p = key; *p != '\0'; p++)
    {
      char c = *p, n = p[1], o;

      switch (c)
        {
        case 'q':
          o = 'k';
          if (n == 'u')
            p++;
          break;
        case 'c':
          if (n == 'e' || n == 'i')
            o = 's';
          else if (n == 'h')
            {
              o = 'x';
              p++;
            }
          else
            o = 'k';
          break;
        case 'p':
          if (n == 'h')
            {
              o = 'f';
              p++;
            }
          else
            o = 'p';
          break;
        case 'v': case 'w': o = 'b'; break;
        case 'y': o = 'i'; break;
        case 'j': o = 'x'; break;
        case 'z': o = 's'; break;
        case 'h':
          continue;     /* silent in es/pt/fr/it; ch/ph/sh handled above */
        default: o = c; break;
        }
      if (out->len > 0 && out->str[out->len - 1] == o && o != ' ')
        continue;       /* doubled letters: "Rotterdam" == "Roterdam" */
      g_string_append_c (out, o);
    }
}

int
corridor_osa_distance (const char *a, const char *b, int max)
{
  int la = (int) strlen (a), lb = (int) strlen (b);
  int d[3][64];
  int *prev2 = d[0], *prev = d[1], *row = d[2];

  if (ABS (la - lb) > max)
    return max + 1;
  if (la >= 63 || lb >= 63)
    return strcmp (a, b) == 0 ? 0 : max + 1;
  for (int j = 0; j <= lb; j++)
    prev[j] = j;
  for (int i = 1; i <= la; i++)
    {
      int best = G_MAXINT;

      row[0] = i;
      for (int j = 1; j <= lb; j++)
        {
          int cost = a[i - 1] == b[j - 1] ? 0 : 1;
          int v = MIN (MIN (prev[j] + 1, row[j - 1] + 1), prev[j - 1] + cost);

          if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
            v = MIN (v, prev2[j - 2] + 1);
          row[j] = v;
          best = MIN (best, v);
        }
      if (best > max)
        return max + 1;
      {
        int *t = prev2;
        prev2 = prev;
        prev = row;
        row = t;
      }
    }
  return MIN (prev[lb], max + 1);
}

/* Loading ----------------------------------------------------------------- */

static void
lex_entry_free (gpointer p)
{
  LexEntry *e = p;

  g_free (e->cats);
  g_free (e);
}

static void
lex_category_free (gpointer p)
{
  LexCategory *c = p;

  g_free (c->sarg);
  g_free (c);
}

static void
fuzzy_cand_free (gpointer p)
{
  FuzzyCand *c = p;

  g_free (c->phon);
  g_free (c);
}

void
corridor_lexicon_free (CorridorLexicon *lex)
{
  if (lex == NULL)
    return;
  g_clear_pointer (&lex->index, g_hash_table_unref);
  g_clear_pointer (&lex->phonetic, g_hash_table_unref);
  g_clear_pointer (&lex->deletions, g_hash_table_unref);
  g_clear_pointer (&lex->prefixes, g_hash_table_unref);
  g_clear_pointer (&lex->stopwords, g_hash_table_unref);
  g_clear_pointer (&lex->cat_ids, g_hash_table_unref);
  g_clear_pointer (&lex->categories, g_ptr_array_unref);
  g_clear_pointer (&lex->fuzzy_store, g_ptr_array_unref);
  g_free (lex->ports);
  g_free (lex->port_common);
  g_free (lex);
}

/* The entry for @key, created (with prefix entries for its leading words)
 * when absent. */
static LexEntry *
index_entry (CorridorLexicon *lex, const char *key)
{
  LexEntry *e = g_hash_table_lookup (lex->index, key);

  if (e == NULL)
    {
      const char *sp;

      e = g_new0 (LexEntry, 1);
      e->port = -1;
      g_hash_table_insert (lex->index, g_strdup (key), e);
      /* Mark each proper prefix ("llega" of "llega a") so scans go on. */
      for (sp = strchr (key, ' '); sp != NULL; sp = strchr (sp + 1, ' '))
        {
          g_autofree char *pre = g_strndup (key, sp - key);
          LexEntry *pe = g_hash_table_lookup (lex->index, pre);

          if (pe == NULL)
            {
              pe = g_new0 (LexEntry, 1);
              pe->port = -1;
              g_hash_table_insert (lex->index, g_steal_pointer (&pre), pe);
            }
          pe->prefix = TRUE;
        }
    }
  return e;
}

static int
category_id (CorridorLexicon *lex, const char *spec, GError **error)
{
  gpointer id;
  const char *colon = strchr (spec, ':');
  g_autofree char *fam = colon ? g_strndup (spec, colon - spec) : g_strdup (spec);
  const char *arg = colon ? colon + 1 : NULL;
  LexCategory *cat;
  gboolean found = FALSE;

  id = g_hash_table_lookup (lex->cat_ids, spec);
  if (id != NULL)
    return GPOINTER_TO_INT (id) - 1;

  cat = g_new0 (LexCategory, 1);
  for (guint i = 0; i < G_N_ELEMENTS (family_names); i++)
    if (strcmp (family_names[i].name, fam) == 0)
      {
        cat->family = family_names[i].family;
        found = TRUE;
      }
  if (!found)
    {
      g_free (cat);
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "unknown lexicon category “%s”", spec);
      return -1;
    }
  if (arg != NULL)
    {
      char *end = NULL;
      double v = g_ascii_strtod (arg, &end);

      cat->sarg = g_strdup (arg);
      cat->arg = (end != NULL && *end == '\0' && end != arg) ? v : NAN;
      if (cat->family == FAM_DIR)
        cat->arg = strcmp (arg, "origin") == 0 ? DIR_ORIGIN
                   : strcmp (arg, "destination") == 0 ? DIR_DESTINATION : DIR_TRANSIT;
      else if (cat->family == FAM_QUAL)
        cat->arg = strcmp (arg, "etd") == 0 ? QUAL_ETD
                   : strcmp (arg, "departed") == 0 ? QUAL_DEPARTED
                   : strcmp (arg, "eta") == 0 ? QUAL_ETA
                   : strcmp (arg, "arrived") == 0 ? QUAL_ARRIVED : QUAL_CORRECTED;
      else if (cat->family == FAM_RELDATE && strcmp (arg, "eom") == 0)
        cat->arg = RELDATE_EOM;
      else if (cat->family == FAM_RELDATE && strcmp (arg, "none") == 0)
        cat->arg = RELDATE_NONE;
      else if (cat->family == FAM_UNIT && strcmp (arg, "brick") == 0)
        cat->arg = UNIT_BRICK;
      else if (cat->family == FAM_UNIT && strcmp (arg, "piece") == 0)
        cat->arg = UNIT_PIECE;
      else if (cat->family == FAM_CUE && !g_strv_contains (cue_names, arg))
        {
          lex_category_free (cat);
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                       "unknown cue “%s”", arg);
          return -1;
        }
    }
  g_ptr_array_add (lex->categories, cat);
  g_hash_table_insert (lex->cat_ids, g_strdup (spec), GINT_TO_POINTER (lex->categories->len));
  return (int) lex->categories->len - 1;
}

static gboolean
load_lexicon_file (CorridorLexicon *lex, CorridorTokens *tk, const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GError *local = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &local))
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (!g_utf8_validate (contents, -1, NULL))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT, "%s: not UTF-8", path);
      return FALSE;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint ln = 0; lines[ln] != NULL; ln++)
    {
      char *line = lines[ln];
      char *tab;
      g_autofree char *key = NULL;
      int id, n_words;
      LexEntry *e;
      gboolean have = FALSE;

      g_strchomp (line);
      if (line[0] == '#' || line[0] == '\0')
        continue;
      tab = strchr (line, '\t');
      if (tab == NULL)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                       "%s:%u: expected “category<TAB>term”", path, ln + 1);
          return FALSE;
        }
      *tab = '\0';
      id = category_id (lex, g_strstrip (line), &local);
      if (id < 0)
        {
          g_propagate_prefixed_error (error, local, "%s:%u: ", path, ln + 1);
          return FALSE;
        }
      key = term_key (tk, g_strstrip (tab + 1), &n_words);
      if (key[0] == '\0')
        continue;
      if (((LexCategory *) lex->categories->pdata[id])->family == FAM_STOPWORD)
        g_hash_table_add (lex->stopwords, g_strdup (key));
      e = index_entry (lex, key);
      for (guint i = 0; i < e->n_cats; i++)
        have |= e->cats[i] == id;
      if (!have)
        {
          e->cats = g_renew (guint16, e->cats, e->n_cats + 1);
          e->cats[e->n_cats++] = (guint16) id;
        }
    }
  return TRUE;
}

static gboolean
is_abbreviation (const char *alias)
{
  gsize n = strlen (alias);

  if (n < 2 || n > 4)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isupper (alias[i]))
      return FALSE;
  return TRUE;
}

static void
add_fuzzy (CorridorLexicon *lex, GHashTable *table, const char *k, gint32 port, gboolean common)
{
  FuzzyCand *c = g_hash_table_lookup (table, k);

  if (c != NULL)
    {
      if (c->port != port)
        c->port = -1;   /* two ports: ambiguous, never matched */
      return;
    }
  c = g_new0 (FuzzyCand, 1);
  c->port = port;
  c->phon = g_strdup (k);
  c->common = common;
  g_ptr_array_add (lex->fuzzy_store, c);
  g_hash_table_insert (table, c->phon, c);
}

static void
add_port_key (CorridorLexicon *lex, CorridorTokens *tk, GString *phon, const char *text,
              gint32 port, PortKind kind)
{
  g_autofree char *key = NULL;
  int n_words;
  LexEntry *e;

  key = term_key (tk, text, &n_words);
  /* Port names run longer than lexicon terms ("Grand Port Maritime du Havre"). */
  if (key[0] == '\0' || n_words > 6)
    return;
  e = index_entry (lex, key);
  if (e->port >= 0)
    return;     /* first one wins; the gazetteer test keeps keys unique */
  e->port = port;
  e->port_kind = kind;
  if (kind != PORT_KIND_NAME && kind != PORT_KIND_ALIAS)
    return;

  /* Fuzzy tables: phonetic key, its 1-deletions when long enough, and
   * truncations of single-word names ("rotter", "guaya"). */
  corridor_phonetic (key, phon);
  if (phon->len < 5)
    return;
  add_fuzzy (lex, lex->phonetic, phon->str, port, FALSE);
  if (phon->len >= 6)
    {
      g_autofree char *base = g_strdup (phon->str);
      gsize n = strlen (base);

      for (gsize i = 0; i < n; i++)
        {
          g_autofree char *del = g_malloc (n);
          GPtrArray *list;
          FuzzyCand *c;

          if (i > 0 && base[i] == base[i - 1])
            continue;
          memcpy (del, base, i);
          memcpy (del + i, base + i + 1, n - i);
          list = g_hash_table_lookup (lex->deletions, del);
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (lex->deletions, g_strdup (del), list);
            }
          c = g_new0 (FuzzyCand, 1);
          c->port = port;
          c->phon = g_strdup (base);
          g_ptr_array_add (lex->fuzzy_store, c);
          g_ptr_array_add (list, c);
        }
    }
  if (kind == PORT_KIND_NAME && n_words == 1 && strlen (key) >= 7)
    {
      gsize n = strlen (key);

      for (gsize len = 5; len < n; len++)
        {
          g_autofree char *pre = g_strndup (key, len);

          add_fuzzy (lex, lex->prefixes, pre, port, FALSE);
        }
    }
}

CorridorLexicon *
corridor_lexicon_load (CorridorGazetteer *gaz, GError **error)
{
  CorridorLexicon *lex = g_new0 (CorridorLexicon, 1);
  CorridorTokens tk = { 0 };
  g_autoptr (GString) phon = g_string_new (NULL);
  GHashTableIter it;
  gpointer k, v;
  guint n_files = 0;

  lex->categories = g_ptr_array_new_with_free_func (lex_category_free);
  lex->cat_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lex->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, lex_entry_free);
  lex->phonetic = g_hash_table_new (g_str_hash, g_str_equal);
  lex->prefixes = g_hash_table_new (g_str_hash, g_str_equal);
  lex->deletions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  lex->stopwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lex->fuzzy_store = g_ptr_array_new_with_free_func (fuzzy_cand_free);

  for (guint i = 0; lexicon_languages[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("lexicon-%s.tsv", lexicon_languages[i]);
      g_autofree char *path = corridor_maps_path (name);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      if (!load_lexicon_file (lex, &tk, path, error))
        {
          corridor_tokens_clear (&tk);
          corridor_lexicon_free (lex);
          return NULL;
        }
      n_files++;
    }
  if (n_files == 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                   "no lexicon files (lexicon-*.tsv) in %s", corridor_maps_dir ());
      corridor_tokens_clear (&tk);
      corridor_lexicon_free (lex);
      return NULL;
    }

  lex->n_ports = corridor_gazetteer_get_n_ports (gaz);
  lex->ports = g_new0 (const CorridorPort *, MAX (lex->n_ports, 1));
  for (guint i = 0; i < lex->n_ports; i++)
    {
      const CorridorPort *port = corridor_gazetteer_get_port (gaz, i);
      char spaced[7];

      lex->ports[i] = port;
      add_port_key (lex, &tk, phon, port->name, (gint32) i, PORT_KIND_NAME);
      for (guint a = 0; port->aliases != NULL && port->aliases[a] != NULL; a++)
        add_port_key (lex, &tk, phon, port->aliases[a], (gint32) i,
                      is_abbreviation (port->aliases[a]) ? PORT_KIND_ABBREV : PORT_KIND_ALIAS);
      add_port_key (lex, &tk, phon, port->locode, (gint32) i, PORT_KIND_LOCODE);
      g_snprintf (spaced, sizeof spaced, "%.2s %.3s", port->locode, port->locode + 2);
      add_port_key (lex, &tk, phon, spaced, (gint32) i, PORT_KIND_LOCODE_SPACED);
    }

  /* A port key that is also an ordinary word needs shipping context. */
  g_hash_table_iter_init (&it, lex->index);
  while (g_hash_table_iter_next (&it, &k, &v))
    {
      LexEntry *e = v;

      if (e->port >= 0 && g_hash_table_contains (lex->stopwords, k))
        e->common = TRUE;
    }
  lex->port_common = g_new0 (guint8, MAX (lex->n_ports, 1));
  for (guint i = 0; i < lex->n_ports; i++)
    {
      g_autofree char *key = NULL;
      int n_words;

      key = term_key (&tk, lex->ports[i]->name, &n_words);
      lex->port_common[i] = g_hash_table_contains (lex->stopwords, key);
    }
  corridor_tokens_clear (&tk);
  return lex;
}
