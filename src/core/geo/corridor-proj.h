/* corridor-proj.h: conversion of a layer's coordinates to lon/lat WGS84
 * through PROJ. PROJ and the ~35 libraries behind it (curl, TLS, C++) cost
 * ~25 ms at every process start, so they live in libcorridor-proj.so, opened
 * only when a layer's .prj actually needs converting. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Converts @n (x, y) pairs in @xy, in place, from the CRS @definition (WKT,
 * a PROJ string, PROJJSON or "EPSG:n") to lon/lat WGS84. On failure returns
 * FALSE and sets CORRIDOR_ERROR_UNSUPPORTED_PROJECTION whose message says
 * why, without a file name (the caller adds it), or CORRIDOR_ERROR_IO when
 * the module is missing. */
gboolean corridor_proj_to_wgs84 (const char *definition, double *xy, gsize n, GError **error);

G_END_DECLS
