/* corridor-hairline.c: Wu-style antialiased lines into ARGB32 pixels.
 * Invariants: every write is bounds-checked against the target; segments
 * are clipped first (Liang–Barsky) so long off-screen runs cost nothing. */
#include "corridor-hairline.h"

#include <math.h>

void
corridor_hairline_init (CorridorHairline *h, cairo_surface_t *image,
                        const CorridorRGBA *color, double width)
{
  h->data = (guint32 *) cairo_image_surface_get_data (image);
  h->stride = cairo_image_surface_get_stride (image) / 4;
  h->width = cairo_image_surface_get_width (image);
  h->height = cairo_image_surface_get_height (image);
  double a = CLAMP (color->a * CLAMP (width, 0.0, 1.0), 0.0, 1.0);
  h->a = (guint) lround (a * 256.0);
  h->r = (guint) lround (color->r * 255.0);
  h->g = (guint) lround (color->g * 255.0);
  h->b = (guint) lround (color->b * 255.0);
}

/* Blends the line colour at coverage @cov (0..256) over pixel (x, y). */
static inline void
plot (CorridorHairline *h, int x, int y, guint cov)
{
  if ((guint) x >= (guint) h->width || (guint) y >= (guint) h->height)
    return;
  guint a = (cov * h->a) >> 8;          /* 0..256 */
  if (a == 0)
    return;
  guint32 *p = h->data + (gsize) y * h->stride + x;
  guint32 d = *p;
  guint inv = 256 - a;
  guint da = d >> 24, dr = (d >> 16) & 0xff, dg = (d >> 8) & 0xff, db = d & 0xff;
  /* Source over, with the source colour opaque before coverage. */
  dr = (h->r * a + dr * inv) >> 8;
  dg = (h->g * a + dg * inv) >> 8;
  db = (h->b * a + db * inv) >> 8;
  da = (255 * a + da * inv) >> 8;
  *p = (da << 24) | (dr << 16) | (dg << 8) | db;
}

static gboolean
clip (double *x0, double *y0, double *x1, double *y1, double xmin, double ymin,
      double xmax, double ymax)
{
  double dx = *x1 - *x0, dy = *y1 - *y0, t0 = 0, t1 = 1;
  const double p[4] = { -dx, dx, -dy, dy };
  const double q[4] = { *x0 - xmin, xmax - *x0, *y0 - ymin, ymax - *y0 };
  for (int i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return FALSE;
          continue;
        }
      double r = q[i] / p[i];
      if (p[i] < 0)
        {
          if (r > t1)
            return FALSE;
          if (r > t0)
            t0 = r;
        }
      else
        {
          if (r < t0)
            return FALSE;
          if (r < t1)
            t1 = r;
        }
    }
  double ox = *x0, oy = *y0;
  *x0 = ox + t0 * dx;
  *y0 = oy + t0 * dy;
  *x1 = ox + t1 * dx;
  *y1 = oy + t1 * dy;
  return TRUE;
}

void
corridor_hairline_segment (CorridorHairline *h, double x0, double y0, double x1, double y1)
{
  if (!isfinite (x0) || !isfinite (y0) || !isfinite (x1) || !isfinite (y1))
    return;
  if (!clip (&x0, &y0, &x1, &y1, -2, -2, h->width + 2, h->height + 2))
    return;
  gboolean steep = fabs (y1 - y0) > fabs (x1 - x0);
  if (steep)
    {
      double t;
      t = x0, x0 = y0, y0 = t;
      t = x1, x1 = y1, y1 = t;
    }
  if (x0 > x1)
    {
      double t;
      t = x0, x0 = x1, x1 = t;
      t = y0, y0 = y1, y1 = t;
    }
  double dx = x1 - x0;
  if (dx <= 0)
    return;
  double g = (y1 - y0) / dx;
  /* Pixel columns whose centres lie in [x0, x1). */
  int xs = (int) ceil (x0 - 0.5), xe = (int) ceil (x1 - 0.5);
  /* Sample the line at pixel centres; y is measured to pixel centres too. */
  double y = y0 + g * (xs + 0.5 - x0) - 0.5;
  for (int x = xs; x < xe; x++, y += g)
    {
      double fy = floor (y);
      int iy = (int) fy;
      guint f = (guint) ((y - fy) * 256.0);
      if (steep)
        {
          plot (h, iy, x, 256 - f);
          plot (h, iy + 1, x, f);
        }
      else
        {
          plot (h, x, iy, 256 - f);
          plot (h, x, iy + 1, f);
        }
    }
}
