#ifndef BUTTONS_H
#define BUTTONS_H
#include <stdint.h>

void buttons_init(void);
/* called from the 1 ms tick */
void buttons_sample(void);
/* presses confirmed since the last call: bit n-1 for button n */
uint8_t buttons_take(void);
uint8_t buttons_pending(void);

#endif
