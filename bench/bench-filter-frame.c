/* bench-filter-frame.c: how long a filter change takes to reach the
 * screen. Writes a case of 10,000 shipments (bench-shipments.h), opens it
 * in a real CorridorWindow (run it under Xvfb), then changes one filter
 * action at a time — win.filter-port BEANR / NLRTM / none and from/to
 * dates, shifting a year each round — and times each from the action
 * change to the end of the first frame the map view paints after the
 * window's "scene-changed" (a full render, corridor_map_view_get_render_count,
 * then the frame clock's "after-paint"). Prints the median and p95 in ms.
 * With the `corridor` binary as argument it also times, whole process,
 * `corridor shipments CASE` with the filters each step left (--port, --from,
 * --to), as the peer figure the GUI is compared with.
 *   bench-filter-frame [CORRIDOR_BIN] [--runs N] [--shipments N] */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "corridor-application.h"
#include "corridor-window.h"
#include "corridor-map-view.h"
#include "bench-shipments.h"

#define TARGET_MS 100.0

typedef struct {
  CorridorWindow  *window;
  CorridorMapView *view;
  gboolean         waiting;      /* a change is being timed */
  gboolean         scene_seen;   /* "scene-changed" came for it */
  guint            renders_at_scene;
  gint64           start;        /* when the action changed */
  gint64           scene;        /* when "scene-changed" came */
  gint64           end;          /* when its frame was painted; 0 until then */
} Probe;

static void
on_scene_changed (CorridorWindow *window, Probe *probe)
{
  if (!probe->waiting)
    return;
  probe->scene_seen = TRUE;
  probe->scene = g_get_monotonic_time ();
  probe->renders_at_scene = corridor_map_view_get_render_count (probe->view);
}

static void
on_after_paint (GdkFrameClock *clock, Probe *probe)
{
  if (probe->waiting && probe->scene_seen && probe->end == 0
      && corridor_map_view_get_render_count (probe->view) > probe->renders_at_scene)
    probe->end = g_get_monotonic_time ();
}

static gboolean
wait_for (gboolean (*done) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static gboolean
case_shown (gpointer data)
{
  Probe *probe = data;
  return !corridor_window_get_busy (probe->window)
         && corridor_window_get_store (probe->window) != NULL
         && corridor_map_view_get_render_count (probe->view) > 0;
}

static gboolean
frame_painted (gpointer data)
{
  return ((Probe *) data)->end != 0;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The value below which @p of the sorted @v lie (nearest rank). */
static double
percentile (const double *v, guint n, double p)
{
  guint rank = (guint) ceil (p * n);
  return v[CLAMP (rank, 1, n) - 1];
}

/* One step of the sequence: a single filter action changed. Every seventh
 * step a round ends with no filter, and the next round's dates move on a
 * year. */
static void
apply_step (GActionGroup *group, guint step)
{
  guint year = 2011 + (step / 7) % 10;
  g_autofree char *from = g_strdup_printf ("%u-01-01", year);
  g_autofree char *to = g_strdup_printf ("%u-06-30", year + 1);
  const char *beanr[] = { "BEANR", NULL }, *nlrtm[] = { "NLRTM", NULL };

  switch (step % 7)
    {
    case 0:
      g_action_group_change_action_state (group, "filter-port", g_variant_new_strv (beanr, -1));
      break;
    case 1:
      g_action_group_change_action_state (group, "filter-from", g_variant_new_string (from));
      break;
    case 2:
      g_action_group_change_action_state (group, "filter-port", g_variant_new_strv (nlrtm, -1));
      break;
    case 3:
      g_action_group_change_action_state (group, "filter-to", g_variant_new_string (to));
      break;
    case 4:
      g_action_group_change_action_state (group, "filter-port", g_variant_new_strv (NULL, 0));
      break;
    case 5:
      g_action_group_change_action_state (group, "filter-from", g_variant_new_string (""));
      break;
    default:
      g_action_group_change_action_state (group, "filter-to", g_variant_new_string (""));
      break;
    }
}

/* `corridor shipments CASE` with the filter @filter describes. */
static GPtrArray *
cli_argv (const char *corridor, const char *path, const CorridorFilter *filter)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (args, g_strdup (corridor));
  g_ptr_array_add (args, g_strdup ("shipments"));
  g_ptr_array_add (args, g_strdup (path));
  for (guint i = 0; i < filter->ports->len; i++)
    {
      g_ptr_array_add (args, g_strdup ("--port"));
      g_ptr_array_add (args, g_strdup (g_ptr_array_index (filter->ports, i)));
    }
  if (filter->from != NULL)
    {
      g_ptr_array_add (args, g_strdup ("--from"));
      g_ptr_array_add (args, g_strdup (filter->from));
    }
  if (filter->to != NULL)
    {
      g_ptr_array_add (args, g_strdup ("--to"));
      g_ptr_array_add (args, g_strdup (filter->to));
    }
  g_ptr_array_add (args, NULL);
  return args;
}

static double
run_cli (GPtrArray *args)
{
  g_autoptr (GError) error = NULL;
  int status = 0;
  gint64 t0 = g_get_monotonic_time ();

  if (!g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "bench-filter-frame: corridor shipments: %s\n", error->message);
      exit (1);
    }
  return (g_get_monotonic_time () - t0) / 1000.0;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  const char *corridor = NULL;
  guint runs = 50, n_shipments = 10000;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--runs") && i + 1 < argc)
        runs = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--shipments") && i + 1 < argc)
        n_shipments = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else
        corridor = argv[i];
    }
  if (runs == 0 || n_shipments == 0)
    {
      fprintf (stderr, "usage: bench-filter-frame [CORRIDOR_BIN] [--runs N] [--shipments N]\n");
      return 2;
    }
  /* The analyst's settings are not the benchmark's. */
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  if (!gtk_init_check ())
    {
      fprintf (stderr, "bench-filter-frame: no display; run under xvfb-run\n");
      return 77;
    }

  g_autofree char *dir = g_dir_make_tmp ("bench-filter-frame-XXXXXX", &error);
  g_autofree char *path = dir ? g_build_filename (dir, "filters.corridor", NULL) : NULL;
  if (dir == NULL)
    {
      fprintf (stderr, "bench-filter-frame: %s\n", error->message);
      return 1;
    }
  {
    g_autoptr (CorridorStore) store = corridor_store_open (path, CORRIDOR_STORE_OPEN_CREATE, &error);
    if (store == NULL || !bench_write_shipments (store, n_shipments, &error))
      {
        fprintf (stderr, "bench-filter-frame: %s\n", error->message);
        return 1;
      }
  }

  g_autoptr (CorridorApplication) app = corridor_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      fprintf (stderr, "bench-filter-frame: %s\n", error->message);
      return 1;
    }
  g_application_activate (G_APPLICATION (app));
  Probe probe = { 0 };
  probe.window = CORRIDOR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  probe.view = corridor_window_get_map_view (probe.window);
  wait_for (is_mapped, probe.window, 10000);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  corridor_window_open_case (probe.window, file);
  if (!wait_for (case_shown, &probe, 120000))
    {
      fprintf (stderr, "bench-filter-frame: the case did not open\n");
      return 1;
    }
  g_signal_connect (probe.window, "scene-changed", G_CALLBACK (on_scene_changed), &probe);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (probe.view));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &probe);

  GActionGroup *group = G_ACTION_GROUP (probe.window);
  g_autofree double *ms = g_new (double, runs);
  g_autofree double *to_scene = g_new (double, runs);
  g_autofree double *to_frame = g_new (double, runs);
  g_autoptr (GPtrArray) cli_steps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  guint shown_min = G_MAXUINT, shown_max = 0;
  for (guint i = 0; i < runs; i++)
    {
      probe.waiting = TRUE;
      probe.scene_seen = FALSE;
      probe.end = 0;
      probe.start = g_get_monotonic_time ();
      apply_step (group, i);
      if (!wait_for (frame_painted, &probe, 30000))
        {
          fprintf (stderr, "bench-filter-frame: step %u drew no frame\n", i);
          return 1;
        }
      probe.waiting = FALSE;
      ms[i] = (probe.end - probe.start) / 1000.0;
      to_scene[i] = (probe.scene - probe.start) / 1000.0;
      to_frame[i] = (probe.end - probe.scene) / 1000.0;
      guint shown = corridor_window_get_shipments (probe.window)->len;
      shown_min = MIN (shown_min, shown);
      shown_max = MAX (shown_max, shown);
      if (g_getenv ("BENCH_VERBOSE") != NULL)
        printf ("  step %u: %u shown, %.1f ms (%.1f to scene-changed, %.1f to frame)\n",
                i, shown, ms[i], to_scene[i], to_frame[i]);
      if (corridor != NULL && cli_steps->len < 14)
        g_ptr_array_add (cli_steps, cli_argv (corridor, path, corridor_window_get_filter (probe.window)));
    }

  g_autofree double *sorted = g_memdup2 (ms, sizeof (double) * runs);
  qsort (sorted, runs, sizeof (double), compare_doubles);
  double median = percentile (sorted, runs, 0.5), p95 = percentile (sorted, runs, 0.95);
  printf ("filter change -> map frame, %u shipments, %u changes (%u–%u shown): "
          "median %.1f ms, p95 %.1f ms, max %.1f ms (target ≤ %.0f ms: %s)\n",
          n_shipments, runs, shown_min, shown_max, median, p95, sorted[runs - 1], TARGET_MS,
          p95 <= TARGET_MS ? "met" : "NOT met");
  /* Where it goes: reading the shipments (worker) and handing them to the
   * views, then the render and paint. */
  qsort (to_scene, runs, sizeof (double), compare_doubles);
  qsort (to_frame, runs, sizeof (double), compare_doubles);
  printf ("  of which: change -> \"scene-changed\" median %.1f ms (p95 %.1f); "
          "\"scene-changed\" -> painted median %.1f ms (p95 %.1f)\n",
          percentile (to_scene, runs, 0.5), percentile (to_scene, runs, 0.95),
          percentile (to_frame, runs, 0.5), percentile (to_frame, runs, 0.95));

  if (corridor != NULL && cli_steps->len > 0)
    {
      /* Each step's filter once as a warm-up, then three rounds. */
      g_autoptr (GArray) cli = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 0; i < cli_steps->len; i++)
        run_cli (g_ptr_array_index (cli_steps, i));
      for (guint round = 0; round < 3; round++)
        for (guint i = 0; i < cli_steps->len; i++)
          {
            double t = run_cli (g_ptr_array_index (cli_steps, i));
            g_array_append_val (cli, t);
          }
      g_array_sort (cli, compare_doubles);
      double cli_median = percentile ((double *) cli->data, cli->len, 0.5);
      double cli_p95 = percentile ((double *) cli->data, cli->len, 0.95);
      printf ("peer: corridor shipments with the same filters, whole process, %u runs: "
              "median %.1f ms, p95 %.1f ms\n", cli->len, cli_median, cli_p95);
      printf ("ratio GUI frame / CLI process (medians): %.2f\n", median / cli_median);
    }
  else
    printf ("(no corridor binary given: the CLI peer figure is skipped)\n");

  gtk_window_destroy (GTK_WINDOW (probe.window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL };
       *suffix != NULL; suffix++)
    {
      g_autofree char *side = g_strconcat (path, *suffix, NULL);
      g_unlink (side);
    }
  g_rmdir (dir);
  return 0;
}
