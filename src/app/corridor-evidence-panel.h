/* corridor-evidence-panel.h: the side pane that shows why Corridor believes
 * what it maps. It lists the shipments of the current selection (a corridor
 * or a port clicked on the map) and, for the shipment chosen there, each
 * fact with the messages and spans behind it, read from the case's evidence.
 * Everything from a message, handle or port name goes through
 * corridor_text_reveal_controls and g_markup_escape_text before display. */
#pragma once

#include <gtk/gtk.h>
#include "corridor-store.h"

G_BEGIN_DECLS

#define CORRIDOR_TYPE_EVIDENCE_PANEL (corridor_evidence_panel_get_type ())
G_DECLARE_FINAL_TYPE (CorridorEvidencePanel, corridor_evidence_panel, CORRIDOR, EVIDENCE_PANEL,
                      GtkWidget)

GtkWidget  *corridor_evidence_panel_new (void);

/* The case the evidence is read from, on the main thread only; NULL while
 * another thread owns the store (an import): the lists stay but choosing
 * another shipment waits until a store is set again. */
void        corridor_evidence_panel_set_store    (CorridorEvidencePanel *self, CorridorStore *store);
/* The open case's shipments (CorridorShipment*); the array is referenced.
 * Clears the selection. */
void        corridor_evidence_panel_set_shipments (CorridorEvidencePanel *self, GPtrArray *shipments);
/* Lists the shipments @ids (of those set) under @title; NULL or no ids
 * clears. The first one is chosen. */
void        corridor_evidence_panel_show_selection (CorridorEvidencePanel *self, const char *title,
                                                    const char *const *ids);
/* Chooses the listed shipment @id; FALSE when it is not listed. */
gboolean    corridor_evidence_panel_select_shipment (CorridorEvidencePanel *self, const char *id);
/* The chosen shipment's id, or NULL; the "shipment-id" property, which
 * notifies when another one is chosen (in the pane or through the API). */
const char *corridor_evidence_panel_get_shipment_id (CorridorEvidencePanel *self);
/* The chosen shipment as the pane shows it (borrowed), or NULL. */
const CorridorShipment *corridor_evidence_panel_get_shipment (CorridorEvidencePanel *self);
/* The store the pane reads, or NULL while a worker has it (an import, an
 * export, a reload); the "store" property notifies when it changes. */
CorridorStore *corridor_evidence_panel_get_store (CorridorEvidencePanel *self);
/* The review bar above the chosen shipment's evidence (a CorridorReviewBar). */
GtkWidget  *corridor_evidence_panel_get_review_bar (CorridorEvidencePanel *self);
/* The listed shipment ids (GtkStringList) and the chosen one's facts and
 * messages (CorridorEvidenceRow), as the two lists show them. Borrowed. */
GListModel *corridor_evidence_panel_get_shipments (CorridorEvidencePanel *self);
GListModel *corridor_evidence_panel_get_rows      (CorridorEvidencePanel *self);

/* Pango markup for a message @body with the character ranges @spans
 * (pairs of ints, start then end exclusive; may be NULL) highlighted;
 * controls are revealed and everything else escaped. Out-of-range or
 * overlapping spans are clipped and merged. */
char       *corridor_evidence_body_markup (const char *body, const GArray *spans);

G_END_DECLS
