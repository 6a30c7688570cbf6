/* corridor-types.c: constructors, destructors and string forms of the plain
 * domain records. The string forms are the ones stored in the case and printed
 * by the CLI, so they never change once released. */
#include "corridor-types.h"

#include <string.h>

static const char *const role_names[CORRIDOR_N_ROLES] = {
  NULL, "sender", "intermediary", "distributor",
};

static const char *const status_names[CORRIDOR_N_STATUSES] = {
  "inferred", "confirmed", "rejected",
};

static const char *const outcome_names[CORRIDOR_N_OUTCOMES] = {
  "unknown", "delivered", "seized", "lost",
};

const char *
corridor_role_to_string (CorridorRole role)
{
  if ((guint) role >= CORRIDOR_N_ROLES)
    return NULL;
  return role_names[role];
}

gboolean
corridor_role_from_string (const char *s, CorridorRole *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (s == NULL)
    return FALSE;
  for (guint i = CORRIDOR_ROLE_SENDER; i < CORRIDOR_N_ROLES; i++)
    if (g_ascii_strcasecmp (s, role_names[i]) == 0)
      {
        *out = (CorridorRole) i;
        return TRUE;
      }
  return FALSE;
}

const char *
corridor_status_to_string (CorridorStatus status)
{
  if ((guint) status >= CORRIDOR_N_STATUSES)
    return NULL;
  return status_names[status];
}

gboolean
corridor_status_from_string (const char *s, CorridorStatus *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (s == NULL)
    return FALSE;
  for (guint i = 0; i < CORRIDOR_N_STATUSES; i++)
    if (g_ascii_strcasecmp (s, status_names[i]) == 0)
      {
        *out = (CorridorStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
corridor_outcome_to_string (CorridorOutcome outcome)
{
  if ((guint) outcome >= CORRIDOR_N_OUTCOMES)
    return NULL;
  return outcome_names[outcome];
}

gboolean
corridor_outcome_from_string (const char *s, CorridorOutcome *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (s == NULL)
    return FALSE;
  for (guint i = 0; i < CORRIDOR_N_OUTCOMES; i++)
    if (g_ascii_strcasecmp (s, outcome_names[i]) == 0)
      {
        *out = (CorridorOutcome) i;
        return TRUE;
      }
  return FALSE;
}

CorridorPort *
corridor_port_new (const char         *locode,
                   const char         *name,
                   const char         *country,
                   double              lat,
                   double              lon,
                   const char * const *aliases)
{
  CorridorPort *port;

  g_return_val_if_fail (locode != NULL, NULL);

  port = g_new0 (CorridorPort, 1);
  port->locode = g_strdup (locode);
  port->name = g_strdup (name);
  port->country = g_strdup (country);
  port->lat = lat;
  port->lon = lon;
  port->aliases = aliases != NULL ? g_strdupv ((char **) aliases) : g_new0 (char *, 1);
  return port;
}

CorridorPort *
corridor_port_copy (const CorridorPort *port)
{
  g_return_val_if_fail (port != NULL, NULL);

  return corridor_port_new (port->locode, port->name, port->country, port->lat, port->lon,
                            (const char * const *) port->aliases);
}

void
corridor_port_free (CorridorPort *port)
{
  if (port == NULL)
    return;
  g_free (port->locode);
  g_free (port->name);
  g_free (port->country);
  g_strfreev (port->aliases);
  g_free (port);
}

static void
shipment_actor_free (gpointer data)
{
  CorridorShipmentActor *actor = data;

  g_free (actor->handle);
  g_free (actor);
}

CorridorShipment *
corridor_shipment_new (void)
{
  CorridorShipment *s = g_new0 (CorridorShipment, 1);

  s->quantity_kg = NAN;
  s->outcome = CORRIDOR_OUTCOME_UNKNOWN;
  s->status = CORRIDOR_STATUS_INFERRED;
  s->confidence = 0.0;
  s->actors = g_ptr_array_new_with_free_func (shipment_actor_free);
  s->containers = g_new0 (char *, 1);
  s->evidence = g_new0 (char *, 1);
  return s;
}

void
corridor_shipment_add_stop (CorridorShipment *s,
                            const char       *locode,
                            const char       *name,
                            double            lat,
                            double            lon)
{
  CorridorStop *stop;

  g_return_if_fail (s != NULL);
  g_return_if_fail (locode != NULL);

  s->stops = g_renew (CorridorStop, s->stops, s->n_stops + 1);
  stop = &s->stops[s->n_stops++];
  memset (stop, 0, sizeof *stop);
  g_strlcpy (stop->locode, locode, sizeof stop->locode);
  stop->name = g_strdup (name);
  stop->lat = lat;
  stop->lon = lon;
}

void
corridor_shipment_add_actor (CorridorShipment *s,
                             const char       *handle,
                             CorridorRole      role)
{
  CorridorShipmentActor *actor;

  g_return_if_fail (s != NULL);
  g_return_if_fail (handle != NULL);

  actor = g_new0 (CorridorShipmentActor, 1);
  actor->handle = g_strdup (handle);
  actor->role = role;
  g_ptr_array_add (s->actors, actor);
}

const CorridorStop *
corridor_shipment_origin (const CorridorShipment *s)
{
  g_return_val_if_fail (s != NULL, NULL);

  return s->n_stops > 0 ? &s->stops[0] : NULL;
}

const CorridorStop *
corridor_shipment_destination (const CorridorShipment *s)
{
  g_return_val_if_fail (s != NULL, NULL);

  /* A lead (one stop) has an origin or a destination, never both; the one
   * stop is reported as origin so callers do not draw a zero-length arc. */
  return s->n_stops > 1 ? &s->stops[s->n_stops - 1] : NULL;
}

CorridorShipment *
corridor_shipment_ref (CorridorShipment *s)
{
  g_return_val_if_fail (s != NULL, NULL);
  g_atomic_int_inc (&s->extra_refs);
  return s;
}

void
corridor_shipment_free (CorridorShipment *s)
{
  if (s == NULL)
    return;
  /* Another owner holds it: drop one reference, atomically. */
  for (;;)
    {
      gint refs = g_atomic_int_get (&s->extra_refs);
      if (refs == 0)
        break;
      if (g_atomic_int_compare_and_exchange (&s->extra_refs, refs, refs - 1))
        return;
    }
  g_free (s->id);
  for (guint i = 0; i < s->n_stops; i++)
    g_free (s->stops[i].name);
  g_free (s->stops);
  g_free (s->departed);
  g_free (s->arrived);
  g_strfreev (s->containers);
  g_free (s->vessel_name);
  g_free (s->vessel_imo);
  g_free (s->concealment);
  g_clear_pointer (&s->actors, g_ptr_array_unref);
  g_strfreev (s->evidence);
  g_free (s->label);
  g_free (s);
}

CorridorMessage *
corridor_message_new (void)
{
  CorridorMessage *m = g_new0 (CorridorMessage, 1);

  m->lat = NAN;
  m->lon = NAN;
  m->recipients = g_new0 (char *, 1);
  return m;
}

void
corridor_message_free (CorridorMessage *m)
{
  if (m == NULL)
    return;
  g_free (m->id);
  g_free (m->sender);
  g_strfreev (m->recipients);
  g_free (m->body);
  g_free (m->extra_json);
  g_free (m);
}
