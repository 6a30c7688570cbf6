/* corridor-proj-module.c: PROJ, built twice. As libcorridor-proj.so
 * (CORRIDOR_PROJ_MODULE) it holds the conversion itself and links PROJ; in
 * the core library it is the stub that opens that module on first use, so
 * no process maps PROJ until a .prj needs it (corridor-proj.h). The module
 * uses only GLib and PROJ, never core symbols. */
#include "corridor-proj.h"

#include <gmodule.h>

#ifdef CORRIDOR_PROJ_MODULE

#include <math.h>
#include <proj.h>

G_MODULE_EXPORT char *corridor_proj_module_to_wgs84 (const char *definition, double *xy, gsize n);

/* NULL on success, else why not (for the caller's error message). A context
 * per call keeps loads on different threads independent. */
G_MODULE_EXPORT char *
corridor_proj_module_to_wgs84 (const char *definition, double *xy, gsize n)
{
  PJ_CONTEXT *ctx = proj_context_create ();
  PJ *src = NULL, *wgs84 = NULL, *op = NULL, *norm = NULL;
  char *what = NULL;

  proj_log_level (ctx, PJ_LOG_NONE);
  {
    PROJ_STRING_LIST warnings = NULL, errors = NULL;

    src = proj_create_from_wkt (ctx, definition, NULL, &warnings, &errors);
    proj_string_list_destroy (warnings);
    proj_string_list_destroy (errors);
  }
  if (src == NULL)
    src = proj_create (ctx, definition);   /* PROJ strings, PROJJSON, "EPSG:n" */
  if (src == NULL || !proj_is_crs (src))
    {
      what = g_strdup ("PROJ cannot read this coordinate reference system");
      goto out;
    }

  wgs84 = proj_create (ctx, "EPSG:4326");
  if (wgs84 == NULL)
    {
      what = g_strdup ("PROJ has no definition of WGS84 (EPSG:4326); is proj-data installed?");
      goto out;
    }
  if (proj_get_type (src) == PJ_TYPE_GEOGRAPHIC_2D_CRS
      && proj_is_equivalent_to_with_ctx (ctx, src, wgs84,
                                         PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS))
    goto out;    /* already lon/lat WGS84: nothing to do */

  op = proj_create_crs_to_crs_from_pj (ctx, src, wgs84, NULL, NULL);
  if (op != NULL)
    norm = proj_normalize_for_visualization (ctx, op);
  if (norm == NULL)
    {
      what = g_strdup_printf ("PROJ cannot convert “%s” to WGS84", proj_get_name (src));
      goto out;
    }

  if (n > 0)
    {
      gsize failed = 0;

      proj_trans_generic (norm, PJ_FWD,
                          xy, 2 * sizeof (double), n,
                          xy + 1, 2 * sizeof (double), n,
                          NULL, 0, 0, NULL, 0, 0);
      for (gsize i = 0; i < 2 * n; i++)
        if (!isfinite (xy[i]))
          failed++;
      if (failed > 0)
        what = g_strdup_printf ("%" G_GSIZE_FORMAT " coordinates could not be converted from "
                                "“%s” to WGS84", failed, proj_get_name (src));
    }

out:
  g_clear_pointer (&norm, proj_destroy);
  g_clear_pointer (&op, proj_destroy);
  g_clear_pointer (&wgs84, proj_destroy);
  g_clear_pointer (&src, proj_destroy);
  proj_context_destroy (ctx);
  return what;
}

#else /* the stub in the core library */

#include "corridor-error.h"
#include "corridor-module.h"

typedef char *(*ToWgs84Func) (const char *definition, double *xy, gsize n);

gboolean
corridor_proj_to_wgs84 (const char *definition, double *xy, gsize n, GError **error)
{
  ToWgs84Func fn;
  g_autofree char *what = NULL;

  g_return_val_if_fail (definition != NULL, FALSE);
  g_return_val_if_fail (xy != NULL || n == 0, FALSE);

  fn = (ToWgs84Func) corridor_module_symbol ("libcorridor-proj.so",
                                             "corridor_proj_module_to_wgs84", error);
  if (fn == NULL)
    return FALSE;
  what = fn (definition, xy, n);
  if (what != NULL)
    {
      g_set_error_literal (error, CORRIDOR_ERROR, CORRIDOR_ERROR_UNSUPPORTED_PROJECTION, what);
      return FALSE;
    }
  return TRUE;
}

#endif /* CORRIDOR_PROJ_MODULE */
