/* corridor-memory.c: allocator tuning (see corridor-memory.h). It does what
 * glibc's glibc.malloc.hugetlb=1 tunable does, which can only be set through
 * the environment before the process starts: reserve the main heap in one
 * large step and advise the kernel to use huge pages for it. Nothing is
 * touched here, so resident memory only grows as the heap is used. */
#include "corridor-memory.h"

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#define HEAP_RESERVE (96u * 1024 * 1024)
#define HUGE_PAGE (2u * 1024 * 1024)

void
corridor_memory_tune (void)
{
#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE)
  static gsize done = 0;
  if (!g_once_init_enter (&done))
    return;
  /* Large blocks come from the heap and freed memory stays there: map and
   * unmap churn would fault every page in again on the next frame. */
  mallopt (M_MMAP_THRESHOLD, 64 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 512 * 1024 * 1024);
  mallopt (M_TOP_PAD, HEAP_RESERVE);
  /* A block larger than the heap's free top forces one extension, which
   * M_TOP_PAD makes HEAP_RESERVE long; advise huge pages over all of it. */
  char *before = sbrk (0);
  void *probe = malloc (1024 * 1024);
  char *after = sbrk (0);
  if (probe != NULL && before != (char *) -1 && after != (char *) -1 && after > before)
    {
      guintptr lo = ((guintptr) before + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1);
      guintptr hi = (guintptr) after & ~(guintptr) (HUGE_PAGE - 1);
      if (hi > lo)
        madvise ((void *) lo, hi - lo, MADV_HUGEPAGE); /* advice only; failure is harmless */
    }
  free (probe);
  g_once_init_leave (&done, 1);
#endif
}
