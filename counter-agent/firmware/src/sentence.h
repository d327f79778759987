#ifndef SENTENCE_H
#define SENTENCE_H
#include <stdint.h>
#include <stdbool.h>

/* Serial v1 framing (docs/protocols/serial-v1.md): $BODY*CS CR LF, at most 82 bytes. */
#define LINE_MAX 82
#define FIELDS_MAX 4

/* sends $body*CS\r\n whole, or nothing when the transmit ring is short of room */
bool sentence_send(const char *body);

/* a checked sentence split at its commas: field[0] is the type */
typedef struct {
  uint8_t count;
  const char *field[FIELDS_MAX];
} sentence_t;

/* feeds one received byte; true when it completed a sentence with a good checksum, split into *out */
bool sentence_feed(uint8_t c, sentence_t *out);

/* a decimal field with no sign, at most max; false for anything else */
bool sentence_uint(const char *s, uint32_t max, uint32_t *out);

#endif
