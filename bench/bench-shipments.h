/* bench-shipments.h: the synthetic shipments the benchmarks query — N
 * two-stop shipments between eight South American and eight European
 * ports, departing 2010–2023, written through corridor_store_add_shipment
 * in one transaction. Deterministic (a fixed LCG), so runs compare.
 * Header-only; each benchmark includes it once. */
#pragma once

#include <glib.h>
#include "corridor-gazetteer.h"
#include "corridor-store.h"

static inline gboolean
bench_write_shipments (CorridorStore *store, guint n, GError **error)
{
  static const char *const origins[] = { "ECGYE", "COCTG", "BRSSZ", "PECLL", "PAMIT", "COBUN", "BRPNG", "UYMVD" };
  static const char *const dests[] = { "BEANR", "NLRTM", "DEHAM", "FRLEH", "ESALG", "ESVLC", "ITGOA", "GBFXT" };
  CorridorGazetteer *gaz = corridor_gazetteer_get_default (error);
  guint64 state = 42;

  if (gaz == NULL || !corridor_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CorridorShipment) s = corridor_shipment_new ();
      const CorridorPort *o, *d;
      GDate date;
      char buf[16];

      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      o = corridor_gazetteer_lookup_locode (gaz, origins[(state >> 33) % G_N_ELEMENTS (origins)]);
      d = corridor_gazetteer_lookup_locode (gaz, dests[(state >> 40) % G_N_ELEMENTS (dests)]);
      corridor_shipment_add_stop (s, o->locode, o->name, o->lat, o->lon);
      corridor_shipment_add_stop (s, d->locode, d->name, d->lat, d->lon);
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, 1, 2010);
      g_date_add_days (&date, (guint) ((state >> 20) % 5000));
      g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &date);
      s->departed = g_strdup (buf);
      g_date_add_days (&date, 14 + (guint) ((state >> 50) % 12));
      g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &date);
      s->arrived = g_strdup (buf);
      s->quantity_kg = 100 + (double) ((state >> 12) % 3000);
      s->confidence = 0.8;
      corridor_shipment_add_actor (s, (state >> 30) % 2 ? "bench_sender" : "bench_other",
                                   CORRIDOR_ROLE_SENDER);
      if (!corridor_store_add_shipment (store, s, error))
        {
          corridor_store_rollback (store);
          return FALSE;
        }
    }
  return corridor_store_commit (store, error);
}
