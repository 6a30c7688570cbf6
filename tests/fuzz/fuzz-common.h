/* fuzz-common.h: what every libFuzzer target in tests/fuzz shares. Each
 * process gets one private scratch folder (on tmpfs when there is one) that
 * its iterations reuse; GLib warnings and criticals abort, because hostile
 * input must only ever produce a GError. */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Sets up the process once: maps folder, fatal warnings, scratch folder. */
void        fuzz_setup       (void);
/* The scratch folder, and a path inside it (owned by the caller). */
const char *fuzz_dir         (void);
char       *fuzz_path        (const char *name);
/* Replaces @path's content with @data; aborts on an I/O failure, which is
 * the machine's fault and never the input's. */
void        fuzz_write_file  (const char *path, const void *data, size_t size);
void        fuzz_remove      (const char *path);
/* A finding: prints @what and aborts, so libFuzzer keeps the input. */
G_NORETURN void fuzz_fail    (const char *format, ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
