/* corridor-demo.h: builds the demo case from the synthetic corpus by
 * importing its chats and running inference; the corpus's ground truth
 * never enters the case. */
#pragma once

#include <glib.h>
#include "corridor-store.h"

G_BEGIN_DECLS

#define CORRIDOR_DEMO_SEED 20210214u
#define CORRIDOR_DEMO_SHIPMENTS 48

/* Writes the demo case into @path (created; an existing file is an error
 * unless it is already a demo case, which is then left as it is). */
gboolean corridor_demo_build (const char *path, GError **error);
/* The default location of the GUI's demo case (user data folder). */
char    *corridor_demo_default_path (void);

G_END_DECLS
