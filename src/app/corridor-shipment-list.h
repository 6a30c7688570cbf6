/* corridor-shipment-list.h: the shipment list under the map. It shows the
 * window's shown shipments in sortable columns (departed, arrived, origin,
 * destination, kg, containers, vessel, confidence, status), or, while
 * corridors or a port are selected on the map, only theirs under a header
 * line with a "Show All" button (win.clear-selection). Choosing a row
 * chooses the shipment for the evidence pane and the map's highlight;
 * Enter (or a double click) also shows the pane; a shipment chosen
 * elsewhere is selected here and scrolled to. */
#pragma once

#include <gtk/gtk.h>
#include "corridor-window.h"
#include "corridor-shipment-item.h"

G_BEGIN_DECLS

#define CORRIDOR_TYPE_SHIPMENT_LIST (corridor_shipment_list_get_type ())
G_DECLARE_FINAL_TYPE (CorridorShipmentList, corridor_shipment_list, CORRIDOR, SHIPMENT_LIST,
                      GtkWidget)

/* A list that follows @window ("scene-changed", "selection-changed"); the
 * window is not referenced: the list lives inside it. */
GtkWidget          *corridor_shipment_list_new        (CorridorWindow *window);

GtkColumnView      *corridor_shipment_list_get_view   (CorridorShipmentList *self);
GtkColumnViewColumn *corridor_shipment_list_get_column (CorridorShipmentList *self,
                                                        CorridorShipmentColumn column);
/* The rows as shown (CorridorShipmentItem, filtered and sorted) and which
 * one is selected. */
GtkSingleSelection *corridor_shipment_list_get_selection (CorridorShipmentList *self);
/* TRUE while a sort is still being worked through (it runs in steps
 * between frames, so a long list never blocks the main loop). */
gboolean            corridor_shipment_list_is_sorting (CorridorShipmentList *self);
/* The header line: the selection's title or the number of shipments. */
const char         *corridor_shipment_list_get_title  (CorridorShipmentList *self);

G_END_DECLS
