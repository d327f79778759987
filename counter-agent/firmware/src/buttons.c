/*
 * Debounce: a press is a falling edge confirmed by PRESS_CONFIRM_MS of stable low level, so it answers a few
 * milliseconds after the finger lands; the button must then read released for RELEASE_CONFIRM_MS before it can
 * make another press, so chatter on either edge never makes a second one.
 */
#include <util/atomic.h>
#include "config.h"
#include "pins.h"
#include "buttons.h"

static uint8_t held;                  /* bit set: the button is in a confirmed press */
static uint8_t last_raw;              /* bit set: the pin read low at the last sample */
static uint8_t stable_ms[MAX_BUTTONS]; /* samples the raw level has kept, saturating */
static volatile uint8_t confirmed;     /* presses not yet taken by the main loop */

void buttons_init(void) {
  BUTTON_DDR &= (uint8_t)~BUTTON_MASK;
  BUTTON_PORT |= BUTTON_MASK; /* pull-ups: a pressed button reads low */
}

void buttons_sample(void) {
  uint8_t low = (uint8_t)(~BUTTON_PIN & BUTTON_MASK) >> BUTTON_FIRST_BIT;
  for (uint8_t i = 0; i < MAX_BUTTONS; i++) {
    uint8_t bit = (uint8_t)(1u << i);
    if ((low ^ last_raw) & bit) {
      stable_ms[i] = 0;
      last_raw ^= bit;
    } else if (stable_ms[i] < 255) {
      stable_ms[i]++;
    }
    if (!(held & bit) && (low & bit) && stable_ms[i] + 1 >= PRESS_CONFIRM_MS) {
      held |= bit;
      confirmed |= bit;
    } else if ((held & bit) && !(low & bit) && stable_ms[i] + 1 >= RELEASE_CONFIRM_MS) {
      held &= (uint8_t)~bit;
    }
  }
}

uint8_t buttons_take(void) {
  uint8_t v;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    v = confirmed;
    confirmed = 0;
  }
  return v;
}

uint8_t buttons_pending(void) { return confirmed; }
