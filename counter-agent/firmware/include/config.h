/*
 * Build-time settings. `make SERIAL=BX-0001 BUTTONS=4 BAUD=9600` overrides them; the Arduino IDE path uses these
 * defaults (edit here). The serial and button count are only defaults: a box configured with $CFG keeps its own in
 * EEPROM.
 */
#ifndef CONFIG_H
#define CONFIG_H

#ifndef F_CPU
#define F_CPU 16000000UL
#endif
#ifndef BAUD
#define BAUD 9600
#endif
#ifndef BOX_SERIAL
#define BOX_SERIAL "BX-0001"
#endif
#ifndef BOX_BUTTONS
#define BOX_BUTTONS 4
#endif
#define FIRMWARE_VERSION "2.0.0"

/* presses waiting for their $ACK; when full, new presses are counted as lost and the oldest are kept */
#ifndef PRESS_QUEUE_SIZE
#define PRESS_QUEUE_SIZE 32
#endif
#define RETRY_MS 1000u
#define SENDS_PER_PRESS 4 /* the first send and 3 retries */
#define BEAT_EVERY_MS 9500u /* "at least every 10 s" on the wire, with room for a busy line */
#define THANKS_LED_MS 1500u
#define THANKS_BEEP_MS 80u
/* a press is a low level stable this long; a release must be stable this long before the next press */
#define PRESS_CONFIRM_MS 2
#define RELEASE_CONFIRM_MS 20

#endif
