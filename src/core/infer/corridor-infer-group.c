/* corridor-infer-group.c: the grouping engine. Messages (in time order)
 * attach greedily to open "episodes", one per consignment, scored on shared
 * containers, vessel and IMO, conversation, participants, agreeing or
 * conflicting ports, quantities and dates, and recency. An episode then
 * resolves into a shipment (origin and destination known), a lead (one port)
 * or nothing (decoys, cancelled plans). Only general rules live here: the
 * words are the extractor's business (lexicons in maps/). Deterministic:
 * every loop runs in input order and every tie breaks on an index. */
#include "corridor-infer-private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

enum {
  Q_NONE = 0, Q_ORIGIN, Q_TRANSIT, Q_DEST, Q_ETD, Q_ETA, Q_DEPARTED, Q_ARRIVED, Q_ETA_CORR
};

enum {
  CUE_SEIZED = 1 << 0, CUE_LOST = 1 << 1, CUE_DELIVERED = 1 << 2, CUE_CANCELLED = 1 << 3,
  CUE_PAST = 1 << 4, CUE_HOLIDAY = 1 << 5, CUE_FOOTBALL = 1 << 6, CUE_PRICE = 1 << 7,
  CUE_LOADING = 1 << 8, CUE_EXTRACTION = 1 << 9, CUE_LOGISTICS = 1 << 10, CUE_SHIPMENT = 1 << 11,
};
#define CUE_DECOY (CUE_PAST | CUE_HOLIDAY | CUE_FOOTBALL | CUE_PRICE)
#define CUE_OUTCOME (CUE_SEIZED | CUE_LOST | CUE_DELIVERED)

#define NO_DAY G_MININT

/* Which side of the Atlantic trade a port is on, from its country. */
typedef enum { SIDE_EUROPE = 0, SIDE_AMERICAS, SIDE_AFRICA } Side;

typedef struct {
  guint8      kind;     /* CorridorMentionKind */
  guint8      qual;
  int         start, end;
  const char *value;    /* interned */
  double      number;
  int         day;      /* dates */
} Item;

typedef struct {
  gint64      rowid;
  const char *id;       /* interned */
  int         day;      /* the writer's local calendar day */
  int         sender;   /* actor index or -1 */
  int        *rcpt;
  guint       n_rcpt;
  int         conv;     /* conversation index or -1 (group) */
  Item       *items;
  guint       n_items;
  guint       cues;
  int         cue_start[12], cue_end[12];
  int         episode;
} Msg;

typedef struct {
  GArray     *msgs;     /* guint */
  GArray     *actors;   /* int */
  GArray     *convs;    /* int */
  int         first_day, last_day;
  const char *origin, *dest;
  gboolean    origin_firm, dest_firm;
  double      qty;
  GPtrArray  *containers;  /* const char*, interned */
  const char *imo, *vessel;
  int         dep_day, eta_day;
  int         outcome_day;
  gboolean    cancelled;
  gboolean    hard;
  gboolean    dead;
} Episode;

struct _CorridorInferCtx {
  CorridorGazetteer *gazetteer;
  GStringChunk      *strings;
  GHashTable        *actor_index;  /* handle (interned) -> index+1 */
  GPtrArray         *actors;       /* const char* */
  GHashTable        *conv_index;   /* guint64 pair -> index+1 */
  GArray            *msgs;         /* Msg */
  GPtrArray         *episodes;     /* Episode* */
  GPtrArray         *results;      /* CorridorInferResult* */
  int                n_convs;
};

/* ---------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------- */

static int
days_from_civil (int y, int m, int d)
{
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static char *
day_to_iso (int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (day + 719163));   /* 1970-01-01 is julian 719163 */
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

static int
parse_day (const char *iso)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
    return NO_DAY;
  return days_from_civil (y, m, d);
}

static guint8
qualifier_code (const char *q)
{
  static const struct { const char *name; guint8 code; } table[] = {
    { "origin", Q_ORIGIN }, { "transit", Q_TRANSIT }, { "destination", Q_DEST },
    { "etd", Q_ETD }, { "eta", Q_ETA }, { "departed", Q_DEPARTED }, { "arrived", Q_ARRIVED },
    { "eta-corrected", Q_ETA_CORR },
  };
  for (guint i = 0; q != NULL && i < G_N_ELEMENTS (table); i++)
    if (strcmp (q, table[i].name) == 0)
      return table[i].code;
  return Q_NONE;
}

static int
cue_bit_index (const char *cue)
{
  static const char *const names[] = {
    "seized", "lost", "delivered", "cancelled", "past", "holiday", "football", "price",
    "loading", "extraction", "logistics", "shipment",
  };
  for (guint i = 0; cue != NULL && i < G_N_ELEMENTS (names); i++)
    if (strcmp (cue, names[i]) == 0)
      return (int) i;
  return -1;
}

static Side
port_side (const char *locode)
{
  static const char americas[] =
    "AR BO BR CL CO CR DO EC GT GY HN JM MX NI PA PE PY SR SV UY VE BS CU HT TT BB GF CW AW "
    "PR BZ US CA GP MQ LC VC GD AG KN DM KY TC VG VI SX BQ";
  static const char africa[] =
    "MA SN CI GH TG BJ NG GW CV GN SL LR CM GA AO ZA MR GM TN DZ EG LY CG CD NA ST GQ MZ TZ KE";
  char cc[3] = { locode[0], locode[1], 0 };

  if (strstr (americas, cc) != NULL)
    return SIDE_AMERICAS;
  if (strstr (africa, cc) != NULL)
    return SIDE_AFRICA;
  return SIDE_EUROPE;
}

/* Transshipment hubs (DOMAIN.md): named without a cue, such a port is more
 * likely a transit than an end of the route. */
static gboolean
port_is_hub (const char *locode)
{
  static const char *const hubs[] = {
    "DOCAU", "JMKIN", "BSFPO", "PAONX", "PABLB", "PAMIT", "MAPTM", "TGLFW", "ESALG", "ESLPA",
    "PTSIE", "ITGIT", "SNDKR", "CIABJ", "GHTEM", "GWOXB", "CVRAI", "TTPOS", "CWWIL",
  };
  for (guint i = 0; i < G_N_ELEMENTS (hubs); i++)
    if (strcmp (locode, hubs[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
int_array_has (GArray *a, int v)
{
  for (guint i = 0; i < a->len; i++)
    if (g_array_index (a, int, i) == v)
      return TRUE;
  return FALSE;
}

static void
int_array_add (GArray *a, int v)
{
  if (!int_array_has (a, v))
    g_array_append_val (a, v);
}

/* ---------------------------------------------------------------------------
 * Context
 * ------------------------------------------------------------------------- */

CorridorInferCtx *
corridor_infer_ctx_new (CorridorGazetteer *gazetteer)
{
  CorridorInferCtx *ctx = g_new0 (CorridorInferCtx, 1);

  ctx->gazetteer = gazetteer != NULL ? g_object_ref (gazetteer) : NULL;
  ctx->strings = g_string_chunk_new (1 << 16);
  ctx->actor_index = g_hash_table_new (g_str_hash, g_str_equal);
  ctx->actors = g_ptr_array_new ();
  ctx->conv_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ctx->msgs = g_array_new (FALSE, TRUE, sizeof (Msg));
  ctx->episodes = g_ptr_array_new ();
  ctx->results = g_ptr_array_new ();
  return ctx;
}

static void
episode_free (Episode *e)
{
  g_array_unref (e->msgs);
  g_array_unref (e->actors);
  g_array_unref (e->convs);
  g_ptr_array_unref (e->containers);
  g_free (e);
}

static void
result_free (CorridorInferResult *r)
{
  if (r->shipment != NULL)
    corridor_shipment_free (r->shipment);
  if (r->lead != NULL)
    corridor_lead_free (r->lead);
  g_free (r->key);
  g_array_unref (r->evidence);
  g_free (r);
}

void
corridor_infer_ctx_free (CorridorInferCtx *ctx)
{
  if (ctx == NULL)
    return;
  for (guint i = 0; i < ctx->msgs->len; i++)
    {
      Msg *m = &g_array_index (ctx->msgs, Msg, i);
      g_free (m->rcpt);
      g_free (m->items);
    }
  g_array_unref (ctx->msgs);
  for (guint i = 0; i < ctx->episodes->len; i++)
    episode_free (g_ptr_array_index (ctx->episodes, i));
  g_ptr_array_unref (ctx->episodes);
  for (guint i = 0; i < ctx->results->len; i++)
    result_free (g_ptr_array_index (ctx->results, i));
  g_ptr_array_unref (ctx->results);
  g_hash_table_unref (ctx->actor_index);
  g_ptr_array_unref (ctx->actors);
  g_hash_table_unref (ctx->conv_index);
  g_string_chunk_free (ctx->strings);
  g_clear_object (&ctx->gazetteer);
  g_free (ctx);
}

static int
actor_of (CorridorInferCtx *ctx, const char *handle)
{
  gpointer v;
  const char *key;

  if (handle == NULL || *handle == '\0')
    return -1;
  v = g_hash_table_lookup (ctx->actor_index, handle);
  if (v != NULL)
    return GPOINTER_TO_INT (v) - 1;
  key = g_string_chunk_insert_const (ctx->strings, handle);
  g_ptr_array_add (ctx->actors, (gpointer) key);
  g_hash_table_insert (ctx->actor_index, (gpointer) key, GINT_TO_POINTER (ctx->actors->len));
  return (int) ctx->actors->len - 1;
}

static int
conv_of (CorridorInferCtx *ctx, int a, int b)
{
  gint64 key = a < b ? ((gint64) a << 32) | b : ((gint64) b << 32) | a;
  gpointer v = g_hash_table_lookup (ctx->conv_index, &key);

  if (v != NULL)
    return GPOINTER_TO_INT (v) - 1;
  g_hash_table_insert (ctx->conv_index, g_memdup2 (&key, sizeof key),
                       GINT_TO_POINTER (++ctx->n_convs));
  return ctx->n_convs - 1;
}

void
corridor_infer_ctx_add_message (CorridorInferCtx *ctx, gint64 rowid,
                                const CorridorMessage *message, GPtrArray *mentions)
{
  Msg m = { 0 };
  GArray *items;

  if (mentions == NULL || mentions->len == 0)
    return;   /* nothing to group: idle talk is not kept */

  items = g_array_new (FALSE, TRUE, sizeof (Item));
  for (guint i = 0; i < mentions->len; i++)
    {
      const CorridorMention *mt = g_ptr_array_index (mentions, i);
      Item it = { 0 };

      if (mt->kind == CORRIDOR_MENTION_CUE)
        {
          int bit = cue_bit_index (mt->value);
          if (bit >= 0 && !(m.cues & (1u << bit)))
            {
              m.cues |= 1u << bit;
              m.cue_start[bit] = mt->start;
              m.cue_end[bit] = mt->end;
            }
          continue;
        }
      if (mt->value == NULL && mt->kind != CORRIDOR_MENTION_QUANTITY)
        continue;
      it.kind = (guint8) mt->kind;
      it.qual = qualifier_code (mt->qualifier);
      it.start = mt->start;
      it.end = mt->end;
      it.value = mt->value != NULL ? g_string_chunk_insert_const (ctx->strings, mt->value) : NULL;
      it.number = mt->number;
      it.day = NO_DAY;
      if (mt->kind == CORRIDOR_MENTION_DATE)
        {
          it.day = parse_day (mt->value);
          if (it.day == NO_DAY)
            continue;
        }
      if (mt->kind == CORRIDOR_MENTION_PORT && (mt->value == NULL || strlen (mt->value) != 5))
        continue;
      if (mt->kind == CORRIDOR_MENTION_QUANTITY && (isnan (mt->number) || mt->number <= 0))
        continue;
      g_array_append_val (items, it);
    }
  if (items->len == 0 && (m.cues & ~(guint) CUE_DECOY) == 0)
    {
      g_array_unref (items);
      return;
    }

  m.rowid = rowid;
  m.id = g_string_chunk_insert_const (ctx->strings, message->id);
  m.day = (int) floor ((double) (message->ts + message->tz_offset) / 86400.0);
  m.sender = actor_of (ctx, message->sender);
  m.n_rcpt = message->recipients != NULL ? g_strv_length (message->recipients) : 0;
  m.rcpt = g_new (int, m.n_rcpt + 1);
  for (guint i = 0; i < m.n_rcpt; i++)
    m.rcpt[i] = actor_of (ctx, message->recipients[i]);
  m.conv = m.n_rcpt == 1 && m.sender >= 0 && m.rcpt[0] >= 0 ? conv_of (ctx, m.sender, m.rcpt[0]) : -1;
  m.n_items = items->len;
  m.items = (Item *) g_array_free (items, FALSE);
  m.episode = -1;
  g_array_append_val (ctx->msgs, m);
}

/* ---------------------------------------------------------------------------
 * What one message says
 * ------------------------------------------------------------------------- */

typedef struct {
  const char *origin, *dest;   /* NULL when the message names none */
  gboolean    origin_firm, dest_firm;
  gboolean    transit;
  double      qty;
  const char *imo, *vessel;
  int         dep_day, eta_day;
  gboolean    eta_corrected;
  guint       n_containers;
  gboolean    any_port;
} Gist;

static void
gist_of (const Msg *m, Gist *g)
{
  memset (g, 0, sizeof *g);
  g->qty = NAN;
  g->dep_day = g->eta_day = NO_DAY;
  for (guint i = 0; i < m->n_items; i++)
    {
      const Item *it = &m->items[i];

      switch (it->kind)
        {
        case CORRIDOR_MENTION_PORT:
          {
            Side side = port_side (it->value);
            gboolean hub = port_is_hub (it->value);

            g->any_port = TRUE;
            if (it->qual == Q_ORIGIN && !g->origin_firm)
              g->origin = it->value, g->origin_firm = TRUE;
            else if (it->qual == Q_DEST && !g->dest_firm)
              g->dest = it->value, g->dest_firm = TRUE;
            else if (it->qual == Q_TRANSIT || (it->qual == Q_NONE && hub))
              g->transit = TRUE;
            else if (it->qual == Q_NONE && side == SIDE_AMERICAS && g->origin == NULL)
              g->origin = it->value;
            else if (it->qual == Q_NONE && side == SIDE_EUROPE && g->dest == NULL)
              g->dest = it->value;
          }
          break;
        case CORRIDOR_MENTION_DATE:
          if (it->qual == Q_ETD || it->qual == Q_DEPARTED)
            g->dep_day = it->day;
          else if (it->qual == Q_ETA || it->qual == Q_ETA_CORR || it->qual == Q_ARRIVED)
            {
              g->eta_day = it->day;
              g->eta_corrected |= it->qual == Q_ETA_CORR;
            }
          break;
        case CORRIDOR_MENTION_QUANTITY:
          if (isnan (g->qty))
            g->qty = it->number;
          break;
        case CORRIDOR_MENTION_CONTAINER:
          g->n_containers++;
          break;
        case CORRIDOR_MENTION_IMO:
          g->imo = it->value;
          break;
        case CORRIDOR_MENTION_VESSEL:
          g->vessel = it->value;
          break;
        default:
          break;
        }
    }
}

static gboolean
episode_has_container (const Episode *e, const char *c)
{
  for (guint i = 0; i < e->containers->len; i++)
    if (g_ptr_array_index (e->containers, i) == c)   /* interned */
      return TRUE;
  return FALSE;
}

static gboolean
qty_equal (double a, double b)
{
  return fabs (a - b) <= MAX (1.0, 0.02 * MAX (a, b));
}

/* How well @m continues @e; G_MININT when it cannot. */
static int
attach_score (CorridorInferCtx *ctx, const Episode *e, const Msg *m, const Gist *g)
{
  int score = 0, age = m->day - e->last_day;
  gboolean strong = FALSE, shared = FALSE;
  guint new_fields = 0;

  (void) ctx;
  if (e->dead)
    return G_MININT;

  /* Identity of the load. */
  if (g->n_containers > 0)
    {
      gboolean any = FALSE;
      for (guint i = 0; i < m->n_items; i++)
        if (m->items[i].kind == CORRIDOR_MENTION_CONTAINER && episode_has_container (e, m->items[i].value))
          any = TRUE;
      if (any)
        score += 100, strong = TRUE;
      else if (e->containers->len > 0)
        score -= 40;
      else
        new_fields++;
    }
  if (g->imo != NULL && e->imo != NULL)
    {
      if (g->imo == e->imo && m->day - e->first_day < 90)
        score += 60, strong = TRUE;
      else if (g->imo != e->imo)
        score -= 60;
    }
  else if (g->imo != NULL)
    new_fields++;
  if (g->vessel != NULL && e->vessel != NULL)
    {
      if (g_ascii_strcasecmp (g->vessel, e->vessel) == 0 && m->day - e->first_day < 90)
        score += 40, strong = TRUE;
      else if (g_ascii_strcasecmp (g->vessel, e->vessel) != 0)
        score -= 25;
    }
  else if (g->vessel != NULL)
    new_fields++;

  if (age > 45 && !strong)
    return G_MININT;
  if (age > 120)
    return G_MININT;

  /* Who talks. */
  if (m->conv >= 0 && int_array_has (e->convs, m->conv))
    score += 25, shared = TRUE;
  else
    {
      if (m->sender >= 0 && int_array_has (e->actors, m->sender))
        shared = TRUE;
      for (guint i = 0; i < m->n_rcpt; i++)
        if (m->rcpt[i] >= 0 && int_array_has (e->actors, m->rcpt[i]))
          shared = TRUE;
      if (shared)
        score += 12;
    }
  if (!shared && !strong)
    return G_MININT;

  /* Agreement and conflict on the facts. */
  if (g->origin != NULL)
    {
      if (e->origin == NULL)
        new_fields++;
      else if (g->origin == e->origin)
        score += 15;
      else if (e->dest == g->origin)
        ;
      else
        score -= (g->origin_firm || e->origin_firm) ? 40 : 20;
    }
  if (g->dest != NULL)
    {
      if (e->dest == NULL)
        new_fields++;
      else if (g->dest == e->dest)
        score += 15;
      else if (e->origin == g->dest)
        ;
      else
        score -= (g->dest_firm || e->dest_firm) ? 40 : 20;
    }
  if (!isnan (g->qty) && !isnan (e->qty))
    score += qty_equal (g->qty, e->qty) ? 15 : -40;
  if (g->dep_day != NO_DAY)
    {
      if (e->dep_day == NO_DAY)
        new_fields++;
      else
        score += abs (g->dep_day - e->dep_day) <= 4 ? 10 : -25;
    }
  if (g->eta_day != NO_DAY)
    {
      if (e->eta_day == NO_DAY)
        new_fields++;
      else if (g->eta_corrected)
        score += 5;
      else
        score += abs (g->eta_day - e->eta_day) <= 4 ? 10 : -10;
    }
  /* A load being readied belongs before the sailing, not after it. */
  if (e->dep_day != NO_DAY && (m->cues & CUE_LOADING) && g->dep_day == NO_DAY &&
      g->eta_day == NO_DAY && m->day > e->dep_day + 2)
    score -= 30;
  /* A load being readied opens a story: from outside the episode's
   * conversations it does not join one already at the arrival stage, or
   * one that knows nothing of the loading side yet. */
  if ((m->cues & CUE_LOADING) && g->dep_day == NO_DAY && g->eta_day == NO_DAY
      && !(m->conv >= 0 && int_array_has (e->convs, m->conv))
      && (e->eta_day != NO_DAY || e->outcome_day != NO_DAY || e->origin == NULL))
    score -= 20;
  if (e->outcome_day != NO_DAY && m->day > e->outcome_day + 5)
    score -= 30;
  score += 3 * (int) new_fields;
  score -= (int) (age * 0.4);
  return score;
}

static Episode *
episode_new (int day)
{
  Episode *e = g_new0 (Episode, 1);

  e->msgs = g_array_new (FALSE, FALSE, sizeof (guint));
  e->actors = g_array_new (FALSE, FALSE, sizeof (int));
  e->convs = g_array_new (FALSE, FALSE, sizeof (int));
  e->containers = g_ptr_array_new ();
  e->first_day = e->last_day = day;
  e->qty = NAN;
  e->dep_day = e->eta_day = e->outcome_day = NO_DAY;
  return e;
}

static void
episode_add (Episode *e, Msg *m, guint index, int episode_index, const Gist *g)
{
  g_array_append_val (e->msgs, index);
  m->episode = episode_index;
  if (m->sender >= 0)
    int_array_add (e->actors, m->sender);
  for (guint i = 0; i < m->n_rcpt; i++)
    if (m->rcpt[i] >= 0)
      int_array_add (e->actors, m->rcpt[i]);
  if (m->conv >= 0)
    int_array_add (e->convs, m->conv);
  e->first_day = MIN (e->first_day, m->day);
  e->last_day = MAX (e->last_day, m->day);
  if (g->origin != NULL && (e->origin == NULL || (g->origin_firm && !e->origin_firm)))
    e->origin = g->origin, e->origin_firm = g->origin_firm;
  if (g->dest != NULL && (e->dest == NULL || (g->dest_firm && !e->dest_firm)))
    e->dest = g->dest, e->dest_firm = g->dest_firm;
  if (isnan (e->qty) && !isnan (g->qty))
    e->qty = g->qty;
  for (guint i = 0; i < m->n_items; i++)
    if (m->items[i].kind == CORRIDOR_MENTION_CONTAINER &&
        !episode_has_container (e, m->items[i].value))
      g_ptr_array_add (e->containers, (gpointer) m->items[i].value);
  if (e->imo == NULL)
    e->imo = g->imo;
  if (e->vessel == NULL)
    e->vessel = g->vessel;
  if (g->dep_day != NO_DAY)
    e->dep_day = g->dep_day;
  if (g->eta_day != NO_DAY)
    e->eta_day = g->eta_day;
  if ((m->cues & CUE_OUTCOME) && e->outcome_day == NO_DAY)
    e->outcome_day = m->day;
  e->hard |= g->n_containers > 0 || g->imo != NULL || g->vessel != NULL ||
             g->dep_day != NO_DAY || g->eta_day != NO_DAY;
}

/* A message can open an episode when it names a load: a port, a box, a ship,
 * or a quantity in load talk. */
static gboolean
is_starter (const Msg *m, const Gist *g)
{
  if (g->any_port || g->n_containers > 0 || g->imo != NULL || g->vessel != NULL)
    return TRUE;
  return !isnan (g->qty) && (m->cues & (CUE_LOADING | CUE_SHIPMENT)) != 0;
}

static void
group_messages (CorridorInferCtx *ctx)
{
  /* Open episodes are those touched in the last 120 days. @open lists, in
   * index order, every episode some later message may still reach: one
   * whose last day is more than 120 days before every later message's day
   * (@min_day_from; local days need not be monotonic) can never be scored
   * again, since only attaching a message moves its last day. Scanning it
   * in that order, with the same skips, picks what a scan of all episodes
   * would; a window of indices alone got pinned by long-lived episodes.
   * Each entry keeps its episode's last day and a Bloom mask of its actors,
   * so most are skipped without touching the episode. */
  typedef struct { guint index; int last_day; guint64 actors; } Open;
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (Open));
  g_autofree int *min_day_from = g_new (int, ctx->msgs->len + 1);
  guint pruned_at = 0;

  min_day_from[ctx->msgs->len] = G_MAXINT;
  for (guint i = ctx->msgs->len; i > 0; i--)
    min_day_from[i - 1] = MIN (min_day_from[i],
                               g_array_index (ctx->msgs, Msg, i - 1).day);

  for (guint i = 0; i < ctx->msgs->len; i++)
    {
      Msg *m = &g_array_index (ctx->msgs, Msg, i);
      Gist g;
      int best = -1, best_score = G_MININT;
      guint best_at = 0;
      gboolean cue_only, identity;
      guint64 mask = 0;

      /* Decoys (past jobs, holidays, football, prices) are no load's facts,
       * unless the message also pins the load itself. */
      gist_of (m, &g);
      if ((m->cues & CUE_DECOY) && g.n_containers == 0 && g.imo == NULL && g.vessel == NULL)
        continue;
      cue_only = m->n_items == 0;
      /* Without a box, IMO or vessel nothing makes attach_score "strong",
       * so it refuses any episode idle for over 45 days. */
      identity = g.n_containers > 0 || g.imo != NULL || g.vessel != NULL;
      /* Nor does it take one sharing none of the message's actors (a shared
       * conversation implies a shared actor): with no common bit in the
       * masks there is none. */
      if (m->sender >= 0)
        mask |= G_GUINT64_CONSTANT (1) << (m->sender % 64);
      for (guint r = 0; r < m->n_rcpt; r++)
        if (m->rcpt[r] >= 0)
          mask |= G_GUINT64_CONSTANT (1) << (m->rcpt[r] % 64);

      /* Dropping the unreachable costs a pass over @open; done when it
       * may have doubled since, it stays linear overall. */
      if (open->len >= 2 * pruned_at + 64 &&
          min_day_from[i] > G_MININT + 121)
        {
          guint kept = 0;

          for (guint k = 0; k < open->len; k++)
            if (g_array_index (open, Open, k).last_day >= min_day_from[i] - 120)
              g_array_index (open, Open, kept++) = g_array_index (open, Open, k);
          g_array_set_size (open, kept);
          pruned_at = kept;
        }
      for (guint k = open->len; k > 0; k--)
        {
          const Open *o = &g_array_index (open, Open, k - 1);
          Episode *e;
          int s;

          if (o->last_day < m->day - 120 ||
              (!identity && (m->day - o->last_day > 45 || (o->actors & mask) == 0)))
            continue;
          e = g_ptr_array_index (ctx->episodes, o->index);
          if (cue_only && (m->conv < 0 || !int_array_has (e->convs, m->conv) ||
                           m->day - e->last_day > 21))
            continue;
          s = attach_score (ctx, e, m, &g);
          if (s > best_score)
            best_score = s, best = (int) o->index, best_at = k - 1;
        }

      if (best >= 0 && best_score >= 8)
        {
          Episode *e = g_ptr_array_index (ctx->episodes, best);

          /* A plan called off before any sailing fact is no shipment;
           * after one, "it fell through" is the load's fate, told by the
           * other cues. */
          if ((m->cues & CUE_CANCELLED) && !(m->cues & CUE_OUTCOME) && !e->hard)
            e->cancelled = TRUE;
          episode_add (e, m, i, best, &g);
          g_array_index (open, Open, best_at).last_day = e->last_day;
          g_array_index (open, Open, best_at).actors |= mask;
          /* Keep the scan order by recency of activity. */
          continue;
        }
      if (cue_only || !is_starter (m, &g))
        continue;
      {
        Episode *e = episode_new (m->day);
        Open o = { ctx->episodes->len, m->day, mask };

        g_ptr_array_add (ctx->episodes, e);
        g_array_append_val (open, o);
        episode_add (e, m, i, (int) ctx->episodes->len - 1, &g);
        if ((m->cues & CUE_CANCELLED) && !(m->cues & CUE_OUTCOME))
          e->cancelled = TRUE;
      }
    }
}

/* Episodes naming the same container are one load told twice.
 * Invariant: after an episode's turn every container it names has an owner,
 * and its first container is owned by itself (it found none owned, or it
 * died). So after a merge the scan goes on after the merged episode: going
 * back to the one it joined would find nothing new (and made the scan
 * quadratic in the number of episodes). */
static void
merge_by_container (CorridorInferCtx *ctx)
{
  g_autoptr(GHashTable) owner = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint k = 0; k < ctx->episodes->len; k++)
    {
      Episode *e = g_ptr_array_index (ctx->episodes, k);
      Episode *into = NULL;
      guint at = k, into_index = 0;

      if (e->dead)
        continue;
      for (guint i = 0; i < e->containers->len && into == NULL; i++)
        {
          gpointer o = g_hash_table_lookup (owner, g_ptr_array_index (e->containers, i));
          if (o != NULL)
            {
              into_index = GPOINTER_TO_UINT (o) - 1;
              into = g_ptr_array_index (ctx->episodes, into_index);
            }
        }
      if (into != NULL && into != e)
        {
          for (guint i = 0; i < e->msgs->len; i++)
            {
              guint mi = g_array_index (e->msgs, guint, i);
              Msg *m = &g_array_index (ctx->msgs, Msg, mi);
              Gist g;

              gist_of (m, &g);
              episode_add (into, m, mi, (int) into_index, &g);
            }
          into->cancelled &= e->cancelled;
          e->dead = TRUE;
          e = into;
          at = into_index;
        }
      for (guint i = 0; i < e->containers->len; i++)
        if (!g_hash_table_contains (owner, g_ptr_array_index (e->containers, i)))
          g_hash_table_insert (owner, g_ptr_array_index (e->containers, i),
                               GUINT_TO_POINTER (at + 1));
    }
}

/* ---------------------------------------------------------------------------
 * Resolving an episode
 * ------------------------------------------------------------------------- */

static gint
compare_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

typedef struct {
  const char *locode;
  double      votes[4];   /* none, origin, transit, destination */
  guint       count;
  guint       first, last;   /* order of first and last mention */
} PortVote;

typedef struct {
  int   actor;
  double origin, dest, logistics;
  int   tz_sum;
} ActorTally;

static PortVote *
vote_for (GArray *votes, const char *locode)
{
  for (guint i = 0; i < votes->len; i++)
    if (g_array_index (votes, PortVote, i).locode == locode)
      return &g_array_index (votes, PortVote, i);
  {
    PortVote v = { locode, { 0 }, 0, G_MAXUINT, 0 };
    g_array_append_val (votes, v);
  }
  return &g_array_index (votes, PortVote, votes->len - 1);
}

static ActorTally *
tally_for (GArray *tallies, int actor)
{
  for (guint i = 0; i < tallies->len; i++)
    if (g_array_index (tallies, ActorTally, i).actor == actor)
      return &g_array_index (tallies, ActorTally, i);
  {
    ActorTally t = { actor, 0, 0, 0, 0 };
    g_array_append_val (tallies, t);
  }
  return &g_array_index (tallies, ActorTally, tallies->len - 1);
}

static void
add_evidence (GArray *evidence, const Msg *m, const char *field, const Item *it)
{
  CorridorInferEvidence ev = { m->rowid, field, it != NULL ? it->start : -1, it != NULL ? it->end : -1 };
  g_array_append_val (evidence, ev);
}

static void
add_cue_evidence (GArray *evidence, const Msg *m, const char *field, int bit)
{
  CorridorInferEvidence ev = { m->rowid, field, m->cue_start[bit], m->cue_end[bit] };
  g_array_append_val (evidence, ev);
}

static void
fill_stop (CorridorInferCtx *ctx, CorridorShipment *s, const char *locode)
{
  const CorridorPort *p = ctx->gazetteer != NULL
                          ? corridor_gazetteer_lookup_locode (ctx->gazetteer, locode) : NULL;

  corridor_shipment_add_stop (s, locode, p != NULL ? p->name : locode,
                              p != NULL ? p->lat : NAN, p != NULL ? p->lon : NAN);
}

static gint
compare_transit_lon (gconstpointer a, gconstpointer b, gpointer user_data)
{
  CorridorInferCtx *ctx = user_data;
  const char *x = *(const char * const *) a, *y = *(const char * const *) b;
  const CorridorPort *px = ctx->gazetteer ? corridor_gazetteer_lookup_locode (ctx->gazetteer, x) : NULL;
  const CorridorPort *py = ctx->gazetteer ? corridor_gazetteer_lookup_locode (ctx->gazetteer, y) : NULL;
  double lx = px != NULL ? px->lon : 0, ly = py != NULL ? py->lon : 0;

  if (lx != ly)
    return lx < ly ? -1 : 1;
  return strcmp (x, y);
}

/* Per-shipment roles: who bridges the two sides is the intermediary; of the
 * rest, loading talk and the origin side make a sender, arrival and
 * extraction talk the distributor. */
static void
assign_roles (CorridorInferCtx *ctx, const Episode *e, CorridorShipment *s)
{
  g_autoptr(GArray) tallies = g_array_new (FALSE, TRUE, sizeof (ActorTally));
  g_autoptr(GHashTable) edges = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < e->msgs->len; i++)
    {
      const Msg *m = &g_array_index (ctx->msgs, Msg, g_array_index (e->msgs, guint, i));
      Gist g;
      ActorTally *t;

      if (m->sender < 0)
        continue;
      gist_of (m, &g);
      t = tally_for (tallies, m->sender);
      if (m->cues & CUE_LOADING)
        t->origin += 2;
      if (g.origin != NULL && g.dest == NULL && g.eta_day == NO_DAY)
        t->origin += 1;
      if (g.dep_day != NO_DAY)
        t->origin += 1;
      if (g.n_containers > 0 || g.vessel != NULL || g.imo != NULL)
        t->origin += 0.5;
      if (m->cues & (CUE_EXTRACTION | CUE_OUTCOME))
        t->dest += 2;
      if (m->cues & CUE_LOGISTICS)
        t->logistics += 1;
      for (guint r = 0; r < m->n_rcpt; r++)
        {
          ActorTally *rt;
          gint64 key;

          if (m->rcpt[r] < 0 || m->rcpt[r] == m->sender)
            continue;
          rt = tally_for (tallies, m->rcpt[r]);
          t = tally_for (tallies, m->sender);   /* the array may have moved */
          if (g.eta_day != NO_DAY)
            rt->dest += 1;
          key = MIN (m->sender, m->rcpt[r]) * (gint64) 1000003 + MAX (m->sender, m->rcpt[r]);
          g_hash_table_add (edges, g_memdup2 (&key, sizeof key));
        }
    }

  for (guint i = 0; i < tallies->len; i++)
    {
      ActorTally *t = &g_array_index (tallies, ActorTally, i);
      g_autoptr(GArray) nb = g_array_new (FALSE, FALSE, sizeof (int));
      gboolean bridges = FALSE;
      CorridorRole role;

      for (guint j = 0; j < tallies->len; j++)
        {
          int other = g_array_index (tallies, ActorTally, j).actor;
          gint64 key = MIN (t->actor, other) * (gint64) 1000003 + MAX (t->actor, other);
          if (other != t->actor && g_hash_table_contains (edges, &key))
            g_array_append_val (nb, other);
        }
      for (guint a = 0; a < nb->len && !bridges; a++)
        for (guint b = a + 1; b < nb->len && !bridges; b++)
          {
            int x = g_array_index (nb, int, a), y = g_array_index (nb, int, b);
            gint64 key = MIN (x, y) * (gint64) 1000003 + MAX (x, y);
            if (!g_hash_table_contains (edges, &key))
              bridges = TRUE;
          }

      if (bridges && fabs (t->origin - t->dest) < 2.0)
        role = CORRIDOR_ROLE_INTERMEDIARY;
      else if (t->dest > t->origin)
        role = CORRIDOR_ROLE_DISTRIBUTOR;
      else if (t->origin > t->dest)
        role = CORRIDOR_ROLE_SENDER;
      else
        role = CORRIDOR_ROLE_INTERMEDIARY;
      corridor_shipment_add_actor (s, g_ptr_array_index (ctx->actors, t->actor), role);
    }
}

static void
resolve_episode (CorridorInferCtx *ctx, Episode *e)
{
  g_autoptr(GArray) votes = g_array_new (FALSE, TRUE, sizeof (PortVote));
  g_autoptr(GArray) order = g_array_copy (e->msgs);
  const char *origin = NULL, *dest = NULL;
  g_autoptr(GPtrArray) transits = g_ptr_array_new ();
  const Item *dep = NULL, *arr = NULL;
  int arr_rank = -1;
  guint outcome_cues = 0, n_facts = 0, ord = 0;
  double qty = NAN;
  const char *concealment = NULL, *vessel = NULL, *imo = NULL;
  g_autoptr(GHashTable) qty_count = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) word_count = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint best_qty_n = 0, best_conc_n = 0, best_vessel_n = 0, best_imo_n = 0;
  const char *min_id = NULL;
  CorridorInferResult *res;

  g_array_sort (order, compare_uint);

  /* Pass 1: votes and the fields. */
  for (guint i = 0; i < order->len; i++)
    {
      const Msg *m = &g_array_index (ctx->msgs, Msg, g_array_index (order, guint, i));

      if (min_id == NULL || strcmp (m->id, min_id) < 0)
        min_id = m->id;
      outcome_cues |= m->cues & CUE_OUTCOME;
      for (guint k = 0; k < m->n_items; k++)
        {
          const Item *it = &m->items[k];

          switch (it->kind)
            {
            case CORRIDOR_MENTION_PORT:
              {
                PortVote *v = vote_for (votes, it->value);
                int slot = it->qual == Q_ORIGIN ? 1 : it->qual == Q_TRANSIT ? 2 : it->qual == Q_DEST ? 3 : 0;

                v->votes[slot] += 1;
                v->count++;
                v->first = MIN (v->first, ord);
                v->last = ord;
                ord++;
              }
              break;
            case CORRIDOR_MENTION_DATE:
              {
                /* departed: the last stated sailing; arrived: a stated
                 * berthing, else the last (corrected) ETA. */
                int rank = it->qual == Q_ARRIVED ? 3 : it->qual == Q_ETA_CORR ? 2 : it->qual == Q_ETA ? 1 : -1;

                if (it->qual == Q_DEPARTED || (it->qual == Q_ETD && (dep == NULL || dep->qual != Q_DEPARTED)))
                  dep = it;
                if (rank >= 0 && rank >= arr_rank)
                  arr = it, arr_rank = rank;
              }
              break;
            case CORRIDOR_MENTION_QUANTITY:
              {
                guint key = (guint) lround (it->number);
                guint n = GPOINTER_TO_UINT (g_hash_table_lookup (qty_count, GUINT_TO_POINTER (key))) + 1;

                g_hash_table_insert (qty_count, GUINT_TO_POINTER (key), GUINT_TO_POINTER (n));
                if (n > best_qty_n)
                  best_qty_n = n, qty = it->number;
              }
              break;
            case CORRIDOR_MENTION_CONCEALMENT:
            case CORRIDOR_MENTION_VESSEL:
            case CORRIDOR_MENTION_IMO:
              {
                guint n = GPOINTER_TO_UINT (g_hash_table_lookup (word_count, it->value)) + 1;

                g_hash_table_insert (word_count, (gpointer) it->value, GUINT_TO_POINTER (n));
                if (it->kind == CORRIDOR_MENTION_CONCEALMENT && n > best_conc_n)
                  best_conc_n = n, concealment = it->value;
                if (it->kind == CORRIDOR_MENTION_VESSEL && n > best_vessel_n)
                  best_vessel_n = n, vessel = it->value;
                if (it->kind == CORRIDOR_MENTION_IMO && n > best_imo_n)
                  best_imo_n = n, imo = it->value;
              }
              break;
            default:
              break;
            }
        }
    }

  /* Dates the writer did not qualify: in a message about the origin side
   * it is the sailing, about the destination side the arrival. */
  if (dep == NULL || arr == NULL)
    for (guint i = 0; i < order->len; i++)
      {
        const Msg *m = &g_array_index (ctx->msgs, Msg, g_array_index (order, guint, i));
        Gist g;

        gist_of (m, &g);
        for (guint k = 0; k < m->n_items; k++)
          {
            const Item *it = &m->items[k];

            if (it->kind != CORRIDOR_MENTION_DATE || it->qual != Q_NONE)
              continue;
            if (dep == NULL && g.origin != NULL && g.dest == NULL && !(m->cues & CUE_OUTCOME))
              dep = it;
            else if (arr == NULL && g.dest != NULL && g.origin == NULL)
              arr = it;
          }
      }

  /* Origin: the cue says so, else the South American or Caribbean port
   * that is not a hub, first named. Destination likewise on the European
   * side (West Africa only when nothing else), most named, last named. */
  {
    double best = 0;
    for (guint i = 0; i < votes->len; i++)
      {
        PortVote *v = &g_array_index (votes, PortVote, i);
        Side side = port_side (v->locode);
        gboolean hub = port_is_hub (v->locode);
        double s = v->votes[1] * 10 - v->votes[3] * 10 - v->votes[2] * 3;

        if (side == SIDE_AMERICAS)
          s += v->votes[0] * (hub ? 1.0 : 3.0);
        else if (v->votes[1] == 0)
          s -= 5;
        s -= v->first * 0.01;
        if (s > best)
          best = s, origin = v->locode;
      }
  }
  {
    double best = 0;
    for (guint i = 0; i < votes->len; i++)
      {
        PortVote *v = &g_array_index (votes, PortVote, i);
        Side side = port_side (v->locode);
        gboolean hub = port_is_hub (v->locode);
        double s = v->votes[3] * 10 - v->votes[2] * 4 - v->votes[1] * 10;

        if (v->locode == origin)
          continue;
        if (side == SIDE_EUROPE)
          s += v->votes[0] * (hub ? 1.0 : 3.0);
        else if (side == SIDE_AFRICA)
          s += v->votes[0] * 0.5;
        else if (v->votes[3] == 0)
          s -= 5;
        s += v->last * 0.01;
        if (s > best)
          best = s, dest = v->locode;
      }
  }
  for (guint i = 0; i < votes->len; i++)
    {
      PortVote *v = &g_array_index (votes, PortVote, i);

      if (v->locode == origin || v->locode == dest)
        continue;
      if (v->votes[2] > 0 || port_is_hub (v->locode) ||
          (v->votes[1] == 0 && v->votes[3] == 0 && origin != NULL && dest != NULL))
        g_ptr_array_add (transits, (gpointer) v->locode);
    }
  g_ptr_array_sort_with_data (transits, compare_transit_lon, ctx);

  if (e->cancelled && !e->hard)
    return;
  if (origin == NULL && dest == NULL)
    return;

  n_facts = (origin != NULL) + (dest != NULL) + (dep != NULL) + (arr != NULL) + !isnan (qty) +
            (e->containers->len > 0) + (vessel != NULL || imo != NULL) + (concealment != NULL);

  res = g_new0 (CorridorInferResult, 1);
  res->evidence = g_array_new (FALSE, TRUE, sizeof (CorridorInferEvidence));

  {
    int dep_day = dep != NULL ? dep->day : NO_DAY, arr_day = arr != NULL ? arr->day : NO_DAY;
    CorridorOutcome outcome = (outcome_cues & CUE_SEIZED) ? CORRIDOR_OUTCOME_SEIZED
                            : (outcome_cues & CUE_LOST) ? CORRIDOR_OUTCOME_LOST
                            : (outcome_cues & CUE_DELIVERED) ? CORRIDOR_OUTCOME_DELIVERED
                            : CORRIDOR_OUTCOME_UNKNOWN;
    double confidence = 1.0 - exp (-(0.22 * n_facts + 0.08 * MIN (order->len, 10u)));

    /* An arrival before the sailing is a misreading: keep the sailing. */
    if (dep_day != NO_DAY && arr_day != NO_DAY && arr_day < dep_day)
      arr = NULL, arr_day = NO_DAY;

    if (origin != NULL && dest != NULL)
      {
        CorridorShipment *s = corridor_shipment_new ();
        GPtrArray *boxes = g_ptr_array_new ();

        if (!(dep_day != NO_DAY || arr_day != NO_DAY || e->containers->len > 0 ||
              vessel != NULL || imo != NULL))
          {
            corridor_shipment_free (s);
            g_ptr_array_unref (boxes);
            g_array_unref (res->evidence);
            g_free (res);
            return;
          }
        fill_stop (ctx, s, origin);
        for (guint i = 0; i < transits->len; i++)
          fill_stop (ctx, s, g_ptr_array_index (transits, i));
        fill_stop (ctx, s, dest);
        s->departed = dep_day != NO_DAY ? day_to_iso (dep_day) : NULL;
        s->arrived = arr_day != NO_DAY ? day_to_iso (arr_day) : NULL;
        s->quantity_kg = qty;
        for (guint i = 0; i < e->containers->len; i++)
          g_ptr_array_add (boxes, g_strdup (g_ptr_array_index (e->containers, i)));
        g_ptr_array_add (boxes, NULL);
        g_strfreev (s->containers);
        s->containers = (char **) g_ptr_array_free (boxes, FALSE);
        s->vessel_name = g_strdup (vessel);
        s->vessel_imo = g_strdup (imo);
        s->concealment = g_strdup (concealment);
        s->outcome = outcome;
        s->status = CORRIDOR_STATUS_INFERRED;
        s->confidence = MIN (confidence, 0.99);
        assign_roles (ctx, e, s);
        res->shipment = s;
        res->key = g_strdup_printf ("%s|%s|%s", min_id, origin, dest);
      }
    else
      {
        CorridorLead *l = g_new0 (CorridorLead, 1);
        GPtrArray *boxes = g_ptr_array_new ();
        const char *port = origin != NULL ? origin : dest;
        GPtrArray *ids = g_ptr_array_new ();

        if (n_facts < 2 && !outcome_cues)
          {
            g_ptr_array_unref (boxes);
            g_ptr_array_unref (ids);
            g_free (l);
            g_array_unref (res->evidence);
            g_free (res);
            return;
          }
        l->locode = g_strdup (port);
        l->port_role = g_strdup (origin != NULL ? "origin" : "destination");
        l->date = dep_day != NO_DAY ? day_to_iso (dep_day)
                : arr_day != NO_DAY ? day_to_iso (arr_day) : NULL;
        l->quantity_kg = qty;
        for (guint i = 0; i < e->containers->len; i++)
          g_ptr_array_add (boxes, g_strdup (g_ptr_array_index (e->containers, i)));
        g_ptr_array_add (boxes, NULL);
        l->containers = (char **) g_ptr_array_free (boxes, FALSE);
        l->vessel_name = g_strdup (vessel);
        l->vessel_imo = g_strdup (imo);
        l->concealment = g_strdup (concealment);
        l->outcome = outcome;
        l->confidence = MIN (confidence * 0.6, 0.9);
        for (guint i = 0; i < order->len; i++)
          {
            const Msg *m = &g_array_index (ctx->msgs, Msg, g_array_index (order, guint, i));
            g_ptr_array_add (ids, g_strdup (m->id));
          }
        g_ptr_array_add (ids, NULL);
        l->evidence = (char **) g_ptr_array_free (ids, FALSE);
        res->lead = l;
        res->key = g_strdup_printf ("%s|%s", min_id, port);
      }
  }

  /* Evidence: each message once per field it supports, with the span. */
  for (guint i = 0; i < order->len; i++)
    {
      const Msg *m = &g_array_index (ctx->msgs, Msg, g_array_index (order, guint, i));
      guint before = res->evidence->len;

      for (guint k = 0; k < m->n_items; k++)
        {
          const Item *it = &m->items[k];
          const char *field = NULL;

          switch (it->kind)
            {
            case CORRIDOR_MENTION_PORT:
              field = it->value == origin ? "origin" : it->value == dest ? "destination" : NULL;
              for (guint t = 0; field == NULL && t < transits->len; t++)
                if (g_ptr_array_index (transits, t) == it->value)
                  field = "transit";
              break;
            case CORRIDOR_MENTION_DATE:
              field = it == dep ? "departed" : it == arr ? "arrived" : NULL;
              break;
            case CORRIDOR_MENTION_QUANTITY:
              field = !isnan (qty) && qty_equal (it->number, qty) ? "quantity_kg" : NULL;
              break;
            case CORRIDOR_MENTION_CONTAINER:
              field = "containers";
              break;
            case CORRIDOR_MENTION_VESSEL:
              field = it->value == vessel ? "vessel" : NULL;
              break;
            case CORRIDOR_MENTION_IMO:
              field = it->value == imo ? "vessel" : NULL;
              break;
            case CORRIDOR_MENTION_CONCEALMENT:
              field = it->value == concealment ? "concealment" : NULL;
              break;
            default:
              break;
            }
          if (field != NULL)
            add_evidence (res->evidence, m, field, it);
        }
      for (int bit = 0; bit < 3; bit++)
        if (m->cues & (1u << bit))
          add_cue_evidence (res->evidence, m, "outcome", bit);
      if (res->evidence->len == before)
        add_evidence (res->evidence, m, NULL, NULL);
    }
  g_ptr_array_add (ctx->results, res);
}

static const char *
result_date (const CorridorInferResult *r)
{
  if (r->shipment != NULL)
    return r->shipment->departed != NULL ? r->shipment->departed : r->shipment->arrived;
  return r->lead->date;
}

static gint
compare_results (gconstpointer a, gconstpointer b)
{
  const CorridorInferResult *x = *(CorridorInferResult * const *) a;
  const CorridorInferResult *y = *(CorridorInferResult * const *) b;
  const char *dx = result_date (x), *dy = result_date (y);
  int c;

  if ((x->lead != NULL) != (y->lead != NULL))
    return x->lead != NULL ? 1 : -1;
  if ((dx == NULL) != (dy == NULL))
    return dx == NULL ? 1 : -1;
  if (dx != NULL && (c = strcmp (dx, dy)) != 0)
    return c;
  return strcmp (x->key, y->key);
}

void
corridor_infer_ctx_run (CorridorInferCtx *ctx)
{
  g_return_if_fail (ctx != NULL);

  group_messages (ctx);
  merge_by_container (ctx);
  for (guint k = 0; k < ctx->episodes->len; k++)
    {
      Episode *e = g_ptr_array_index (ctx->episodes, k);
      if (!e->dead)
        resolve_episode (ctx, e);
    }
  g_ptr_array_sort (ctx->results, compare_results);
  /* Two findings with one key (rare: one message opening two episodes
   * cannot happen, but a key collision would break id stability): keep the
   * first. */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
    for (guint i = 0; i < ctx->results->len;)
      {
        CorridorInferResult *r = g_ptr_array_index (ctx->results, i);
        if (g_hash_table_contains (seen, r->key))
          {
            result_free (r);
            g_ptr_array_remove_index (ctx->results, i);
            continue;
          }
        g_hash_table_add (seen, r->key);
        i++;
      }
  }
}

GPtrArray *
corridor_infer_ctx_results (CorridorInferCtx *ctx)
{
  g_return_val_if_fail (ctx != NULL, NULL);
  return ctx->results;
}
