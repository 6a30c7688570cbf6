/* corridor-png.c: fast PNG output. Cairo stores premultiplied native-endian
 * ARGB; PNG wants straight RGB(A) bytes. An opaque map (the usual case) is
 * written as RGB with zlib level 1 and the SUB filter, which costs a fraction
 * of cairo_surface_write_to_png's default level. */
#include "corridor-png.h"
#include "corridor-error.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

typedef struct {
  GError **error;
  const char *path;
} PngCtx;

static void
png_error_cb (png_structp png, png_const_charp msg)
{
  PngCtx *ctx = png_get_error_ptr (png);
  if (ctx->error && *ctx->error == NULL)
    g_set_error (ctx->error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s: %s", ctx->path, msg);
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp png, png_const_charp msg)
{
}

static gboolean
surface_is_opaque (cairo_surface_t *image)
{
  if (cairo_image_surface_get_format (image) == CAIRO_FORMAT_RGB24)
    return TRUE;
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const unsigned char *data = cairo_image_surface_get_data (image);
  for (int y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);
      for (int x = 0; x < w; x++)
        if ((row[x] >> 24) != 0xff)
          return FALSE;
    }
  return TRUE;
}

gboolean
corridor_png_write (cairo_surface_t *image, const char *path, GError **error)
{
  g_return_val_if_fail (image != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  cairo_format_t fmt = cairo_image_surface_get_format (image);
  if (fmt != CAIRO_FORMAT_ARGB32 && fmt != CAIRO_FORMAT_RGB24)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "%s: unsupported image format for PNG output", path);
      return FALSE;
    }
  cairo_surface_flush (image);
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const unsigned char *data = cairo_image_surface_get_data (image);
  gboolean opaque = surface_is_opaque (image);
  int channels = opaque ? 3 : 4;

  FILE *fp = g_fopen (path, "wb");
  if (fp == NULL)
    {
      int err = errno;
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s: %s", path, g_strerror (err));
      return FALSE;
    }

  PngCtx ctx = { error, path };
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, &ctx, png_error_cb, png_warning_cb);
  png_infop info = png ? png_create_info_struct (png) : NULL;
  unsigned char *volatile row = g_malloc ((gsize) w * channels);
  volatile gboolean ok = FALSE;

  if (png == NULL || info == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s: out of memory", path);
      goto out;
    }
  if (setjmp (png_jmpbuf (png)))
    goto out;

  png_init_io (png, fp);
  png_set_compression_level (png, 1);
  png_set_compression_strategy (png, 0 /* Z_DEFAULT_STRATEGY */);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
  png_set_IHDR (png, info, w, h, 8, opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
  png_write_info (png, info);

  for (int y = 0; y < h; y++)
    {
      const guint32 *src = (const guint32 *) (data + (gsize) y * stride);
      unsigned char *dst = row;
      for (int x = 0; x < w; x++)
        {
          guint32 p = src[x];
          guint a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
          if (!opaque)
            {
              /* Undo premultiplication. */
              if (a == 0)
                r = g = b = 0;
              else if (a != 255)
                {
                  r = (r * 255 + a / 2) / a;
                  g = (g * 255 + a / 2) / a;
                  b = (b * 255 + a / 2) / a;
                }
            }
          *dst++ = r;
          *dst++ = g;
          *dst++ = b;
          if (!opaque)
            *dst++ = a;
        }
      png_write_row (png, row);
    }
  png_write_end (png, info);
  ok = TRUE;

out:
  png_destroy_write_struct (png ? &png : NULL, info ? &info : NULL);
  g_free (row);
  if (fclose (fp) != 0 && ok)
    {
      int err = errno;
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s: %s", path, g_strerror (err));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (path);
  return ok;
}
