#include <stddef.h>
#include <string.h>
#include <avr/eeprom.h>
#include "config.h"
#include "pins.h"
#include "settings.h"

/* one record at address 0; a blank (0xff) or damaged record means "use the build-time defaults" */
typedef struct {
  uint8_t magic[2];
  uint8_t version;
  char serial[SERIAL_MAX + 1];
  uint8_t buttons;
  uint8_t sum;
} record_t;

#define RECORD ((record_t *)0)

static uint8_t sum_of(const record_t *r) {
  const uint8_t *p = (const uint8_t *)r;
  uint8_t s = 0x5a;
  for (uint8_t i = 0; i < offsetof(record_t, sum); i++) s = (uint8_t)((s << 1 | s >> 7) ^ p[i]);
  return s;
}

static bool valid(const char *serial, uint8_t buttons) {
  uint8_t n = 0;
  for (const char *p = serial; *p; p++, n++) {
    char c = *p;
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || n >= SERIAL_MAX) return false;
  }
  return n >= 1 && buttons >= 2 && buttons <= MAX_BUTTONS;
}

void settings_load(settings_t *s) {
  record_t r;
  eeprom_read_block(&r, RECORD, sizeof r);
  r.serial[SERIAL_MAX] = '\0';
  if (r.magic[0] == 'B' && r.magic[1] == 'X' && r.version == 1 && r.sum == sum_of(&r) && valid(r.serial, r.buttons)) {
    memcpy(s->serial, r.serial, sizeof s->serial);
    s->buttons = r.buttons;
    return;
  }
  strncpy(s->serial, BOX_SERIAL, SERIAL_MAX);
  s->serial[SERIAL_MAX] = '\0';
  s->buttons = BOX_BUTTONS;
}

bool settings_store(settings_t *s, const char *serial, uint8_t buttons) {
  if (!valid(serial, buttons)) return false;
  record_t r;
  memset(&r, 0, sizeof r);
  r.magic[0] = 'B';
  r.magic[1] = 'X';
  r.version = 1;
  strncpy(r.serial, serial, SERIAL_MAX);
  r.buttons = buttons;
  r.sum = sum_of(&r);
  /* writes only the bytes that differ; a few ms each, during which the UART keeps running on its interrupts */
  eeprom_update_block(&r, RECORD, sizeof r);
  memcpy(s->serial, r.serial, sizeof s->serial);
  s->buttons = buttons;
  return true;
}
