/* test-gui-i18n.c: the interface follows the system locale. Run with
 * LANGUAGE=fr (on the C.UTF-8 locale, which every Debian has), the window
 * comes up in French from the build folder's compiled po/fr.po: the
 * application binds its text domain at start-up, and the header's buttons
 * and the view switcher show the French strings. */
#include <gtk/gtk.h>
#include <locale.h>
#include <glib/gi18n.h>

#include "corridor-test-gui.h"

static CorridorApplication *app;

/* Some widget under @widget whose tooltip or (for view stack pages) title
 * is @text. */
static gboolean
find_text (GtkWidget *widget, const char *text)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (g_strcmp0 (tooltip, text) == 0)
    return TRUE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_text (child, text))
      return TRUE;
  return FALSE;
}

static void
test_french (void)
{
  CorridorWindow *window = corridor_test_gui_window (app);

  /* The catalogue itself: a string from the window and one from a view. */
  g_assert_cmpstr (_("Filters"), ==, "Filtres");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Key Figures"), !=, "Key Figures");
  /* What the window shows. */
  g_assert_true (find_text (GTK_WIDGET (window), "Filtres"));
  g_assert_false (find_text (GTK_WIDGET (window), "Filters"));
  g_assert_true (find_text (GTK_WIDGET (window), "Carte"));
  corridor_test_spin (300);
  corridor_test_save_widget_png (GTK_WIDGET (window), "gui-french.png");
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;

  /* Before GTK reads the locale: French messages on the C.UTF-8 locale
   * (gettext ignores LANGUAGE only on the plain C locale). */
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_printerr ("no display; run under xvfb-run\n");
      return 77;
    }
  app = corridor_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("could not register the application: %s", error->message);

  g_test_add_func ("/gui/i18n/french", test_french);
  int ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
