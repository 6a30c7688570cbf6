/* corridor-gazetteer.c: the port gazetteer, loaded from maps/ports.tsv.
 * Invariants: every port has a unique, normalised LOCODE; the name index maps
 * corridor_text_key() of each LOCODE, name and alias to exactly one port, the
 * first one added (so a later case addition never hijacks a bundled name). */

#include "corridor-gazetteer.h"

#include <math.h>
#include <string.h>

#include "corridor-error.h"
#include "corridor-maps.h"
#include "corridor-text.h"

struct _CorridorGazetteer
{
  GObject     parent_instance;

  GPtrArray  *ports;      /* of owned CorridorPort*, in insertion order */
  GHashTable *by_locode;  /* "BEANR" (owned by the port) -> CorridorPort* */
  GHashTable *by_key;     /* owned text key -> CorridorPort* */
};

G_DEFINE_FINAL_TYPE (CorridorGazetteer, corridor_gazetteer, G_TYPE_OBJECT)

static void
corridor_gazetteer_finalize (GObject *object)
{
  CorridorGazetteer *self = CORRIDOR_GAZETTEER (object);

  /* The indexes borrow from the ports, so they go first. */
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->by_locode, g_hash_table_unref);
  g_clear_pointer (&self->ports, g_ptr_array_unref);

  G_OBJECT_CLASS (corridor_gazetteer_parent_class)->finalize (object);
}

static void
corridor_gazetteer_class_init (CorridorGazetteerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = corridor_gazetteer_finalize;
}

static void
corridor_gazetteer_init (CorridorGazetteer *self)
{
  self->ports = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_port_free);
  self->by_locode = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

CorridorGazetteer *
corridor_gazetteer_new (void)
{
  return g_object_new (CORRIDOR_TYPE_GAZETTEER, NULL);
}

gboolean
corridor_locode_normalize (const char *text, char out[6])
{
  const char *p;
  char buf[6];
  int n = 0;

  g_return_val_if_fail (out != NULL, FALSE);

  out[0] = '\0';
  if (text == NULL)
    return FALSE;

  /* Leading and trailing blanks are forgiven: LOCODEs are often pasted. */
  p = text;
  while (g_ascii_isspace (*p))
    p++;

  for (; *p != '\0' && n < 5; p++)
    {
      char c = g_ascii_toupper (*p);

      if (n < 2)
        {
          if (!g_ascii_isupper (c))
            return FALSE;
        }
      else if (n == 2 && c == ' ' && p[-1] != ' ')
        {
          continue;  /* the single optional space after the country: "BE ANR" */
        }
      else if (!(g_ascii_isupper (c) || (c >= '2' && c <= '9')))
        {
          return FALSE;
        }
      buf[n++] = c;
    }

  if (n != 5)
    return FALSE;
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    return FALSE;

  buf[5] = '\0';
  memcpy (out, buf, 6);
  return TRUE;
}

static void
index_key (CorridorGazetteer *self, const char *text, CorridorPort *port)
{
  g_autofree char *key = corridor_text_key (text);

  if (key[0] == '\0' || g_hash_table_contains (self->by_key, key))
    return;
  g_hash_table_insert (self->by_key, g_steal_pointer (&key), port);
}

static void
index_port (CorridorGazetteer *self, CorridorPort *port)
{
  g_hash_table_insert (self->by_locode, port->locode, port);
  index_key (self, port->locode, port);
  index_key (self, port->name, port);
  for (guint i = 0; port->aliases != NULL && port->aliases[i] != NULL; i++)
    index_key (self, port->aliases[i], port);
}

static void
rebuild_indexes (CorridorGazetteer *self)
{
  g_hash_table_remove_all (self->by_locode);
  g_hash_table_remove_all (self->by_key);
  for (guint i = 0; i < self->ports->len; i++)
    index_port (self, g_ptr_array_index (self->ports, i));
}

/* Adds a copy of @port. A port whose LOCODE is already known replaces the
 * earlier entry (keeping its position), which lets a case correct a bundled
 * position; names then fall back to first-added order. */
void
corridor_gazetteer_add_port (CorridorGazetteer *self, const CorridorPort *port)
{
  CorridorPort *copy;
  CorridorPort *old;
  char locode[6];

  g_return_if_fail (CORRIDOR_IS_GAZETTEER (self));
  g_return_if_fail (port != NULL);
  g_return_if_fail (corridor_locode_normalize (port->locode, locode));

  copy = corridor_port_copy (port);
  if (strcmp (copy->locode, locode) != 0)
    {
      g_free (copy->locode);
      copy->locode = g_strdup (locode);
    }

  old = g_hash_table_lookup (self->by_locode, locode);
  if (old != NULL)
    {
      guint pos = 0;

      g_ptr_array_find (self->ports, old, &pos);
      /* Indexes point at @old: clear them before it is freed. */
      g_hash_table_remove_all (self->by_locode);
      g_hash_table_remove_all (self->by_key);
      corridor_port_free (g_ptr_array_index (self->ports, pos));
      g_ptr_array_index (self->ports, pos) = copy;
      rebuild_indexes (self);
      return;
    }

  g_ptr_array_add (self->ports, copy);
  index_port (self, copy);
}

CorridorGazetteer *
corridor_gazetteer_copy (CorridorGazetteer *self)
{
  CorridorGazetteer *copy;

  g_return_val_if_fail (CORRIDOR_IS_GAZETTEER (self), NULL);

  copy = corridor_gazetteer_new ();
  for (guint i = 0; i < self->ports->len; i++)
    {
      CorridorPort *port = corridor_port_copy (g_ptr_array_index (self->ports, i));

      g_ptr_array_add (copy->ports, port);
      index_port (copy, port);
    }
  return copy;
}

gboolean
corridor_gazetteer_add_alias (CorridorGazetteer *self, const char *locode, const char *alias)
{
  CorridorPort *port;
  guint n;

  g_return_val_if_fail (CORRIDOR_IS_GAZETTEER (self), FALSE);
  g_return_val_if_fail (alias != NULL, FALSE);

  port = (CorridorPort *) corridor_gazetteer_lookup_locode (self, locode);
  if (port == NULL)
    return FALSE;
  if (port->aliases != NULL && g_strv_contains ((const char *const *) port->aliases, alias))
    return TRUE;
  n = port->aliases != NULL ? g_strv_length (port->aliases) : 0;
  port->aliases = g_renew (char *, port->aliases, n + 2);
  port->aliases[n] = g_strdup (alias);
  port->aliases[n + 1] = NULL;
  index_key (self, alias, port);
  return TRUE;
}

guint
corridor_gazetteer_get_n_ports (CorridorGazetteer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_GAZETTEER (self), 0);

  return self->ports->len;
}

const CorridorPort *
corridor_gazetteer_get_port (CorridorGazetteer *self, guint index)
{
  g_return_val_if_fail (CORRIDOR_IS_GAZETTEER (self), NULL);
  g_return_val_if_fail (index < self->ports->len, NULL);

  return g_ptr_array_index (self->ports, index);
}

const CorridorPort *
corridor_gazetteer_lookup_locode (CorridorGazetteer *self, const char *locode)
{
  char norm[6];

  g_return_val_if_fail (CORRIDOR_IS_GAZETTEER (self), NULL);

  if (!corridor_locode_normalize (locode, norm))
    return NULL;
  return g_hash_table_lookup (self->by_locode, norm);
}

const CorridorPort *
corridor_gazetteer_lookup (CorridorGazetteer *self, const char *text)
{
  const CorridorPort *port;
  g_autofree char *key = NULL;

  g_return_val_if_fail (CORRIDOR_IS_GAZETTEER (self), NULL);

  if (text == NULL)
    return NULL;

  port = corridor_gazetteer_lookup_locode (self, text);
  if (port != NULL)
    return port;

  key = corridor_text_key (text);
  if (key[0] == '\0')
    return NULL;
  return g_hash_table_lookup (self->by_key, key);
}

/* Parsing ------------------------------------------------------------------ */

static gboolean
parse_degrees (const char *text, double min, double max, double *out)
{
  char *end = NULL;
  double v;

  if (text == NULL || *text == '\0')
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v) || v < min || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
fail_line (GError **error, const char *path, guint line, const char *fmt, ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail_line (GError **error, const char *path, guint line, const char *fmt, ...)
{
  g_autofree char *cause = NULL;
  va_list args;

  va_start (args, fmt);
  cause = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT, "%s:%u: %s", path, line, cause);
  return FALSE;
}

/* Parses one data line into a new port; the message names the column at fault. */
static CorridorPort *
parse_line (char *line, const char *path, guint lineno, GError **error)
{
  g_auto (GStrv) cols = g_strsplit (line, "\t", -1);
  g_autoptr (GPtrArray) aliases = g_ptr_array_new_with_free_func (g_free);
  guint ncols = g_strv_length (cols);
  char locode[6];
  const char *name;
  const char *country;
  double lat, lon;

  /* The alias column may be left off entirely. */
  if (ncols != 5 && ncols != 6)
    {
      fail_line (error, path, lineno, "expected 6 tab-separated columns, found %u", ncols);
      return NULL;
    }

  if (strchr (cols[0], ' ') != NULL || !corridor_locode_normalize (cols[0], locode))
    {
      fail_line (error, path, lineno, "bad UN/LOCODE \"%s\"", cols[0]);
      return NULL;
    }

  name = g_strstrip (cols[1]);
  if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      fail_line (error, path, lineno, "empty or invalid port name");
      return NULL;
    }

  country = g_strstrip (cols[2]);
  if (strlen (country) != 2 || g_ascii_toupper (country[0]) != locode[0]
      || g_ascii_toupper (country[1]) != locode[1])
    {
      fail_line (error, path, lineno, "country \"%s\" does not match LOCODE %s", country, locode);
      return NULL;
    }

  if (!parse_degrees (g_strstrip (cols[3]), -90.0, 90.0, &lat))
    {
      fail_line (error, path, lineno, "latitude \"%s\" is not a number in [-90, 90]", cols[3]);
      return NULL;
    }
  if (!parse_degrees (g_strstrip (cols[4]), -180.0, 180.0, &lon))
    {
      fail_line (error, path, lineno, "longitude \"%s\" is not a number in [-180, 180]", cols[4]);
      return NULL;
    }

  if (ncols == 6)
    {
      g_auto (GStrv) parts = NULL;

      if (!g_utf8_validate (cols[5], -1, NULL))
        {
          fail_line (error, path, lineno, "aliases are not valid UTF-8");
          return NULL;
        }
      parts = g_strsplit (cols[5], "|", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          const char *a = g_strstrip (parts[i]);

          if (*a != '\0')
            g_ptr_array_add (aliases, g_strdup (a));
        }
    }
  g_ptr_array_add (aliases, NULL);

  /* The checked country, upper-cased, is the LOCODE's prefix. */
  {
    const char cc[3] = { locode[0], locode[1], '\0' };

    return corridor_port_new (locode, name, cc, lat, lon,
                              (const char * const *) aliases->pdata);
  }
}

static gboolean
is_blank (const char *line)
{
  for (; *line != '\0'; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

gboolean
corridor_gazetteer_load_file (CorridorGazetteer *self, const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) parsed = NULL;
  g_autoptr (GHashTable) seen = NULL;

  g_return_val_if_fail (CORRIDOR_IS_GAZETTEER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  if (!g_utf8_validate (contents, -1, NULL))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: not valid UTF-8", path);
      return FALSE;
    }

  /* Parse everything before adding anything, so a bad file leaves the
   * gazetteer as it was. */
  parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_port_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      CorridorPort *port;

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      /* A BOM left by a spreadsheet export on the first line. */
      if (i == 0 && g_str_has_prefix (line, "\xEF\xBB\xBF"))
        line += 3;
      if (line[0] == '#' || is_blank (line))
        continue;

      port = parse_line (line, path, i + 1, error);
      if (port == NULL)
        return FALSE;
      g_ptr_array_add (parsed, port);
      if (!g_hash_table_add (seen, port->locode))
        return fail_line (error, path, i + 1, "duplicate UN/LOCODE %s", port->locode);
    }

  for (guint i = 0; i < parsed->len; i++)
    corridor_gazetteer_add_port (self, g_ptr_array_index (parsed, i));
  return TRUE;
}

/* The bundled gazetteer ---------------------------------------------------- */

static GError *default_error;

static gpointer
load_default (gpointer data G_GNUC_UNUSED)
{
  g_autoptr (CorridorGazetteer) gaz = corridor_gazetteer_new ();
  g_autofree char *path = corridor_maps_path ("ports.tsv");

  if (!corridor_gazetteer_load_file (gaz, path, &default_error))
    return NULL;
  return g_steal_pointer (&gaz);
}

/* Transfer none: the gazetteer lives for the whole process. A failure is
 * remembered too, so every caller gets the same error without a reload. */
CorridorGazetteer *
corridor_gazetteer_get_default (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  CorridorGazetteer *gaz;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gaz = g_once (&once, load_default, NULL);
  if (gaz == NULL && error != NULL)
    *error = g_error_copy (default_error);
  return gaz;
}
