/* corridor-brief-case.c: gathers what a briefing states about its case.
 * Key figures are ranked on the whole case's message graph (who bridges
 * whom does not change with a map filter); roles are their majority role
 * over shipments. */
#include "corridor-brief-case.h"
#include "corridor-network.h"
#include "corridor-gazetteer.h"

#include <string.h>

CorridorBrief *
corridor_brief_new_for_case (CorridorStore *store, const CorridorFilter *filter,
                             CorridorRenderer *renderer, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (store), NULL);
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (renderer), NULL);

  g_autoptr(GPtrArray) sources = corridor_store_list_sources (store, error);
  if (sources == NULL)
    return NULL;
  g_autoptr(GPtrArray) contacts = corridor_store_list_contacts (store, error);
  if (contacts == NULL)
    return NULL;
  g_autoptr(GHashTable) roles = corridor_store_actor_roles (store, error);
  if (roles == NULL)
    return NULL;

  g_autoptr(CorridorBrief) brief = corridor_brief_new (renderer);
  g_autofree char *title = corridor_store_get_meta (store, "title");
  g_autofree char *is_demo = corridor_store_get_meta (store, "demo");
  if ((title == NULL || title[0] == '\0') && g_strcmp0 (is_demo, "1") == 0)
    {
      g_free (title);
      title = g_strdup ("Demo Case");   /* as the window calls it */
    }
  if (title == NULL || title[0] == '\0')
    {
      g_autofree char *base = g_path_get_basename (corridor_store_get_path (store));
      char *dot = strrchr (base, '.');
      if (dot && dot != base)
        *dot = '\0';
      g_free (title);
      title = g_strdup_printf ("Corridors: %s", base);
    }
  corridor_brief_set_title (brief, title);
  g_autofree char *subtitle = filter ? corridor_filter_describe (filter) : NULL;
  /* In words: "Port: Antwerp (BEANR)" rather than the bare code. */
  CorridorGazetteer *gaz = corridor_gazetteer_get_default (NULL);
  for (guint i = 0; subtitle && gaz && filter && i < filter->ports->len; i++)
    {
      const char *code = g_ptr_array_index (filter->ports, i);
      const CorridorPort *port = corridor_gazetteer_lookup_locode (gaz, code);
      if (port == NULL)
        continue;
      g_autofree char *named = g_strdup_printf ("%s (%s)", port->name, code);
      g_auto(GStrv) parts = g_strsplit (subtitle, code, 2);
      if (g_strv_length (parts) == 2)
        {
          g_free (subtitle);
          subtitle = g_strconcat (parts[0], named, parts[1], NULL);
        }
    }
  g_autofree char *demo = corridor_store_get_meta (store, "demo_label");
  g_autofree char *full = demo ? g_strdup_printf ("%s%s%s", subtitle && subtitle[0] ? subtitle : "All shipments",
                                                  " · ", demo)
                               : g_strdup (subtitle);
  corridor_brief_set_subtitle (brief, full);
  for (guint i = 0; i < sources->len; i++)
    {
      const CorridorSource *s = g_ptr_array_index (sources, i);
      g_autofree char *name = g_path_get_basename (s->path ? s->path : "?");
      corridor_brief_add_source (brief, name, s->sha256);
    }
  g_autoptr(GPtrArray) ranked = corridor_network_rank (contacts);
  for (guint i = 0; i < ranked->len && i < 8; i++)
    {
      const CorridorActorStats *a = g_ptr_array_index (ranked, i);
      corridor_brief_add_key_figure (brief, a->handle, g_hash_table_lookup (roles, a->handle),
                                     a->degree, a->betweenness);
    }
  return g_steal_pointer (&brief);
}
