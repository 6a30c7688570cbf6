/* corridor-filter-bar.h: the window's shipment filters as stateful actions
 * (win.filter-port "as", win.filter-from/-to "s", win.filter-role "as",
 * win.filter-actor "as", win.filter-min-confidence "d", win.filter-status
 * "as", win.filter-clear) and the bar under the header that drives them.
 * Invariant: action states only ever hold values corridor_filter_validate
 * accepts; a refused value leaves the state as it was. */
#pragma once

#include <gtk/gtk.h>
#include "corridor-filter.h"

G_BEGIN_DECLS

typedef struct {
  /* The filter states changed (the filter is rebuilt by the callee). */
  void (*changed) (gpointer user_data);
  /* A value was refused; @message says why, for a toast. */
  void (*refused) (gpointer user_data, const char *message);
} CorridorFilterHooks;

/* Adds the filter actions to @map; @hooks must outlive it. */
void            corridor_filter_actions_add  (GActionMap *map, const CorridorFilterHooks *hooks,
                                              gpointer user_data);
/* The filter the actions' states describe. */
CorridorFilter *corridor_filter_from_actions (GActionGroup *group);

/* The filter bar: a port entry with completion over the gazetteer, from/to
 * entries, role toggles and a chip (label + remove button) per active
 * filter. It watches @group's filter actions and drives them. */
GtkWidget      *corridor_filter_bar_new       (GActionGroup *group);
/* Focuses the bar's port entry. */
void            corridor_filter_bar_focus     (GtkWidget *bar);

G_END_DECLS
