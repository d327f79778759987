#include <avr/interrupt.h>
#include <util/atomic.h>
#include "config.h"
#include "clock.h"
#include "buttons.h"

static volatile uint32_t ms;
static volatile uint32_t seconds;
static volatile uint16_t ms_in_second;

void clock_init(void) {
  /* CTC mode, clk/64, 250 counts: 16 MHz / 64 / 250 = 1 kHz */
  TCCR0A = _BV(WGM01);
  TCCR0B = _BV(CS01) | _BV(CS00);
  OCR0A = (F_CPU / 64 / 1000) - 1;
  TIMSK0 = _BV(OCIE0A);
}

ISR(TIMER0_COMPA_vect) {
  ms++;
  if (++ms_in_second == 1000) {
    ms_in_second = 0;
    seconds++;
  }
  buttons_sample();
}

uint32_t clock_ms(void) {
  uint32_t v;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) { v = ms; }
  return v;
}

/* seconds since power-on, kept apart from the millisecond count so it does not wrap after 49 days */
uint32_t clock_uptime_s(void) {
  uint32_t v;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) { v = seconds; }
  return v;
}
