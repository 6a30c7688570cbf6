/* corridor-brief-case.h: a briefing filled from a case: its title, the
 * filters in words, its sources with their SHA-256, and its key figures. */
#pragma once

#include "corridor-brief.h"
#include "corridor-store.h"
#include "corridor-filter.h"

G_BEGIN_DECLS

/* @renderer must already hold the scene the brief shows. @filter may be NULL. */
CorridorBrief *corridor_brief_new_for_case (CorridorStore *store, const CorridorFilter *filter,
                                            CorridorRenderer *renderer, GError **error);

G_END_DECLS
