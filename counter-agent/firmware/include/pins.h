/*
 * Where everything is wired on an Arduino Nano (ATmega328P). Agreed with the maker guide (docs/firmware/):
 * buttons 1..5, left to right, on D2..D6 to ground (internal pull-ups); LEDs 1..5 on D8..D12, active high through
 * 330 ohm; an optional active buzzer on D7; the on-board LED (D13) lights while presses wait for their $ACK.
 */
#ifndef PINS_H
#define PINS_H

#include <avr/io.h>

#define BUTTON_PORT PORTD
#define BUTTON_DDR DDRD
#define BUTTON_PIN PIND
#define BUTTON_FIRST_BIT 2 /* button n is bit BUTTON_FIRST_BIT + n - 1 */
#define BUTTON_MASK (0x1f << BUTTON_FIRST_BIT)

#define LED_PORT PORTB
#define LED_DDR DDRB
#define LED_FIRST_BIT 0 /* LED n is bit LED_FIRST_BIT + n - 1 */
#define LED_MASK (0x1f << LED_FIRST_BIT)

#define BUZZER_PORT PORTD
#define BUZZER_DDR DDRD
#define BUZZER_BIT 7

#define STATUS_PORT PORTB
#define STATUS_DDR DDRB
#define STATUS_BIT 5

#define MAX_BUTTONS 5

#endif
