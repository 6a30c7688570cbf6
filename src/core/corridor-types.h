/* corridor-types.h: the plain domain records that flow between the store,
 * inference, the renderer and the CLI. They are simple structs, not GObjects,
 * because cases hold hundreds of thousands of them; each has a _free and a
 * g_autoptr cleanup. Unknown values are NULL strings or NAN numbers, never guesses. */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

typedef enum {
  CORRIDOR_ROLE_NONE = 0,
  CORRIDOR_ROLE_SENDER,
  CORRIDOR_ROLE_INTERMEDIARY,
  CORRIDOR_ROLE_DISTRIBUTOR,
  CORRIDOR_N_ROLES
} CorridorRole;

typedef enum {
  CORRIDOR_STATUS_INFERRED = 0,
  CORRIDOR_STATUS_CONFIRMED,
  CORRIDOR_STATUS_REJECTED,
  CORRIDOR_N_STATUSES
} CorridorStatus;

typedef enum {
  CORRIDOR_OUTCOME_UNKNOWN = 0,
  CORRIDOR_OUTCOME_DELIVERED,
  CORRIDOR_OUTCOME_SEIZED,
  CORRIDOR_OUTCOME_LOST,
  CORRIDOR_N_OUTCOMES
} CorridorOutcome;

const char  *corridor_role_to_string    (CorridorRole role);     /* "sender", … ; NULL for NONE */
gboolean     corridor_role_from_string  (const char *s, CorridorRole *out);
const char  *corridor_status_to_string  (CorridorStatus status);
gboolean     corridor_status_from_string(const char *s, CorridorStatus *out);
const char  *corridor_outcome_to_string (CorridorOutcome outcome);
gboolean     corridor_outcome_from_string (const char *s, CorridorOutcome *out);

/* A seaport of the gazetteer (or of a case's own additions). */
typedef struct {
  char   *locode;     /* "BEANR": 5 chars, no space */
  char   *name;       /* English name, "Antwerp" */
  char   *country;    /* ISO 3166-1 alpha-2, "BE" */
  double  lat, lon;   /* WGS84 degrees */
  char  **aliases;    /* NULL-terminated; other names and abbreviations */
} CorridorPort;

CorridorPort *corridor_port_new  (const char *locode, const char *name, const char *country,
                                  double lat, double lon, const char * const *aliases);
CorridorPort *corridor_port_copy (const CorridorPort *port);
void          corridor_port_free (CorridorPort *port);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorPort, corridor_port_free)

/* One port a shipment touches, resolved to coordinates. */
typedef struct {
  char    locode[6];
  char   *name;
  double  lat, lon;
} CorridorStop;

typedef struct {
  char         *handle;
  CorridorRole  role;
} CorridorShipmentActor;

/* A consignment moved by sea. stops[0] is the origin, stops[n_stops-1] the
 * destination, anything between are transits in leg order. A lead has one stop. */
typedef struct {
  char            *id;            /* stable public id, "s-12" */
  CorridorStop    *stops;
  guint            n_stops;
  char            *departed;      /* "YYYY-MM-DD" or NULL */
  char            *arrived;       /* "YYYY-MM-DD" or NULL */
  double           quantity_kg;   /* NAN when unknown */
  char           **containers;    /* NULL-terminated, ISO 6346 validated */
  char            *vessel_name;   /* NULL when unknown */
  char            *vessel_imo;    /* 7 digits or NULL */
  char            *concealment;   /* NULL when unknown */
  CorridorOutcome  outcome;
  CorridorStatus   status;
  double           confidence;    /* 0..1 */
  GPtrArray       *actors;        /* of CorridorShipmentActor* */
  char           **evidence;      /* NULL-terminated message ids */
  char            *label;         /* provenance label, e.g. "demo ground truth"; may be NULL */
  gint             extra_refs;    /* private: corridor_shipment_ref () calls not yet freed */
} CorridorShipment;

CorridorShipment *corridor_shipment_new        (void);
void              corridor_shipment_add_stop   (CorridorShipment *s, const char *locode,
                                                const char *name, double lat, double lon);
void              corridor_shipment_add_actor  (CorridorShipment *s, const char *handle,
                                                CorridorRole role);
const CorridorStop *corridor_shipment_origin      (const CorridorShipment *s);
const CorridorStop *corridor_shipment_destination (const CorridorShipment *s);
/* Shipments are shared between arrays (a window's filtered subsets of
 * what it read): corridor_shipment_ref adds an owner, and
 * corridor_shipment_free drops one, freeing with the last. Thread-safe. */
CorridorShipment *corridor_shipment_ref        (CorridorShipment *s);
void              corridor_shipment_free       (CorridorShipment *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorShipment, corridor_shipment_free)

/* An intercepted message as stored. */
typedef struct {
  char    *id;         /* "m-000123", "wa:chat.txt:42", "tg:123:45" */
  gint64   ts;         /* UTC seconds since the epoch */
  int      tz_offset;  /* seconds east of UTC the writer used */
  char    *sender;     /* handle */
  char   **recipients; /* NULL-terminated handles; empty for a group */
  char    *body;
  double   lat, lon;   /* NAN when no pin */
  char    *extra_json; /* other keys, kept verbatim; may be NULL */
} CorridorMessage;

CorridorMessage *corridor_message_new  (void);
void             corridor_message_free (CorridorMessage *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorMessage, corridor_message_free)

G_END_DECLS
