#include "config.h"
#include "pins.h"
#include "clock.h"
#include "outputs.h"

static uint32_t led_until[MAX_BUTTONS];
static uint8_t led_on; /* bit n-1: LED n lit */
static uint32_t beep_until;
static uint8_t beeping;

void outputs_init(void) {
  LED_PORT &= (uint8_t)~LED_MASK;
  LED_DDR |= LED_MASK;
  BUZZER_PORT &= (uint8_t)~_BV(BUZZER_BIT);
  BUZZER_DDR |= _BV(BUZZER_BIT);
  STATUS_PORT &= (uint8_t)~_BV(STATUS_BIT);
  STATUS_DDR |= _BV(STATUS_BIT);
}

void outputs_led(uint8_t n, uint16_t ms, uint32_t now) {
  if (n < 1 || n > MAX_BUTTONS) return;
  uint8_t bit = (uint8_t)(1u << (n - 1));
  if (ms == 0) {
    led_on &= (uint8_t)~bit;
    LED_PORT &= (uint8_t)~(bit << LED_FIRST_BIT);
    return;
  }
  led_until[n - 1] = now + ms;
  led_on |= bit;
  LED_PORT |= (uint8_t)(bit << LED_FIRST_BIT);
}

void outputs_beep(uint16_t ms, uint32_t now) {
  beep_until = now + ms;
  beeping = 1;
  BUZZER_PORT |= _BV(BUZZER_BIT);
}

void outputs_status(uint8_t on) {
  if (on) STATUS_PORT |= _BV(STATUS_BIT);
  else STATUS_PORT &= (uint8_t)~_BV(STATUS_BIT);
}

void outputs_update(uint32_t now) {
  for (uint8_t i = 0; i < MAX_BUTTONS; i++) {
    uint8_t bit = (uint8_t)(1u << i);
    if ((led_on & bit) && CLOCK_REACHED(now, led_until[i])) {
      led_on &= (uint8_t)~bit;
      LED_PORT &= (uint8_t)~(bit << LED_FIRST_BIT);
    }
  }
  if (beeping && CLOCK_REACHED(now, beep_until)) {
    beeping = 0;
    BUZZER_PORT &= (uint8_t)~_BV(BUZZER_BIT);
  }
}
