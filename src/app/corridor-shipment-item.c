/* corridor-shipment-item.c: a shipment as a list item. Invariant: the
 * shipment pointer is valid for the item's whole life because the item
 * holds a reference on the array that owns the shipment. */
#include "corridor-shipment-item.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "corridor-text.h"

struct _CorridorShipmentItem
{
  GObject           parent_instance;
  GPtrArray        *owner;
  CorridorShipment *shipment;
  /* Collation keys of the name columns, made on the first sort by them:
   * a sort compares each item log n times. */
  char             *collate_keys[CORRIDOR_N_SHIPMENT_COLUMNS];
};

G_DEFINE_FINAL_TYPE (CorridorShipmentItem, corridor_shipment_item, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
corridor_shipment_item_finalize (GObject *object)
{
  CorridorShipmentItem *self = CORRIDOR_SHIPMENT_ITEM (object);

  g_clear_pointer (&self->owner, g_ptr_array_unref);
  for (guint i = 0; i < CORRIDOR_N_SHIPMENT_COLUMNS; i++)
    g_free (self->collate_keys[i]);
  G_OBJECT_CLASS (corridor_shipment_item_parent_class)->finalize (object);
}

static void
corridor_shipment_item_class_init (CorridorShipmentItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = corridor_shipment_item_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
corridor_shipment_item_init (CorridorShipmentItem *self)
{
}

CorridorShipmentItem *
corridor_shipment_item_new (GPtrArray *owner, CorridorShipment *shipment)
{
  g_return_val_if_fail (owner != NULL, NULL);
  g_return_val_if_fail (shipment != NULL, NULL);

  CorridorShipmentItem *self = g_object_new (CORRIDOR_TYPE_SHIPMENT_ITEM, NULL);
  self->owner = g_ptr_array_ref (owner);
  self->shipment = shipment;
  return self;
}

void
corridor_shipment_item_set_shipment (CorridorShipmentItem *self, GPtrArray *owner,
                                     CorridorShipment *shipment)
{
  g_return_if_fail (CORRIDOR_IS_SHIPMENT_ITEM (self));
  g_return_if_fail (owner != NULL);
  g_return_if_fail (shipment != NULL);

  g_ptr_array_ref (owner);
  g_clear_pointer (&self->owner, g_ptr_array_unref);
  self->owner = owner;
  self->shipment = shipment;
  for (guint i = 0; i < CORRIDOR_N_SHIPMENT_COLUMNS; i++)
    g_clear_pointer (&self->collate_keys[i], g_free);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

const CorridorShipment *
corridor_shipment_item_get_shipment (CorridorShipmentItem *self)
{
  g_return_val_if_fail (CORRIDOR_IS_SHIPMENT_ITEM (self), NULL);
  return self->shipment;
}

const char *
corridor_shipment_item_get_id (CorridorShipmentItem *self)
{
  g_return_val_if_fail (CORRIDOR_IS_SHIPMENT_ITEM (self), NULL);
  return self->shipment->id;
}

static const CorridorStop *
column_stop (const CorridorShipment *s, CorridorShipmentColumn column)
{
  return column == CORRIDOR_SHIPMENT_COLUMN_ORIGIN ? corridor_shipment_origin (s)
                                                   : corridor_shipment_destination (s);
}

gboolean
corridor_shipment_item_is_unknown (CorridorShipmentItem *self, CorridorShipmentColumn column)
{
  g_return_val_if_fail (CORRIDOR_IS_SHIPMENT_ITEM (self), TRUE);
  const CorridorShipment *s = self->shipment;

  switch (column)
    {
    case CORRIDOR_SHIPMENT_COLUMN_DEPARTED:
      return s->departed == NULL;
    case CORRIDOR_SHIPMENT_COLUMN_ARRIVED:
      return s->arrived == NULL;
    case CORRIDOR_SHIPMENT_COLUMN_ORIGIN:
    case CORRIDOR_SHIPMENT_COLUMN_DESTINATION:
      return column_stop (s, column) == NULL;
    case CORRIDOR_SHIPMENT_COLUMN_KG:
      return isnan (s->quantity_kg);
    case CORRIDOR_SHIPMENT_COLUMN_CONTAINERS:
      return s->containers == NULL || s->containers[0] == NULL;
    case CORRIDOR_SHIPMENT_COLUMN_VESSEL:
      return s->vessel_name == NULL && s->vessel_imo == NULL;
    case CORRIDOR_SHIPMENT_COLUMN_CONFIDENCE:
      return isnan (s->confidence);
    case CORRIDOR_SHIPMENT_COLUMN_STATUS:
    case CORRIDOR_N_SHIPMENT_COLUMNS:
    default:
      return FALSE;
    }
}

static char *
stop_name (const CorridorStop *stop)
{
  return corridor_text_reveal_controls (stop->name ? stop->name : stop->locode, FALSE);
}

static const char *
status_label (CorridorStatus status)
{
  switch (status)
    {
    case CORRIDOR_STATUS_CONFIRMED:
      return _("Confirmed");
    case CORRIDOR_STATUS_REJECTED:
      return _("Rejected");
    case CORRIDOR_STATUS_INFERRED:
    case CORRIDOR_N_STATUSES:
    default:
      return _("Inferred");
    }
}

char *
corridor_shipment_item_dup_text (CorridorShipmentItem *self, CorridorShipmentColumn column)
{
  g_return_val_if_fail (CORRIDOR_IS_SHIPMENT_ITEM (self), NULL);
  const CorridorShipment *s = self->shipment;

  if (corridor_shipment_item_is_unknown (self, column))
    return g_strdup ("—");
  switch (column)
    {
    case CORRIDOR_SHIPMENT_COLUMN_DEPARTED:
      return g_strdup (s->departed);
    case CORRIDOR_SHIPMENT_COLUMN_ARRIVED:
      return g_strdup (s->arrived);
    case CORRIDOR_SHIPMENT_COLUMN_ORIGIN:
    case CORRIDOR_SHIPMENT_COLUMN_DESTINATION:
      return stop_name (column_stop (s, column));
    case CORRIDOR_SHIPMENT_COLUMN_KG:
      /* The locale's digit grouping: "1,250" reads where "1250" blurs. */
      return g_strdup_printf ("%'.0f", s->quantity_kg);
    case CORRIDOR_SHIPMENT_COLUMN_CONTAINERS:
      {
        g_autofree char *joined = g_strjoinv (", ", s->containers);
        return corridor_text_reveal_controls (joined, FALSE);
      }
    case CORRIDOR_SHIPMENT_COLUMN_VESSEL:
      {
        g_autofree char *name = s->vessel_name ? corridor_text_reveal_controls (s->vessel_name, FALSE)
                                               : NULL;
        g_autofree char *imo = s->vessel_imo ? corridor_text_reveal_controls (s->vessel_imo, FALSE)
                                             : NULL;
        if (name != NULL && imo != NULL)
          return g_strdup_printf ("%s (IMO %s)", name, imo);
        if (name != NULL)
          return g_steal_pointer (&name);
        return g_strdup_printf ("IMO %s", imo);
      }
    case CORRIDOR_SHIPMENT_COLUMN_CONFIDENCE:
      return g_strdup_printf ("%.0f\u00a0%%", s->confidence * 100.0);
    case CORRIDOR_SHIPMENT_COLUMN_STATUS:
      return g_strdup (status_label (s->status));
    case CORRIDOR_N_SHIPMENT_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static int
compare_double (double a, double b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

/* The text names in @column sort by (known values only). */
static const char *
sort_name (CorridorShipmentItem *self, CorridorShipmentColumn column)
{
  const CorridorShipment *s = self->shipment;

  if (column == CORRIDOR_SHIPMENT_COLUMN_VESSEL)
    return s->vessel_name ? s->vessel_name : s->vessel_imo;
  const CorridorStop *stop = column_stop (s, column);
  return stop->name ? stop->name : stop->locode;
}

static int
collate (CorridorShipmentItem *a, CorridorShipmentItem *b, CorridorShipmentColumn column)
{
  if (a->collate_keys[column] == NULL)
    a->collate_keys[column] = g_utf8_collate_key (sort_name (a, column), -1);
  if (b->collate_keys[column] == NULL)
    b->collate_keys[column] = g_utf8_collate_key (sort_name (b, column), -1);
  int c = strcmp (a->collate_keys[column], b->collate_keys[column]);
  /* Names that collate alike still need an order that does not change. */
  return c != 0 ? c : strcmp (sort_name (a, column), sort_name (b, column));
}

static int
sign (int v)
{
  return v < 0 ? -1 : v > 0 ? 1 : 0;
}

int
corridor_shipment_item_compare (CorridorShipmentItem *a, CorridorShipmentItem *b,
                                CorridorShipmentColumn column)
{
  g_return_val_if_fail (CORRIDOR_IS_SHIPMENT_ITEM (a), 0);
  g_return_val_if_fail (CORRIDOR_IS_SHIPMENT_ITEM (b), 0);

  gboolean ua = corridor_shipment_item_is_unknown (a, column);
  gboolean ub = corridor_shipment_item_is_unknown (b, column);
  if (ua || ub)
    return ua == ub ? 0 : ua ? 1 : -1;

  const CorridorShipment *x = a->shipment, *y = b->shipment;
  switch (column)
    {
    case CORRIDOR_SHIPMENT_COLUMN_DEPARTED:
      return sign (strcmp (x->departed, y->departed));
    case CORRIDOR_SHIPMENT_COLUMN_ARRIVED:
      return sign (strcmp (x->arrived, y->arrived));
    case CORRIDOR_SHIPMENT_COLUMN_ORIGIN:
    case CORRIDOR_SHIPMENT_COLUMN_DESTINATION:
    case CORRIDOR_SHIPMENT_COLUMN_VESSEL:
      return sign (collate (a, b, column));
    case CORRIDOR_SHIPMENT_COLUMN_KG:
      return compare_double (x->quantity_kg, y->quantity_kg);
    case CORRIDOR_SHIPMENT_COLUMN_CONTAINERS:
      {
        g_autofree char *ja = g_strjoinv (",", x->containers);
        g_autofree char *jb = g_strjoinv (",", y->containers);
        return sign (strcmp (ja, jb));
      }
    case CORRIDOR_SHIPMENT_COLUMN_CONFIDENCE:
      return compare_double (x->confidence, y->confidence);
    case CORRIDOR_SHIPMENT_COLUMN_STATUS:
      return compare_double (x->status, y->status);
    case CORRIDOR_N_SHIPMENT_COLUMNS:
    default:
      g_return_val_if_reached (0);
    }
}
