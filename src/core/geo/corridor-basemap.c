/* corridor-basemap.c: the bundled Natural Earth basemap at 1:110m and 1:50m.
 * A level is usable only when both its land and its countries layer loaded;
 * a broken level is reported as a warning and drawing falls back to the other
 * one. The object is immutable after load, so one instance is shared. */
#include "corridor-error.h"
#include "corridor-maps.h"
#include "corridor-basemap.h"

/* Below this scale the whole world is narrower than 1440 px and 1:50m detail
 * would be sub-pixel. */
#define CORRIDOR_BASEMAP_50M_PIXELS_PER_DEGREE 4.0

struct _CorridorBasemap
{
  GObject parent_instance;

  CorridorLayer *land[CORRIDOR_BASEMAP_N_LEVELS];
  CorridorLayer *countries[CORRIDOR_BASEMAP_N_LEVELS];
  GPtrArray     *warnings; /* char *, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (CorridorBasemap, corridor_basemap, G_TYPE_OBJECT)

static const char *const level_names[CORRIDOR_BASEMAP_N_LEVELS] = { "110m", "50m" };

static void
corridor_basemap_finalize (GObject *object)
{
  CorridorBasemap *self = CORRIDOR_BASEMAP (object);

  for (guint i = 0; i < CORRIDOR_BASEMAP_N_LEVELS; i++)
    {
      g_clear_object (&self->land[i]);
      g_clear_object (&self->countries[i]);
    }
  g_ptr_array_unref (self->warnings);

  G_OBJECT_CLASS (corridor_basemap_parent_class)->finalize (object);
}

static void
corridor_basemap_class_init (CorridorBasemapClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = corridor_basemap_finalize;
}

static void
corridor_basemap_init (CorridorBasemap *self)
{
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

static gboolean
corridor_basemap_load_level (CorridorBasemap *self, const char *dir, guint level,
                             GError **error)
{
  g_autofree char *land_name = g_strdup_printf ("land-%s.shp", level_names[level]);
  g_autofree char *countries_name = g_strdup_printf ("countries-%s.shp", level_names[level]);
  g_autofree char *land_path = g_build_filename (dir, land_name, NULL);
  g_autofree char *countries_path = g_build_filename (dir, countries_name, NULL);
  g_autoptr(CorridorLayer) land = NULL;
  g_autoptr(CorridorLayer) countries = NULL;

  land = corridor_layer_load (land_path, error);
  if (land == NULL)
    return FALSE;
  countries = corridor_layer_load (countries_path, error);
  if (countries == NULL)
    return FALSE;
  if (corridor_layer_get_kind (land) != CORRIDOR_LAYER_POLYGONS
      || corridor_layer_get_kind (countries) != CORRIDOR_LAYER_POLYGONS)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_LAYER,
                   "%s: the basemap layers must hold polygons", dir);
      return FALSE;
    }
  self->land[level] = g_steal_pointer (&land);
  self->countries[level] = g_steal_pointer (&countries);
  return TRUE;
}

CorridorBasemap *
corridor_basemap_load (const char *maps_dir, GError **error)
{
  g_autoptr(CorridorBasemap) self = NULL;
  const char *dir;
  guint loaded = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = maps_dir != NULL ? maps_dir : corridor_maps_dir ();
  self = g_object_new (CORRIDOR_TYPE_BASEMAP, NULL);
  for (guint level = 0; level < CORRIDOR_BASEMAP_N_LEVELS; level++)
    {
      g_autoptr(GError) local = NULL;

      if (corridor_basemap_load_level (self, dir, level, &local))
        loaded++;
      else
        g_ptr_array_add (self->warnings,
                         g_strdup_printf ("The %s basemap could not be loaded: %s",
                                          level_names[level], local->message));
    }
  g_ptr_array_add (self->warnings, NULL);

  if (loaded == 0)
    {
      g_autofree char *display = g_filename_display_name (dir);
      g_autofree char *details = g_strjoinv ("; ", (char **) self->warnings->pdata);

      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_LAYER,
                   "No basemap could be loaded from %s (%s)", display, details);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* The first successful load is kept for the life of the process; a failure
 * is not cached, so a later call (after the user fixed the maps folder, or
 * from a test that sets CORRIDOR_MAPS_DIR) can still succeed. */
static GMutex default_lock;
static CorridorBasemap *default_basemap;

CorridorBasemap *
corridor_basemap_get_default (GError **error)
{
  CorridorBasemap *result;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_lock (&default_lock);
  if (default_basemap == NULL)
    default_basemap = corridor_basemap_load (NULL, error);
  result = default_basemap;
  g_mutex_unlock (&default_lock);
  return result;
}

CorridorBasemapLevel
corridor_basemap_choose_level (CorridorBasemap *self, double pixels_per_degree)
{
  CorridorBasemapLevel wanted;

  g_return_val_if_fail (CORRIDOR_IS_BASEMAP (self), CORRIDOR_BASEMAP_110M);

  wanted = pixels_per_degree < CORRIDOR_BASEMAP_50M_PIXELS_PER_DEGREE
           ? CORRIDOR_BASEMAP_110M : CORRIDOR_BASEMAP_50M;
  if (self->land[wanted] != NULL)
    return wanted;
  for (guint level = 0; level < CORRIDOR_BASEMAP_N_LEVELS; level++)
    if (self->land[level] != NULL)
      return (CorridorBasemapLevel) level;
  return wanted;
}

CorridorLayer *
corridor_basemap_get_land (CorridorBasemap *self, CorridorBasemapLevel level)
{
  g_return_val_if_fail (CORRIDOR_IS_BASEMAP (self), NULL);
  g_return_val_if_fail (level < CORRIDOR_BASEMAP_N_LEVELS, NULL);
  return self->land[level];
}

CorridorLayer *
corridor_basemap_get_countries (CorridorBasemap *self, CorridorBasemapLevel level)
{
  g_return_val_if_fail (CORRIDOR_IS_BASEMAP (self), NULL);
  g_return_val_if_fail (level < CORRIDOR_BASEMAP_N_LEVELS, NULL);
  return self->countries[level];
}

const char * const *
corridor_basemap_get_warnings (CorridorBasemap *self)
{
  g_return_val_if_fail (CORRIDOR_IS_BASEMAP (self), NULL);
  return (const char * const *) self->warnings->pdata;
}
