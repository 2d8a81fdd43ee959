#ifndef PERIN_CLIBICAL_SHIM_H
#define PERIN_CLIBICAL_SHIM_H
#include <libical/ical.h>

/* icalerrno is a macro over a per-thread slot; Swift cannot use the macro itself. */
static inline icalerrorenum perin_icalerrno(void) { return *icalerrno_return(); }
static inline void perin_icalerrno_clear(void) { *icalerrno_return() = ICAL_NO_ERROR; }

/* The default error handling may abort(); make every libical error a returned value. */
static inline void perin_ical_errors_not_fatal(void) { icalerror_set_errors_are_fatal(0); }

#endif
