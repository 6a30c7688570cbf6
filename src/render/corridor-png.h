/* corridor-png.h: writes an ARGB32/RGB24 Cairo image to PNG through libpng
 * at a fast compression level (cairo's own writer uses zlib's default and
 * is several times slower on a full-screen map). */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

gboolean corridor_png_write (cairo_surface_t *image, const char *path, GError **error);

G_END_DECLS
