#ifndef CLOCK_H
#define CLOCK_H
#include <stdint.h>

/* Timer0 ticks every millisecond; each tick also samples the buttons. */
void clock_init(void);
uint32_t clock_ms(void);
uint32_t clock_uptime_s(void);
/* true when a time stamp set with clock_ms() has been reached (wrap-safe) */
#define CLOCK_REACHED(now, at) ((int32_t)((now) - (at)) >= 0)

#endif
