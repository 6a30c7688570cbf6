/* corridor-corpus.c: the deterministic synthetic corpus. Everything random
 * comes from one splitmix64 stream seeded by the seed (never rand() or
 * g_random), and every loop runs in a fixed order, so a seed always gives the
 * same corpus byte for byte. Ports come from the bundled gazetteer; planned
 * shipments are the ground truth and cite the messages that state their facts.
 * The writers at the end put the same messages in every input format of
 * FORMATS.md §1 (JSON Lines, CSV, WhatsApp, Telegram), as deterministically. */
#include "corridor-corpus.h"
#include "corridor-error.h"
#include "corridor-gazetteer.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* ---------------------------------------------------------------------------
 * PRNG
 * ------------------------------------------------------------------------- */

typedef struct {
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int
rng_range (Rng *rng, int lo, int hi)
{
  return lo + (int) (rng_next (rng) % (guint64) (hi - lo + 1));
}

static gboolean
rng_chance (Rng *rng, int percent)
{
  return rng_range (rng, 0, 99) < percent;
}

#define PICK(rng, array) ((array)[rng_range ((rng), 0, G_N_ELEMENTS (array) - 1)])

/* ---------------------------------------------------------------------------
 * The world: ports, organisations, actors
 * ------------------------------------------------------------------------- */

typedef struct {
  const char *locode;
  int         weight;
} WeightedPort;

static const WeightedPort origin_ports[] = {
  { "ECGYE", 14 }, { "ECPSJ", 8 }, { "ECPBO", 3 }, { "COCTG", 8 }, { "COBUN", 6 },
  { "COSMR", 5 }, { "COBAQ", 3 }, { "BRSSZ", 9 }, { "BRPNG", 5 }, { "BRRIG", 3 },
  { "BRSSA", 3 }, { "PECLL", 5 }, { "PAMIT", 4 }, { "VEPBL", 3 }, { "UYMVD", 3 },
  { "PYASU", 2 }, { "ARBUE", 2 }, { "SRPBM", 1 }, { "GYGEO", 1 },
};

static const WeightedPort destination_ports[] = {
  { "BEANR", 22 }, { "NLRTM", 18 }, { "DEHAM", 7 }, { "DEBRV", 4 }, { "FRLEH", 5 },
  { "FRDKK", 3 }, { "ESALG", 4 }, { "ESVLC", 4 }, { "ESBCN", 3 }, { "PTLEI", 2 },
  { "PTLIS", 2 }, { "ITLIV", 2 }, { "ITGOA", 3 }, { "ITGIT", 2 }, { "GRPIR", 2 },
  { "PLGDN", 2 }, { "GBFXT", 3 }, { "GBLGP", 2 }, { "ROCND", 2 }, { "GRSKG", 1 },
};

static const char *const transit_ports[] = {
  "DOCAU", "JMKIN", "PAMIT", "ESALG", "MAPTM", "ESLPA", "TGLFW", "BSFPO", "PTSIE",
};

typedef enum { LANG_ES, LANG_PT, LANG_NL, LANG_EN, LANG_FR, LANG_IT, N_LANGS } Lang;

typedef struct {
  const char   *handle;
  CorridorRole  role;
  int           org;
  Lang          lang;
  int           tz_offset;   /* seconds east of UTC */
} CastMember;

enum { ORG_ANTWERP, ORG_ROTTERDAM, ORG_SOUTH, ORG_NORTH, N_ORGS };

#define S CORRIDOR_ROLE_SENDER
#define I CORRIDOR_ROLE_INTERMEDIARY
#define D CORRIDOR_ROLE_DISTRIBUTOR
static const CastMember cast[] = {
  /* Guayaquil office and its Antwerp buyers. */
  { "lobo_gye",      S, ORG_ANTWERP,   LANG_ES, -5 * 3600 },
  { "ZX4F7Q",        S, ORG_ANTWERP,   LANG_ES, -5 * 3600 },
  { "el_primo_ec",   S, ORG_ANTWERP,   LANG_ES, -5 * 3600 },
  { "tiburon9",      I, ORG_ANTWERP,   LANG_ES, 1 * 3600 },
  { "notario77",     I, ORG_ANTWERP,   LANG_EN, 1 * 3600 },
  { "kaai_jan",      I, ORG_ANTWERP,   LANG_NL, 1 * 3600 },
  { "scheldekat",    D, ORG_ANTWERP,   LANG_NL, 1 * 3600 },
  { "bigboss77",     D, ORG_ANTWERP,   LANG_EN, 1 * 3600 },
  { "dokwerker_a",   D, ORG_ANTWERP,   LANG_NL, 1 * 3600 },
  /* Colombian suppliers and the Rotterdam / Le Havre side. */
  { "cartagenero",   S, ORG_ROTTERDAM, LANG_ES, -5 * 3600 },
  { "paisa_old",     S, ORG_ROTTERDAM, LANG_ES, -5 * 3600 },
  { "K9Q2MX",        S, ORG_ROTTERDAM, LANG_ES, -5 * 3600 },
  { "maasvlakte_m",  I, ORG_ROTTERDAM, LANG_NL, 1 * 3600 },
  { "kraan_op",      I, ORG_ROTTERDAM, LANG_NL, 1 * 3600 },
  { "havre_docker",  I, ORG_ROTTERDAM, LANG_FR, 1 * 3600 },
  { "uithaler01",    D, ORG_ROTTERDAM, LANG_NL, 1 * 3600 },
  { "vrachtje",      D, ORG_ROTTERDAM, LANG_NL, 1 * 3600 },
  { "brit_kev",      D, ORG_ROTTERDAM, LANG_EN, 0 },
  /* Brazilian office and southern European importers. */
  { "santista_br",   S, ORG_SOUTH,     LANG_PT, -3 * 3600 },
  { "tijolo_mestre", S, ORG_SOUTH,     LANG_PT, -3 * 3600 },
  { "despachante7",  I, ORG_SOUTH,     LANG_PT, -3 * 3600 },
  { "calabrese_g",   I, ORG_SOUTH,     LANG_IT, 1 * 3600 },
  { "livorno_zio",   D, ORG_SOUTH,     LANG_IT, 1 * 3600 },
  { "algeciras_z",   D, ORG_SOUTH,     LANG_ES, 1 * 3600 },
  { "lisboa_night",  D, ORG_SOUTH,     LANG_PT, 0 },
  /* Pacific and River Plate suppliers, northern and eastern buyers. */
  { "callao_rey",    S, ORG_NORTH,     LANG_ES, -5 * 3600 },
  { "montevideo_k",  S, ORG_NORTH,     LANG_ES, -3 * 3600 },
  { "hafen_hh",      D, ORG_NORTH,     LANG_EN, 1 * 3600 },
  { "balkan_b",      D, ORG_NORTH,     LANG_EN, 2 * 3600 },
  { "gdansk_pl",     D, ORG_NORTH,     LANG_EN, 1 * 3600 },
  { "porto_mike",    I, ORG_NORTH,     LANG_EN, 0 },
  /* The organiser abroad, who bridges every group. */
  { "sheikh_dxb",    I, -1,            LANG_EN, 4 * 3600 },
};
#undef S
#undef I
#undef D

static int
org_for_destination (const char *locode)
{
  if (g_str_equal (locode, "BEANR"))
    return ORG_ANTWERP;
  if (g_str_has_prefix (locode, "NL") || g_str_has_prefix (locode, "FR") ||
      g_str_has_prefix (locode, "GB"))
    return ORG_ROTTERDAM;
  if (g_str_has_prefix (locode, "ES") || g_str_has_prefix (locode, "PT") ||
      g_str_has_prefix (locode, "IT"))
    return ORG_SOUTH;
  return ORG_NORTH;
}

static const char *const vessels[] = {
  "Nordic Aurora", "Cap San Lorenzo", "Santa Rosa Express", "Atlantic Meridian", "Rio Blanco",
  "Pacific Dawn", "Marco Polo Star", "Baltic Condor", "Stella Maris", "Guayas Trader",
  "Orinoco Spirit", "Costa Verde", "Elbe Carrier", "Tejo Venture", "Scheldt Pioneer",
  "Andes Bridge", "Caribbean Lynx", "Maas Harmony",
};

static const char *const owner_codes[] = {
  "MSKU", "MSCU", "CMAU", "HLXU", "TGHU", "SEGU", "MRKU", "CAIU", "TCNU", "OOLU", "HASU",
  "MEDU", "TRHU", "CSQU", "SUDU", "GESU",
};

/* One row per concealment: en, es, pt, nl, fr, it. */
static const char *const concealments[][N_LANGS] = {
  { "bananas",     "bananos",      "bananas",      "bananen",    "bananes",     "banane" },
  { "pineapples",  "piñas",        "abacaxis",     "ananassen",  "ananas",      "ananas" },
  { "coffee",      "café",         "café",         "koffie",     "café",        "caffè" },
  { "cocoa",       "cacao",        "cacau",        "cacao",      "cacao",       "cacao" },
  { "scrap metal", "chatarra",     "sucata",       "schroot",    "ferraille",   "rottami" },
  { "leather",     "cuero",        "couro",        "leer",       "cuir",        "pelle" },
  { "shrimp",      "camarón",      "camarão",      "garnalen",   "crevettes",   "gamberi" },
  { "timber",      "madera",       "madeira",      "hout",       "bois",        "legname" },
  { "sugar",       "azúcar",       "açúcar",       "suiker",     "sucre",       "zucchero" },
  { "fruit pulp",  "pulpa de fruta", "polpa de fruta", "vruchtenpulp", "pulpe de fruits", "polpa di frutta" },
};

/* Lang order in the table above differs from the enum: map it. */
static const char *
concealment_word (int index, Lang lang)
{
  static const int column[N_LANGS] = { 1, 2, 3, 0, 4, 5 };   /* es pt nl en fr it */
  return concealments[index][column[lang]];
}

static const char *const month_names[N_LANGS][12] = {
  { "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre" },
  { "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
    "outubro", "novembro", "dezembro" },
  { "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december" },
  { "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December" },
  { "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre" },
  { "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
    "settembre", "ottobre", "novembre", "dicembre" },
};

/* ---------------------------------------------------------------------------
 * Identifiers
 * ------------------------------------------------------------------------- */

static int
iso6346_letter_value (char c)
{
  int v = 10;

  /* A=10 upward, skipping multiples of 11. */
  for (char x = 'A'; x < c; x++)
    {
      v++;
      if (v % 11 == 0)
        v++;
    }
  return v;
}

static int
iso6346_check_digit (const char *ten)
{
  int sum = 0;

  for (int i = 0; i < 10; i++)
    {
      int v = g_ascii_isdigit (ten[i]) ? ten[i] - '0' : iso6346_letter_value (ten[i]);
      sum += v << i;
    }
  return (sum % 11) % 10;
}

static char *
make_container (Rng *rng)
{
  char ten[11];

  g_snprintf (ten, sizeof ten, "%s%06d", PICK (rng, owner_codes), rng_range (rng, 0, 999999));
  return g_strdup_printf ("%s%d", ten, iso6346_check_digit (ten));
}

static char *
make_imo (Rng *rng)
{
  int d[6], sum = 0;

  d[0] = 9;
  for (int i = 1; i < 6; i++)
    d[i] = rng_range (rng, 0, 9);
  for (int i = 0; i < 6; i++)
    sum += d[i] * (7 - i);
  return g_strdup_printf ("%d%d%d%d%d%d%d", d[0], d[1], d[2], d[3], d[4], d[5], sum % 10);
}

/* The ways chat text writes a container: "MSKU 123456-5", "msku1234565", … */
static char *
container_in_text (Rng *rng, const char *c)
{
  switch (rng_range (rng, 0, 4))
    {
    case 0:
      return g_strdup_printf ("%.4s %.6s-%c", c, c + 4, c[10]);
    case 1:
      {
        g_autofree char *lower = g_ascii_strdown (c, -1);
        return g_steal_pointer (&lower);
      }
    case 2:
      return g_strdup_printf ("%.4s %.6s %c", c, c + 4, c[10]);
    case 3:
      return g_strdup_printf ("%.4s-%.6s-%c", c, c + 4, c[10]);
    default:
      return g_strdup (c);
    }
}

/* ---------------------------------------------------------------------------
 * Planning
 * ------------------------------------------------------------------------- */

typedef struct {
  CorridorMessage *m;
  guint            seq;   /* creation order: breaks timestamp ties deterministically */
} Draft;

typedef struct {
  Rng                 rng;
  CorridorGazetteer  *gazetteer;
  GArray             *drafts;       /* Draft */
  GPtrArray          *evidence;     /* per shipment: GPtrArray of CorridorMessage* (borrowed) */
  guint               seq;
  guint32             epoch_julian; /* 1970-01-01 */
} Planner;

static const CorridorPort *
port (Planner *p, const char *locode)
{
  return corridor_gazetteer_lookup_locode (p->gazetteer, locode);
}

/* A name the chats would use for @port: its name, an alias, or its LOCODE. */
static const char *
port_word (Planner *p, const CorridorPort *pt)
{
  guint n_aliases = pt->aliases != NULL ? g_strv_length (pt->aliases) : 0;
  int r = rng_range (&p->rng, 0, 9);

  if (r < 6 || n_aliases == 0)
    return r == 0 ? pt->locode : pt->name;
  return pt->aliases[rng_range (&p->rng, 0, (int) n_aliases - 1)];
}

static const char *
pick_weighted (Rng *rng, const WeightedPort *ports, const gboolean *present, guint n)
{
  int total = 0, r;

  for (guint i = 0; i < n; i++)
    if (present[i])
      total += ports[i].weight;
  r = rng_range (rng, 0, total - 1);
  for (guint i = 0; i < n; i++)
    if (present[i])
      {
        if (r < ports[i].weight)
          return ports[i].locode;
        r -= ports[i].weight;
      }
  g_assert_not_reached ();
  return NULL;
}

static const CastMember *
cast_member (const char *handle)
{
  for (guint i = 0; i < G_N_ELEMENTS (cast); i++)
    if (g_str_equal (cast[i].handle, handle))
      return &cast[i];
  return NULL;
}

/* Picks @n distinct members of @org with @role into @out. */
static void
pick_members (Rng *rng, int org, CorridorRole role, int n, GPtrArray *out)
{
  const CastMember *pool[G_N_ELEMENTS (cast)];
  guint n_pool = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cast); i++)
    if (cast[i].role == role && (cast[i].org == org || (cast[i].org < 0 && role == CORRIDOR_ROLE_INTERMEDIARY)))
      pool[n_pool++] = &cast[i];
  /* Partial Fisher–Yates. */
  for (int k = 0; k < n && (guint) k < n_pool; k++)
    {
      guint j = (guint) rng_range (rng, k, (int) n_pool - 1);
      const CastMember *tmp = pool[k];

      pool[k] = pool[j];
      pool[j] = tmp;
      g_ptr_array_add (out, (gpointer) pool[k]);
    }
}

static void
julian_to_ymd (guint32 julian, int *y, int *m, int *d)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  *y = g_date_get_year (&date);
  *m = g_date_get_month (&date);
  *d = g_date_get_day (&date);
}

static char *
julian_to_iso (guint32 julian)
{
  int y, m, d;

  julian_to_ymd (julian, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* A date as a chat would write it in @lang. */
static char *
date_in_text (Planner *p, guint32 julian, Lang lang)
{
  int y, m, d;

  julian_to_ymd (julian, &y, &m, &d);
  switch (rng_range (&p->rng, 0, 4))
    {
    case 0:
      return g_strdup_printf ("%02d/%02d", d, m);
    case 1:
      return g_strdup_printf ("%02d-%02d-%04d", d, m, y);
    case 2:
      return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
    case 3:
      if (lang == LANG_EN)
        return g_strdup_printf ("%s %d", month_names[lang][m - 1], d);
      if (lang == LANG_ES || lang == LANG_PT)
        return g_strdup_printf ("%d de %s", d, month_names[lang][m - 1]);
      return g_strdup_printf ("%d %s", d, month_names[lang][m - 1]);
    default:
      return g_strdup_printf ("%d.%d.", d, m);
    }
}

/* Brick counts the way each language says them. */
static char *
quantity_in_text (Planner *p, int kg, Lang lang)
{
  static const char *const words[N_LANGS][3] = {
    { "bloques", "ladrillos", "tabletas" },
    { "tijolos", "tijolos", "blocos" },
    { "pakken", "blokken", "stenen" },
    { "keys", "bricks", "blocks" },
    { "briques", "pains", "blocs" },
    { "panetti", "mattoni", "chili" },
  };
  int style = rng_range (&p->rng, 0, 5);

  if (kg >= 1000 && kg % 100 == 0 && style == 0 && lang != LANG_EN)
    return g_strdup_printf ("%d.%03d kilos", kg / 1000, kg % 1000);
  if (kg >= 1000 && kg % 100 == 0 && style == 1)
    return g_strdup_printf (lang == LANG_EN ? "%d.%d t" : "%d,%d t", kg / 1000, (kg % 1000) / 100);
  return g_strdup_printf ("%d %s", kg, words[lang][rng_range (&p->rng, 0, 2)]);
}

/* Replaces each "{K}" in @tmpl by the value of key K from @keys/@values. */
static char *
fill (const char *tmpl, const char *const *keys, const char *const *values)
{
  GString *out = g_string_new (NULL);

  for (const char *c = tmpl; *c != '\0'; c++)
    {
      gboolean done = FALSE;

      if (*c == '{')
        for (guint i = 0; keys[i] != NULL; i++)
          {
            gsize len = strlen (keys[i]);

            if (strncmp (c + 1, keys[i], len) == 0 && c[len + 1] == '}')
              {
                g_string_append (out, values[i] != NULL ? values[i] : "");
                c += len + 1;
                done = TRUE;
                break;
              }
          }
      if (!done)
        g_string_append_c (out, *c);
    }
  return g_string_free (out, FALSE);
}

static CorridorMessage *
emit (Planner *p, const CastMember *from, const CastMember *to, guint32 julian, char *body)
{
  CorridorMessage *m = corridor_message_new ();
  int local_seconds = rng_range (&p->rng, 7 * 3600, 23 * 3600 + 3599);
  Draft draft;

  m->sender = g_strdup (from->handle);
  if (to != NULL)
    {
      g_strfreev (m->recipients);
      m->recipients = g_new0 (char *, 2);
      m->recipients[0] = g_strdup (to->handle);
    }
  m->tz_offset = from->tz_offset;
  m->ts = (gint64) (julian - p->epoch_julian) * 86400 + local_seconds - from->tz_offset;
  m->body = body;
  draft.m = m;
  draft.seq = p->seq++;
  g_array_append_val (p->drafts, draft);
  return m;
}

static const CastMember *
any_of (Rng *rng, GPtrArray *members)
{
  return g_ptr_array_index (members, rng_range (rng, 0, (int) members->len - 1));
}

/* Idle talk that states no fact. */
static char *
chit_chat (Rng *rng, Lang lang)
{
  static const char *const lines[N_LANGS][6] = {
    { "ok", "dale", "llámame cuando puedas", "ya", "<nota de voz>", "todo tranquilo por acá?" },
    { "beleza", "ok", "me liga", "tranquilo", "<áudio omitido>", "fechou" },
    { "ok", "top", "bel me even", "later meer", "<spraakbericht>", "alles goed?" },
    { "ok", "👍", "call me", "on it", "<voice note>", "all good?" },
    { "ok", "d'acc", "appelle-moi", "ça marche", "<message vocal>", "tout va bien?" },
    { "ok", "va bene", "chiamami", "perfetto", "<nota vocale>", "tutto a posto?" },
  };
  return g_strdup (lines[lang][rng_range (rng, 0, 5)]);
}

typedef struct {
  const CorridorPort *origin, *transit, *destination;
  guint32 departed, arrived;
  int kg;
  char **containers;
  char *vessel, *imo;
  int concealment;
  CorridorOutcome outcome;
  GPtrArray *senders, *intermediaries, *distributors;   /* const CastMember* */
} Plan;

static void
write_shipment_chats (Planner *p, Plan *plan, GPtrArray *evidence)
{
  Rng *rng = &p->rng;
  const CastMember *snd = any_of (rng, plan->senders);
  const CastMember *mid = any_of (rng, plan->intermediaries);
  const CastMember *dst = any_of (rng, plan->distributors);
  const CastMember *mid2 = any_of (rng, plan->intermediaries);
  guint32 day;
  guint n_messages = 0;
  gboolean corrected = rng_chance (rng, 30);
  guint32 first_eta = corrected ? plan->arrived - (guint32) rng_range (rng, 1, 3) : plan->arrived;
  const char *keys[] = { "Q", "O", "D", "T", "C", "V", "I", "S", "DEP", "ETA", "G", "N", NULL };
  const char *vals[G_N_ELEMENTS (keys)] = { NULL };
  g_autofree char *q = NULL, *c = NULL, *dep = NULL, *eta = NULL, *seal = NULL, *imo = NULL;

#define SET(k, v) vals[k] = (v)
#define SAY(from, to, d, tmpl, cite) \
  G_STMT_START { \
    CorridorMessage *_m = emit (p, (from), (to), (d), fill ((tmpl), keys, vals)); \
    if (cite) g_ptr_array_add (evidence, _m); \
    n_messages++; \
  } G_STMT_END

  /* 1. The load is ready: quantity, origin, concealment. */
  day = plan->departed - (guint32) rng_range (rng, 8, 20);
  q = quantity_in_text (p, plan->kg, snd->lang);
  SET (0, q);
  SET (1, port_word (p, plan->origin));
  SET (10, concealment_word (plan->concealment, snd->lang));
  {
    static const char *const t[N_LANGS][3] = {
      { "listos {Q} en {O}, van con {G}", "la mercancía está lista: {Q} en {O}, cargamos con {G}",
        "tengo {Q} para salir de {O}, cobertura {G}" },
      { "{Q} prontos em {O}, vai no meio do {G}", "mercadoria pronta em {O}: {Q} com {G}",
        "temos {Q} saindo de {O}, carga de {G}" },
      { "{Q} klaar in {O}, tussen de {G}", "{Q} staan klaar in {O} ({G})", "{Q} vanuit {O}, dekking {G}" },
      { "{Q} ready in {O}, going with {G}", "goods ready: {Q} in {O}, cover is {G}",
        "we have {Q} leaving {O} inside {G}" },
      { "{Q} prêts à {O}, avec {G}", "la marchandise est prête: {Q} à {O} ({G})", "{Q} au départ de {O}, {G}" },
      { "{Q} pronti a {O}, con {G}", "merce pronta: {Q} a {O} ({G})", "{Q} in partenza da {O}, copertura {G}" },
    };
    SAY (snd, mid, day, t[snd->lang][rng_range (rng, 0, 2)], TRUE);
  }

  /* 2. Where it goes. */
  day += (guint32) rng_range (rng, 1, 4);
  SET (2, port_word (p, plan->destination));
  {
    static const char *const t[N_LANGS][2] = {
      { "destino {D}, la gente de allá ya sabe", "va para {D}, confirmado" },
      { "destino {D}, o pessoal de lá já sabe", "vai pra {D}, confirmado" },
      { "bestemming {D}, de mannen weten het", "gaat naar {D}, bevestigd" },
      { "final stop {D}, the people there know", "it goes to {D}, confirmed" },
      { "destination {D}, l'équipe est prévenue", "ça part pour {D}, confirmé" },
      { "destinazione {D}, i ragazzi sono avvisati", "va a {D}, confermato" },
    };
    SAY (mid, snd, day, t[mid->lang][rng_range (rng, 0, 1)], TRUE);
  }

  /* 3. Box, boat and seal. */
  day = plan->departed - (guint32) rng_range (rng, 0, 2);
  {
    GString *boxes = g_string_new (NULL);

    for (guint i = 0; plan->containers[i] != NULL; i++)
      {
        g_autofree char *one = container_in_text (rng, plan->containers[i]);
        if (i > 0)
          g_string_append (boxes, " + ");
        g_string_append (boxes, one);
      }
    c = g_string_free (boxes, FALSE);
  }
  seal = g_strdup_printf ("%s%07d", rng_chance (rng, 50) ? "ML-" : "", rng_range (rng, 1000000, 9999999));
  imo = plan->imo != NULL ? g_strdup_printf ("IMO %s", plan->imo) : g_strdup ("");
  SET (4, c);
  SET (5, plan->vessel != NULL ? plan->vessel : "?");
  SET (6, imo);
  SET (7, seal);
  if (plan->vessel != NULL)
    {
      static const char *const t[N_LANGS][2] = {
        { "la caja es {C}, barco {V} {I}, sello {S}", "caja {C} en el {V} ({I}). precinto {S}" },
        { "o contêiner é {C}, navio {V} {I}, lacre {S}", "caixa {C} no {V} {I} lacre {S}" },
        { "de doos is {C}, boot {V} {I}, zegel {S}", "container {C} op de {V} {I}, seal {S}" },
        { "the box is {C}, the boat {V} {I}, seal {S}", "can: {C} on {V} {I} / seal {S}" },
        { "la boîte c'est {C}, bateau {V} {I}, scellé {S}", "conteneur {C} sur le {V} {I}, plomb {S}" },
        { "la scatola è {C}, nave {V} {I}, sigillo {S}", "container {C} sulla {V} {I}, sigillo {S}" },
      };
      SAY (snd, mid, day, t[snd->lang][rng_range (rng, 0, 1)], TRUE);
    }
  else
    {
      static const char *const t[N_LANGS] = {
        "la caja es {C}, sello {S}", "o contêiner é {C}, lacre {S}", "de doos is {C}, zegel {S}",
        "the box is {C}, seal {S}", "la boîte c'est {C}, scellé {S}", "la scatola è {C}, sigillo {S}",
      };
      SAY (snd, mid, day, t[snd->lang], TRUE);
    }

  /* 4. Sailing. */
  dep = date_in_text (p, plan->departed, snd->lang);
  SET (8, dep);
  if (rng_chance (rng, 30))
    {
      static const char *const t[N_LANGS] = {
        "ya zarpó hoy, todo limpio", "saiu hoje, tudo limpo", "vandaag vertrokken, alles schoon",
        "the boat left today, all clean", "parti aujourd'hui, tout est propre", "partita oggi, tutto pulito",
      };
      SAY (snd, mid, plan->departed, t[snd->lang], TRUE);
    }
  else
    {
      static const char *const t[N_LANGS] = {
        "ETD {DEP}, sale de {O}", "ETD {DEP} saindo de {O}", "ETD {DEP} uit {O}",
        "ETD {DEP} from {O}", "départ prévu {DEP} de {O}", "partenza {DEP} da {O}",
      };
      SAY (snd, mid, plan->departed - (guint32) rng_range (rng, 1, 3), t[snd->lang], TRUE);
    }

  /* 5. Transshipment. */
  if (plan->transit != NULL)
    {
      static const char *const t[N_LANGS] = {
        "hace transbordo en {T}, tranquilo", "faz transbordo em {T}", "overslag in {T}, geen zorgen",
        "transshipment in {T}, relax", "transbordement à {T}", "trasbordo a {T}, tranquillo",
      };
      SET (3, port_word (p, plan->transit));
      SAY (mid, dst, plan->departed + (guint32) rng_range (rng, 3, 8), t[mid->lang], TRUE);
    }

  /* 6. ETA to the buyers, and perhaps a correction. */
  eta = date_in_text (p, first_eta, mid->lang);
  SET (9, eta);
  {
    static const char *const t[N_LANGS][2] = {
      { "ETA {D} {ETA}, tened la gente lista", "el barco llega a {D} el {ETA}" },
      { "ETA {D} {ETA}", "o navio chega em {D} dia {ETA}" },
      { "ETA {D} {ETA}, uithalers klaar houden", "de boot komt {ETA} aan in {D}" },
      { "ETA {D} {ETA}, get the crew ready", "the boat berths in {D} on {ETA}" },
      { "ETA {D} le {ETA}, préparez l'équipe", "le bateau arrive à {D} le {ETA}" },
      { "ETA {D} il {ETA}, preparate la squadra", "la nave arriva a {D} il {ETA}" },
    };
    SAY (mid, dst, plan->departed + (guint32) rng_range (rng, 2, 10),
         t[mid->lang][rng_range (rng, 0, 1)], TRUE);
  }
  if (corrected)
    {
      static const char *const t[N_LANGS] = {
        "cambio: ETA ahora {ETA}, retraso en el puerto", "mudou: ETA agora {ETA}",
        "wijziging: ETA nu {ETA}, vertraging", "update: ETA now {ETA}, delay at sea",
        "changement: ETA maintenant {ETA}", "cambio: ETA ora {ETA}, ritardo",
      };
      g_autofree char *eta2 = date_in_text (p, plan->arrived, mid->lang);
      SET (9, eta2);
      SAY (mid, dst, plan->arrived - (guint32) rng_range (rng, 2, 4), t[mid->lang], TRUE);
      SET (9, NULL);
    }

  /* 7. Money talk: prices are never quantities. */
  if (rng_chance (rng, 50))
    {
      static const char *const t[N_LANGS] = {
        "a {N} el kilo allá, no menos", "{N} por unidade, fechado", "{N} per stuk, niet minder",
        "{N} per key, final", "{N} le kilo, pas moins", "{N} al chilo, ultimo prezzo",
      };
      g_autofree char *price = g_strdup_printf ("%dk", rng_range (rng, 24, 35));
      SET (11, price);
      SAY (dst, mid2, plan->departed + (guint32) rng_range (rng, 4, 12), t[dst->lang], FALSE);
      SET (11, NULL);
    }

  /* 8. How it ended. */
  day = plan->arrived + (guint32) rng_range (rng, 0, 3);
  g_free (q);
  q = quantity_in_text (p, plan->kg, dst->lang);
  SET (0, q);
  switch (plan->outcome)
    {
    case CORRIDOR_OUTCOME_DELIVERED:
      {
        static const char *const t[N_LANGS] = {
          "todo bien, recogido. contamos {Q}", "tudo certo, {Q} contados", "alles binnen, {Q} geteld",
          "all in, {Q} counted", "tout est sorti, {Q} comptés", "tutto fuori, contati {Q}",
        };
        SAY (dst, mid, day, t[dst->lang], TRUE);
        if (rng_chance (rng, 25))
          {
            /* A shared location pin near the berth. */
            CorridorMessage *pin = emit (p, dst, mid, day, g_strdup ("📍"));

            pin->lat = plan->destination->lat + rng_range (rng, -200, 200) / 10000.0;
            pin->lon = plan->destination->lon + rng_range (rng, -200, 200) / 10000.0;
            n_messages++;
          }
      }
      break;
    case CORRIDOR_OUTCOME_SEIZED:
      {
        static const char *const t[N_LANGS] = {
          "la agarraron en {D}, está en las noticias", "pegaram tudo em {D}",
          "ze hebben hem in {D}, douane", "they took it in {D}, customs everywhere",
          "saisie à {D}, la douane", "l'hanno presa a {D}, dogana",
        };
        SAY (dst, mid, day, t[dst->lang], TRUE);
      }
      break;
    case CORRIDOR_OUTCOME_LOST:
      {
        static const char *const t[N_LANGS] = {
          "se perdió, cuando abrieron la caja no había nada", "sumiu, a caixa estava vazia",
          "weg, de tassen waren er niet meer", "the bags were gone when the crew opened it",
          "perdu, les sacs avaient disparu", "persa, le borse non c'erano più",
        };
        SAY (dst, mid, day, t[dst->lang], TRUE);
      }
      break;
    default:
      break;
    }

  /* 9. Filler to a realistic 6–15 messages. */
  for (int extra = rng_range (rng, 0, 4); (extra > 0 || n_messages < 6) && n_messages < 15; extra--)
    {
      const CastMember *a = rng_chance (rng, 50) ? mid : snd;
      const CastMember *b = a == mid ? dst : mid;
      emit (p, a, b, plan->departed - 10 + (guint32) rng_range (rng, 0, 30), chit_chat (rng, a->lang));
      n_messages++;
    }
#undef SAY
#undef SET
}

/* Messages that name ports, loads and dates but are not shipments. */
static void
write_decoys (Planner *p, guint n)
{
  Rng *rng = &p->rng;

  for (guint i = 0; i < n; i++)
    {
      const CastMember *a = &cast[rng_range (rng, 0, G_N_ELEMENTS (cast) - 1)];
      const CastMember *b = &cast[rng_range (rng, 0, G_N_ELEMENTS (cast) - 1)];
      guint32 day = p->epoch_julian + 18262 + (guint32) rng_range (rng, 0, 1450);  /* 2020… */
      const WeightedPort *o = &origin_ports[rng_range (rng, 0, G_N_ELEMENTS (origin_ports) - 1)];
      const WeightedPort *d = &destination_ports[rng_range (rng, 0, G_N_ELEMENTS (destination_ports) - 1)];
      const CorridorPort *op = port (p, o->locode), *dp = port (p, d->locode);

      if (a == b)
        b = &cast[(a - cast + 1) % G_N_ELEMENTS (cast)];
      if (op == NULL || dp == NULL)
        continue;
      switch (rng_range (rng, 0, 5))
        {
        case 0: /* a past job, only remembered */
          {
            g_autofree char *q = quantity_in_text (p, 50 * rng_range (rng, 4, 40), LANG_ES);
            emit (p, a, b, day, g_strdup_printf (
                  rng_chance (rng, 50)
                  ? "¿te acuerdas del trabajo de 2019 en %s? %s, salió perfecto"
                  : "remember the old job to %s back in 2018? %s, easy days",
                  dp->name, q));
          }
          break;
        case 1: /* a plan that fell through */
          {
            g_autofree char *q = quantity_in_text (p, 50 * rng_range (rng, 4, 60), LANG_ES);
            emit (p, a, b, day, g_strdup_printf (
                  "hay un trabajo de %s para %s el mes que viene, %s con fruta",
                  port_word (p, op), port_word (p, dp), q));
            emit (p, b, a, day + (guint32) rng_range (rng, 2, 9), g_strdup (
                  rng_chance (rng, 50) ? "se cayó, no hay trabajo" : "they called it off, nothing this month"));
          }
          break;
        case 2: /* holidays and family */
          {
            static const char *const t[] = {
              "me voy de vacaciones a Barcelona con la familia la semana que viene",
              "vakantie in Valencia, tot over twee weken", "holiday in Lisbon next week with the kids",
              "vou visitar minha mãe em Santos no natal", "weekend à Marseille avec ma femme",
            };
            emit (p, a, b, day, g_strdup (PICK (rng, t)));
          }
          break;
        case 3: /* football */
          {
            static const char *const t[] = {
              "Santos ganó 2-0 anoche!!", "Feyenoord heeft gewonnen, wat een wedstrijd",
              "Barcelona 3 Valencia 1, vamos", "Napoli campione 💙", "Antwerp speelt zondag in Brugge",
            };
            emit (p, a, b, day, g_strdup (PICK (rng, t)));
          }
          break;
        case 4: /* prices */
          {
            static const char *const t[] = {
              "27 per key in Antwerp now", "a 28k el kilo en Rotterdam, está caro",
              "300k ready for the notary", "250 mil dólares adelantados, no más",
              "prijs is 31k per stuk deze maand",
            };
            emit (p, a, b, day, g_strdup (PICK (rng, t)));
          }
          break;
        default:
          emit (p, a, b, day, chit_chat (rng, a->lang));
          break;
        }
    }
}

static gint
compare_ids (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gint
draft_compare (gconstpointer a, gconstpointer b)
{
  const Draft *x = a, *y = b;

  if (x->m->ts != y->m->ts)
    return x->m->ts < y->m->ts ? -1 : 1;
  return x->seq < y->seq ? -1 : (x->seq > y->seq ? 1 : 0);
}

static void
plan_free (Plan *plan)
{
  g_strfreev (plan->containers);
  g_free (plan->vessel);
  g_free (plan->imo);
  g_clear_pointer (&plan->senders, g_ptr_array_unref);
  g_clear_pointer (&plan->intermediaries, g_ptr_array_unref);
  g_clear_pointer (&plan->distributors, g_ptr_array_unref);
}

CorridorCorpus *
corridor_corpus_generate (guint32 seed, guint n_shipments, GError **error)
{
  g_autoptr(CorridorCorpus) corpus = NULL;
  CorridorGazetteer *gazetteer;
  gboolean origin_present[G_N_ELEMENTS (origin_ports)];
  gboolean dest_present[G_N_ELEMENTS (destination_ports)];
  const char *origin_order[G_N_ELEMENTS (origin_ports)];
  const char *dest_order[G_N_ELEMENTS (destination_ports)];
  guint n_origins = 0, n_dests = 0;
  Planner p = { 0 };
  GDate epoch;

  g_return_val_if_fail (n_shipments > 0, NULL);

  gazetteer = corridor_gazetteer_get_default (error);
  if (gazetteer == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (origin_ports); i++)
    if ((origin_present[i] = corridor_gazetteer_lookup_locode (gazetteer, origin_ports[i].locode) != NULL))
      origin_order[n_origins++] = origin_ports[i].locode;
  for (guint i = 0; i < G_N_ELEMENTS (destination_ports); i++)
    if ((dest_present[i] = corridor_gazetteer_lookup_locode (gazetteer, destination_ports[i].locode) != NULL))
      dest_order[n_dests++] = destination_ports[i].locode;
  if (n_origins < 2 || n_dests < 2)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "The port gazetteer lacks the ports the demo corpus needs");
      return NULL;
    }

  corpus = g_new0 (CorridorCorpus, 1);
  corpus->seed = seed;
  corpus->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_message_free);
  corpus->shipments = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_shipment_free);
  corpus->actor_roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  p.rng.state = seed;
  p.gazetteer = gazetteer;
  p.drafts = g_array_new (FALSE, FALSE, sizeof (Draft));
  p.evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, 1, 1970);
  p.epoch_julian = g_date_get_julian (&epoch);

  /* Every port appears once (shuffled) before the weights take over, so
   * even a small corpus spans the corridors. */
  for (guint i = n_origins; i > 1; i--)
    {
      guint j = (guint) rng_range (&p.rng, 0, (int) i - 1);
      const char *tmp = origin_order[i - 1];
      origin_order[i - 1] = origin_order[j];
      origin_order[j] = tmp;
    }
  for (guint i = n_dests; i > 1; i--)
    {
      guint j = (guint) rng_range (&p.rng, 0, (int) i - 1);
      const char *tmp = dest_order[i - 1];
      dest_order[i - 1] = dest_order[j];
      dest_order[j] = tmp;
    }

  for (guint k = 0; k < n_shipments; k++)
    {
      Plan plan = { 0 };
      CorridorShipment *s = corridor_shipment_new ();
      GPtrArray *evidence = g_ptr_array_new ();
      const char *o = k < n_origins ? origin_order[k]
                                    : pick_weighted (&p.rng, origin_ports, origin_present,
                                                     G_N_ELEMENTS (origin_ports));
      const char *d = k < n_dests ? dest_order[k]
                                  : pick_weighted (&p.rng, destination_ports, dest_present,
                                                   G_N_ELEMENTS (destination_ports));
      int org = org_for_destination (d);
      int r;

      plan.origin = port (&p, o);
      plan.destination = port (&p, d);
      if (rng_chance (&p.rng, 30))
        {
          const char *t = PICK (&p.rng, transit_ports);
          if (!g_str_equal (t, o) && !g_str_equal (t, d))
            plan.transit = port (&p, t);
        }
      /* 2020-01-01 … 2023-12-05 */
      plan.departed = p.epoch_julian + 18262 + (guint32) rng_range (&p.rng, 0, 1434);
      plan.arrived = plan.departed + (guint32) rng_range (&p.rng, 14, 25);
      plan.kg = 50 * rng_range (&p.rng, 4, 80);
      plan.containers = g_new0 (char *, 3);
      plan.containers[0] = make_container (&p.rng);
      if (rng_chance (&p.rng, 15))
        plan.containers[1] = make_container (&p.rng);
      if (rng_chance (&p.rng, 85))
        {
          plan.vessel = g_strdup (PICK (&p.rng, vessels));
          plan.imo = make_imo (&p.rng);
        }
      plan.concealment = rng_range (&p.rng, 0, G_N_ELEMENTS (concealments) - 1);
      r = rng_range (&p.rng, 0, 99);
      plan.outcome = r < 15 ? CORRIDOR_OUTCOME_SEIZED
                   : r < 20 ? CORRIDOR_OUTCOME_LOST
                   : r < 45 ? CORRIDOR_OUTCOME_UNKNOWN
                   : CORRIDOR_OUTCOME_DELIVERED;
      plan.senders = g_ptr_array_new ();
      plan.intermediaries = g_ptr_array_new ();
      plan.distributors = g_ptr_array_new ();
      pick_members (&p.rng, org, CORRIDOR_ROLE_SENDER, rng_range (&p.rng, 1, 2), plan.senders);
      pick_members (&p.rng, org, CORRIDOR_ROLE_INTERMEDIARY, rng_range (&p.rng, 1, 3),
                    plan.intermediaries);
      pick_members (&p.rng, org, CORRIDOR_ROLE_DISTRIBUTOR, rng_range (&p.rng, 1, 2),
                    plan.distributors);

      corridor_shipment_add_stop (s, plan.origin->locode, plan.origin->name, plan.origin->lat,
                                  plan.origin->lon);
      if (plan.transit != NULL)
        corridor_shipment_add_stop (s, plan.transit->locode, plan.transit->name,
                                    plan.transit->lat, plan.transit->lon);
      corridor_shipment_add_stop (s, plan.destination->locode, plan.destination->name,
                                  plan.destination->lat, plan.destination->lon);
      s->departed = julian_to_iso (plan.departed);
      s->arrived = julian_to_iso (plan.arrived);
      s->quantity_kg = plan.kg;
      g_strfreev (s->containers);
      s->containers = g_strdupv (plan.containers);
      s->vessel_name = g_strdup (plan.vessel);
      s->vessel_imo = g_strdup (plan.imo);
      s->concealment = g_strdup (concealments[plan.concealment][0]);
      s->outcome = plan.outcome;
      s->status = CORRIDOR_STATUS_INFERRED;
      s->confidence = 1.0;
      for (guint i = 0; i < plan.senders->len; i++)
        corridor_shipment_add_actor (s, ((const CastMember *) plan.senders->pdata[i])->handle,
                                     CORRIDOR_ROLE_SENDER);
      for (guint i = 0; i < plan.intermediaries->len; i++)
        corridor_shipment_add_actor (s, ((const CastMember *) plan.intermediaries->pdata[i])->handle,
                                     CORRIDOR_ROLE_INTERMEDIARY);
      for (guint i = 0; i < plan.distributors->len; i++)
        corridor_shipment_add_actor (s, ((const CastMember *) plan.distributors->pdata[i])->handle,
                                     CORRIDOR_ROLE_DISTRIBUTOR);
      for (guint i = 0; i < s->actors->len; i++)
        {
          const CorridorShipmentActor *a = g_ptr_array_index (s->actors, i);
          g_hash_table_replace (corpus->actor_roles, g_strdup (a->handle),
                                GINT_TO_POINTER (cast_member (a->handle)->role));
        }

      write_shipment_chats (&p, &plan, evidence);
      g_ptr_array_add (corpus->shipments, s);
      g_ptr_array_add (p.evidence, evidence);
      plan_free (&plan);
    }

  write_decoys (&p, n_shipments + n_shipments / 2);

  /* Order by time, then give ids in that order. */
  g_array_sort (p.drafts, draft_compare);
  for (guint i = 0; i < p.drafts->len; i++)
    {
      CorridorMessage *m = g_array_index (p.drafts, Draft, i).m;

      m->id = g_strdup_printf ("m-%06u", i + 1);
      g_ptr_array_add (corpus->messages, m);
    }
  for (guint k = 0; k < corpus->shipments->len; k++)
    {
      CorridorShipment *s = g_ptr_array_index (corpus->shipments, k);
      GPtrArray *cited = g_ptr_array_index (p.evidence, k);
      GPtrArray *ids = g_ptr_array_new ();

      for (guint i = 0; i < cited->len; i++)
        g_ptr_array_add (ids, g_strdup (((CorridorMessage *) cited->pdata[i])->id));
      /* Evidence in message-id order, i.e. time order. */
      g_ptr_array_sort (ids, compare_ids);
      g_ptr_array_add (ids, NULL);
      g_strfreev (s->evidence);
      s->evidence = (char **) g_ptr_array_free (ids, FALSE);
    }

  g_array_unref (p.drafts);
  g_ptr_array_unref (p.evidence);
  return g_steal_pointer (&corpus);
}

void
corridor_corpus_free (CorridorCorpus *corpus)
{
  if (corpus == NULL)
    return;
  g_clear_pointer (&corpus->messages, g_ptr_array_unref);
  g_clear_pointer (&corpus->shipments, g_ptr_array_unref);
  g_clear_pointer (&corpus->actor_roles, g_hash_table_unref);
  g_free (corpus);
}

/* ---------------------------------------------------------------------------
 * JSON Lines
 * ------------------------------------------------------------------------- */

static void
append_json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const guchar *c = (const guchar *) s; *c != '\0'; c++)
    {
      switch (*c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*c < 0x20)
            g_string_append_printf (out, "\\u%04x", *c);
          else
            g_string_append_c (out, (char) *c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_timestamp (GString *out, gint64 ts, int tz_offset)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (tz_offset);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ts);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autofree char *text = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");

  g_string_append_printf (out, "\"%s\"", text);
}

static void
append_jsonl_message (GString *out, const CorridorMessage *m)
{
  guint n_to = m->recipients != NULL ? g_strv_length (m->recipients) : 0;

  g_string_append (out, "{\"id\": ");
  append_json_string (out, m->id);
  g_string_append (out, ", \"ts\": ");
  append_timestamp (out, m->ts, m->tz_offset);
  g_string_append (out, ", \"from\": ");
  append_json_string (out, m->sender);
  if (n_to == 1)
    {
      g_string_append (out, ", \"to\": ");
      append_json_string (out, m->recipients[0]);
    }
  else if (n_to > 1)
    {
      g_string_append (out, ", \"to\": [");
      for (guint j = 0; j < n_to; j++)
        {
          if (j > 0)
            g_string_append (out, ", ");
          append_json_string (out, m->recipients[j]);
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, ", \"body\": ");
  append_json_string (out, m->body);
  if (!isnan (m->lat) && !isnan (m->lon))
    {
      char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (lat, sizeof lat, "%.5f", m->lat);
      g_ascii_formatd (lon, sizeof lon, "%.5f", m->lon);
      g_string_append_printf (out, ", \"lat\": %s, \"lon\": %s", lat, lon);
    }
  g_string_append (out, "}\n");
}

char *
corridor_corpus_to_jsonl (CorridorCorpus *corpus, gsize *out_len)
{
  GString *out;

  g_return_val_if_fail (corpus != NULL, NULL);

  out = g_string_sized_new (corpus->messages->len * 160);
  for (guint i = 0; i < corpus->messages->len; i++)
    append_jsonl_message (out, g_ptr_array_index (corpus->messages, i));
  if (out_len)
    *out_len = out->len;
  return g_string_free (out, FALSE);
}

gboolean
corridor_corpus_write_jsonl (CorridorCorpus *corpus, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  g_return_val_if_fail (corpus != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = corridor_corpus_to_jsonl (corpus, &len);
  if (!g_file_set_contents (path, data, (gssize) len, &local))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "Could not write “%s”: %s",
                   path, local->message);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------------
 * Other formats: CSV, WhatsApp (Android and iOS) and Telegram Desktop
 * ------------------------------------------------------------------------- */

typedef struct {
  char                *key;       /* the sorted participants joined by '\n' */
  char               **members;   /* sorted */
  GPtrArray           *messages;  /* borrowed CorridorMessage*, in corpus order */
  CorridorCorpusFormat format;
  const char          *owner;     /* Telegram: whose export holds the chat */
  guint                index;     /* order of first appearance */
} Conversation;

static void
conversation_free (Conversation *c)
{
  g_free (c->key);
  g_strfreev (c->members);
  g_ptr_array_unref (c->messages);
  g_free (c);
}

static guint32
fnv1a (const char *s, guint32 h)
{
  for (; *s != '\0'; s++)
    {
      h ^= (guchar) *s;
      h *= 16777619u;
    }
  return h;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Sender and recipients, sorted and without repeats. */
static char **
participants (const CorridorMessage *m)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_ptr_array_add (names, m->sender);
  for (guint i = 0; m->recipients != NULL && m->recipients[i] != NULL; i++)
    g_ptr_array_add (names, m->recipients[i]);
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 1; i < names->len;)
    if (strcmp (names->pdata[i], names->pdata[i - 1]) == 0)
      g_ptr_array_remove_index (names, i);
    else
      i++;
  g_ptr_array_add (names, NULL);
  return g_strdupv ((char **) names->pdata);
}

/* UTC calendar fields of @ts (days to civil date after H. Hinnant). */
static void
utc_fields (gint64 ts, int f[6])
{
  gint64 days = ts >= 0 ? ts / 86400 : (ts - 86399) / 86400;
  gint64 secs = ts - days * 86400;
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 month = mp < 10 ? mp + 3 : mp - 9;

  f[0] = (int) (yoe + era * 400 + (month <= 2));
  f[1] = (int) month;
  f[2] = (int) (doy - (153 * mp + 2) / 5 + 1);
  f[3] = (int) (secs / 3600);
  f[4] = (int) (secs / 60 % 60);
  f[5] = (int) (secs % 60);
}

/* A handle as a file name part: anything unusual becomes '_'. */
static char *
file_part (const char *handle)
{
  char *s = g_strdup (handle);

  for (char *c = s; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_' && *c != '-' && *c != '.')
      *c = '_';
  return s;
}

static gboolean
is_pin_only (const CorridorMessage *m)
{
  return !isnan (m->lat) && !isnan (m->lon) && g_str_equal (m->body, "📍");
}

/* A shared location as WhatsApp writes it. */
static char *
location_text (const CorridorMessage *m, const char *word)
{
  char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (lat, sizeof lat, "%.6f", m->lat);
  g_ascii_formatd (lon, sizeof lon, "%.6f", m->lon);
  return g_strdup_printf ("%s: https://maps.google.com/?q=%s,%s", word, lat, lon);
}

/* Writes @data to @path, or beside it when an earlier file of this run took
 * the name (two handles that differ only in characters file_part() maps). */
static gboolean
write_file (const char *path, GString *data, GPtrArray *written, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *unique = g_strdup (path);

  for (guint n = 2; g_ptr_array_find_with_equal_func (written, unique, g_str_equal, NULL); n++)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *renamed = g_strdup_printf ("%u-%s", n, base);

      g_free (unique);
      unique = g_build_filename (dir, renamed, NULL);
    }
  path = unique;

  if (g_mkdir_with_parents (dir, 0755) != 0 ||
      !g_file_set_contents (path, data->str, (gssize) data->len, &local))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "Could not write “%s”: %s", path,
                   local != NULL ? local->message : g_strerror (errno));
      return FALSE;
    }
  g_ptr_array_add (written, g_strdup (path));
  return TRUE;
}

static void
append_csv_field (GString *out, const char *s)
{
  if (strpbrk (s, ",\"\r\n") == NULL)
    {
      g_string_append (out, s);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = s; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_message (GString *out, const CorridorMessage *m)
{
  g_autoptr(GString) ts = g_string_new (NULL);

  append_csv_field (out, m->id);
  g_string_append_c (out, ',');
  append_timestamp (ts, m->ts, m->tz_offset);
  g_string_append_len (out, ts->str + 1, (gssize) ts->len - 2);   /* without the JSON quotes */
  g_string_append_c (out, ',');
  append_csv_field (out, m->sender);
  g_string_append_c (out, ',');
  if (m->recipients != NULL && m->recipients[0] != NULL)
    {
      g_autofree char *to = g_strjoinv (";", m->recipients);
      append_csv_field (out, to);
    }
  g_string_append_c (out, ',');
  append_csv_field (out, m->body);
  if (!isnan (m->lat) && !isnan (m->lon))
    {
      char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (lat, sizeof lat, "%.5f", m->lat);
      g_ascii_formatd (lon, sizeof lon, "%.5f", m->lon);
      g_string_append_printf (out, ",%s,%s\r\n", lat, lon);
    }
  else
    g_string_append (out, ",,\r\n");
}

#define WA_E2E "Messages and calls are end-to-end encrypted. No one outside of this chat, " \
               "not even WhatsApp, can read or listen to them."
#define LRM_MARK "\xe2\x80\x8e"

/* One chat as WhatsApp's "Export chat" writes it: a two-person chat names no
 * participants (the importer takes them from the senders), a group opens
 * with its creation line. */
static void
append_whatsapp_chat (GString *out, const Conversation *c, gboolean ios, const char *group)
{
  const CorridorMessage *first = g_ptr_array_index (c->messages, 0);
  int f[6];

  utc_fields (first->ts, f);
  if (ios)
    g_string_append_printf (out, "[%02d/%02d/%04d, %02d:%02d:%02d] %s: " LRM_MARK "%s\n", f[2], f[1],
                            f[0], f[3], f[4], f[5], group != NULL ? group : c->members[0], WA_E2E);
  else
    g_string_append_printf (out, "%02d/%02d/%04d, %02d:%02d - %s Tap to learn more.\n", f[2], f[1],
                            f[0], f[3], f[4], WA_E2E);
  if (group != NULL)
    {
      if (ios)
        g_string_append_printf (out, "[%02d/%02d/%04d, %02d:%02d:%02d] %s: " LRM_MARK
                                "%s created group “%s”\n", f[2], f[1], f[0], f[3], f[4], f[5],
                                group, first->sender, group);
      else
        g_string_append_printf (out, "%02d/%02d/%04d, %02d:%02d - %s created group “%s”\n", f[2],
                                f[1], f[0], f[3], f[4], first->sender, group);
    }
  for (guint i = 0; i < c->messages->len; i++)
    {
      const CorridorMessage *m = g_ptr_array_index (c->messages, i);
      g_autofree char *pin = NULL;
      const char *text = m->body;

      if (!isnan (m->lat) && !isnan (m->lon))
        {
          pin = location_text (m, ios ? "Location" : "location");
          if (is_pin_only (m))
            text = pin;
        }
      utc_fields (m->ts, f);
      if (ios)
        g_string_append_printf (out, "[%02d/%02d/%04d, %02d:%02d:%02d] %s: %s\n", f[2], f[1], f[0],
                                f[3], f[4], f[5], m->sender, text);
      else
        g_string_append_printf (out, "%02d/%02d/%04d, %02d:%02d - %s: %s\n", f[2], f[1], f[0],
                                f[3], f[4], m->sender, text);
      if (pin != NULL && text != pin)
        g_string_append_printf (out, "%s\n", pin);   /* a continuation line */
    }
}

static guint64
telegram_user_id (const char *handle)
{
  return 100000000u + fnv1a (handle, 2166136261u) % 900000000u;
}

static void
append_telegram_message (GString *out, const CorridorMessage *m, guint id, gboolean entities)
{
  int f[6];
  const char *space = strchr (m->body, ' ');

  utc_fields (m->ts, f);
  g_string_append_printf (out, "     {\n      \"id\": %u,\n      \"type\": \"message\",\n"
                          "      \"date\": \"%04d-%02d-%02dT%02d:%02d:%02d\",\n"
                          "      \"date_unixtime\": \"%" G_GINT64_FORMAT "\",\n      \"from\": ",
                          id, f[0], f[1], f[2], f[3], f[4], f[5], m->ts);
  append_json_string (out, m->sender);
  g_string_append_printf (out, ",\n      \"from_id\": \"user%" G_GUINT64_FORMAT "\",\n",
                          telegram_user_id (m->sender));
  if (!isnan (m->lat) && !isnan (m->lon))
    {
      char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (lat, sizeof lat, "%.6f", m->lat);
      g_ascii_formatd (lon, sizeof lon, "%.6f", m->lon);
      g_string_append_printf (out, "      \"location_information\": {\n       \"latitude\": %s,\n"
                              "       \"longitude\": %s\n      },\n", lat, lon);
    }
  if (is_pin_only (m))
    g_string_append (out, "      \"text\": \"\",\n      \"text_entities\": []\n     }");
  else if (entities && space != NULL && space != m->body)
    {
      /* Some texts carry formatting: `text` is then an array of plain
       * strings and entities, and only their concatenation is the body. */
      g_autofree char *head = g_strndup (m->body, (gsize) (space - m->body));

      g_string_append (out, "      \"text\": [\n       ");
      append_json_string (out, head);
      g_string_append (out, ",\n       {\n        \"type\": \"bold\",\n        \"text\": ");
      append_json_string (out, space);
      g_string_append (out, "\n       }\n      ],\n      \"text_entities\": [\n"
                            "       {\n        \"type\": \"plain\",\n        \"text\": ");
      append_json_string (out, head);
      g_string_append (out, "\n       },\n       {\n        \"type\": \"bold\",\n        \"text\": ");
      append_json_string (out, space);
      g_string_append (out, "\n       }\n      ]\n     }");
    }
  else
    {
      g_string_append (out, "      \"text\": ");
      append_json_string (out, m->body);
      g_string_append (out, ",\n      \"text_entities\": [\n       {\n        \"type\": \"plain\",\n"
                            "        \"text\": ");
      append_json_string (out, m->body);
      g_string_append (out, "\n       }\n      ]\n     }");
    }
}

/* One chat of a full Telegram Desktop export, seen from @c->owner's side. */
static void
append_telegram_chat (GString *out, const Conversation *c, guint64 chat_id, const char *group)
{
  const CorridorMessage *first = g_ptr_array_index (c->messages, 0);
  const char *name = group;
  guint id = 1;
  int f[6];

  for (guint i = 0; name == NULL && c->members[i] != NULL; i++)
    if (!g_str_equal (c->members[i], c->owner))
      name = c->members[i];
  if (name == NULL)
    name = c->owner;
  g_string_append (out, "   {\n    \"name\": ");
  append_json_string (out, name);
  g_string_append_printf (out, ",\n    \"type\": \"%s\",\n    \"id\": %" G_GUINT64_FORMAT ",\n"
                          "    \"messages\": [\n", group != NULL ? "private_group" : "personal_chat",
                          chat_id);
  /* A call before the first message: service entries carry no text. */
  utc_fields (first->ts - 600, f);
  g_string_append_printf (out, "     {\n      \"id\": %u,\n      \"type\": \"service\",\n"
                          "      \"date\": \"%04d-%02d-%02dT%02d:%02d:%02d\",\n"
                          "      \"date_unixtime\": \"%" G_GINT64_FORMAT "\",\n      \"actor\": ",
                          id++, f[0], f[1], f[2], f[3], f[4], f[5], first->ts - 600);
  append_json_string (out, first->sender);
  g_string_append_printf (out, ",\n      \"actor_id\": \"user%" G_GUINT64_FORMAT "\",\n"
                          "      \"action\": \"phone_call\",\n      \"duration_seconds\": 37,\n"
                          "      \"text\": \"\",\n      \"text_entities\": []\n     }",
                          telegram_user_id (first->sender));
  for (guint i = 0; i < c->messages->len; i++)
    {
      g_string_append (out, ",\n");
      append_telegram_message (out, g_ptr_array_index (c->messages, i), id++, i % 5 == 4);
    }
  g_string_append (out, "\n    ]\n   }");
}

GPtrArray *
corridor_corpus_write_mix (CorridorCorpus *corpus, const CorridorCorpusMix *mix, const char *dir,
                           GError **error)
{
  /* Shares are taken in this order from each conversation's hash. */
  static const CorridorCorpusFormat order[] = {
    CORRIDOR_CORPUS_WHATSAPP, CORRIDOR_CORPUS_WHATSAPP_IOS, CORRIDOR_CORPUS_TELEGRAM,
    CORRIDOR_CORPUS_CSV,
  };
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) conversations =
      g_ptr_array_new_with_free_func ((GDestroyNotify) conversation_free);
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) jsonl = g_string_new (NULL);
  g_autoptr(GString) csv = g_string_new ("id,ts,from,to,body,lat,lon\r\n");
  guint total = 0, groups = 0;
  gboolean any_jsonl = FALSE, any_csv = FALSE;

  g_return_val_if_fail (corpus != NULL, NULL);
  g_return_val_if_fail (mix != NULL, NULL);
  g_return_val_if_fail (dir != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    total += mix->percent[order[i]];
  g_return_val_if_fail (total <= 100, NULL);

  for (guint i = 0; i < corpus->messages->len; i++)
    {
      CorridorMessage *m = g_ptr_array_index (corpus->messages, i);
      g_auto(GStrv) members = participants (m);
      g_autofree char *key = g_strjoinv ("\n", members);
      Conversation *c = g_hash_table_lookup (by_key, key);

      if (c == NULL)
        {
          guint h = fnv1a (key, 2166136261u ^ corpus->seed) % 100, edge = 0;

          c = g_new0 (Conversation, 1);
          c->key = g_steal_pointer (&key);
          c->members = g_steal_pointer (&members);
          c->messages = g_ptr_array_new ();
          c->index = conversations->len;
          c->format = CORRIDOR_CORPUS_JSONL;
          for (guint k = 0; k < G_N_ELEMENTS (order); k++)
            {
              edge += mix->percent[order[k]];
              if (h < edge)
                {
                  c->format = order[k];
                  break;
                }
            }
          g_ptr_array_add (conversations, c);
          g_hash_table_insert (by_key, c->key, c);
        }
      g_ptr_array_add (c->messages, m);
      if (c->format == CORRIDOR_CORPUS_JSONL)
        {
          append_jsonl_message (jsonl, m);
          any_jsonl = TRUE;
        }
      else if (c->format == CORRIDOR_CORPUS_CSV)
        {
          append_csv_message (csv, m);
          any_csv = TRUE;
        }
    }

  if (any_jsonl)
    {
      g_autofree char *path = g_build_filename (dir, "corpus.jsonl", NULL);
      if (!write_file (path, jsonl, written, error))
        return NULL;
    }
  if (any_csv)
    {
      g_autofree char *path = g_build_filename (dir, "corpus.csv", NULL);
      if (!write_file (path, csv, written, error))
        return NULL;
    }

  for (int ios = 0; ios <= 1; ios++)
    for (guint i = 0; i < conversations->len; i++)
      {
        Conversation *c = g_ptr_array_index (conversations, i);
        g_autoptr(GString) text = NULL;
        g_autofree char *group = NULL, *name = NULL, *path = NULL;

        if (c->format != (ios ? CORRIDOR_CORPUS_WHATSAPP_IOS : CORRIDOR_CORPUS_WHATSAPP))
          continue;
        if (g_strv_length (c->members) != 2)
          {
            group = g_strdup_printf ("Group %u", ++groups);
            name = g_strdup_printf ("group-%03u", groups);
          }
        else
          {
            g_autofree char *a = file_part (c->members[0]), *b = file_part (c->members[1]);
            name = g_strdup_printf ("%s--%s", a, b);
          }
        text = g_string_new (NULL);
        append_whatsapp_chat (text, c, ios, group);
        if (ios)
          path = g_build_filename (dir, "whatsapp-ios", name, "_chat.txt", NULL);
        else
          {
            g_autofree char *file = g_strconcat (name, ".txt", NULL);
            path = g_build_filename (dir, "whatsapp", file, NULL);
          }
        if (!write_file (path, text, written, error))
          return NULL;
      }

  /* Telegram: a full export is one account's; each chat goes to whichever of
   * its members has the most Telegram chats, so exports are few and full. */
  {
    g_autoptr(GHashTable) chats_of = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) owners = g_ptr_array_new ();
    g_autoptr(GHashTable) chat_ids = g_hash_table_new (g_int64_hash, g_int64_equal);
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

    for (guint i = 0; i < conversations->len; i++)
      {
        Conversation *c = g_ptr_array_index (conversations, i);

        for (guint k = 0; c->format == CORRIDOR_CORPUS_TELEGRAM && c->members[k] != NULL; k++)
          g_hash_table_insert (chats_of, c->members[k],
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (
                                   chats_of, c->members[k])) + 1));
      }
    g_array_set_size (ids, conversations->len);
    for (guint i = 0; i < conversations->len; i++)
      {
        Conversation *c = g_ptr_array_index (conversations, i);
        guint best = 0;
        gint64 *id = &g_array_index (ids, gint64, i);

        if (c->format != CORRIDOR_CORPUS_TELEGRAM)
          continue;
        for (guint k = 0; c->members[k] != NULL; k++)
          {
            guint n = GPOINTER_TO_UINT (g_hash_table_lookup (chats_of, c->members[k]));
            if (n > best)    /* members are sorted: ties go to the first */
              best = n, c->owner = c->members[k];
          }
        if (!g_ptr_array_find_with_equal_func (owners, c->owner, g_str_equal, NULL))
          g_ptr_array_add (owners, (gpointer) c->owner);
        /* Chat ids look like Telegram's and never repeat within the corpus. */
        for (*id = 1000000000 + fnv1a (c->key, 2166136261u) % 1000000000;
             g_hash_table_contains (chat_ids, id); (*id)++)
          ;
        g_hash_table_add (chat_ids, id);
      }
    for (guint o = 0; o < owners->len; o++)
      {
        const char *owner = g_ptr_array_index (owners, o);
        g_autoptr(GString) text = g_string_new ("{\n \"about\": \"Here is the data you requested. "
                                                "Remember: Telegram is ad free, it doesn't use "
                                                "your data for ad targeting and doesn't sell it "
                                                "to others.\",\n \"personal_information\": {\n"
                                                "  \"user_id\": ");
        g_autofree char *part = file_part (owner);
        g_autofree char *path = g_build_filename (dir, "telegram", part, "result.json", NULL);
        gboolean first = TRUE;

        g_string_append_printf (text, "%" G_GUINT64_FORMAT ",\n  \"first_name\": ",
                                telegram_user_id (owner));
        append_json_string (text, owner);
        g_string_append (text, ",\n  \"last_name\": \"\",\n  \"phone_number\": \"+00 000 000 0000\","
                               "\n  \"username\": \"\",\n  \"bio\": \"\"\n },\n \"chats\": {\n"
                               "  \"about\": \"This page lists all chats from this export.\",\n"
                               "  \"list\": [\n");
        for (guint i = 0; i < conversations->len; i++)
          {
            Conversation *c = g_ptr_array_index (conversations, i);
            g_autofree char *group = NULL;

            if (c->format != CORRIDOR_CORPUS_TELEGRAM || !g_str_equal (c->owner, owner))
              continue;
            if (g_strv_length (c->members) != 2)
              group = g_strdup_printf ("Group %u", ++groups);
            if (!first)
              g_string_append (text, ",\n");
            first = FALSE;
            append_telegram_chat (text, c, (guint64) g_array_index (ids, gint64, i), group);
          }
        g_string_append (text, "\n  ]\n }\n}\n");
        if (!write_file (path, text, written, error))
          return NULL;
      }
  }
  return g_steal_pointer (&written);
}

GPtrArray *
corridor_corpus_write_format (CorridorCorpus *corpus, CorridorCorpusFormat format,
                              const char *dir, GError **error)
{
  CorridorCorpusMix mix = { { 0 } };

  g_return_val_if_fail (format < CORRIDOR_CORPUS_N_FORMATS, NULL);
  mix.percent[format] = 100;
  return corridor_corpus_write_mix (corpus, &mix, dir, error);
}
