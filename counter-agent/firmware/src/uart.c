#include <avr/interrupt.h>
#include <util/atomic.h>
#include "config.h"
#define BAUD_TOL 3 /* 115200 from 16 MHz is 2.1 % off, as on every Arduino */
#include <util/setbaud.h>
#include "uart.h"

#define TX_SIZE 128 /* powers of two: the indexes wrap with a mask */
#define RX_SIZE 64

static volatile uint8_t tx_buf[TX_SIZE];
static volatile uint8_t tx_head, tx_tail;
static volatile uint8_t rx_buf[RX_SIZE];
static volatile uint8_t rx_head, rx_tail;

void uart_init(void) {
  /* the baud divisor last: simavr works out its frame time when UBRR is written, from U2X and the frame format */
#if USE_2X
  UCSR0A |= _BV(U2X0);
#else
  UCSR0A &= (uint8_t)~_BV(U2X0);
#endif
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
  UBRR0H = UBRRH_VALUE;
  UBRR0L = UBRRL_VALUE;
  UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
}

ISR(USART_RX_vect) {
  uint8_t c = UDR0;
  uint8_t next = (uint8_t)((rx_head + 1) & (RX_SIZE - 1));
  /* a full ring drops the byte: the sentence it belonged to then fails its checksum and is ignored */
  if (next != rx_tail) {
    rx_buf[rx_head] = c;
    rx_head = next;
  }
}

ISR(USART_UDRE_vect) {
  if (tx_head == tx_tail) {
    UCSR0B &= (uint8_t)~_BV(UDRIE0);
    return;
  }
  UDR0 = tx_buf[tx_tail];
  tx_tail = (uint8_t)((tx_tail + 1) & (TX_SIZE - 1));
}

uint8_t uart_tx_free(void) {
  uint8_t used;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) { used = (uint8_t)((tx_head - tx_tail) & (TX_SIZE - 1)); }
  return (uint8_t)(TX_SIZE - 1 - used);
}

bool uart_write(const char *s, uint8_t n) {
  if (uart_tx_free() < n) return false;
  for (uint8_t i = 0; i < n; i++) {
    tx_buf[tx_head] = (uint8_t)s[i];
    tx_head = (uint8_t)((tx_head + 1) & (TX_SIZE - 1));
  }
  UCSR0B |= _BV(UDRIE0);
  return true;
}

int16_t uart_read(void) {
  if (rx_head == rx_tail) return -1;
  uint8_t c = rx_buf[rx_tail];
  rx_tail = (uint8_t)((rx_tail + 1) & (RX_SIZE - 1));
  return c;
}

bool uart_rx_ready(void) { return rx_head != rx_tail; }
