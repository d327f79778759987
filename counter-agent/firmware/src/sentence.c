#include <string.h>
#include "sentence.h"
#include "uart.h"

static const char HEX[] = "0123456789ABCDEF";

bool sentence_send(const char *body) {
  char line[LINE_MAX];
  uint8_t n = 0, cs = 0;
  line[n++] = '$';
  for (const char *p = body; *p && n < LINE_MAX - 5; p++) {
    cs ^= (uint8_t)*p;
    line[n++] = *p;
  }
  line[n++] = '*';
  line[n++] = HEX[cs >> 4];
  line[n++] = HEX[cs & 0x0f];
  line[n++] = '\r';
  line[n++] = '\n';
  return uart_write(line, n);
}

/* the line being received, from its `$`, without CR LF; one spare byte for the terminating NUL */
static char buf[LINE_MAX];
static uint8_t len;
static bool in_sentence, discarding;

static int8_t hex_digit(char c) {
  if (c >= '0' && c <= '9') return (int8_t)(c - '0');
  if (c >= 'A' && c <= 'F') return (int8_t)(c - 'A' + 10);
  if (c >= 'a' && c <= 'f') return (int8_t)(c - 'a' + 10);
  return -1;
}

static bool check_and_split(sentence_t *out) {
  if (len > 0 && buf[len - 1] == '\r') len--;
  /* $ BODY * H H */
  if (len < 4 || buf[len - 3] != '*') return false;
  int8_t hi = hex_digit(buf[len - 2]), lo = hex_digit(buf[len - 1]);
  if (hi < 0 || lo < 0) return false;
  uint8_t cs = 0;
  for (uint8_t i = 1; i < len - 3; i++) {
    char c = buf[i];
    if (c < 0x20 || c > 0x7e || c == '*') return false;
    cs ^= (uint8_t)c;
  }
  if (cs != (uint8_t)((hi << 4) | lo)) return false;
  buf[len - 3] = '\0';
  out->count = 0;
  char *p = buf + 1;
  for (;;) {
    if (out->count == FIELDS_MAX) return false;
    out->field[out->count++] = p;
    char *comma = strchr(p, ',');
    if (!comma) break;
    *comma = '\0';
    p = comma + 1;
  }
  return true;
}

bool sentence_feed(uint8_t c, sentence_t *out) {
  if (c == '\n') {
    bool ok = in_sentence && !discarding && check_and_split(out);
    in_sentence = discarding = false;
    len = 0;
    return ok;
  }
  if (discarding) return false;
  if (c == '$') { /* a `$` always starts again: what came before was noise or a cut sentence */
    in_sentence = true;
    buf[0] = '$';
    len = 1;
    return false;
  }
  if (!in_sentence) return false;
  /* the line may hold LINE_MAX bytes with its CR LF: LINE_MAX - 1 before the LF */
  if (len >= LINE_MAX - 1) {
    discarding = true;
    return false;
  }
  buf[len++] = (char)c;
  return false;
}

bool sentence_uint(const char *s, uint32_t max, uint32_t *out) {
  uint32_t v = 0;
  uint8_t digits = 0;
  if (*s == '\0') return false;
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || ++digits > 10) return false;
    uint32_t d = (uint32_t)(*s - '0');
    if (d > max || v > (max - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}
