/* corridor-text.h: text normalisation shared by the gazetteer, filters and
 * extraction: case- and accent-insensitive keys for matching names; and
 * display text with invisible control characters made visible. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A matching key: NFKD-decomposed, combining marks dropped, casefolded,
 * punctuation and runs of spaces folded to a single space, trimmed.
 * "  Antuérpia " -> "antuerpia", "Gdańsk" -> "gdansk". Invalid UTF-8 gives "". */
char *corridor_text_key (const char *text);

/* @text for display to an analyst, with every invisible formatting or control
 * character replaced by a visible mark, so that a bidi override cannot
 * reorder a port name or handle unseen and a zero-width character cannot
 * split one: U+202E becomes "⟦RLO⟧", U+200B "⟦ZWSP⟧", BEL "⟦U+0007⟧". Named
 * marks: LRE RLE PDF LRO RLO LRI RLI FSI PDI LRM RLM ALM ZWSP ZWNJ ZWJ WJ
 * BOM SHY LS PS; any other Cc/Cf character (and the invisible Hangul
 * fillers) gets its code point. A ZWJ joining two emoji stays, as it only
 * forms the emoji. With @multiline, "\n" and "\t" stay (message bodies);
 * without, they are marked too (handles, port names). Invalid UTF-8 bytes
 * become "⟦0xNN⟧", so the result is always valid UTF-8. NULL gives "". */
char *corridor_text_reveal_controls (const char *text, gboolean multiline);

G_END_DECLS
