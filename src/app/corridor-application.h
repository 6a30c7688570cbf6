/* corridor-application.h: the GUI application. `corridor` opens an empty
 * window, `corridor CASE` opens CASE and `corridor --demo` the demo case. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CORRIDOR_TYPE_APPLICATION (corridor_application_get_type ())
G_DECLARE_FINAL_TYPE (CorridorApplication, corridor_application, CORRIDOR, APPLICATION,
                      AdwApplication)

CorridorApplication *corridor_application_new (void);

G_END_DECLS
