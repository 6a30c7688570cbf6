/* corridor-json-writer.h: compact JSON written straight into a string, for
 * outputs too large to build as a json-glib tree first (`corridor shipments`
 * on a large case spent a quarter of its time building and freeing the
 * tree). The calls mirror JsonBuilder's; the writer places commas and
 * colons. Doubles print in the shortest form that reads back to the same
 * value, strings are escaped as RFC 8259 requires. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CorridorJsonWriter CorridorJsonWriter;

CorridorJsonWriter *corridor_json_writer_new          (void);
void                corridor_json_writer_free         (CorridorJsonWriter *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorJsonWriter, corridor_json_writer_free)

void corridor_json_writer_begin_object (CorridorJsonWriter *w);
void corridor_json_writer_end_object   (CorridorJsonWriter *w);
void corridor_json_writer_begin_array  (CorridorJsonWriter *w);
void corridor_json_writer_end_array    (CorridorJsonWriter *w);
/* The next value is member @name of the enclosing object. */
void corridor_json_writer_member       (CorridorJsonWriter *w, const char *name);
/* @value NULL writes null. */
void corridor_json_writer_string       (CorridorJsonWriter *w, const char *value);
void corridor_json_writer_null         (CorridorJsonWriter *w);
void corridor_json_writer_int          (CorridorJsonWriter *w, gint64 value);
/* A NaN or infinity, which JSON cannot say, writes null. */
void corridor_json_writer_double       (CorridorJsonWriter *w, double value);

/* The text written so far; the writer is left empty. */
char *corridor_json_writer_steal       (CorridorJsonWriter *w, gsize *out_len);

G_END_DECLS
