#ifndef UART_H
#define UART_H
#include <stdint.h>
#include <stdbool.h>

/* USART0, 8N1 at BAUD, interrupt-driven both ways: nothing here ever waits for the line. */
void uart_init(void);
/* queues all n bytes or none (false when the transmit ring lacks room) */
bool uart_write(const char *s, uint8_t n);
uint8_t uart_tx_free(void);
/* the next received byte, or -1 */
int16_t uart_read(void);
bool uart_rx_ready(void);

#endif
