#ifndef OUTPUTS_H
#define OUTPUTS_H
#include <stdint.h>

/* The button LEDs, the buzzer and the status light, each on for a while and then off by itself. */
void outputs_init(void);
/* lights button n's LED for ms (0 turns it off) */
void outputs_led(uint8_t n, uint16_t ms, uint32_t now);
void outputs_beep(uint16_t ms, uint32_t now);
void outputs_status(uint8_t on);
/* turns off what has had its time */
void outputs_update(uint32_t now);

#endif
