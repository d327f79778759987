#ifndef SETTINGS_H
#define SETTINGS_H
#include <stdint.h>
#include <stdbool.h>

#define SERIAL_MAX 16

typedef struct {
  char serial[SERIAL_MAX + 1];
  uint8_t buttons;
} settings_t;

/* the box's serial and button count: from EEPROM when it holds a valid record, else the build-time defaults */
void settings_load(settings_t *s);
/* validates (serial 1-16 chars [A-Za-z0-9-], buttons 2-5) and writes EEPROM; false changes nothing */
bool settings_store(settings_t *s, const char *serial, uint8_t buttons);

#endif
