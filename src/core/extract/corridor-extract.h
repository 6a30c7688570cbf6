/* corridor-extract.h: extraction of facts from one message's text. Pure
 * functions over a message (no store): ports (gazetteer names and aliases in
 * any language, misspellings, LOCODEs, terminal hints), dates (absolute and
 * relative to the message's own date, ETA/ETD cues), quantities (kg, t,
 * bricks…, never prices, money, clock times or phone numbers), ISO 6346
 * containers, IMO numbers, vessel names, concealment, location pins, and the
 * cue words inference needs (seizure, loss, arrival, cancellation, past
 * jobs, holidays, football, prices, role talk). Lexicons live in maps/. */
#pragma once

#include <glib-object.h>
#include "corridor-types.h"
#include "corridor-gazetteer.h"

G_BEGIN_DECLS

#define CORRIDOR_EXTRACTOR_VERSION "1"

typedef enum {
  CORRIDOR_MENTION_PORT = 0,   /* value: LOCODE; qualifier: "origin"|"transit"|"destination"|NULL (cue seen) */
  CORRIDOR_MENTION_DATE,       /* value: YYYY-MM-DD; qualifier: "etd"|"eta"|"departed"|"arrived"|"eta-corrected"|NULL */
  CORRIDOR_MENTION_QUANTITY,   /* number: kg */
  CORRIDOR_MENTION_CONTAINER,  /* value: ISO 6346 code, 11 chars, check digit valid */
  CORRIDOR_MENTION_IMO,        /* value: 7 digits, check digit valid */
  CORRIDOR_MENTION_VESSEL,     /* value: vessel name as written ("MSC Anna") */
  CORRIDOR_MENTION_CONCEALMENT,/* value: canonical English term ("bananas", "scrap metal") */
  CORRIDOR_MENTION_PIN,        /* a location pin: number = lat, value = "lat,lon" */
  CORRIDOR_MENTION_CUE,        /* value: one of the cue names below */
  CORRIDOR_N_MENTION_KINDS
} CorridorMentionKind;

/* Cue values (CORRIDOR_MENTION_CUE):
 *  "seized", "lost", "delivered", "cancelled", "past", "holiday", "football",
 *  "price", "loading" (sender talk), "extraction" (distributor talk),
 *  "logistics" (intermediary talk: seals, PINs, fees, paperwork, terminals),
 *  "shipment" (generic talk of a load: goods ready, the box, the boat). */

typedef struct {
  CorridorMentionKind kind;
  int     start, end;    /* character (not byte) offsets into the body, end exclusive */
  char   *value;
  double  number;        /* NAN when not numeric */
  char   *qualifier;     /* may be NULL */
  double  confidence;    /* 0..1 */
} CorridorMention;

const char *corridor_mention_kind_to_string (CorridorMentionKind kind);
void        corridor_mention_free (CorridorMention *m);

#define CORRIDOR_TYPE_EXTRACTOR (corridor_extractor_get_type ())
G_DECLARE_FINAL_TYPE (CorridorExtractor, corridor_extractor, CORRIDOR, EXTRACTOR, GObject)

/* Loads the lexicons from the maps folder; @gazetteer NULL: the default.
 * Thread-safe after construction. */
CorridorExtractor *corridor_extractor_new (CorridorGazetteer *gazetteer, GError **error);

/* The mentions in @message (CorridorMention*), ordered by start. */
GPtrArray *corridor_extractor_run (CorridorExtractor *self, const CorridorMessage *message);

/* The identifier rules of FORMATS.md §2, usable alone. */
gboolean corridor_container_normalize (const char *text, char out[12]);  /* "MSKU 123456-5" -> "MSKU1234565" if valid */
int      corridor_container_check_digit (const char *first10);          /* -1 if malformed */
gboolean corridor_imo_is_valid (const char *seven_digits);

G_END_DECLS
