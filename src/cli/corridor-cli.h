/* corridor-cli.h: the headless command line (FORMATS.md §4). Each
 * subcommand lives in its own file and calls the same core and render
 * functions as the GUI. Exit codes: 0 success, 1 user error, 2 bad usage. */
#pragma once

#include <glib.h>
#include "corridor-filter.h"
#include "corridor-store.h"

G_BEGIN_DECLS

enum {
  CORRIDOR_EXIT_OK = 0,
  CORRIDOR_EXIT_USER = 1,
  CORRIDOR_EXIT_USAGE = 2,
};

/* TRUE when @word names a subcommand (so `corridor WORD …` is headless). */
gboolean corridor_cli_is_command (const char *word);
/* Runs `corridor SUBCOMMAND …`; argv[1] is the subcommand. */
int      corridor_cli_main       (int argc, char **argv);

/* Shared FILTERS options (FORMATS.md §4). Add the entries to a context with
 * corridor_cli_filter_options(), then build the filter after parsing. */
typedef struct {
  char  **ports;
  char   *from;
  char   *to;
  char  **actors;
  char  **roles;
  double  min_confidence;
  char  **statuses;
} CorridorCliFilterArgs;

GOptionGroup   *corridor_cli_filter_group  (CorridorCliFilterArgs *args);
void            corridor_cli_filter_args_clear (CorridorCliFilterArgs *args);
/* Resolves port names against the case and the gazetteer. A bad value is a
 * usage error (*out_exit = 2) or an unknown port a user error (1). */
CorridorFilter *corridor_cli_build_filter  (CorridorCliFilterArgs *args, CorridorStore *store,
                                            int *out_exit, GError **error);

/* Opens the case (never creating it) and builds the filter; prints what went
 * wrong and returns the exit status, or CORRIDOR_EXIT_OK with both set. */
int             corridor_cli_open (const char *command, const char *path, CorridorStoreOpenFlags flags,
                                   CorridorCliFilterArgs *fargs, CorridorStore **out_store,
                                   CorridorFilter **out_filter);
/* Records an output (export, brief) in the case's audit log. */
gboolean        corridor_cli_audit (CorridorStore *store, const char *action, const char *object,
                                    const char *format, guint n_shipments,
                                    const CorridorFilter *filter, GError **error);

/* Prints "corridor: MESSAGE" to stderr. */
void            corridor_cli_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

int corridor_cli_demo   (int argc, char **argv);
int corridor_cli_render (int argc, char **argv);
int corridor_cli_export (int argc, char **argv);
int corridor_cli_brief  (int argc, char **argv);
int corridor_cli_import (int argc, char **argv);
int corridor_cli_infer     (int argc, char **argv);
int corridor_cli_shipments (int argc, char **argv);
int corridor_cli_actors    (int argc, char **argv);
int corridor_cli_messages  (int argc, char **argv);
int corridor_cli_review    (int argc, char **argv);
/* `corridor audit` (corridor_cli_audit() above records an entry). */
int corridor_cli_audit_main (int argc, char **argv);

G_END_DECLS
