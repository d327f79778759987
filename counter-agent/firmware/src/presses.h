#ifndef PRESSES_H
#define PRESSES_H
#include <stdint.h>
#include <stdbool.h>

/*
 * Presses waiting for their $ACK, oldest first, one in flight at a time ("Keeping presses" in
 * docs/protocols/serial-v1.md): sent, retried every RETRY_MS up to 3 times, then parked until the agent's next
 * $WHO, after which it is sent again with the same seq. Nothing leaves the queue without its $ACK.
 */
void presses_add(uint8_t button);
/* the $ACK for seq: true (and the button) when it was the press in flight */
bool presses_ack(uint16_t seq, uint8_t *button);
/* after answering $WHO: the press in flight starts its tries again */
void presses_rewind(void);
/* sends the press in flight when it is due and the line has room */
void presses_send_due(uint32_t now);
uint8_t presses_waiting(void);
/* presses not kept because the queue was full, since power-on */
uint16_t presses_lost(void);

#endif
