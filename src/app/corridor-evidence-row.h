/* corridor-evidence-row.h: one row of the evidence panel's list: either a
 * fact of the selected shipment (origin, vessel, an actor, …) or a message
 * behind the fact above it. Immutable once built; every string in it is
 * already safe to show (controls revealed, markup escaped). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  CORRIDOR_EVIDENCE_ROW_FACT,
  CORRIDOR_EVIDENCE_ROW_MESSAGE,
} CorridorEvidenceRowKind;

#define CORRIDOR_TYPE_EVIDENCE_ROW (corridor_evidence_row_get_type ())
G_DECLARE_FINAL_TYPE (CorridorEvidenceRow, corridor_evidence_row, CORRIDOR, EVIDENCE_ROW, GObject)

/* @title ("Origin") and @value (plain text, shown as it is). */
CorridorEvidenceRow *corridor_evidence_row_new_fact    (const char *field, const char *title,
                                                        const char *value, gboolean known);
/* @markup is Pango markup of the message body; @meta and @source plain text. */
CorridorEvidenceRow *corridor_evidence_row_new_message (const char *field, const char *message_id,
                                                        const char *markup, const char *meta,
                                                        const char *source);

CorridorEvidenceRowKind corridor_evidence_row_get_kind       (CorridorEvidenceRow *self);
/* The shipment field ("origin", …, "actor", or NULL for context). */
const char             *corridor_evidence_row_get_field      (CorridorEvidenceRow *self);
const char             *corridor_evidence_row_get_title      (CorridorEvidenceRow *self);
const char             *corridor_evidence_row_get_value      (CorridorEvidenceRow *self);
gboolean                corridor_evidence_row_get_known      (CorridorEvidenceRow *self);
const char             *corridor_evidence_row_get_message_id (CorridorEvidenceRow *self);
const char             *corridor_evidence_row_get_markup     (CorridorEvidenceRow *self);
const char             *corridor_evidence_row_get_meta       (CorridorEvidenceRow *self);
const char             *corridor_evidence_row_get_source     (CorridorEvidenceRow *self);

G_END_DECLS
