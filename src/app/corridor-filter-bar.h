/* corridor-filter-bar.h: the window's shipment filters as stateful actions
 * (win.filter-port "as", win.filter-from/-to "s", win.filter-role "as",
 * win.filter-actor "as", win.filter-min-confidence "d", win.filter-status
 * "as", win.filter-clear) and the bar under the header that drives them.
 * Invariant: action states only ever hold values corridor_filter_validate
 * accepts; a refused value leaves the state as it was. */
#pragma once

#include <gtk/gtk.h>
#include "corridor-gazetteer.h"
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
/* Port names and aliases given to win.filter-port (and typed in the bar)
 * resolve through @gazetteer, the open case's own (corridor_store_load_gazetteer),
 * rather than the bundled one; NULL goes back to the bundled one. */
void            corridor_filter_actions_set_gazetteer (GActionMap *map,
                                                       CorridorGazetteer *gazetteer);
/* The filter the actions' states describe. */
CorridorFilter *corridor_filter_from_actions (GActionGroup *group);

/* A row of chips (label + remove button), one per active filter, kept in
 * step with @group's filter states and hidden while none is active; a
 * chip's button removes exactly its filter. The bar has one, the window's
 * header another. */
GtkWidget      *corridor_filter_chips_new     (GActionGroup *group);

/* The filter bar: a port entry with completion over the gazetteer, an
 * actor entry with completion over the case's handles, from/to entries
 * each with a calendar popover, role and status toggles, a minimum
 * confidence spin button (0–1, step 0.05) and a row of chips. It watches
 * @group's filter actions and drives them. */
GtkWidget      *corridor_filter_bar_new       (GActionGroup *group);
/* Focuses the bar's port entry. */
void            corridor_filter_bar_focus     (GtkWidget *bar);
/* The handles the actor entry completes (the open case's); NULL: none. */
void            corridor_filter_bar_set_actors (GtkWidget *bar, const char *const *handles);
guint           corridor_filter_bar_get_n_actors (GtkWidget *bar);

G_END_DECLS
