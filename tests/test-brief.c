/* test-brief.c: `corridor brief` as analysts receive it, checked with
 * poppler's tools: page size and count (pdfinfo), embedded fonts
 * (pdffonts), searchable text with the title, the marking on every page,
 * legend labels, port names and table rows (pdftotext), the map where it
 * belongs (pdftoppm at 50 dpi), the table continuing across pages, atlas
 * pages, byte-for-byte reproducibility with --date, the audit log, and the
 * A4 size limit. Skips cleanly when poppler-utils is missing. */
#include "corridor-store.h"

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static char *tmpdir, *demo_case;

static int
run_argv (const char *const *argv, char **out)
{
  int status = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, out, NULL, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static int
brief (const char *out, const char *const *extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) g_getenv ("CORRIDOR_BIN"));
  g_ptr_array_add (argv, "brief");
  g_ptr_array_add (argv, demo_case);
  g_ptr_array_add (argv, "-o");
  g_ptr_array_add (argv, (gpointer) out);
  for (guint i = 0; extra && extra[i]; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);
  return run_argv ((const char *const *) argv->pdata, NULL);
}

static char *
tool (const char *name, const char *a1, const char *a2, const char *a3, const char *a4, const char *a5)
{
  const char *argv[] = { name, a1, a2, a3, a4, a5, NULL };
  char *out = NULL;
  g_assert_cmpint (run_argv (argv, &out), ==, 0);
  return out;
}

static gboolean
have_poppler (void)
{
  g_autofree char *p = g_find_program_in_path ("pdftotext");
  g_autofree char *q = g_find_program_in_path ("pdfinfo");
  if (p && q)
    return TRUE;
  g_test_skip ("poppler-utils (pdfinfo, pdftotext, pdffonts, pdftoppm) not installed");
  return FALSE;
}

static guint
count (const char *hay, const char *needle)
{
  guint n = 0;
  for (const char *p = hay; (p = strstr (p, needle)); p += strlen (needle))
    n++;
  return n;
}

static guint
pages_of (const char *info)
{
  const char *p = strstr (info, "Pages:");
  g_assert_nonnull (p);
  return (guint) g_ascii_strtoull (p + 6 + strspn (p + 6, " "), NULL, 10);
}

static void
test_a4_landscape (void)
{
  if (!have_poppler ())
    return;
  g_autofree char *pdf = g_build_filename (tmpdir, "brief.pdf", NULL);
  const char *extra[] = { "--title", "Operation Lighthouse", "--marking", "EU RESTRICTED", "--date", "2024-05-01", NULL };
  g_autoptr(CorridorStore) before = corridor_store_open (demo_case, CORRIDOR_STORE_OPEN_READ_ONLY, NULL);
  gint64 audit0 = corridor_store_count_audit (before);
  g_clear_object (&before);
  g_assert_cmpint (brief (pdf, extra), ==, 0);

  g_autofree char *info = tool ("pdfinfo", pdf, NULL, NULL, NULL, NULL);
  g_assert_nonnull (strstr (info, "841.89 x 595.28 pts (A4)"));
  guint pages = pages_of (info);
  g_assert_cmpuint (pages, >=, 2);   /* 45 corridors do not fit page 1 */
  g_assert_nonnull (strstr (info, "Operation Lighthouse"));

  g_autofree char *fonts = tool ("pdffonts", pdf, NULL, NULL, NULL, NULL);
  /* Every font line says embedded: the "emb" column is yes. */
  g_auto(GStrv) lines = g_strsplit (fonts, "\n", -1);
  guint n_fonts = 0;
  for (guint i = 2; lines[i]; i++)
    if (lines[i][0])
      {
        n_fonts++;
        g_assert_nonnull (strstr (lines[i], " yes "));
        g_assert_null (strstr (lines[i], "Type 3"));
      }
  g_assert_cmpuint (n_fonts, >, 0);

  g_autofree char *text = tool ("pdftotext", "-layout", pdf, "-", NULL, NULL);
  g_assert_nonnull (strstr (text, "Operation Lighthouse"));
  g_assert_cmpuint (count (text, "EU RESTRICTED"), ==, 2 * pages);   /* top and bottom of every page */
  g_assert_nonnull (strstr (text, "Corridors (width: kg)"));
  g_assert_nonnull (strstr (text, "Delivered"));
  g_assert_nonnull (strstr (text, "Antwerp"));
  g_assert_nonnull (strstr (text, "Key figures"));
  g_assert_nonnull (strstr (text, "SHA-256"));
  g_assert_nonnull (strstr (text, "Generated 2024-05-01"));
  g_autofree char *last = g_strdup_printf ("Page %u of %u", pages, pages);
  g_assert_nonnull (strstr (text, last));
  /* The table: every corridor once, the totals once, on the last table page. */
  g_assert_cmpuint (count (text, "Total: "), ==, 1);
  g_assert_nonnull (strstr (text, "Top corridors (continued)"));
  g_assert_nonnull (strstr (text, "Callao"));

  /* The map where it belongs: at 50 dpi, the middle of the map box (left
   * 60% of the page below the header) is map colours, not paper white. */
  g_autofree char *prefix = g_build_filename (tmpdir, "page", NULL);
  const char *argv[] = { "pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, prefix, NULL };
  g_assert_cmpint (run_argv (argv, NULL), ==, 0);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  cairo_surface_t *img = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
  int w = cairo_image_surface_get_width (img), h = cairo_image_surface_get_height (img);
  g_assert_cmpint (abs (w - 585), <=, 2);   /* 841.89 pt at 50 dpi */
  const unsigned char *d = cairo_image_surface_get_data (img);
  int stride = cairo_image_surface_get_stride (img);
  guint not_white = 0, samples = 0;
  for (int y = (int) (h * 0.25); y < (int) (h * 0.8); y += 4)
    for (int x = (int) (w * 0.08); x < (int) (w * 0.55); x += 4, samples++)
      {
        guint32 p = *(const guint32 *) (d + (gsize) y * stride + 4 * x);
        not_white += ((p >> 16) & 0xff) < 245 || ((p >> 8) & 0xff) < 245 || (p & 0xff) < 245;
      }
  g_assert_cmpuint (not_white, >, samples * 95 / 100);
  /* The red marking banner across the top. */
  guint32 top = *(const guint32 *) (d + (gsize) (int) (28.0 / 72 * 50 + 4) * stride + 4 * (w / 2 + 40));
  g_assert_cmpint ((int) ((top >> 16) & 0xff), >, 120);
  g_assert_cmpint ((int) (top & 0xff), <, 80);
  cairo_surface_destroy (img);

  /* Size: an A4 brief with the 50m basemap stays under 2 MB. */
  GStatBuf st;
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 2 * 1024 * 1024);

  /* Audited. */
  g_autoptr(CorridorStore) after = corridor_store_open (demo_case, CORRIDOR_STORE_OPEN_READ_ONLY, NULL);
  g_assert_cmpint (corridor_store_count_audit (after), ==, audit0 + 1);
}

static void
test_reproducible (void)
{
  g_autofree char *a = g_build_filename (tmpdir, "a.pdf", NULL);
  g_autofree char *b = g_build_filename (tmpdir, "b.pdf", NULL);
  g_autofree char *c = g_build_filename (tmpdir, "c.pdf", NULL);
  const char *d1[] = { "--date", "2023-01-02", "--port", "BEANR", NULL };
  const char *d2[] = { "--date", "2023-01-03", "--port", "BEANR", NULL };
  g_assert_cmpint (brief (a, d1), ==, 0);
  g_assert_cmpint (brief (b, d1), ==, 0);
  g_assert_cmpint (brief (c, d2), ==, 0);
  g_autofree char *x = NULL, *y = NULL, *z = NULL;
  gsize lx, ly, lz;
  g_assert_true (g_file_get_contents (a, &x, &lx, NULL));
  g_assert_true (g_file_get_contents (b, &y, &ly, NULL));
  g_assert_true (g_file_get_contents (c, &z, &lz, NULL));
  g_assert_cmpuint (lx, ==, ly);
  g_assert_cmpint (memcmp (x, y, lx), ==, 0);
  g_assert_true (lx != lz || memcmp (x, z, lx) != 0);
}

static void
test_paper_and_atlas (void)
{
  if (!have_poppler ())
    return;
  g_autofree char *a3 = g_build_filename (tmpdir, "a3.pdf", NULL);
  const char *p1[] = { "--paper", "a3", "--orientation", "portrait", "--date", "2023-01-02", NULL };
  g_assert_cmpint (brief (a3, p1), ==, 0);
  g_autofree char *info = tool ("pdfinfo", a3, NULL, NULL, NULL, NULL);
  g_assert_nonnull (strstr (info, "841.89 x 1190.55 pts (A3)"));

  g_autofree char *letter = g_build_filename (tmpdir, "letter.pdf", NULL);
  const char *p2[] = { "--paper", "letter", "--date", "2023-01-02", NULL };
  g_assert_cmpint (brief (letter, p2), ==, 0);
  g_autofree char *info2 = tool ("pdfinfo", letter, NULL, NULL, NULL, NULL);
  g_assert_nonnull (strstr (info2, "792 x 612 pts (letter)"));
  guint base_pages = pages_of (info2);

  /* Atlas by corridor: one extra page per corridor in the filter. */
  g_autofree char *atlas = g_build_filename (tmpdir, "atlas.pdf", NULL);
  const char *p3[] = { "--atlas", "corridor", "--port", "Rotterdam", "--date", "2023-01-02", NULL };
  g_assert_cmpint (brief (atlas, p3), ==, 0);
  g_autofree char *text = tool ("pdftotext", atlas, "-", NULL, NULL, NULL);
  g_autofree char *info3 = tool ("pdfinfo", atlas, NULL, NULL, NULL, NULL);
  guint pages = pages_of (info3);
  guint corridor_pages = count (text, " shipments\n") + count (text, " shipment\n");
  g_assert_cmpuint (pages, >, 1);
  g_assert_nonnull (strstr (text, "Port: Rotterdam (NLRTM)"));
  g_assert_cmpuint (base_pages, >=, 1);
  g_test_message ("atlas: %u pages (%u corridor pages found in text)", pages, corridor_pages);

  /* Atlas by port: every page names its port in the title. */
  g_autofree char *ports = g_build_filename (tmpdir, "ports.pdf", NULL);
  const char *p4[] = { "--atlas", "port", "--port", "Rotterdam", "--date", "2023-01-02", NULL };
  g_assert_cmpint (brief (ports, p4), ==, 0);
  g_autofree char *ptext = tool ("pdftotext", ports, "-", NULL, NULL, NULL);
  g_assert_nonnull (strstr (ptext, "(NLRTM):"));
}

static void
test_errors (void)
{
  g_autofree char *pdf = g_build_filename (tmpdir, "x.pdf", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "x.png", NULL);
  const char *bad_paper[] = { "--paper", "a5", NULL };
  const char *bad_date[] = { "--date", "2023-02-30", NULL };
  const char *bad_atlas[] = { "--atlas", "country", NULL };
  g_assert_cmpint (brief (pdf, bad_paper), ==, 2);
  g_assert_cmpint (brief (pdf, bad_date), ==, 2);
  g_assert_cmpint (brief (pdf, bad_atlas), ==, 2);
  g_assert_cmpint (brief (png, NULL), ==, 2);
  /* A missing case is a user error and is never created. */
  g_autofree char *missing = g_build_filename (tmpdir, "missing.corridor", NULL);
  const char *argv[] = { g_getenv ("CORRIDOR_BIN"), "brief", missing, "-o", pdf, NULL };
  g_assert_cmpint (run_argv (argv, NULL), ==, 1);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("corridor-brief-XXXXXX", NULL);
  demo_case = g_build_filename (tmpdir, "demo.corridor", NULL);
  const char *demo[] = { g_getenv ("CORRIDOR_BIN"), "demo", demo_case, NULL };
  g_assert_cmpint (run_argv (demo, NULL), ==, 0);
  g_test_add_func ("/brief/a4-landscape", test_a4_landscape);
  g_test_add_func ("/brief/reproducible", test_reproducible);
  g_test_add_func ("/brief/paper-and-atlas", test_paper_and_atlas);
  g_test_add_func ("/brief/errors", test_errors);
  int ret = g_test_run ();
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
  if (system (cmd) != 0)
    g_printerr ("could not remove %s\n", tmpdir);
  return ret;
}
