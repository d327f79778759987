/*
 * Rating button box, serial v1 (docs/protocols/serial-v1.md), for an ATmega328P at 16 MHz without the Arduino core.
 * The main loop never waits: it takes confirmed presses from the 1 ms tick, answers what the agent sent, sends what
 * is due when the transmit ring has room, turns LEDs off when their time is up, and sleeps until the next interrupt.
 */
#include <stdio.h>
#include <string.h>
#include <avr/interrupt.h>
#include <avr/sleep.h>
#include <avr/wdt.h>
#include "config.h"
#include "pins.h"
#include "buttons.h"
#include "clock.h"
#include "outputs.h"
#include "presses.h"
#include "sentence.h"
#include "settings.h"
#include "uart.h"

/* A reset by the watchdog leaves it running with its shortest timeout: stop it before anything else. */
void early_wdt_off(void) __attribute__((naked, used, section(".init3")));
void early_wdt_off(void) {
  MCUSR = 0;
  wdt_disable();
}

static settings_t settings;
/* what is owed to the agent, sent in this order as soon as the line has room */
static bool hello_due, beat_due, lost_due;
static uint32_t beat_at;
static uint16_t lost_reported;

/* $HELLO then at once $BEAT: the uptime tells the agent whether this box restarted ("Keeping presses") */
static void greet(void) {
  hello_due = true;
  beat_due = true;
  if (presses_lost() > 0) lost_due = true;
}

static void on_sentence(const sentence_t *s, uint32_t now) {
  const char *type = s->field[0];
  uint32_t a, b;
  if (!strcmp(type, "ACK") && s->count == 2 && sentence_uint(s->field[1], 65535, &a)) {
    uint8_t button;
    if (presses_ack((uint16_t)a, &button)) {
      outputs_led(button, THANKS_LED_MS, now); /* "cảm ơn" */
      outputs_beep(THANKS_BEEP_MS, now);
    }
  } else if (!strcmp(type, "WHO") && s->count == 1) {
    greet();
    presses_rewind();
  } else if (!strcmp(type, "LED") && s->count == 3 && sentence_uint(s->field[1], settings.buttons, &a) && a >= 1 &&
             sentence_uint(s->field[2], 10000, &b)) {
    outputs_led((uint8_t)a, (uint16_t)b, now);
  } else if (!strcmp(type, "CFG") && s->count == 3 && sentence_uint(s->field[2], MAX_BUTTONS, &b)) {
    if (settings_store(&settings, s->field[1], (uint8_t)b)) greet();
  }
  /* anything else (unknown types, bad fields) is ignored, as the contract asks */
}

static void send_due(uint32_t now) {
  char body[48];
  if (hello_due) {
    snprintf(body, sizeof body, "HELLO,%s,%s,%u", settings.serial, FIRMWARE_VERSION, settings.buttons);
    if (!sentence_send(body)) return;
    hello_due = false;
  }
  if (beat_due || CLOCK_REACHED(now, beat_at)) {
    snprintf(body, sizeof body, "BEAT,%lu", (unsigned long)clock_uptime_s());
    if (!sentence_send(body)) return;
    beat_due = false;
    beat_at = now + BEAT_EVERY_MS;
  }
  if (presses_lost() != lost_reported) lost_due = true;
  if (lost_due) {
    /* an extra sentence type: v1 agents drop it as unknown, newer ones can log it */
    snprintf(body, sizeof body, "LOST,%u", presses_lost());
    if (!sentence_send(body)) return;
    lost_due = false;
    lost_reported = presses_lost();
  }
  presses_send_due(now);
}

int main(void) {
  buttons_init();
  outputs_init();
  settings_load(&settings);
  clock_init();
  uart_init();
  set_sleep_mode(SLEEP_MODE_IDLE);
  sei();
  wdt_enable(WDTO_500MS);
  greet();

  sentence_t s;
  for (;;) {
    wdt_reset();
    uint32_t now = clock_ms();
    for (int16_t c; (c = uart_read()) >= 0;) {
      if (sentence_feed((uint8_t)c, &s)) on_sentence(&s, now);
    }
    uint8_t pressed = buttons_take();
    for (uint8_t n = 1; n <= MAX_BUTTONS; n++) {
      if ((pressed & (1u << (n - 1))) && n <= settings.buttons) presses_add(n);
    }
    send_due(now);
    outputs_status(presses_waiting() > 0);
    outputs_update(now);

    /* sleep until the next interrupt (the 1 ms tick at the latest) unless something arrived meanwhile */
    cli();
    if (!uart_rx_ready() && !buttons_pending()) {
      sleep_enable();
      sei();
      sleep_cpu();
      sleep_disable();
    }
    sei();
  }
}
