/* corridor-error.h: the one GError domain for everything a user can cause.
 * Each code names a class of failure the UI and CLI treat differently
 * (e.g. NOT_A_CASE and NEWER_VERSION leave the file untouched). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CORRIDOR_ERROR (corridor_error_quark ())

typedef enum {
  CORRIDOR_ERROR_FAILED,          /* anything not covered below */
  CORRIDOR_ERROR_IO,              /* a file could not be read or written */
  CORRIDOR_ERROR_NOT_A_CASE,      /* the file is not a Corridor case */
  CORRIDOR_ERROR_NEWER_VERSION,   /* the case was written by a newer Corridor */
  CORRIDOR_ERROR_CORRUPT,         /* a case or data file is damaged */
  CORRIDOR_ERROR_INVALID_LAYER,   /* a shapefile is missing, truncated or malformed */
  CORRIDOR_ERROR_UNSUPPORTED_PROJECTION, /* a layer's .prj cannot be reprojected */
  CORRIDOR_ERROR_INVALID_ARGUMENT,/* a bad option, filter or value */
  CORRIDOR_ERROR_NOT_FOUND,       /* a named object does not exist */
  CORRIDOR_ERROR_READ_ONLY,       /* a write on a case opened read-only */
} CorridorError;

GQuark corridor_error_quark (void);

G_END_DECLS
