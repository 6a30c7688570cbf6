/* corridor-labels.c: greedy non-overlapping label placement. Placed boxes
 * live in a uniform grid of buckets so each test touches only nearby boxes;
 * with a few hundred labels a grid beats an R-tree on simplicity and speed. */
#include "corridor-labels.h"

#include <math.h>

#define CELL 64

typedef struct { double x, y, w, h; } Box;

struct _CorridorLabeler
{
  int        width, height;
  int        cols, rows;
  GArray    *boxes;    /* Box */
  GArray   **cells;    /* per cell: indices into boxes */
};

CorridorLabeler *
corridor_labeler_new (int width, int height)
{
  CorridorLabeler *self = g_new0 (CorridorLabeler, 1);
  self->width = MAX (1, width);
  self->height = MAX (1, height);
  self->cols = (self->width + CELL - 1) / CELL;
  self->rows = (self->height + CELL - 1) / CELL;
  self->boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  self->cells = g_new0 (GArray *, (gsize) self->cols * self->rows);
  return self;
}

void
corridor_labeler_free (CorridorLabeler *self)
{
  if (self == NULL)
    return;
  for (int i = 0; i < self->cols * self->rows; i++)
    if (self->cells[i])
      g_array_unref (self->cells[i]);
  g_free (self->cells);
  g_array_unref (self->boxes);
  g_free (self);
}

static void
cell_range (CorridorLabeler *self, const Box *b, int *c0, int *r0, int *c1, int *r1)
{
  *c0 = CLAMP ((int) floor (b->x / CELL), 0, self->cols - 1);
  *r0 = CLAMP ((int) floor (b->y / CELL), 0, self->rows - 1);
  *c1 = CLAMP ((int) floor ((b->x + b->w) / CELL), 0, self->cols - 1);
  *r1 = CLAMP ((int) floor ((b->y + b->h) / CELL), 0, self->rows - 1);
}

static gboolean
collides (CorridorLabeler *self, const Box *b)
{
  int c0, r0, c1, r1;
  cell_range (self, b, &c0, &r0, &c1, &r1);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      {
        GArray *cell = self->cells[r * self->cols + c];
        if (cell == NULL)
          continue;
        for (guint i = 0; i < cell->len; i++)
          {
            const Box *o = &g_array_index (self->boxes, Box, g_array_index (cell, guint, i));
            if (b->x < o->x + o->w && o->x < b->x + b->w &&
                b->y < o->y + o->h && o->y < b->y + b->h)
              return TRUE;
          }
      }
  return FALSE;
}

static void
insert (CorridorLabeler *self, const Box *b)
{
  guint idx = self->boxes->len;
  g_array_append_val (self->boxes, *b);
  int c0, r0, c1, r1;
  cell_range (self, b, &c0, &r0, &c1, &r1);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      {
        GArray **cell = &self->cells[r * self->cols + c];
        if (*cell == NULL)
          *cell = g_array_new (FALSE, FALSE, sizeof (guint));
        g_array_append_val (*cell, idx);
      }
}

void
corridor_labeler_block (CorridorLabeler *self, double x, double y, double w, double h)
{
  Box b = { x, y, w, h };
  insert (self, &b);
}

gboolean
corridor_labeler_place (CorridorLabeler *self, double ax, double ay, double gap,
                        double w, double h, double *out_x, double *out_y)
{
  /* Right, left, above, below, then the diagonals: cartographic preference. */
  const double pos[][2] = {
    { ax + gap, ay - h / 2 }, { ax - gap - w, ay - h / 2 },
    { ax - w / 2, ay - gap - h }, { ax - w / 2, ay + gap },
    { ax + gap, ay - gap - h }, { ax + gap, ay + gap },
    { ax - gap - w, ay - gap - h }, { ax - gap - w, ay + gap },
  };
  for (guint i = 0; i < G_N_ELEMENTS (pos); i++)
    {
      Box b = { pos[i][0], pos[i][1], w, h };
      if (b.x < 0 || b.y < 0 || b.x + b.w > self->width || b.y + b.h > self->height)
        continue;
      if (collides (self, &b))
        continue;
      insert (self, &b);
      if (out_x) *out_x = b.x;
      if (out_y) *out_y = b.y;
      return TRUE;
    }
  return FALSE;
}
