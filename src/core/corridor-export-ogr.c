/* corridor-export-ogr.c: GeoPackage and KML through GDAL's OGR C API, CSV
 * by hand. Invariants: every shipment passed in becomes exactly one line
 * (sea route, else straight through its stops); coordinates are lon, lat
 * WGS84; unknown values are null or empty, never guesses; GDAL's messages
 * go into the GError, never to stderr; the output appears only when whole. */
#include "corridor-export-ogr.h"
#include "corridor-export.h"
#include "corridor-error.h"
#include "corridor-sea-router.h"
#include "corridor-palette.h"
#include "corridor-config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include <gmodule.h>

#ifdef CORRIDOR_EXPORT_MODULE
#include <sqlite3.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_error.h>
#include <cpl_string.h>

/* The module's entry points, looked up by name from the loader below. */
G_MODULE_EXPORT gboolean corridor_ogr_export_gpkg (GPtrArray *shipments, GHashTable *routes,
                                                   const CorridorFilter *filter, const char *case_path,
                                                   const char *path, GError **error);
G_MODULE_EXPORT gboolean corridor_ogr_export_kml (GPtrArray *shipments, GHashTable *routes,
                                                  const CorridorFilter *filter, const char *case_path,
                                                  const char *path, GError **error);
#endif

/* --- what every format says about a shipment --- */

typedef struct {
  char                   *transit;     /* LOCODEs joined by ';' */
  char                   *containers;
  char                   *actors;      /* "handle:role;…" */
  char                   *evidence;
  const CorridorSeaRoute *route;       /* NULL: straight through the stops */
  double                  length_nm;   /* rounded to 0.1, as in GeoJSON */
} ShipmentFacts;

static void
shipment_facts_init (ShipmentFacts *f, const CorridorShipment *s, GHashTable *routes)
{
  g_autoptr(GString) transit = g_string_new (NULL);
  g_autoptr(GString) actors = g_string_new (NULL);

  for (guint i = 1; i + 1 < s->n_stops; i++)
    g_string_append_printf (transit, "%s%s", i > 1 ? ";" : "", s->stops[i].locode);
  for (guint i = 0; s->actors && i < s->actors->len; i++)
    {
      const CorridorShipmentActor *a = g_ptr_array_index (s->actors, i);
      const char *role = corridor_role_to_string (a->role);
      g_string_append_printf (actors, "%s%s", i > 0 ? ";" : "", a->handle ? a->handle : "");
      /* No role known: the handle alone, not "handle:(null)". */
      if (role)
        g_string_append_printf (actors, ":%s", role);
    }
  f->transit = g_string_free (g_steal_pointer (&transit), FALSE);
  f->actors = g_string_free (g_steal_pointer (&actors), FALSE);
  f->containers = s->containers ? g_strjoinv (";", s->containers) : g_strdup ("");
  f->evidence = s->evidence ? g_strjoinv (";", s->evidence) : g_strdup ("");
  f->route = NULL;
  if (routes && s->n_stops >= 2)
    {
      g_autofree char *key = corridor_sea_route_key (s->stops, s->n_stops);
      const CorridorSeaRoute *r = g_hash_table_lookup (routes, key);
      if (r && r->points->len >= 4)
        f->route = r;
    }
  f->length_nm = round ((f->route ? f->route->length_nm : corridor_export_straight_length_nm (s)) * 10) / 10;
}

static void
shipment_facts_clear (ShipmentFacts *f)
{
  g_free (f->transit);
  g_free (f->containers);
  g_free (f->actors);
  g_free (f->evidence);
}

/* Ports used, in first-use order, with how the shipments use them. */
typedef struct {
  const CorridorStop *stop;
  guint               n_out, n_in, n_transit;
} PortUse;

/* The writers below live in the GDAL module; the core build (CSV) does not
 * call these helpers, hence G_GNUC_UNUSED. */
G_GNUC_UNUSED static GArray *
collect_ports (GPtrArray *shipments)
{
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  GArray *ports = g_array_new (FALSE, TRUE, sizeof (PortUse));

  for (guint i = 0; i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      for (guint k = 0; s->n_stops >= 2 && k < s->n_stops; k++)
        {
          gpointer idx;
          PortUse *pu;
          if (g_hash_table_lookup_extended (index, s->stops[k].locode, NULL, &idx))
            pu = &g_array_index (ports, PortUse, GPOINTER_TO_UINT (idx));
          else
            {
              PortUse fresh = { &s->stops[k], 0, 0, 0 };
              g_array_append_val (ports, fresh);
              pu = &g_array_index (ports, PortUse, ports->len - 1);
              /* Keys point into the shipments, which outlive the index. */
              g_hash_table_insert (index, (gpointer) s->stops[k].locode, GUINT_TO_POINTER (ports->len - 1));
            }
          if (k == 0)
            pu->n_out++;
          else if (k == s->n_stops - 1)
            pu->n_in++;
          else
            pu->n_transit++;
        }
    }
  return ports;
}

/* One origin -> destination pair, whatever the transits. */
typedef struct {
  const CorridorShipment *first;
  const CorridorSeaRoute *route;        /* a member's sea route, or NULL */
  gboolean                route_direct; /* that member had no transit */
  guint                   n;
  double                  total_kg;
  gboolean                any_kg;
  const char             *first_date, *last_date;
} CorridorUse;

/* Used by the module build only, like collect_ports. */
G_GNUC_UNUSED static GArray *
collect_corridors (GPtrArray *shipments, GHashTable *routes)
{
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GArray *corridors = g_array_new (FALSE, TRUE, sizeof (CorridorUse));

  for (guint i = 0; i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      if (s->n_stops < 2)
        continue;
      const CorridorStop *o = &s->stops[0], *d = &s->stops[s->n_stops - 1];
      char *pair = g_strdup_printf ("%s>%s", o->locode, d->locode);
      gpointer idx;
      CorridorUse *cu;
      if (g_hash_table_lookup_extended (index, pair, NULL, &idx))
        {
          g_free (pair);
          cu = &g_array_index (corridors, CorridorUse, GPOINTER_TO_UINT (idx));
        }
      else
        {
          CorridorUse fresh = { s };
          g_array_append_val (corridors, fresh);
          cu = &g_array_index (corridors, CorridorUse, corridors->len - 1);
          g_hash_table_insert (index, pair, GUINT_TO_POINTER (corridors->len - 1));
        }
      cu->n++;
      if (!isnan (s->quantity_kg))
        {
          cu->total_kg += s->quantity_kg;
          cu->any_kg = TRUE;
        }
      /* A span starts at departure (else arrival) and ends at arrival (else departure). */
      const char *start = s->departed ? s->departed : s->arrived;
      const char *end = s->arrived ? s->arrived : s->departed;
      if (start && (!cu->first_date || strcmp (start, cu->first_date) < 0))
        cu->first_date = start;
      if (end && (!cu->last_date || strcmp (end, cu->last_date) > 0))
        cu->last_date = end;
      /* The corridor's line: a direct shipment's route draws the pair best. */
      if (routes && !cu->route_direct)
        {
          g_autofree char *key = corridor_sea_route_key (s->stops, s->n_stops);
          const CorridorSeaRoute *r = g_hash_table_lookup (routes, key);
          if (r && r->points->len >= 4 && (cu->route == NULL || s->n_stops == 2))
            {
              cu->route = r;
              cu->route_direct = s->n_stops == 2;
            }
        }
    }
  return corridors;
}

/* --- files --- */

/* Checks @path can be written, so the usual mistakes (a missing or
 * read-only folder, a folder given as the file) get a plain message. */
static gboolean
check_output_path (const char *path, GError **error)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "cannot write %s: it is a folder", path);
      return FALSE;
    }
  g_autofree char *dir = g_path_get_dirname (path);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "cannot write %s: folder %s does not exist",
                   path, dir);
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "cannot write %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* A hidden sibling with the driver's extension (LIBKML and GPKG choose
  * what to write by it), renamed over @path once complete. */
G_GNUC_UNUSED static char *
temp_sibling (const char *path, const char *ext)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.%d-%08x.tmp.%s", base, (int) getpid (), g_random_int (), ext);
  return g_build_filename (dir, name, NULL);
}

#ifdef CORRIDOR_EXPORT_MODULE
/* --- GDAL plumbing --- */

/* md_standard_uri of our JSON row in gpkg_metadata: names who wrote it. */
#define CORRIDOR_METADATA_URI "urn:corridor:export-filters"

static gpointer
register_gdal (gpointer data)
{
  GDALAllRegister ();
  return NULL;
}

static void
ensure_gdal (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, register_gdal, NULL);
}

/* GDAL's messages for one export, collected by a thread-local handler. */
typedef struct {
  GString *failures;
  gboolean failed;
} OgrErrors;

static void CPL_STDCALL
collect_gdal_error (CPLErr cls, CPLErrorNum num, const char *msg)
{
  OgrErrors *errs = CPLGetErrorHandlerUserData ();
  if (cls < CE_Failure)
    {
      g_debug ("GDAL: %s", msg);
      return;
    }
  errs->failed = TRUE;
  if (errs->failures->len > 0)
    g_string_append (errs->failures, "; ");
  g_string_append (errs->failures, msg);
}



static OGRSpatialReferenceH
wgs84_lonlat (void)
{
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
  OSRImportFromEPSG (srs, 4326);
  /* EPSG:4326 is lat, lon by the book; GIS files store x = lon, y = lat. */
  OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

typedef struct {
  const char   *name;
  OGRFieldType  type;
} FieldSpec;

/* @dates_as_text: LIBKML writes OFTDate as "2021/03/01" and leaves it out
 * of the <Schema>, so KML gets ISO 8601 text instead. */
static gboolean
create_fields (OGRLayerH layer, const FieldSpec *fields, guint n, gboolean dates_as_text)
{
  for (guint i = 0; i < n; i++)
    {
      OGRFieldType type = dates_as_text && fields[i].type == OFTDate ? OFTString : fields[i].type;
      OGRFieldDefnH fd = OGR_Fld_Create (fields[i].name, type);
      OGRErr err = OGR_L_CreateField (layer, fd, TRUE);
      OGR_Fld_Destroy (fd);
      if (err != OGRERR_NONE)
        return FALSE;
    }
  return TRUE;
}

static void
set_string (OGRFeatureH f, int idx, const char *value)
{
  if (value)
    OGR_F_SetFieldString (f, idx, value);
  else
    OGR_F_SetFieldNull (f, idx);
}

static OGRGeometryH
shipment_line (const CorridorShipment *s, const CorridorSeaRoute *route)
{
  OGRGeometryH g = OGR_G_CreateGeometry (wkbLineString);
  if (route)
    for (guint i = 0; i < route->points->len / 2; i++)
      OGR_G_AddPoint_2D (g, g_array_index (route->points, double, 2 * i),
                         g_array_index (route->points, double, 2 * i + 1));
  else
    for (guint i = 0; i < s->n_stops; i++)
      OGR_G_AddPoint_2D (g, s->stops[i].lon, s->stops[i].lat);
  return g;
}

/* The shipments layer's fields, in this order (GPKG); KML puts "name" first. */
enum {
  SF_ID, SF_ORIGIN_LOCODE, SF_ORIGIN_NAME, SF_TRANSIT, SF_DESTINATION_LOCODE, SF_DESTINATION_NAME,
  SF_DEPARTED, SF_ARRIVED, SF_QUANTITY_KG, SF_CONTAINERS, SF_VESSEL_NAME, SF_VESSEL_IMO,
  SF_CONCEALMENT, SF_OUTCOME, SF_ACTORS, SF_CONFIDENCE, SF_STATUS, SF_EVIDENCE, SF_LENGTH_NM,
  SF_ROUTE, SF_N
};

static const FieldSpec shipment_fields[SF_N] = {
  [SF_ID] = { "id", OFTString },
  [SF_ORIGIN_LOCODE] = { "origin_locode", OFTString },
  [SF_ORIGIN_NAME] = { "origin_name", OFTString },
  [SF_TRANSIT] = { "transit", OFTString },
  [SF_DESTINATION_LOCODE] = { "destination_locode", OFTString },
  [SF_DESTINATION_NAME] = { "destination_name", OFTString },
  [SF_DEPARTED] = { "departed", OFTDate },
  [SF_ARRIVED] = { "arrived", OFTDate },
  [SF_QUANTITY_KG] = { "quantity_kg", OFTReal },
  [SF_CONTAINERS] = { "containers", OFTString },
  [SF_VESSEL_NAME] = { "vessel_name", OFTString },
  [SF_VESSEL_IMO] = { "vessel_imo", OFTString },
  [SF_CONCEALMENT] = { "concealment", OFTString },
  [SF_OUTCOME] = { "outcome", OFTString },
  [SF_ACTORS] = { "actors", OFTString },
  [SF_CONFIDENCE] = { "confidence", OFTReal },
  [SF_STATUS] = { "status", OFTString },
  [SF_EVIDENCE] = { "evidence", OFTString },
  [SF_LENGTH_NM] = { "length_nm", OFTReal },
  [SF_ROUTE] = { "route", OFTString },
};

/* Fills the shipment fields, which start at index @base of the layer. */
static void
set_shipment_fields (OGRFeatureH f, int base, const CorridorShipment *s, const ShipmentFacts *facts)
{
  const CorridorStop *o = &s->stops[0], *d = &s->stops[s->n_stops - 1];
  set_string (f, base + SF_ID, s->id);
  set_string (f, base + SF_ORIGIN_LOCODE, o->locode);
  set_string (f, base + SF_ORIGIN_NAME, o->name);
  set_string (f, base + SF_TRANSIT, facts->transit);
  set_string (f, base + SF_DESTINATION_LOCODE, d->locode);
  set_string (f, base + SF_DESTINATION_NAME, d->name);
  /* OGR parses "YYYY-MM-DD" into the date field. */
  set_string (f, base + SF_DEPARTED, s->departed);
  set_string (f, base + SF_ARRIVED, s->arrived);
  if (isnan (s->quantity_kg))
    OGR_F_SetFieldNull (f, base + SF_QUANTITY_KG);
  else
    OGR_F_SetFieldDouble (f, base + SF_QUANTITY_KG, s->quantity_kg);
  set_string (f, base + SF_CONTAINERS, facts->containers);
  set_string (f, base + SF_VESSEL_NAME, s->vessel_name);
  set_string (f, base + SF_VESSEL_IMO, s->vessel_imo);
  set_string (f, base + SF_CONCEALMENT, s->concealment);
  set_string (f, base + SF_OUTCOME, corridor_outcome_to_string (s->outcome));
  set_string (f, base + SF_ACTORS, facts->actors);
  OGR_F_SetFieldDouble (f, base + SF_CONFIDENCE, s->confidence);
  set_string (f, base + SF_STATUS, corridor_status_to_string (s->status));
  set_string (f, base + SF_EVIDENCE, facts->evidence);
  OGR_F_SetFieldDouble (f, base + SF_LENGTH_NM, facts->length_nm);
  set_string (f, base + SF_ROUTE, facts->route ? "sea" : "straight");
}

enum { PF_LOCODE, PF_NAME, PF_OUT, PF_IN, PF_TRANSIT, PF_N };

static const FieldSpec port_fields[PF_N] = {
  [PF_LOCODE] = { "locode", OFTString },
  [PF_NAME] = { "name", OFTString },
  [PF_OUT] = { "shipments_out", OFTInteger },
  [PF_IN] = { "shipments_in", OFTInteger },
  [PF_TRANSIT] = { "shipments_transit", OFTInteger },
};

static gboolean
write_ports (OGRLayerH layer, GArray *ports)
{
  if (!create_fields (layer, port_fields, PF_N, FALSE))
    return FALSE;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  for (guint i = 0; i < ports->len; i++)
    {
      const PortUse *pu = &g_array_index (ports, PortUse, i);
      OGRFeatureH f = OGR_F_Create (defn);
      set_string (f, PF_LOCODE, pu->stop->locode);
      set_string (f, PF_NAME, pu->stop->name);
      OGR_F_SetFieldInteger (f, PF_OUT, (int) pu->n_out);
      OGR_F_SetFieldInteger (f, PF_IN, (int) pu->n_in);
      OGR_F_SetFieldInteger (f, PF_TRANSIT, (int) pu->n_transit);
      OGRGeometryH g = OGR_G_CreateGeometry (wkbPoint);
      OGR_G_SetPoint_2D (g, 0, pu->stop->lon, pu->stop->lat);
      OGR_F_SetGeometryDirectly (f, g);
      OGRErr err = OGR_L_CreateFeature (layer, f);
      OGR_F_Destroy (f);
      if (err != OGRERR_NONE)
        return FALSE;
    }
  return TRUE;
}

enum {
  CF_ORIGIN_LOCODE, CF_ORIGIN_NAME, CF_DESTINATION_LOCODE, CF_DESTINATION_NAME, CF_N_SHIPMENTS,
  CF_TOTAL_KG, CF_FIRST_DATE, CF_LAST_DATE, CF_ROUTE, CF_N
};

static const FieldSpec corridor_fields[CF_N] = {
  [CF_ORIGIN_LOCODE] = { "origin_locode", OFTString },
  [CF_ORIGIN_NAME] = { "origin_name", OFTString },
  [CF_DESTINATION_LOCODE] = { "destination_locode", OFTString },
  [CF_DESTINATION_NAME] = { "destination_name", OFTString },
  [CF_N_SHIPMENTS] = { "n_shipments", OFTInteger },
  [CF_TOTAL_KG] = { "total_kg", OFTReal },
  [CF_FIRST_DATE] = { "first_date", OFTDate },
  [CF_LAST_DATE] = { "last_date", OFTDate },
  [CF_ROUTE] = { "route", OFTString },
};

static gboolean
write_corridors (OGRLayerH layer, GArray *corridors)
{
  if (!create_fields (layer, corridor_fields, CF_N, FALSE))
    return FALSE;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  for (guint i = 0; i < corridors->len; i++)
    {
      const CorridorUse *cu = &g_array_index (corridors, CorridorUse, i);
      const CorridorShipment *s = cu->first;
      const CorridorStop *o = &s->stops[0], *d = &s->stops[s->n_stops - 1];
      OGRFeatureH f = OGR_F_Create (defn);
      set_string (f, CF_ORIGIN_LOCODE, o->locode);
      set_string (f, CF_ORIGIN_NAME, o->name);
      set_string (f, CF_DESTINATION_LOCODE, d->locode);
      set_string (f, CF_DESTINATION_NAME, d->name);
      OGR_F_SetFieldInteger (f, CF_N_SHIPMENTS, (int) cu->n);
      /* Known quantities only; no quantity known at all is null, not 0. */
      if (cu->any_kg)
        OGR_F_SetFieldDouble (f, CF_TOTAL_KG, cu->total_kg);
      else
        OGR_F_SetFieldNull (f, CF_TOTAL_KG);
      set_string (f, CF_FIRST_DATE, cu->first_date);
      set_string (f, CF_LAST_DATE, cu->last_date);
      set_string (f, CF_ROUTE, cu->route ? "sea" : "straight");
      OGRGeometryH g;
      if (cu->route)
        g = shipment_line (s, cu->route);
      else
        {
          g = OGR_G_CreateGeometry (wkbLineString);
          OGR_G_AddPoint_2D (g, o->lon, o->lat);
          OGR_G_AddPoint_2D (g, d->lon, d->lat);
        }
      OGR_F_SetGeometryDirectly (f, g);
      OGRErr err = OGR_L_CreateFeature (layer, f);
      OGR_F_Destroy (f);
      if (err != OGRERR_NONE)
        return FALSE;
    }
  return TRUE;
}

/* "#RRGGBBAA" for an OGR style string. */
static char *
outcome_hex (CorridorOutcome outcome)
{
  double r, g, b;
  corridor_palette_outcome (outcome, &r, &g, &b);
  return g_strdup_printf ("#%02X%02X%02XFF", (guint) lround (r * 255), (guint) lround (g * 255),
                          (guint) lround (b * 255));
}

/* The filters in words, for people (KML balloons, layer descriptions). */
static char *
filters_in_words (const CorridorFilter *filter, guint n_shipments)
{
  g_autofree char *describe = filter ? corridor_filter_describe (filter) : g_strdup ("");
  return g_strdup_printf ("%u shipments. Filters: %s", n_shipments,
                          *describe ? describe : "none (inferred and confirmed shipments)");
}

typedef enum { OGR_OUT_GPKG, OGR_OUT_KML } OgrOut;

static char **
layer_options (OgrOut kind, const char *description)
{
  char **lco = CSLSetNameValue (NULL, "DESCRIPTION", description);
  /* Google Earth lists a layer as a <Folder>; LIBKML's default is a nested <Document>. */
  if (kind == OGR_OUT_KML)
    lco = CSLSetNameValue (lco, "FOLDER", "YES");
  return lco;
}

static gboolean
write_ogr (OgrOut kind, GPtrArray *shipments, GHashTable *routes, const CorridorFilter *filter,
           const char *case_path, const char *path, GError **error)
{
  if (!check_output_path (path, error))
    return FALSE;
  ensure_gdal ();

  const char *driver_name = kind == OGR_OUT_GPKG ? "GPKG" : "LIBKML";
  g_autofree char *tmp = temp_sibling (path, kind == OGR_OUT_GPKG ? "gpkg" : "kml");
  g_autofree char *words = filters_in_words (filter, shipments->len);
  g_autofree char *json = corridor_export_filters_json (filter, case_path, shipments->len);
  g_autoptr(GString) failures = g_string_new (NULL);
  OgrErrors errs = { failures, FALSE };
  OGRSpatialReferenceH srs = NULL;
  GDALDatasetH ds = NULL;
  g_autoptr(GArray) ports = collect_ports (shipments);
  g_autoptr(GArray) corridors = NULL;
  const char *stage = "create";
  gboolean ok = FALSE;

  CPLPushErrorHandlerEx (collect_gdal_error, &errs);
  GDALDriverH driver = GDALGetDriverByName (driver_name);
  if (driver == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "cannot write %s: GDAL lacks the %s driver",
                   path, driver_name);
      CPLPopErrorHandler ();
      return FALSE;
    }

  char **dsco = NULL;
  if (kind == OGR_OUT_KML)
    {
      g_autofree char *case_name = case_path ? g_path_get_basename (case_path) : NULL;
      g_autofree char *doc_name = g_strdup_printf ("Corridor export%s%s", case_name ? ": " : "",
                                                   case_name ? case_name : "");
      g_autofree char *description = g_strdup_printf ("%s\n%s", words, json);
      dsco = CSLSetNameValue (dsco, "NAME", doc_name);
      dsco = CSLSetNameValue (dsco, "DESCRIPTION", description);
    }
  ds = GDALCreate (driver, tmp, 0, 0, 0, GDT_Unknown, (CSLConstList) dsco);
  CSLDestroy (dsco);
  if (ds == NULL)
    goto out;

  srs = wgs84_lonlat ();
  gboolean in_transaction = GDALDatasetStartTransaction (ds, FALSE) == OGRERR_NONE;

  /* Shipments. */
  stage = "write shipments";
  {
    char **lco = layer_options (kind, words);
    OGRLayerH layer = GDALDatasetCreateLayer (ds, kind == OGR_OUT_GPKG ? "shipments" : "Shipments", srs,
                                              wkbLineString, lco);
    CSLDestroy (lco);
    if (layer == NULL)
      goto out;
    /* LIBKML takes a Placemark's <name> from the field called "name". */
    int base = 0;
    if (kind == OGR_OUT_KML)
      {
        static const FieldSpec name_field = { "name", OFTString };
        if (!create_fields (layer, &name_field, 1, FALSE))
          goto out;
        base = 1;
      }
    if (!create_fields (layer, shipment_fields, SF_N, kind == OGR_OUT_KML))
      goto out;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
    for (guint i = 0; i < shipments->len; i++)
      {
        const CorridorShipment *s = g_ptr_array_index (shipments, i);
        if (s->n_stops < 2)
          continue;
        ShipmentFacts facts;
        shipment_facts_init (&facts, s, routes);
        OGRFeatureH f = OGR_F_Create (defn);
        set_shipment_fields (f, base, s, &facts);
        if (kind == OGR_OUT_KML)
          {
            g_autofree char *name = g_strdup_printf ("%s: %s → %s", s->id, s->stops[0].name ? s->stops[0].name : s->stops[0].locode,
                                                     s->stops[s->n_stops - 1].name ? s->stops[s->n_stops - 1].name
                                                                                   : s->stops[s->n_stops - 1].locode);
            g_autofree char *hex = outcome_hex (s->outcome);
            g_autofree char *style = g_strdup_printf ("PEN(c:%s,w:3px)", hex);
            OGR_F_SetFieldString (f, 0, name);
            OGR_F_SetStyleString (f, style);
          }
        OGR_F_SetGeometryDirectly (f, shipment_line (s, facts.route));
        OGRErr err = OGR_L_CreateFeature (layer, f);
        OGR_F_Destroy (f);
        shipment_facts_clear (&facts);
        if (err != OGRERR_NONE)
          goto out;
      }
  }

  /* Ports. */
  stage = "write ports";
  {
    char **lco = layer_options (kind, words);
    OGRLayerH layer = GDALDatasetCreateLayer (ds, kind == OGR_OUT_GPKG ? "ports" : "Ports", srs, wkbPoint, lco);
    CSLDestroy (lco);
    if (layer == NULL || !write_ports (layer, ports))
      goto out;
  }

  /* Corridors: GeoPackage only (the KML stays shipments and ports). */
  if (kind == OGR_OUT_GPKG)
    {
      stage = "write corridors";
      corridors = collect_corridors (shipments, routes);
      char **lco = layer_options (kind, words);
      OGRLayerH layer = GDALDatasetCreateLayer (ds, "corridors", srs, wkbLineString, lco);
      CSLDestroy (lco);
      if (layer == NULL || !write_corridors (layer, corridors))
        goto out;
    }

  if (in_transaction && GDALDatasetCommitTransaction (ds) != OGRERR_NONE)
    goto out;

  if (kind == OGR_OUT_GPKG)
    {
      stage = "write metadata";
      /* GDAL keeps dataset metadata in gpkg_metadata (as its XML, scope
       * "dataset", referenced by the whole GeoPackage), which QGIS and
       * ogrinfo show. Flushing creates the metadata tables for the JSON row. */
      if (GDALSetMetadataItem (ds, "CORRIDOR_FILTERS", words, NULL) != CE_None)
        goto out;
      GDALFlushCache (ds);
      if (errs.failed)
        goto out;
      /* The filters as values: a plain JSON row of its own, which tools
       * read without knowing GDAL's XML (ogrinfo lists it as
       * GPKG_METADATA_ITEM_n). */
      char *sql = sqlite3_mprintf (
        "INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) "
        "VALUES ('dataset', '" CORRIDOR_METADATA_URI "', 'application/json', %Q)", json);
      GDALDatasetExecuteSQL (ds, sql, NULL, NULL);
      sqlite3_free (sql);
      if (errs.failed)
        goto out;
      GDALDatasetExecuteSQL (ds,
        "INSERT INTO gpkg_metadata_reference (reference_scope, table_name, column_name, row_id_value, "
        "timestamp, md_file_id, md_parent_id) VALUES ('geopackage', NULL, NULL, NULL, "
        "strftime('%Y-%m-%dT%H:%M:%fZ','now'), "
        "(SELECT max(id) FROM gpkg_metadata WHERE md_standard_uri = '" CORRIDOR_METADATA_URI "'), NULL)",
        NULL, NULL);
      if (errs.failed)
        goto out;
    }

  stage = "finish";
  GDALClose (ds);
  ds = NULL;
  ok = !errs.failed;

out:
  if (ds != NULL)
    GDALClose (ds);
  if (srs != NULL)
    OSRDestroySpatialReference (srs);
  CPLPopErrorHandler ();
  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "cannot write %s: %s", path, g_strerror (saved));
      ok = FALSE;
    }
  else if (!ok)
    {
      g_debug ("export to %s failed at: %s", path, stage);
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "cannot write %s: %s", path,
                   failures->len ? failures->str : "GDAL reported no reason");
    }
  if (!ok)
    {
      g_unlink (tmp);
      g_autofree char *journal = g_strconcat (tmp, "-journal", NULL);
      g_unlink (journal);
    }
  return ok;
}

G_MODULE_EXPORT gboolean
corridor_ogr_export_gpkg (GPtrArray *shipments, GHashTable *routes, const CorridorFilter *filter,
                      const char *case_path, const char *path, GError **error)
{
  g_return_val_if_fail (shipments != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return write_ogr (OGR_OUT_GPKG, shipments, routes, filter, case_path, path, error);
}

G_MODULE_EXPORT gboolean
corridor_ogr_export_kml (GPtrArray *shipments, GHashTable *routes, const CorridorFilter *filter,
                     const char *case_path, const char *path, GError **error)
{
  g_return_val_if_fail (shipments != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return write_ogr (OGR_OUT_KML, shipments, routes, filter, case_path, path, error);
}

#endif /* CORRIDOR_EXPORT_MODULE */

#ifndef CORRIDOR_EXPORT_MODULE
/* --- CSV --- */

void
corridor_export_csv_append_field (GString *out, const char *field)
{
  g_return_if_fail (out != NULL);
  if (field == NULL)
    return;
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
corridor_export_csv_sidecar_path (const char *csv_path)
{
  g_return_val_if_fail (csv_path != NULL, NULL);
  gsize len = strlen (csv_path);
  g_autofree char *base = g_path_get_basename (csv_path);
  /* "x.csv" -> "x.json", but ".csv" alone has no stem to keep. */
  if (len > 4 && strlen (base) > 4 && g_ascii_strcasecmp (csv_path + len - 4, ".csv") == 0)
    return g_strdup_printf ("%.*s.json", (int) (len - 4), csv_path);
  return g_strconcat (csv_path, ".json", NULL);
}

static void
append_number (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!isnan (value))
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

static const char *const csv_header[] = {
  "id", "origin_locode", "origin_name", "origin_lat", "origin_lon", "transit", "destination_locode",
  "destination_name", "destination_lat", "destination_lon", "departed", "arrived", "quantity_kg",
  "containers", "vessel_name", "vessel_imo", "concealment", "outcome", "actors", "confidence", "status",
  "evidence", "route", "length_nm",
};

gboolean
corridor_export_csv (GPtrArray *shipments, GHashTable *routes, const CorridorFilter *filter,
                     const char *case_path, const char *path, GError **error)
{
  g_return_val_if_fail (shipments != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_output_path (path, error))
    return FALSE;
  g_autoptr(GString) out = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (csv_header); i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", csv_header[i]);
  g_string_append (out, "\r\n");

  for (guint i = 0; i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      if (s->n_stops < 2)
        continue;
      const CorridorStop *o = &s->stops[0], *d = &s->stops[s->n_stops - 1];
      ShipmentFacts facts;
      shipment_facts_init (&facts, s, routes);
      /* Coordinates to ~1 cm, as in the GeoJSON. */
      double olat = round (o->lat * 1e7) / 1e7, olon = round (o->lon * 1e7) / 1e7;
      double dlat = round (d->lat * 1e7) / 1e7, dlon = round (d->lon * 1e7) / 1e7;
#define FIELD(v) do { corridor_export_csv_append_field (out, (v)); g_string_append_c (out, ','); } while (0)
#define NUMBER(v) do { append_number (out, (v)); g_string_append_c (out, ','); } while (0)
      FIELD (s->id);
      FIELD (o->locode);
      FIELD (o->name);
      NUMBER (olat);
      NUMBER (olon);
      FIELD (facts.transit);
      FIELD (d->locode);
      FIELD (d->name);
      NUMBER (dlat);
      NUMBER (dlon);
      FIELD (s->departed);
      FIELD (s->arrived);
      NUMBER (s->quantity_kg);
      FIELD (facts.containers);
      FIELD (s->vessel_name);
      FIELD (s->vessel_imo);
      FIELD (s->concealment);
      FIELD (corridor_outcome_to_string (s->outcome));
      FIELD (facts.actors);
      NUMBER (s->confidence);
      FIELD (corridor_status_to_string (s->status));
      FIELD (facts.evidence);
      FIELD (facts.route ? "sea" : "straight");
#undef FIELD
#undef NUMBER
      append_number (out, facts.length_nm);
      g_string_append (out, "\r\n");
      shipment_facts_clear (&facts);
    }

  g_autofree char *sidecar = corridor_export_csv_sidecar_path (path);
  g_autofree char *json = corridor_export_filters_json (filter, case_path, shipments->len);
  g_autoptr(GError) local = NULL;
  if (!g_file_set_contents (path, out->str, out->len, &local) ||
      !g_file_set_contents (sidecar, json, -1, &local))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "cannot write %s: %s", path, local->message);
      return FALSE;
    }
  return TRUE;
}

/* --- loading the GDAL module --- */

/* GDAL brings some 130 shared libraries with it; linked into every
 * `corridor` process they cost ~100 ms at each start. So the GeoPackage
 * and KML writers live in a module (libcorridor-ogr.so) loaded on first
 * use: $CORRIDOR_MODULE_DIR, else the installed folder, else the build
 * tree. */
typedef gboolean (*OgrExportFunc) (GPtrArray *, GHashTable *, const CorridorFilter *, const char *,
                                   const char *, GError **);

static GModule *
ogr_module (GError **error)
{
  static GMutex lock;
  static GModule *module;
  static char *failure;
  g_mutex_lock (&lock);
  if (module == NULL && failure == NULL)
    {
      const char *env = g_getenv ("CORRIDOR_MODULE_DIR");
      const char *dirs[] = { env && *env ? env : NULL, CORRIDOR_MODULE_DIR, CORRIDOR_BUILD_MODULE_DIR };
      g_autoptr(GString) tried = g_string_new (NULL);
      for (guint i = 0; i < G_N_ELEMENTS (dirs) && module == NULL; i++)
        {
          if (dirs[i] == NULL)
            continue;
          g_autofree char *path = g_build_filename (dirs[i], "libcorridor-ogr.so", NULL);
          if (!g_file_test (path, G_FILE_TEST_EXISTS))
            continue;
          module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
          if (module == NULL)
            g_string_append_printf (tried, "%s: %s; ", path, g_module_error ());
        }
      if (module == NULL)
        failure = g_strdup_printf ("The GeoPackage/KML writer (libcorridor-ogr.so) is not installed%s%s",
                                   tried->len ? ": " : "", tried->str);
    }
  GModule *result = module;
  if (result == NULL)
    g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s", failure);
  g_mutex_unlock (&lock);
  return result;
}

static gboolean
call_ogr (const char *symbol, GPtrArray *shipments, GHashTable *routes, const CorridorFilter *filter,
          const char *case_path, const char *path, GError **error)
{
  GModule *module = ogr_module (error);
  gpointer fn = NULL;
  if (module == NULL)
    return FALSE;
  if (!g_module_symbol (module, symbol, &fn) || fn == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "libcorridor-ogr.so lacks %s", symbol);
      return FALSE;
    }
  return ((OgrExportFunc) fn) (shipments, routes, filter, case_path, path, error);
}

gboolean
corridor_export_gpkg (GPtrArray *shipments, GHashTable *routes, const CorridorFilter *filter,
                      const char *case_path, const char *path, GError **error)
{
  g_return_val_if_fail (shipments != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  return call_ogr ("corridor_ogr_export_gpkg", shipments, routes, filter, case_path, path, error);
}

gboolean
corridor_export_kml (GPtrArray *shipments, GHashTable *routes, const CorridorFilter *filter,
                     const char *case_path, const char *path, GError **error)
{
  g_return_val_if_fail (shipments != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  return call_ogr ("corridor_ogr_export_kml", shipments, routes, filter, case_path, path, error);
}

#endif /* !CORRIDOR_EXPORT_MODULE */
