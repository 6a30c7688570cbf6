/* fuzz-common.c: process setup shared by the libFuzzer targets. The scratch
 * folder is removed at a normal exit; after a crash libFuzzer leaves by
 * _Exit, so a crashed run may leave one small folder in /dev/shm or /tmp. */
#include "fuzz-common.h"
#include "corridor-config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

static char *scratch_dir;

static void
remove_scratch (void)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (scratch_dir == NULL)
    return;
  d = g_dir_open (scratch_dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (scratch_dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (scratch_dir);
}

void
fuzz_setup (void)
{
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && access ("/dev/shm", W_OK) == 0
                     ? "/dev/shm" : g_get_tmp_dir ();
  char *tmpl;

  if (scratch_dir != NULL)
    return;
  /* The lexicons, gazetteer and lane data come from the source tree. */
  g_setenv ("CORRIDOR_MAPS_DIR", CORRIDOR_SOURCE_MAPS_DIR, FALSE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  tmpl = g_build_filename (base, "corridor-fuzz-XXXXXX", NULL);
  if (g_mkdtemp (tmpl) == NULL)
    fuzz_fail ("cannot make a scratch folder in %s: %s", base, g_strerror (errno));
  scratch_dir = tmpl;
  atexit (remove_scratch);
}

const char *
fuzz_dir (void)
{
  return scratch_dir;
}

char *
fuzz_path (const char *name)
{
  return g_build_filename (scratch_dir, name, NULL);
}

void
fuzz_write_file (const char *path, const void *data, size_t size)
{
  const char *p = data;
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  if (fd < 0)
    fuzz_fail ("cannot write %s: %s", path, g_strerror (errno));
  while (size > 0)
    {
      ssize_t n = write (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        fuzz_fail ("cannot write %s: %s", path, g_strerror (errno));
      p += n;
      size -= (size_t) n;
    }
  close (fd);
}

void
fuzz_remove (const char *path)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    fuzz_fail ("cannot remove %s: %s", path, g_strerror (errno));
}

void
fuzz_fail (const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  fputs ("fuzz: ", stderr);
  vfprintf (stderr, format, ap);
  fputc ('\n', stderr);
  va_end (ap);
  abort ();
}
