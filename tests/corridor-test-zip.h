/* corridor-test-zip.h: writes the ZIP fixtures (UFDRs, WhatsApp exports,
 * zip bombs) inside the tests with libarchive, so no binary fixture is kept
 * in the tree and every hostile shape is built on purpose. */
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>

typedef struct {
  const char *name;
  const char *data;
  gsize       len;
} CorridorTestZipEntry;

G_GNUC_UNUSED static struct archive *
corridor_test_zip_open (const char *path)
{
  struct archive *a = archive_write_new ();

  g_assert_cmpint (archive_write_set_format_zip (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  return a;
}

/* Starts an entry of @size bytes; the caller writes them with
 * archive_write_data. (The ZIP writer keeps its own copy of the header.) */
G_GNUC_UNUSED static void
corridor_test_zip_begin (struct archive *a, const char *name, gint64 size)
{
  struct archive_entry *e = archive_entry_new ();

  archive_entry_set_pathname (e, name);
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0644);
  archive_entry_set_size (e, (la_int64_t) size);
  g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
  archive_entry_free (e);
}

G_GNUC_UNUSED static void
corridor_test_zip_add (struct archive *a, const char *name, const void *data, gsize len)
{
  corridor_test_zip_begin (a, name, (gint64) len);
  g_assert_cmpint (archive_write_data (a, data, len), ==, (la_ssize_t) len);
}

/* An entry of @len seeded random bytes: media that does not compress, so a
 * bomb beside it hides in a plausible overall ratio. */
G_GNUC_UNUSED static void
corridor_test_zip_add_noise (struct archive *a, const char *name, gsize len)
{
  g_autofree guint32 *noise = g_new (guint32, len / 4 + 1);
  GRand *rand = g_rand_new_with_seed (7);

  for (gsize i = 0; i < len / 4 + 1; i++)
    noise[i] = g_rand_int (rand);
  g_rand_free (rand);
  corridor_test_zip_add (a, name, noise, len);
}

G_GNUC_UNUSED static void
corridor_test_zip_close (struct archive *a)
{
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

/* Writes a ZIP holding @entries at @path. */
G_GNUC_UNUSED static void
corridor_test_zip_write (const char *path, const CorridorTestZipEntry *entries, guint n)
{
  struct archive *a = corridor_test_zip_open (path);

  for (guint i = 0; i < n; i++)
    corridor_test_zip_add (a, entries[i].name, entries[i].data, entries[i].len);
  corridor_test_zip_close (a);
}
