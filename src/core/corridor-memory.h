/* corridor-memory.h: the process-wide allocator policy, set once at start. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Keeps freed memory for reuse and backs the heap with transparent huge
 * pages where the kernel allows it (Linux, glibc). A frame or a shapefile
 * load touches tens of megabytes of fresh memory; in 4 KiB pages each costs
 * a fault, which on virtual machines dominates the whole run. Safe to call
 * more than once; a no-op elsewhere. */
void corridor_memory_tune (void);

G_END_DECLS
