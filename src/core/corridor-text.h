/* corridor-text.h: text normalisation shared by the gazetteer, filters and
 * extraction: case- and accent-insensitive keys for matching names. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A matching key: NFKD-decomposed, combining marks dropped, casefolded,
 * punctuation and runs of spaces folded to a single space, trimmed.
 * "  Antuérpia " -> "antuerpia", "Gdańsk" -> "gdansk". Invalid UTF-8 gives "". */
char *corridor_text_key (const char *text);

G_END_DECLS
