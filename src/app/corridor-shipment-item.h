/* corridor-shipment-item.h: one shipment as an item of a GListModel, for
 * the shipment list. The item borrows the CorridorShipment and keeps the
 * array that owns it alive, so it stays valid however long a model or a
 * row holds it. It also knows how each column of the list shows the
 * shipment and how two shipments compare there. */
#pragma once

#include <glib-object.h>
#include "corridor-types.h"

G_BEGIN_DECLS

/* The shipment list's columns, in their order on screen. */
typedef enum {
  CORRIDOR_SHIPMENT_COLUMN_DEPARTED = 0,
  CORRIDOR_SHIPMENT_COLUMN_ARRIVED,
  CORRIDOR_SHIPMENT_COLUMN_ORIGIN,
  CORRIDOR_SHIPMENT_COLUMN_DESTINATION,
  CORRIDOR_SHIPMENT_COLUMN_KG,
  CORRIDOR_SHIPMENT_COLUMN_CONTAINERS,
  CORRIDOR_SHIPMENT_COLUMN_VESSEL,
  CORRIDOR_SHIPMENT_COLUMN_CONFIDENCE,
  CORRIDOR_SHIPMENT_COLUMN_STATUS,
  CORRIDOR_N_SHIPMENT_COLUMNS
} CorridorShipmentColumn;

#define CORRIDOR_TYPE_SHIPMENT_ITEM (corridor_shipment_item_get_type ())
G_DECLARE_FINAL_TYPE (CorridorShipmentItem, corridor_shipment_item, CORRIDOR, SHIPMENT_ITEM, GObject)

/* Wraps @shipment, an element of @owner (a GPtrArray that frees its
 * shipments), which is referenced. */
CorridorShipmentItem   *corridor_shipment_item_new          (GPtrArray *owner,
                                                             CorridorShipment *shipment);
/* Makes the item wrap another shipment (of @owner, referenced) and emits
 * "changed", so that rows showing it update. The shipment list reuses its
 * items across reloads this way: GTK 4.8 keeps a row's widgets only for
 * the same item object, and making them anew for every filter change costs
 * more than the whole query. */
void                    corridor_shipment_item_set_shipment (CorridorShipmentItem *self,
                                                             GPtrArray *owner,
                                                             CorridorShipment *shipment);
const CorridorShipment *corridor_shipment_item_get_shipment (CorridorShipmentItem *self);
const char             *corridor_shipment_item_get_id       (CorridorShipmentItem *self);

/* TRUE when the shipment's value in @column is not known (no date, no
 * quantity, no container, no vessel; origin, destination, confidence and
 * status are always known). */
gboolean corridor_shipment_item_is_unknown (CorridorShipmentItem *self,
                                            CorridorShipmentColumn column);
/* The cell's text: port and vessel names with their controls revealed,
 * quantities and confidence as numbers of the locale, "—" when unknown. */
char    *corridor_shipment_item_dup_text   (CorridorShipmentItem *self,
                                            CorridorShipmentColumn column);
/* How @a and @b order by @column ascending: dates and containers as text,
 * names by collation, kg and confidence as numbers, status in its enum's
 * order (inferred, confirmed, rejected). Unknown values compare after
 * every known one, and equal to each other. */
int      corridor_shipment_item_compare    (CorridorShipmentItem *a, CorridorShipmentItem *b,
                                            CorridorShipmentColumn column);

G_END_DECLS
