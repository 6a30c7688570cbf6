/* corridor-print.c: the print operation around a CorridorBrief, map export
 * to PNG/SVG/PDF and the briefing settings window. Invariants: the print
 * operation keeps its brief alive until it is finalised; an exported file
 * is renamed into place only once Cairo reports it written in full. */
#include "corridor-print.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "corridor-error.h"
#include "corridor-png.h"

/* The GSettings values, in the order the settings window lists them. */
static const char *const paper_ids[] = { "a4", "a3", "letter", NULL };
static const char *const orientation_ids[] = { "landscape", "portrait", NULL };

gboolean
corridor_map_format_from_path (const char *path, CorridorMapFormat *out)
{
  g_return_val_if_fail (path != NULL, FALSE);

  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, G_DIR_SEPARATOR);
  if (dot == NULL || (slash != NULL && dot < slash))
    return FALSE;
  CorridorMapFormat format;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    format = CORRIDOR_MAP_FORMAT_PNG;
  else if (g_ascii_strcasecmp (dot, ".svg") == 0)
    format = CORRIDOR_MAP_FORMAT_SVG;
  else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    format = CORRIDOR_MAP_FORMAT_PDF;
  else
    return FALSE;
  if (out != NULL)
    *out = format;
  return TRUE;
}

const char *
corridor_map_format_to_string (CorridorMapFormat format)
{
  switch (format)
    {
    case CORRIDOR_MAP_FORMAT_PNG:
      return "png";
    case CORRIDOR_MAP_FORMAT_SVG:
      return "svg";
    case CORRIDOR_MAP_FORMAT_PDF:
      return "pdf";
    default:
      g_return_val_if_reached ("png");
    }
}

void
corridor_print_paper_from_settings (GSettings *settings, CorridorPaper *paper,
                                    gboolean *landscape)
{
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_autofree char *paper_name = g_settings_get_string (settings, "paper");
  g_autofree char *orientation = g_settings_get_string (settings, "orientation");
  CorridorPaper p = CORRIDOR_PAPER_A4;

  if (!corridor_paper_from_string (paper_name, &p))
    p = CORRIDOR_PAPER_A4;
  if (paper != NULL)
    *paper = p;
  if (landscape != NULL)
    *landscape = g_strcmp0 (orientation, "portrait") != 0;
}

GtkPageSetup *
corridor_print_page_setup_from_settings (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  CorridorPaper paper;
  gboolean landscape;
  corridor_print_paper_from_settings (settings, &paper, &landscape);

  const char *name = paper == CORRIDOR_PAPER_A3 ? GTK_PAPER_NAME_A3
                     : paper == CORRIDOR_PAPER_LETTER ? GTK_PAPER_NAME_LETTER
                     : GTK_PAPER_NAME_A4;
  GtkPaperSize *size = gtk_paper_size_new (name);
  GtkPageSetup *setup = gtk_page_setup_new ();
  gtk_page_setup_set_paper_size_and_default_margins (setup, size);
  gtk_page_setup_set_orientation (setup, landscape ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                   : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_paper_size_free (size);
  return setup;
}

/* --- the print operation --- */

static void
on_begin_print (GtkPrintOperation *op, GtkPrintContext *context, CorridorBrief *brief)
{
  /* The unit is points, so the context's size is the paper's in points;
   * the user may have changed paper or orientation in the dialog, which is
   * why the brief is laid out here and not earlier. */
  guint n = corridor_brief_paginate (brief, gtk_print_context_get_width (context),
                                     gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (op, MAX (n, 1));
}

static void
on_draw_page (GtkPrintOperation *op, GtkPrintContext *context, int page, CorridorBrief *brief)
{
  corridor_brief_draw_page (brief, gtk_print_context_get_cairo_context (context), (guint) page);
}

GtkPrintOperation *
corridor_print_operation_new (CorridorBrief *brief, GtkPageSetup *page_setup,
                              GtkPrintSettings *print_settings)
{
  g_return_val_if_fail (CORRIDOR_IS_BRIEF (brief), NULL);
  g_return_val_if_fail (GTK_IS_PAGE_SETUP (page_setup), NULL);

  GtkPrintOperation *op = gtk_print_operation_new ();
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_default_page_setup (op, page_setup);
  gtk_print_operation_set_embed_page_setup (op, TRUE);
  gtk_print_operation_set_show_progress (op, TRUE);
  if (print_settings != NULL)
    gtk_print_operation_set_print_settings (op, print_settings);

  g_object_set_data_full (G_OBJECT (op), "corridor-brief", g_object_ref (brief), g_object_unref);
  g_signal_connect (op, "begin-print", G_CALLBACK (on_begin_print), brief);
  g_signal_connect (op, "draw-page", G_CALLBACK (on_draw_page), brief);
  return op;
}

/* --- map export --- */

static gboolean
cairo_check (cairo_status_t status, const char *path, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, _("Could not write %s: %s"),
               path, cairo_status_to_string (status));
  return FALSE;
}

static gboolean
draw_vector (CorridorRenderer *renderer, CorridorViewport *viewport, const char *tmp,
             const char *path, CorridorMapFormat format, GError **error)
{
  int w = corridor_viewport_get_width (viewport), h = corridor_viewport_get_height (viewport);
  cairo_surface_t *surface = format == CORRIDOR_MAP_FORMAT_SVG
                             ? cairo_svg_surface_create (tmp, w, h)
                             : cairo_pdf_surface_create (tmp, w, h);
  cairo_t *cr = cairo_create (surface);

  /* One pixel on screen is one point on the page, so the vector map has
   * the very proportions, line widths and type sizes of the view. */
  corridor_renderer_draw (renderer, cr, viewport);
  cairo_status_t status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return cairo_check (status, path, error);
}

/* A new empty file beside @path, so the final rename cannot cross file
 * systems; mode 0666 lets the umask decide, as for any new file. */
static char *
temp_beside (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  int fd = g_mkstemp_full (tmp, O_RDWR, 0666);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, _("Could not write %s: %s"),
                   path, g_strerror (saved));
      return NULL;
    }
  close (fd);
  return g_steal_pointer (&tmp);
}

/* Renames @tmp to @path when @ok, else (or when that fails) removes it. */
static gboolean
commit_temp (const char *tmp, const char *path, gboolean ok, GError **error)
{
  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, _("Could not write %s: %s"),
                   path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  return ok;
}

gboolean
corridor_print_write_map (CorridorRenderer *renderer, CorridorViewport *viewport,
                          const char *path, CorridorMapFormat format, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (renderer), FALSE);
  g_return_val_if_fail (CORRIDOR_IS_VIEWPORT (viewport), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (corridor_viewport_get_width (viewport) <= 0 || corridor_viewport_get_height (viewport) <= 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   _("The map has no size yet"));
      return FALSE;
    }
  g_autofree char *tmp = temp_beside (path, error);
  if (tmp == NULL)
    return FALSE;

  gboolean ok;
  if (format == CORRIDOR_MAP_FORMAT_PNG)
    {
      cairo_surface_t *image = corridor_renderer_render_image (renderer, viewport);
      ok = cairo_check (cairo_surface_status (image), path, error)
           && corridor_png_write (image, tmp, error);
      cairo_surface_destroy (image);
    }
  else
    ok = draw_vector (renderer, viewport, tmp, path, format, error);
  return commit_temp (tmp, path, ok, error);
}

gboolean
corridor_print_write_brief (CorridorBrief *brief, const char *path, CorridorPaper paper,
                            gboolean landscape, GCancellable *cancellable, guint *out_n_pages,
                            GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_BRIEF (brief), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  double width, height;
  corridor_paper_size (paper, landscape, &width, &height);
  guint n_pages = corridor_brief_paginate (brief, width, height);

  g_autofree char *tmp = temp_beside (path, error);
  if (tmp == NULL)
    return FALSE;
  gboolean ok = corridor_brief_write_pdf (brief, tmp, paper, landscape, NULL, error)
                && !g_cancellable_set_error_if_cancelled (cancellable, error);
  if (!commit_temp (tmp, path, ok, error))
    return FALSE;
  if (out_n_pages != NULL)
    *out_n_pages = n_pages;
  return TRUE;
}

/* --- the settings window --- */

static gboolean
id_to_selected (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *const *ids = user_data;
  const char *id = g_variant_get_string (variant, NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    if (g_strcmp0 (ids[i], id) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_id (const GValue *value, const GVariantType *type, gpointer user_data)
{
  const char *const *ids = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) ids))
    return NULL;
  return g_variant_new_string (ids[selected]);
}

static GtkWidget *
combo_row (GSettings *settings, const char *key, const char *title,
           const char *const *labels, const char *const *ids)
{
  g_autoptr (GtkStringList) model = gtk_string_list_new (labels);
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  g_settings_bind_with_mapping (settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                id_to_selected, selected_to_id, (gpointer) ids, NULL);
  return row;
}

GtkWidget *
corridor_print_settings_window_new (GtkWindow *parent, GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  const char *paper_labels[] = { _("A4"), _("A3"), _("Letter"), NULL };
  const char *orientation_labels[] = { _("Landscape"), _("Portrait"), NULL };

  GtkWidget *window = adw_preferences_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Briefing Settings"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 400);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);

  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Briefing"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Used when printing or exporting a briefing."));

  GtkWidget *marking = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (marking), _("Classification _Marking"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (marking), TRUE);
  gtk_widget_set_tooltip_text (marking, _("Printed at the top and bottom of every page"));
  g_settings_bind (settings, "classification-marking", marking, "text", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), marking);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             combo_row (settings, "paper", _("_Paper"), paper_labels, paper_ids));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             combo_row (settings, "orientation", _("_Orientation"),
                                        orientation_labels, orientation_ids));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  return window;
}
