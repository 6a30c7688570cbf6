/* corridor-error.c: the Corridor GError domain. */
#include "corridor-error.h"

G_DEFINE_QUARK (corridor-error-quark, corridor_error)
