// Rating button box for the Arduino IDE: the firmware is the C in src/ (the same files `make` builds), with its own
// main(), so this file is empty on purpose. Make the sketch folder with `make -C counter-agent/firmware arduino`
// (or copy src/*.c, src/*.h and include/*.h into a `src` folder beside this file), choose Board "Arduino Nano",
// Processor "ATmega328P" (or "ATmega328P (Old Bootloader)"), and Upload. Serial, button count and baud are the
// defaults in src/config.h; set the serial later with `npx counter-agent probe --set-serial`.
