#include <stdio.h>
#include "config.h"
#include "clock.h"
#include "presses.h"
#include "sentence.h"
#include "uart.h"

typedef struct {
  uint16_t seq;
  uint8_t button;
} press_t;

static press_t queue[PRESS_QUEUE_SIZE];
static uint8_t head, count;
static uint16_t next_seq; /* from 0 after power-on, +1 a press, wraps at 65535 as the contract says */
static uint16_t lost;
static uint8_t sends;    /* times the press in flight has been sent since it became first or since $WHO */
static uint32_t sent_at;

void presses_add(uint8_t button) {
  if (count == PRESS_QUEUE_SIZE) {
    /* full: the oldest are kept (they were pressed first); this one is counted and reported in $LOST */
    if (lost < 0xffff) lost++;
    return;
  }
  press_t *p = &queue[(uint8_t)((head + count) % PRESS_QUEUE_SIZE)];
  p->seq = next_seq++;
  p->button = button;
  count++;
}

bool presses_ack(uint16_t seq, uint8_t *button) {
  if (count == 0 || queue[head].seq != seq) return false;
  *button = queue[head].button;
  head = (uint8_t)((head + 1) % PRESS_QUEUE_SIZE);
  count--;
  sends = 0;
  return true;
}

void presses_rewind(void) { sends = 0; }

void presses_send_due(uint32_t now) {
  if (count == 0 || sends >= SENDS_PER_PRESS) return;
  if (sends > 0 && !CLOCK_REACHED(now, sent_at + RETRY_MS)) return;
  char body[20];
  snprintf(body, sizeof body, "PRESS,%u,%u", queue[head].seq, queue[head].button);
  if (!sentence_send(body)) return; /* the line is busy: try again on the next turn of the loop */
  sends++;
  sent_at = now;
}

uint8_t presses_waiting(void) { return count; }

uint16_t presses_lost(void) { return lost; }
