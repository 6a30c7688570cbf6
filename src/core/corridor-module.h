/* corridor-module.h: opening Corridor's own loadable modules (GUI, PROJ)
 * on first use, so a process maps their heavy libraries only when it needs
 * them. A module is opened once per process and stays loaded. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The exported function @symbol of module @name (e.g. "libcorridor-proj.so"),
 * looked up in $CORRIDOR_MODULE_DIR, beside the running executable (the
 * build tree), the installed module folder and the build folder, in that
 * order. NULL with CORRIDOR_ERROR_IO when no usable module is found. */
gpointer corridor_module_symbol (const char *name, const char *symbol, GError **error);

G_END_DECLS
