/* test-extract.c: extraction from message text. Identifier rules (ISO 6346,
 * IMO), every mention kind with positives and decoys (prices, money, clock
 * times, phone numbers, football, holidays, past jobs, ordinary words that
 * are port names), relative dates against a fixed message date, character
 * spans after accents and emoji, hostile input, and a speed figure. */

#include <math.h>
#include <string.h>

#include "corridor-extract.h"

static CorridorExtractor *extractor;

/* Messages are written on Wednesday 2021-02-10, 12:00 at UTC+1. */
#define MSG_TS 1612954800

static GPtrArray *
run_at (const char *body, gint64 ts)
{
  CorridorMessage msg = { 0 };

  msg.id = (char *) "m-1";
  msg.ts = ts;
  msg.tz_offset = 3600;
  msg.sender = (char *) "a";
  msg.body = (char *) body;
  msg.lat = NAN;
  msg.lon = NAN;
  return corridor_extractor_run (extractor, &msg);
}

static GPtrArray *
run (const char *body)
{
  return run_at (body, MSG_TS);
}

static const CorridorMention *
find (GPtrArray *ms, CorridorMentionKind kind, const char *value)
{
  for (guint i = 0; i < ms->len; i++)
    {
      const CorridorMention *m = ms->pdata[i];

      if (m->kind == kind && (value == NULL || g_strcmp0 (m->value, value) == 0))
        return m;
    }
  return NULL;
}

static guint
count (GPtrArray *ms, CorridorMentionKind kind)
{
  guint n = 0;

  for (guint i = 0; i < ms->len; i++)
    n += ((const CorridorMention *) ms->pdata[i])->kind == kind;
  return n;
}

static void
dump (GPtrArray *ms)
{
  for (guint i = 0; i < ms->len; i++)
    {
      const CorridorMention *m = ms->pdata[i];

      g_test_message ("  %s [%d,%d) %s %g %s %.2f", corridor_mention_kind_to_string (m->kind),
                      m->start, m->end, m->value, m->number, m->qualifier ? m->qualifier : "-",
                      m->confidence);
    }
}

#define EXPECT_PORT(body, locode) G_STMT_START {                          \
    g_autoptr (GPtrArray) ms_ = run (body);                               \
    if (find (ms_, CORRIDOR_MENTION_PORT, locode) == NULL)                \
      g_test_message ("%s: %u mentions", body, ms_->len), dump (ms_);    \
    g_assert_nonnull (find (ms_, CORRIDOR_MENTION_PORT, locode));         \
  } G_STMT_END

#define EXPECT_NO(body, kind) G_STMT_START {                              \
    g_autoptr (GPtrArray) ms_ = run (body);                               \
    if (count (ms_, kind) != 0)                                           \
      g_test_message ("%s:", body), dump (ms_);                          \
    g_assert_cmpuint (count (ms_, kind), ==, 0);                          \
  } G_STMT_END

static void
test_container_rules (void)
{
  char out[12];

  g_assert_cmpint (corridor_container_check_digit ("CSQU305438"), ==, 3);
  g_assert_cmpint (corridor_container_check_digit ("MSKU123456"), ==, 5);
  g_assert_cmpint (corridor_container_check_digit ("MSKX123456"), ==, -1);
  g_assert_cmpint (corridor_container_check_digit ("MSKU12345"), ==, -1);
  g_assert_true (corridor_container_normalize ("MSKU 123456-5", out));
  g_assert_cmpstr (out, ==, "MSKU1234565");
  g_assert_true (corridor_container_normalize ("msku1234565", out));
  g_assert_true (corridor_container_normalize ("MSKU-123456-5", out));
  g_assert_true (corridor_container_normalize ("MSKU 123456 5", out));
  g_assert_true (corridor_container_normalize ("CSQU3054383", out));
  g_assert_false (corridor_container_normalize ("MSKU 123456-4", out));
  g_assert_false (corridor_container_normalize ("MSKU12345655", out));
  g_assert_false (corridor_container_normalize ("MSK 123456-5", out));
  g_assert_true (corridor_imo_is_valid ("9074729"));
  g_assert_false (corridor_imo_is_valid ("9074728"));
  g_assert_false (corridor_imo_is_valid ("907472"));
  g_assert_false (corridor_imo_is_valid ("90747x9"));
}

static void
test_identifiers (void)
{
  const char *forms[] = { "container MSKU 123456-5 ok", "msku1234565", "la caja MSKU 123456 5",
                          "MSKU-123456-5 is in" };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr (GPtrArray) ms = run (forms[i]);

      g_assert_nonnull (find (ms, CORRIDOR_MENTION_CONTAINER, "MSKU1234565"));
      g_assert_cmpuint (count (ms, CORRIDOR_MENTION_QUANTITY), ==, 0);
      g_assert_cmpuint (count (ms, CORRIDOR_MENTION_DATE), ==, 0);
    }
  EXPECT_NO ("box MSKU 123456-4", CORRIDOR_MENTION_CONTAINER);
  {
    g_autoptr (GPtrArray) ms = run ("IMO 9074729 and imo9074729 and IMO: 9074729");
    g_assert_cmpuint (count (ms, CORRIDOR_MENTION_IMO), ==, 3);
  }
  EXPECT_NO ("IMO 9074728", CORRIDOR_MENTION_IMO);
}

static void
test_ports_multilingual (void)
{
  const char *antwerp[] = { "llega a Amberes", "chega em Antuérpia", "arrive à Anvers",
                            "naar Antwerpen", "ETA ANR", "destino BEANR", "ETA BE ANR",
                            "staat op kaai 1742", "Deurganckdok", "Antwerp" };

  for (guint i = 0; i < G_N_ELEMENTS (antwerp); i++)
    EXPECT_PORT (antwerp[i], "BEANR");
  EXPECT_PORT ("el barco va a Roterdam", "NLRTM");
  EXPECT_PORT ("sale de Guayakil", "ECGYE");
  EXPECT_PORT ("sale de guayaquil el martes", "ECGYE");
  EXPECT_PORT ("carga en Santoss, contenedor listo", "BRSSZ");
  EXPECT_PORT ("llega a rotter mañana", "NLRTM");
  EXPECT_PORT ("sale de guaya", "ECGYE");
  EXPECT_PORT ("the ship goes via Maasvlakte", "NLRTM");
  EXPECT_PORT ("desde Buenaventura", "COBUN");
  EXPECT_PORT ("vamos para Hamburgo", "DEHAM");
  EXPECT_PORT ("sale de Cartajena", "COCTG");
}

static void
test_port_qualifiers (void)
{
  g_autoptr (GPtrArray) ms = run ("sale de Guayaquil para Amberes via Caucedo");
  const CorridorMention *o = find (ms, CORRIDOR_MENTION_PORT, "ECGYE");
  const CorridorMention *d = find (ms, CORRIDOR_MENTION_PORT, "BEANR");
  const CorridorMention *t = find (ms, CORRIDOR_MENTION_PORT, "DOCAU");

  g_assert_nonnull (o);
  g_assert_nonnull (d);
  g_assert_nonnull (t);
  g_assert_cmpstr (o->qualifier, ==, "origin");
  g_assert_cmpstr (d->qualifier, ==, "destination");
  g_assert_cmpstr (t->qualifier, ==, "transit");
  g_assert_cmpfloat (o->confidence, >=, 0.8);
}

static void
test_port_decoys (void)
{
  EXPECT_NO ("the bar was full last night", CORRIDOR_MENTION_PORT);
  EXPECT_NO ("el día de todos los santos fuimos a misa", CORRIDOR_MENTION_PORT);
  EXPECT_NO ("ese tema no me gusta", CORRIDOR_MENTION_PORT);
  EXPECT_NO ("let's split the money", CORRIDOR_MENTION_PORT);
  EXPECT_NO ("fomos na praia ontem", CORRIDOR_MENTION_PORT);
  EXPECT_NO ("tantos problemas hoy", CORRIDOR_MENTION_PORT);
  EXPECT_NO ("me dio un colon irritable", CORRIDOR_MENTION_PORT);
  EXPECT_NO ("la carta llegó", CORRIDOR_MENTION_PORT);
  /* Ordinary-word names with shipping context are ports. */
  EXPECT_PORT ("the box leaves from Santos on friday", "BRSSZ");
  EXPECT_PORT ("container in port of Bar", "MEBAR");
  {
    g_autoptr (GPtrArray) ms = run ("vacaciones en Barcelona con la familia");
    const CorridorMention *p = find (ms, CORRIDOR_MENTION_PORT, "ESBCN");

    g_assert_nonnull (p);
    g_assert_cmpfloat (p->confidence, <=, 0.3);
    g_assert_nonnull (find (ms, CORRIDOR_MENTION_CUE, "holiday"));
  }
  {
    g_autoptr (GPtrArray) ms = run ("my cousin in Rotterdam is getting married");
    const CorridorMention *p = find (ms, CORRIDOR_MENTION_PORT, "NLRTM");

    g_assert_nonnull (p);
    g_assert_cmpfloat (p->confidence, <=, 0.3);
    g_assert_nonnull (find (ms, CORRIDOR_MENTION_CUE, "holiday"));
  }
  {
    g_autoptr (GPtrArray) ms = run ("Porto–Benfica hoje, e o Santos ganhou o jogo");

    g_assert_nonnull (find (ms, CORRIDOR_MENTION_CUE, "football"));
    for (guint i = 0; i < ms->len; i++)
      {
        const CorridorMention *m = ms->pdata[i];

        if (m->kind == CORRIDOR_MENTION_PORT)
          g_assert_cmpfloat (m->confidence, <=, 0.3);
      }
  }
}

static const char *
date_of (const char *body, const char **qual)
{
  static char buf[16];
  g_autoptr (GPtrArray) ms = run (body);
  const CorridorMention *m = find (ms, CORRIDOR_MENTION_DATE, NULL);

  if (m == NULL)
    {
      dump (ms);
      return NULL;
    }
  g_strlcpy (buf, m->value, sizeof buf);
  if (qual != NULL)
    *qual = m->qualifier;       /* only compared while ms is alive: copy below */
  if (qual != NULL)
    *qual = m->qualifier ? g_intern_string (m->qualifier) : NULL;
  return buf;
}

static void
test_dates_absolute (void)
{
  const char *forms[] = { "14/02/2021", "14-02-21", "2021-02-14", "14 feb", "14 de febrero",
                          "14 februari", "le 14 février", "14. Februar", "14 febbraio",
                          "Feb 14th", "14/2", "14 de fevereiro de 2021", "February 14, 2021",
                          "14.02.2021" };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      const char *d = date_of (forms[i], NULL);

      g_test_message ("%s -> %s", forms[i], d);
      g_assert_cmpstr (d, ==, "2021-02-14");
    }
  /* Day and month closed by a dot, with trailing punctuation after it. */
  {
    const char *dotted[] = { "ETD 14.2., sale de Guayaquil", "ETA 14.2.", "llega el 14.2.!",
                             "14.2.21 sale", "14.02. ok" };

    for (guint i = 0; i < G_N_ELEMENTS (dotted); i++)
      {
        const char *d = date_of (dotted[i], NULL);

        g_test_message ("%s -> %s", dotted[i], d);
        g_assert_cmpstr (d, ==, "2021-02-14");
      }
    /* A bare decimal is no date, nor a weight. */
    g_assert_null (date_of ("1.5 t listos", NULL));
    g_assert_null (date_of ("2.5. kg", NULL));
  }
  /* Year wrap: "28/12" written on 2 January is last December. */
  {
    g_autoptr (GPtrArray) ms = run_at ("salió el 28/12", 1609585200); /* 2021-01-02 */
    const CorridorMention *m = find (ms, CORRIDOR_MENTION_DATE, NULL);

    g_assert_nonnull (m);
    g_assert_cmpstr (m->value, ==, "2020-12-28");
    g_assert_cmpstr (m->qualifier, ==, "departed");
  }
}

static void
test_dates_relative (void)
{
  struct { const char *text, *date; } cases[] = {
    { "llega mañana", "2021-02-11" }, { "amanhã", "2021-02-11" }, { "morgen", "2021-02-11" },
    { "demain", "2021-02-11" }, { "domani", "2021-02-11" }, { "tomorrow", "2021-02-11" },
    { "pasado mañana", "2021-02-12" }, { "hoy", "2021-02-10" }, { "vandaag", "2021-02-10" },
    { "ayer", "2021-02-09" }, { "yesterday", "2021-02-09" },
    { "in 3 days", "2021-02-13" }, { "en 3 días", "2021-02-13" }, { "em 3 dias", "2021-02-13" },
    { "over 3 dagen", "2021-02-13" }, { "dans 3 jours", "2021-02-13" },
    { "tra 3 giorni", "2021-02-13" },
    { "next Tuesday", "2021-02-16" }, { "el martes", "2021-02-16" },
    { "el próximo martes", "2021-02-16" }, { "terça", "2021-02-16" },
    { "dinsdag", "2021-02-16" }, { "mardi", "2021-02-16" }, { "martedì", "2021-02-16" },
    { "el miércoles", "2021-02-17" },
    { "next week", "2021-02-17" }, { "la semana que viene", "2021-02-17" },
    { "end of month", "2021-02-28" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *d = date_of (cases[i].text, NULL);

      g_test_message ("%s -> %s", cases[i].text, d);
      g_assert_cmpstr (d, ==, cases[i].date);
    }
  /* "por la mañana" is the morning, not tomorrow */
  EXPECT_NO ("lo vi por la mañana", CORRIDOR_MENTION_DATE);
}

static void
test_date_qualifiers (void)
{
  const char *q = NULL;

  g_assert_cmpstr (date_of ("ETA 14/02", &q), ==, "2021-02-14");
  g_assert_cmpstr (q, ==, "eta");
  g_assert_cmpstr (date_of ("zarpa el 12/02", &q), ==, "2021-02-12");
  g_assert_cmpstr (q, ==, "etd");
  g_assert_cmpstr (date_of ("el barco salió ayer", &q), ==, "2021-02-09");
  g_assert_cmpstr (q, ==, "departed");
  g_assert_cmpstr (date_of ("atracó el 9 de febrero", &q), ==, "2021-02-09");
  g_assert_cmpstr (q, ==, "arrived");
  g_assert_cmpstr (date_of ("nueva ETA 20/02", &q), ==, "2021-02-20");
  g_assert_cmpstr (q, ==, "eta-corrected");
  g_assert_cmpstr (date_of ("new ETA is the 20th of February", &q), ==, "2021-02-20");
  g_assert_cmpstr (q, ==, "eta-corrected");
  g_assert_cmpstr (date_of ("delayed to 22 feb", &q), ==, "2021-02-22");
  g_assert_cmpstr (q, ==, "eta-corrected");
}

static void
test_date_decoys (void)
{
  EXPECT_NO ("nos vemos a las 14:30", CORRIDOR_MENTION_DATE);
  EXPECT_NO ("call me at 2pm", CORRIDOR_MENTION_DATE);
  EXPECT_NO ("mi numero +31 6 12345678", CORRIDOR_MENTION_DATE);
  EXPECT_NO ("container MSKU 123456-5", CORRIDOR_MENTION_DATE);
  EXPECT_NO ("IMO 9074729", CORRIDOR_MENTION_DATE);
  EXPECT_NO ("€30.000 per kilo", CORRIDOR_MENTION_DATE);
  EXPECT_NO ("1.200 kilos", CORRIDOR_MENTION_DATE);
  EXPECT_NO ("open 24/7", CORRIDOR_MENTION_DATE);
  EXPECT_NO ("ganaron 2-1", CORRIDOR_MENTION_DATE);
}

static double
kg_of (const char *body)
{
  g_autoptr (GPtrArray) ms = run (body);
  const CorridorMention *m = find (ms, CORRIDOR_MENTION_QUANTITY, NULL);

  if (m == NULL)
    dump (ms);
  return m ? m->number : NAN;
}

static void
test_quantities (void)
{
  g_assert_cmpfloat (kg_of ("818 kg"), ==, 818);
  g_assert_cmpfloat (kg_of ("1.200 kilos"), ==, 1200);
  g_assert_cmpfloat (kg_of ("1,200 kilos"), ==, 1200);
  g_assert_cmpfloat_with_epsilon (kg_of ("1,2 t"), 1200, 1e-6);
  g_assert_cmpfloat_with_epsilon (kg_of ("1.5 ton"), 1500, 1e-6);
  g_assert_cmpfloat (kg_of ("2 toneladas"), ==, 2000);
  g_assert_cmpfloat (kg_of ("300 blocks"), ==, 300);
  g_assert_cmpfloat (kg_of ("300 ladrillos"), ==, 300);
  g_assert_cmpfloat (kg_of ("250 tijolos"), ==, 250);
  g_assert_cmpfloat (kg_of ("400 pakken"), ==, 400);
  g_assert_cmpfloat (kg_of ("120 keys"), ==, 120);
  g_assert_cmpfloat (kg_of ("818kg"), ==, 818);
  g_assert_cmpfloat (kg_of ("la blanca: 200 pcs"), ==, 200);
  EXPECT_NO ("200 pcs of shirts", CORRIDOR_MENTION_QUANTITY);
}

static void
test_quantity_decoys (void)
{
  const char *decoys[] = { "27 per key", "27k", "€30.000", "300k", "250 mil dólares",
                           "$ 3500/kilo", "cuanto por kilo", "30.000 euros", "a las 14:30",
                           "+31 6 12345678", "25%", "2pm", "IMO 9074729", "precinto 445566",
                           "R$ 20 mil" };

  for (guint i = 0; i < G_N_ELEMENTS (decoys); i++)
    EXPECT_NO (decoys[i], CORRIDOR_MENTION_QUANTITY);
  {
    g_autoptr (GPtrArray) ms = run ("27k per key, 300 bricks");

    g_assert_nonnull (find (ms, CORRIDOR_MENTION_CUE, "price"));
    g_assert_cmpuint (count (ms, CORRIDOR_MENTION_QUANTITY), ==, 1);
    g_assert_cmpfloat (find (ms, CORRIDOR_MENTION_QUANTITY, NULL)->number, ==, 300);
  }
}

static void
test_vessels_concealment_cues (void)
{
  {
    g_autoptr (GPtrArray) ms = run ("va en el MSC Anna, mv Cape Town Star no");

    g_assert_nonnull (find (ms, CORRIDOR_MENTION_VESSEL, "MSC Anna"));
  }
  {
    g_autoptr (GPtrArray) ms = run ("the vessel \"Northern Star\" leaves monday");
    g_assert_nonnull (find (ms, CORRIDOR_MENTION_VESSEL, "Northern Star"));
  }
  {
    g_autoptr (GPtrArray) ms = run ("M/V Polar Ecuador carga bananas con gancho ciego");

    g_assert_nonnull (find (ms, CORRIDOR_MENTION_VESSEL, "Polar Ecuador"));
    g_assert_nonnull (find (ms, CORRIDOR_MENTION_CONCEALMENT, "bananas"));
    g_assert_nonnull (find (ms, CORRIDOR_MENTION_CONCEALMENT, "rip-on/rip-off"));
  }
  EXPECT_NO ("the ship is late", CORRIDOR_MENTION_VESSEL);
  /* A ship named after a place is a ship, not a port. */
  {
    struct { const char *text, *vessel, *not_port; } named[] = {
      { "la caja es CSQU3054383, barco Guayas Trader IMO 9074729", "Guayas Trader", "MXGYM" },
      { "caja en el Cap San Lorenzo (IMO 9074729)", "Cap San Lorenzo", "ARSLO" },
      { "the Santos Express sails friday", "Santos Express", "BRSSZ" },
      { "la nave Livorno Bridge parte domani", "Livorno Bridge", "ITLIV" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (named); i++)
      {
        g_autoptr (GPtrArray) ms = run (named[i].text);

        if (find (ms, CORRIDOR_MENTION_VESSEL, named[i].vessel) == NULL
            || find (ms, CORRIDOR_MENTION_PORT, named[i].not_port) != NULL)
          dump (ms);
        g_assert_nonnull (find (ms, CORRIDOR_MENTION_VESSEL, named[i].vessel));
        g_assert_null (find (ms, CORRIDOR_MENTION_PORT, named[i].not_port));
      }
    /* …while a port after a ship cue word is still a port. */
    EXPECT_PORT ("sale de Santa Marta mañana", "COSMR");
    EXPECT_PORT ("mercancía lista en Manzanillo (Panama)", "PAMIT");
  }
  {
    struct { const char *text, *cue; } cues[] = {
      { "la agarraron en el puerto", "seized" }, { "ze hebben hem", "seized" },
      { "they took it", "seized" }, { "se perdió", "lost" }, { "kwijt", "lost" },
      { "llegó bien", "delivered" }, { "is eruit", "delivered" },
      { "se cayó, no hay trabajo", "cancelled" }, { "called it off", "cancelled" },
      { "el año pasado", "past" }, { "vorig jaar", "past" }, { "vakantie", "holiday" },
      { "wedstrijd", "football" }, { "el precio", "price" }, { "the goods are ready", "loading" },
      { "remember the old job to Antwerp?", "past" }, { "el trabajo de 2018 en Rotterdam", "past" },
      { "ti ricordi Gioia Tauro?", "past" }, { "weißt du noch, Hamburg", "past" },
      { "Barcelona 3 Valencia 1, vamos", "football" }, { "Napoli campione", "football" },
      { "weekend à Marseille avec ma femme", "holiday" }, { "holiday in Lisbon with the kids", "holiday" },
      { "è saltato tutto", "cancelled" }, { "c'est tombé à l'eau", "cancelled" },
      { "das ist abgesagt", "cancelled" },
      { "uithalen", "extraction" }, { "precinto nuevo", "logistics" }, { "la caja", "shipment" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cues); i++)
      {
        g_autoptr (GPtrArray) ms = run (cues[i].text);

        if (find (ms, CORRIDOR_MENTION_CUE, cues[i].cue) == NULL)
          dump (ms);
        g_assert_nonnull (find (ms, CORRIDOR_MENTION_CUE, cues[i].cue));
      }
  }
}

static void
test_pins (void)
{
  CorridorMessage msg = { 0 };
  g_autoptr (GPtrArray) ms = NULL;
  g_autoptr (GPtrArray) ms2 = NULL;
  const CorridorMention *p;

  msg.ts = MSG_TS;
  msg.body = (char *) "aquí";
  msg.lat = 51.29;
  msg.lon = 4.31;
  ms = corridor_extractor_run (extractor, &msg);
  p = find (ms, CORRIDOR_MENTION_PIN, NULL);
  g_assert_nonnull (p);
  g_assert_cmpint (p->start, ==, 0);
  g_assert_cmpint (p->end, ==, 0);
  g_assert_cmpfloat_with_epsilon (p->number, 51.29, 1e-9);

  ms2 = run ("https://maps.google.com/?q=-2.2800,-79.9100 aqui esta");
  p = find (ms2, CORRIDOR_MENTION_PIN, NULL);
  g_assert_nonnull (p);
  g_assert_cmpfloat_with_epsilon (p->number, -2.28, 1e-9);
  g_assert_cmpuint (count (ms2, CORRIDOR_MENTION_QUANTITY), ==, 0);
  g_assert_cmpuint (count (ms2, CORRIDOR_MENTION_DATE), ==, 0);
}

static void
test_spans (void)
{
  const char *body = "Olá 😀🇧🇷 ação: a caixa chega em Antuérpia amanhã";
  g_autoptr (GPtrArray) ms = run (body);
  const CorridorMention *p = find (ms, CORRIDOR_MENTION_PORT, "BEANR");
  const CorridorMention *d = find (ms, CORRIDOR_MENTION_DATE, NULL);
  glong n = g_utf8_strlen (body, -1);
  g_autofree char *word = NULL;

  g_assert_nonnull (p);
  g_assert_nonnull (d);
  g_assert_cmpint (p->end, <=, n);
  word = g_utf8_substring (body, p->start, p->end);
  g_assert_cmpstr (word, ==, "Antuérpia");
  g_clear_pointer (&word, g_free);
  word = g_utf8_substring (body, d->start, d->end);
  g_assert_cmpstr (word, ==, "amanhã");
  g_assert_cmpstr (p->qualifier, ==, "destination");
  for (guint i = 1; i < ms->len; i++)
    g_assert_cmpint (((CorridorMention *) ms->pdata[i - 1])->start, <=,
                     ((CorridorMention *) ms->pdata[i])->start);
}

static void
test_hostile (void)
{
  const char bad[] = "sale de Guayaquil \xff\xfe mañana 300 kilos";
  g_autoptr (GPtrArray) ms = run (bad);
  GString *big = g_string_new (NULL);
  gint64 t0;
  double secs;

  g_assert_cmpuint (ms->len, ==, 0);
  {
    g_autoptr (GPtrArray) e = run ("");
    g_assert_cmpuint (e->len, ==, 0);
  }
  while (big->len < 1024 * 1024)
    g_string_append (big, "el barco 🚢 sale de Guayaquil mañana con 300 ladrillos, precio 27k, MSKU 123456-5. ");
  t0 = g_get_monotonic_time ();
  {
    g_autoptr (GPtrArray) m = run (big->str);
    g_assert_cmpuint (m->len, >, 1000);
  }
  secs = (g_get_monotonic_time () - t0) / 1e6;
  g_test_message ("1 MB body: %.3f s", secs);
  g_assert_cmpfloat (secs, <, 5.0);
  g_string_free (big, TRUE);
}

/* Found by tests/fuzz (fuzz-parsers): a vessel name was split on the bytes
 * of U+00A0, so "à" (C3 A0) or "Ҡ" (D2 A0) came out cut and not UTF-8. */
static void
test_vessel_utf8 (void)
{
  static const char *const bodies[] = {
    "la nave Città Bridge parte domani",
    "laaja \xef\xbf\xbd!barco R\xd2\xa0\xef\xbf\xbd\xef\xbf\xbd-8, bArco R\xd2\xa0 -6,667,",
    "barco\xc2\xa0\xc2\xa0Santa\xc2\xa0Lucía Trader llega",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (GPtrArray) ms = run (bodies[i]);

      for (guint k = 0; k < ms->len; k++)
        {
          const CorridorMention *m = ms->pdata[k];

          g_assert_true (m->value == NULL || g_utf8_validate (m->value, -1, NULL));
        }
    }
  {
    g_autoptr (GPtrArray) ms = run (bodies[0]);

    if (find (ms, CORRIDOR_MENTION_VESSEL, "Città Bridge") == NULL)
      dump (ms);
    g_assert_nonnull (find (ms, CORRIDOR_MENTION_VESSEL, "Città Bridge"));
  }
  {
    g_autoptr (GPtrArray) ms = run (bodies[2]);

    if (find (ms, CORRIDOR_MENTION_VESSEL, "Santa Lucía Trader") == NULL)
      dump (ms);
    g_assert_nonnull (find (ms, CORRIDOR_MENTION_VESSEL, "Santa Lucía Trader"));
  }
}

static void
test_speed (void)
{
  const char *bodies[] = {
    "el barco sale de Guayaquil mañana, 300 ladrillos en la caja MSKU 123456-5",
    "ok bro, todo listo? llamame a las 14:30 al +31 6 12345678",
    "ETA Antwerpen 14/02, de bak staat op kaai 1742, pincode volgt",
    "hahaha ayer fuimos al bar, que noche 😂",
    "preço 27k per key, 250 tijolos prontos em Santos",
  };
  const guint n = 200000;
  gint64 t0 = g_get_monotonic_time ();
  gsize total = 0;
  double us;

  for (guint i = 0; i < n; i++)
    {
      GPtrArray *ms = run (bodies[i % G_N_ELEMENTS (bodies)]);

      total += ms->len;
      g_ptr_array_unref (ms);
    }
  us = (double) (g_get_monotonic_time () - t0) / n;
  g_test_message ("speed: %.2f µs per message (%u messages, %" G_GSIZE_FORMAT " mentions)",
                  us, n, total);
  g_assert_cmpuint (total, >, 0);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  extractor = corridor_extractor_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (extractor);

  g_test_add_func ("/extract/container-rules", test_container_rules);
  g_test_add_func ("/extract/identifiers", test_identifiers);
  g_test_add_func ("/extract/ports/multilingual", test_ports_multilingual);
  g_test_add_func ("/extract/ports/qualifiers", test_port_qualifiers);
  g_test_add_func ("/extract/ports/decoys", test_port_decoys);
  g_test_add_func ("/extract/dates/absolute", test_dates_absolute);
  g_test_add_func ("/extract/dates/relative", test_dates_relative);
  g_test_add_func ("/extract/dates/qualifiers", test_date_qualifiers);
  g_test_add_func ("/extract/dates/decoys", test_date_decoys);
  g_test_add_func ("/extract/quantities", test_quantities);
  g_test_add_func ("/extract/quantities/decoys", test_quantity_decoys);
  g_test_add_func ("/extract/vessels-concealment-cues", test_vessels_concealment_cues);
  g_test_add_func ("/extract/pins", test_pins);
  g_test_add_func ("/extract/spans", test_spans);
  g_test_add_func ("/extract/hostile", test_hostile);
  g_test_add_func ("/extract/vessel-utf8", test_vessel_utf8);
  g_test_add_func ("/extract/speed", test_speed);
  rc = g_test_run ();
  g_object_unref (extractor);
  return rc;
}
