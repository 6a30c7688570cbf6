/* corridor-filter.c: the in-memory twin of the store's shipment query
 * (FORMATS.md §4 FILTERS). Repeats of one filter are OR, different filters
 * AND; the rules here must stay identical to the SQL in corridor-store.c. */
#include "corridor-filter.h"
#include "corridor-error.h"

#include <stdlib.h>
#include <string.h>

CorridorFilter *
corridor_filter_new (void)
{
  CorridorFilter *f = g_new0 (CorridorFilter, 1);

  f->ports = g_ptr_array_new_with_free_func (g_free);
  f->actors = g_ptr_array_new_with_free_func (g_free);
  return f;
}

static void
copy_strings (GPtrArray *dst, const GPtrArray *src)
{
  if (src == NULL)
    return;
  for (guint i = 0; i < src->len; i++)
    g_ptr_array_add (dst, g_strdup (g_ptr_array_index ((GPtrArray *) src, i)));
}

CorridorFilter *
corridor_filter_copy (const CorridorFilter *f)
{
  CorridorFilter *copy;

  g_return_val_if_fail (f != NULL, NULL);

  copy = corridor_filter_new ();
  copy_strings (copy->ports, f->ports);
  copy_strings (copy->actors, f->actors);
  copy->from = g_strdup (f->from);
  copy->to = g_strdup (f->to);
  copy->roles = f->roles;
  copy->min_confidence = f->min_confidence;
  copy->statuses = f->statuses;
  return copy;
}

void
corridor_filter_free (CorridorFilter *f)
{
  if (f == NULL)
    return;
  g_clear_pointer (&f->ports, g_ptr_array_unref);
  g_clear_pointer (&f->actors, g_ptr_array_unref);
  g_free (f->from);
  g_free (f->to);
  g_free (f);
}

gboolean
corridor_date_is_valid (const char *date)
{
  int y, m, d;

  if (date == NULL || strlen (date) != 10)
    return FALSE;
  for (int i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        {
          if (date[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (date[i]))
        return FALSE;
    }
  y = atoi (date);
  m = atoi (date + 5);
  d = atoi (date + 8);
  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y) && y >= 1;
}

gboolean
corridor_filter_validate (const CorridorFilter *f, GError **error)
{
  g_return_val_if_fail (f != NULL, FALSE);

  if (f->from != NULL && !corridor_date_is_valid (f->from))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "Invalid start date “%s”: expected YYYY-MM-DD", f->from);
      return FALSE;
    }
  if (f->to != NULL && !corridor_date_is_valid (f->to))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "Invalid end date “%s”: expected YYYY-MM-DD", f->to);
      return FALSE;
    }
  /* ISO dates compare correctly as strings. */
  if (f->from != NULL && f->to != NULL && strcmp (f->from, f->to) > 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "The start date %s is after the end date %s", f->from, f->to);
      return FALSE;
    }
  if (isnan (f->min_confidence) || f->min_confidence < 0.0 || f->min_confidence > 1.0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "The minimum confidence must be between 0 and 1");
      return FALSE;
    }
  if ((f->roles & ~(guint) ((1u << CORRIDOR_N_ROLES) - 1)) != 0 ||
      (f->roles & (1u << CORRIDOR_ROLE_NONE)) != 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "Unknown role in filter");
      return FALSE;
    }
  if ((f->statuses & ~(guint) ((1u << CORRIDOR_N_STATUSES) - 1)) != 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "Unknown status in filter");
      return FALSE;
    }
  return TRUE;
}

guint
corridor_filter_status_mask (const CorridorFilter *f)
{
  if (f == NULL || f->statuses == 0)
    return (1u << CORRIDOR_STATUS_INFERRED) | (1u << CORRIDOR_STATUS_CONFIRMED);
  return f->statuses;
}

static gboolean
string_in (const GPtrArray *array, const char *s)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index ((GPtrArray *) array, i), s) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
actor_has_role (const CorridorShipment *s, const char *handle, guint roles)
{
  for (guint i = 0; i < s->actors->len; i++)
    {
      const CorridorShipmentActor *a = g_ptr_array_index (s->actors, i);

      if (handle != NULL && g_strcmp0 (a->handle, handle) != 0)
        continue;
      if (roles == 0 || (roles & (1u << a->role)) != 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
corridor_filter_match (const CorridorFilter *f, const CorridorShipment *s)
{
  g_return_val_if_fail (s != NULL, FALSE);

  if ((corridor_filter_status_mask (f) & (1u << s->status)) == 0)
    return FALSE;
  if (f == NULL)
    return TRUE;

  if (f->ports != NULL && f->ports->len > 0)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < s->n_stops && !any; i++)
        any = string_in (f->ports, s->stops[i].locode);
      if (!any)
        return FALSE;
    }

  if (f->from != NULL || f->to != NULL)
    {
      /* A span with only one date is that single day. */
      const char *start = s->departed != NULL ? s->departed : s->arrived;
      const char *end = s->arrived != NULL ? s->arrived : s->departed;

      if (start == NULL)
        return FALSE;
      if (f->to != NULL && strcmp (start, f->to) > 0)
        return FALSE;
      if (f->from != NULL && strcmp (end, f->from) < 0)
        return FALSE;
    }

  if (f->actors != NULL && f->actors->len > 0)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < f->actors->len && !any; i++)
        any = actor_has_role (s, g_ptr_array_index (f->actors, i), f->roles);
      if (!any)
        return FALSE;
    }
  else if (f->roles != 0 && !actor_has_role (s, NULL, f->roles))
    return FALSE;

  if (f->min_confidence > 0.0 && !(s->confidence >= f->min_confidence))
    return FALSE;

  return TRUE;
}

static void
append_part (GString *out, const char *part)
{
  if (out->len > 0)
    g_string_append (out, " · ");
  g_string_append (out, part);
}

static void
append_list (GString *out, const char *singular, const char *plural, const GPtrArray *items)
{
  g_autoptr(GString) part = NULL;

  if (items == NULL || items->len == 0)
    return;
  part = g_string_new (items->len == 1 ? singular : plural);
  g_string_append (part, ": ");
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append (part, " or ");
      g_string_append (part, g_ptr_array_index ((GPtrArray *) items, i));
    }
  append_part (out, part->str);
}

char *
corridor_filter_describe (const CorridorFilter *f)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint mask;

  if (f == NULL)
    return g_strdup ("");

  append_list (out, "Port", "Ports", f->ports);

  if (f->from != NULL && f->to != NULL)
    {
      g_autofree char *part = g_strdup_printf ("%s – %s", f->from, f->to);
      append_part (out, part);
    }
  else if (f->from != NULL)
    {
      g_autofree char *part = g_strdup_printf ("from %s", f->from);
      append_part (out, part);
    }
  else if (f->to != NULL)
    {
      g_autofree char *part = g_strdup_printf ("until %s", f->to);
      append_part (out, part);
    }

  append_list (out, "Actor", "Actors", f->actors);

  if (f->roles != 0)
    {
      g_autoptr(GString) part = g_string_new (NULL);
      guint n = 0;

      for (guint r = CORRIDOR_ROLE_SENDER; r < CORRIDOR_N_ROLES; r++)
        if (f->roles & (1u << r))
          {
            if (n++ > 0)
              g_string_append (part, " or ");
            g_string_append (part, corridor_role_to_string ((CorridorRole) r));
          }
      g_string_prepend (part, n > 1 ? "Roles: " : "Role: ");
      append_part (out, part->str);
    }

  if (f->min_confidence > 0.0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *part = NULL;

      g_ascii_formatd (buf, sizeof buf, "%.2f", f->min_confidence);
      part = g_strdup_printf ("confidence ≥ %s", buf);
      append_part (out, part);
    }

  mask = corridor_filter_status_mask (f);
  if (mask != corridor_filter_status_mask (NULL))
    {
      g_autoptr(GString) part = g_string_new (NULL);
      guint n = 0;

      for (guint st = 0; st < CORRIDOR_N_STATUSES; st++)
        if (mask & (1u << st))
          {
            if (n++ > 0)
              g_string_append (part, " or ");
            g_string_append (part, corridor_status_to_string ((CorridorStatus) st));
          }
      g_string_append (part, n == 1 ? " only" : "");
      append_part (out, part->str);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
