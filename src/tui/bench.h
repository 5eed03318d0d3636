/* bench.h - VIGIL_TUI_BENCH=MRN: times loading and drawing the board and
 * opening one patient, on a virtual 80x24 screen, and prints the figures. */
#ifndef VIGIL_TUI_BENCH_H
#define VIGIL_TUI_BENCH_H

#include "view.h"

int tui_bench(struct tui *t, const char *mrn);

#endif
