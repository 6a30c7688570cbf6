/* corridor-filter.h: the shipment filter shared by the CLI (FILTERS in
 * FORMATS.md §4), the GUI's filter actions and the store's query.
 * The same filter given twice means OR; different filters combine with AND. */
#pragma once

#include <glib.h>
#include "corridor-types.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray *ports;        /* char* LOCODEs, already resolved from names; empty = any */
  char      *from;         /* "YYYY-MM-DD" inclusive, or NULL */
  char      *to;           /* "YYYY-MM-DD" inclusive, or NULL */
  GPtrArray *actors;       /* char* handles; empty = any */
  guint      roles;        /* bit (1 << CorridorRole); 0 = any */
  double     min_confidence; /* inclusive; 0 = any */
  guint      statuses;     /* bit (1 << CorridorStatus); 0 = inferred|confirmed */
} CorridorFilter;

CorridorFilter *corridor_filter_new   (void);
CorridorFilter *corridor_filter_copy  (const CorridorFilter *f);
void            corridor_filter_free  (CorridorFilter *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorFilter, corridor_filter_free)

/* Validates a "YYYY-MM-DD" calendar date. */
gboolean corridor_date_is_valid (const char *date);

/* Checks consistency (e.g. from <= to, dates valid); sets CORRIDOR_ERROR_INVALID_ARGUMENT. */
gboolean corridor_filter_validate (const CorridorFilter *f, GError **error);

/* The effective status mask (default inferred|confirmed). */
guint    corridor_filter_status_mask (const CorridorFilter *f);

/* TRUE when shipment @s passes @f. The store applies the same rules in SQL;
 * this in-memory twin serves views that filter cached results. */
gboolean corridor_filter_match (const CorridorFilter *f, const CorridorShipment *s);

/* The active filters in words, for subtitles: "Port: BEANR · 2021-01-01–2021-03-31". */
char    *corridor_filter_describe (const CorridorFilter *f);

G_END_DECLS
