/* corridor-json.h: the last step of every JSON document Corridor writes.
 * json-glib 1.6 leaves U+001F raw inside strings, which strict parsers
 * (RFC 8259) refuse; corridor_json_finish escapes it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Takes @doc (json-glib output) and returns it with every raw control
 * character below U+0020 written as \u00XX. A raw control byte can only be
 * inside a string in json-glib's output, so the rewrite is byte-level. */
char *corridor_json_finish (char *doc);

G_END_DECLS
