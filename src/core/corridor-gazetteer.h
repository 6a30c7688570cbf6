/* corridor-gazetteer.h: the port gazetteer (maps/ports.tsv): UN/LOCODE,
 * name, country, coordinates and aliases in many languages. Lookups are
 * case- and accent-insensitive and exact (FORMATS.md §4 --port). */
#pragma once

#include <glib-object.h>
#include "corridor-types.h"

G_BEGIN_DECLS

#define CORRIDOR_TYPE_GAZETTEER (corridor_gazetteer_get_type ())
G_DECLARE_FINAL_TYPE (CorridorGazetteer, corridor_gazetteer, CORRIDOR, GAZETTEER, GObject)

CorridorGazetteer  *corridor_gazetteer_new          (void);
/* Loads a TSV file (format documented at the top of maps/ports.tsv). */
gboolean            corridor_gazetteer_load_file    (CorridorGazetteer *self, const char *path,
                                                     GError **error);
/* The bundled gazetteer, loaded once per process; NULL with @error on failure. */
CorridorGazetteer  *corridor_gazetteer_get_default  (GError **error);
void                corridor_gazetteer_add_port     (CorridorGazetteer *self, const CorridorPort *port);
/* A new gazetteer with copies of @self's ports, in the same order. */
CorridorGazetteer  *corridor_gazetteer_copy         (CorridorGazetteer *self);
/* Adds @alias to port @locode (a name already taken keeps its port, as
 * with add_port); FALSE when there is no such port. */
gboolean            corridor_gazetteer_add_alias    (CorridorGazetteer *self, const char *locode,
                                                     const char *alias);
guint               corridor_gazetteer_get_n_ports  (CorridorGazetteer *self);
const CorridorPort *corridor_gazetteer_get_port     (CorridorGazetteer *self, guint index);
/* "BEANR", "BE ANR", "beanr" */
const CorridorPort *corridor_gazetteer_lookup_locode(CorridorGazetteer *self, const char *locode);
/* A LOCODE, name or alias, case- and accent-insensitive, exact. */
const CorridorPort *corridor_gazetteer_lookup       (CorridorGazetteer *self, const char *text);

/* Normalises "BE ANR"/"beanr" into @out ("BEANR"); FALSE if not LOCODE-shaped. */
gboolean            corridor_locode_normalize       (const char *text, char out[6]);

G_END_DECLS
