/* corridor-extract-private.h: what the extraction files share: the token
 * stream of one message, the lexicon categories and the merged key index
 * (lexicon terms and gazetteer names in one table). Invariant: the index and
 * the lexicon are immutable after corridor_lexicon_load, so runs on many
 * threads only read them; per-run state lives in a CorridorTokens scratch. */
#pragma once

#include <glib.h>
#include "corridor-extract.h"

G_BEGIN_DECLS

typedef enum {
  FAM_STOPWORD = 0, FAM_DETERMINER, FAM_SHIPCUE, FAM_DIR, FAM_MONTH, FAM_WEEKDAY,
  FAM_RELDATE, FAM_LAST, FAM_NEXT, FAM_INPREP, FAM_DAYUNIT, FAM_QUAL, FAM_UNIT,
  FAM_MULT, FAM_CURRENCY, FAM_MONEYSUFFIX, FAM_DRUGWORD, FAM_CONCEAL, FAM_CUE,
  FAM_FAMILY, FAM_VESSELCUE, FAM_CARRIER, FAM_QUAY, FAM_TIMEWORD, FAM_TIMEPREP,
  FAM_ORDINAL, FAM_PER, FAM_IDCUE, FAM_NOTPORT, FAM_SHIPTYPE,
  N_FAMILIES
} LexFamily;

/* Arguments of some families. */
enum { DIR_ORIGIN = 0, DIR_DESTINATION, DIR_TRANSIT };
enum { QUAL_ETD = 0, QUAL_DEPARTED, QUAL_ETA, QUAL_ARRIVED, QUAL_CORRECTED };
#define RELDATE_EOM   1000   /* end of month */
#define RELDATE_NONE  1001   /* blocks a shorter match ("la mañana" = the morning) */
#define UNIT_BRICK    (-1.0)
#define UNIT_PIECE    (-2.0)

typedef struct {
  LexFamily  family;
  double     arg;     /* numeric argument (month, weekday, days, factor, …) */
  char      *sarg;    /* text argument (cue name, concealment, LOCODE) */
} LexCategory;

typedef enum {
  PORT_KIND_NAME = 0,   /* the gazetteer's own name */
  PORT_KIND_ALIAS,
  PORT_KIND_ABBREV,     /* an all-capitals alias of at most 4 letters: ANR, GYE, ECT */
  PORT_KIND_LOCODE,     /* "beanr" */
  PORT_KIND_LOCODE_SPACED /* "be anr" */
} PortKind;

typedef struct {
  guint16  *cats;       /* category ids, n_cats of them */
  guint16   n_cats;
  gint32    port;       /* gazetteer index or -1 */
  guint8    port_kind;
  guint8    prefix;     /* a longer key starts with this one's tokens */
  guint8    common;     /* the key is also an ordinary word (stopword) */
} LexEntry;

/* A candidate for fuzzy matching (deletion index, phonetic and prefix tables). */
typedef struct {
  gint32  port;         /* -1: ambiguous */
  char   *phon;         /* phonetic key the candidate came from */
  guint8  common;
} FuzzyCand;

typedef struct {
  GPtrArray   *categories;  /* LexCategory* */
  GHashTable  *cat_ids;     /* "cue:seized" -> id+1 */
  GHashTable  *index;       /* token key ("llega a") -> LexEntry* */
  GHashTable  *phonetic;    /* phonetic key -> FuzzyCand* */
  GHashTable  *deletions;   /* 1-deletion of a phonetic key -> GPtrArray of FuzzyCand* */
  GHashTable  *prefixes;    /* truncation ("rotter") -> FuzzyCand* */
  GHashTable  *stopwords;   /* key -> itself (from every language) */
  GPtrArray   *fuzzy_store; /* owns FuzzyCand* */
  guint        n_ports;
  const CorridorPort **ports;
  guint8      *port_common;  /* the port's name is an ordinary word */
} CorridorLexicon;

typedef enum { TOK_WORD = 0, TOK_NUM, TOK_PUNCT } TokType;

typedef struct {
  int     cs, ce;       /* character offsets, end exclusive */
  int     bs, be;       /* byte offsets into the body */
  int     ko, kl;       /* folded key in CorridorTokens.keys (NUL-terminated) */
  int     sent;         /* sentence number */
  guint8  type;
  guint8  gap;          /* whitespace before the token */
  guint8  cap;          /* first letter upper case */
  guint8  upper;        /* every letter upper case, at least two letters */
  guint8  sent_start;   /* first token of its sentence */
  guint8  ascii;        /* key is plain ASCII */
} Tok;

typedef struct {
  Tok   *toks;
  guint  n_toks, cap_toks;
  char  *keys;
  gsize  keys_len, keys_cap;
  GString *scratch;     /* n-gram keys, phonetic forms */
} CorridorTokens;

#define TOK_KEY(tk, i) ((tk)->keys + (tk)->toks[(i)].ko)

CorridorLexicon *corridor_lexicon_load  (CorridorGazetteer *gaz, GError **error);
void             corridor_lexicon_free  (CorridorLexicon *lex);

/* Splits @body (valid UTF-8) into tokens; reuses @tk's buffers. */
void             corridor_tokenize      (CorridorTokens *tk, const char *body);
void             corridor_tokens_clear  (CorridorTokens *tk);

/* Punctuation allowed inside a multi-word key ("Port-Saïd", "m/v"). */
gboolean         corridor_joins_words   (const char *key);
/* Folds one word (a run of letters or digits, valid UTF-8) to its key. */
void             corridor_fold_append   (GString *out, const char *word, gsize len);
/* Phonetic normal form of a key (qu/c->k, v/w->b, y->i, j->x, z->s, silent h,
 * doubled letters collapsed), applied to gazetteer keys and text alike. */
void             corridor_phonetic      (const char *key, GString *out);
/* Optimal string alignment distance, capped: returns up to @max + 1. */
int              corridor_osa_distance  (const char *a, const char *b, int max);

G_END_DECLS
