/*
 * box-sim: the button box firmware in simavr, on a pty, with buttons a test can press.
 *
 *   box-sim --elf build/button-box.elf --baud 9600 [--link PATH] [--speed 1]
 *
 * The firmware's UART is bridged to a pty made here (its name is printed, and linked at PATH): the real counter agent
 * opens it like a USB serial port. Bytes are paced one frame apart both ways (simavr counts 11 bits a frame), so the
 * timing on the line is the box's. Simulated time follows the wall clock (times --speed) so the agent's timers and
 * the box's agree; `advance` runs ahead as fast as the host allows, for long waits.
 *
 * Commands on stdin, one a line:
 *   press N [bounce K] [hold MS]   press button N now: K chatter pulses on each edge, held MS (default 150)
 *   after MS COMMAND               run COMMAND when MS simulated milliseconds have passed
 *   advance MS                     run MS simulated milliseconds at full speed, then follow the wall clock again
 *   drop-acks N                    lose the next N $ACK lines from the agent on the wire
 *   inject HEX                     these bytes reach the box as if the agent had sent them (garbage, $CFG, ...)
 *   line off|on                    off: the box's bytes reach nobody (the agent stopped or the cable out); what
 *                                  waits in the pty is discarded both times
 *   reset                          power-cycle the chip (EEPROM is kept)
 *   time                           print the simulated time
 *   quit
 * Events on stdout, one a line, each starting with the simulated time in ms (3 decimals):
 *   ready PTY · press N · release N · led N on|off · status on|off · buzzer on|off · tx LINE (the line's last byte
 *   has left the box) · rx LINE (its last byte is in the box's UART: RXC raised) · dropped LINE · advanced · reset ·
 *   time · line off|on · error REASON
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sim_avr.h>
#include <sim_elf.h>
#include <sim_irq.h>
#include <sim_cycle_timers.h>
#include <avr_ioport.h>
#include <avr_uart.h>

#define FREQ 16000000UL
#define BUTTON_FIRST_PIN 2 /* PD2..PD6, as in include/pins.h */
#define BUTTON_MASK (0x1f << BUTTON_FIRST_PIN)
#define MAX_EVENTS 4096

static avr_t *avr;
static int master = -1, slave_fd = -1;
static int line_off;
static unsigned long baud = 9600;
static avr_cycle_count_t frame_cycles;
/* simavr restarts its cycle count at a reset; our times are global: offset + avr->cycle */
static avr_cycle_count_t offset, last_cycle;

static avr_cycle_count_t now_cycles(void) { return offset + avr->cycle; }
static double ms_of(avr_cycle_count_t c) { return (double)c * 1000.0 / FREQ; }
static avr_cycle_count_t cycles_of_ms(double ms) { return (avr_cycle_count_t)(ms * FREQ / 1000.0); }

static void emit(avr_cycle_count_t at, const char *fmt, ...) {
  va_list ap;
  printf("%.3f ", ms_of(at));
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  fflush(stdout);
}

/* a line as printable text: control bytes and non-ASCII as \xHH, CR LF left out */
static const char *printable(const unsigned char *b, size_t n) {
  static char out[4 * 256 + 1];
  size_t o = 0;
  for (size_t i = 0; i < n && o < sizeof out - 5; i++) {
    if (b[i] == '\r' || b[i] == '\n') continue;
    if (b[i] >= 0x20 && b[i] < 0x7f && b[i] != '\\') out[o++] = (char)b[i];
    else o += (size_t)sprintf(out + o, "\\x%02x", b[i]);
  }
  out[o] = '\0';
  return out;
}

/* ---- byte queues -------------------------------------------------------------------------------------------- */
typedef struct {
  unsigned char b[8192];
  size_t head, len;
} fifo_t;
static int fifo_push(fifo_t *f, unsigned char c) {
  if (f->len == sizeof f->b) return 0;
  f->b[(f->head + f->len++) % sizeof f->b] = c;
  return 1;
}
static int fifo_pop(fifo_t *f, unsigned char *c) {
  if (!f->len) return 0;
  *c = f->b[f->head];
  f->head = (f->head + 1) % sizeof f->b;
  f->len--;
  return 1;
}

/* ---- agent to box: one byte a frame into the UART ----------------------------------------------------------- */
static avr_irq_t *uart_in;
static fifo_t rx;
static int rx_pumping;
static unsigned char rx_line[256];
static size_t rx_line_len;
static int drop_acks;
static unsigned char held[256]; /* while ACKs are to be lost, a line is held until its end to see what it is */
static size_t held_len;

static avr_cycle_count_t rx_pump(avr_t *a, avr_cycle_count_t when, void *param) {
  (void)a;
  (void)param;
  unsigned char c;
  if (!fifo_pop(&rx, &c)) {
    rx_pumping = 0;
    return 0;
  }
  avr_raise_irq(uart_in, c);
  if (rx_line_len < sizeof rx_line) rx_line[rx_line_len++] = c;
  if (c == '\n') { /* simavr raises RXC one frame after the byte goes in: that is when the box has it */
    emit(offset + when + frame_cycles, "rx %s", printable(rx_line, rx_line_len));
    rx_line_len = 0;
  }
  if (!rx.len) {
    rx_pumping = 0;
    return 0;
  }
  return when + frame_cycles;
}

static void rx_start(void) {
  if (rx_pumping || !rx.len) return;
  rx_pumping = 1;
  /* the byte goes in at once: simavr itself takes one frame to receive it, then one frame a byte follows */
  avr_cycle_timer_register(avr, 1, rx_pump, NULL);
}

static void from_agent(const unsigned char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (drop_acks > 0 || held_len > 0) {
      if (held_len < sizeof held) held[held_len++] = b[i];
      if (b[i] != '\n') continue;
      const unsigned char *dollar = memchr(held, '$', held_len);
      if (dollar && drop_acks > 0 && held_len - (size_t)(dollar - held) >= 4 && !memcmp(dollar, "$ACK", 4)) {
        drop_acks--;
        emit(now_cycles(), "dropped %s", printable(held, held_len));
      } else {
        for (size_t j = 0; j < held_len; j++) fifo_push(&rx, held[j]);
      }
      held_len = 0;
      continue;
    }
    fifo_push(&rx, b[i]);
  }
  rx_start();
}

/* ---- box to agent: each byte leaves one frame after the firmware wrote UDR0 --------------------------------- */
typedef struct {
  unsigned char c;
  avr_cycle_count_t done; /* global cycles */
} tx_byte_t;
static tx_byte_t tx[4096];
static size_t tx_head, tx_len;
static int tx_pumping;
static unsigned char tx_line[256];
static size_t tx_line_len;

static void tx_arm(void);

static avr_cycle_count_t tx_pump(avr_t *a, avr_cycle_count_t when, void *param) {
  (void)a;
  (void)param;
  avr_cycle_count_t now = offset + when;
  while (tx_len && tx[tx_head].done <= now) {
    unsigned char c = tx[tx_head].c;
    tx_head = (tx_head + 1) % (sizeof tx / sizeof tx[0]);
    tx_len--;
    /* nobody reading and the pty full, or the line off: the byte is lost, as on a wire with nobody at the end */
    if (!line_off && write(master, &c, 1) < 0 && errno != EAGAIN) perror("box-sim: write pty");
    if (tx_line_len < sizeof tx_line) tx_line[tx_line_len++] = c;
    if (c == '\n') {
      emit(now, "tx %s", printable(tx_line, tx_line_len));
      tx_line_len = 0;
    }
  }
  if (!tx_len) {
    tx_pumping = 0;
    return 0;
  }
  return tx[tx_head].done - offset;
}

static void tx_arm(void) {
  if (tx_pumping || !tx_len) return;
  tx_pumping = 1;
  avr_cycle_count_t now = now_cycles();
  avr_cycle_count_t due = tx[tx_head].done > now ? tx[tx_head].done - now : 1;
  avr_cycle_timer_register(avr, due, tx_pump, NULL);
}

static void on_uart_out(avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  (void)param;
  if (tx_len == sizeof tx / sizeof tx[0]) return;
  avr_cycle_count_t start = now_cycles();
  /* bytes queued back to back in the chip go out one frame after another */
  if (tx_len) {
    avr_cycle_count_t prev = tx[(tx_head + tx_len - 1) % (sizeof tx / sizeof tx[0])].done;
    if (prev > start) start = prev;
  }
  tx[(tx_head + tx_len) % (sizeof tx / sizeof tx[0])] = (tx_byte_t){(unsigned char)value, start + frame_cycles};
  tx_len++;
  tx_arm();
}

/* ---- outputs ------------------------------------------------------------------------------------------------ */
static int out_state[16];
static void on_output(avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  intptr_t which = (intptr_t)param; /* 1..5 LEDs, 6 status, 7 buzzer */
  int v = value ? 1 : 0;
  if (out_state[which] == v) return;
  out_state[which] = v;
  if (which <= 5) emit(now_cycles(), "led %d %s", (int)which, v ? "on" : "off");
  else emit(now_cycles(), "%s %s", which == 6 ? "status" : "buzzer", v ? "on" : "off");
}

/* ---- buttons and scheduled commands -------------------------------------------------------------------------- */
typedef struct {
  avr_cycle_count_t at; /* global */
  int button;           /* > 0: set the pin's level; 0: run cmd */
  int level;
  char cmd[128];
} event_t;
static event_t events[MAX_EVENTS];
static size_t nevents;
static uint8_t levels = BUTTON_MASK; /* released: pulled up */

static void set_button(int n, int level) {
  int pin = BUTTON_FIRST_PIN + n - 1;
  if (level) levels |= (uint8_t)(1 << pin);
  else levels &= (uint8_t) ~(1 << pin);
  /* SET_EXTERNAL holds the level even when the firmware writes PORTD (which re-raises pulled-up pins) */
  avr_ioport_external_t ext = {.name = 'D', .mask = BUTTON_MASK, .value = levels};
  avr_ioctl(avr, AVR_IOCTL_IOPORT_SET_EXTERNAL('D'), &ext);
  avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), pin), level);
}

static void schedule(avr_cycle_count_t at, int button, int level, const char *cmd) {
  if (nevents == MAX_EVENTS) {
    fprintf(stderr, "box-sim: too many scheduled events\n");
    return;
  }
  size_t i = nevents++;
  while (i > 0 && events[i - 1].at > at) {
    events[i] = events[i - 1];
    i--;
  }
  events[i].at = at;
  events[i].button = button;
  events[i].level = level;
  snprintf(events[i].cmd, sizeof events[i].cmd, "%s", cmd ? cmd : "");
}

static void run_command(char *line);
static avr_cycle_count_t events_due(avr_t *a, avr_cycle_count_t when, void *param);

static void events_arm(void) {
  if (!nevents) return;
  avr_cycle_count_t now = now_cycles();
  /* registering the same callback again replaces the earlier timer: there is one, for the earliest event */
  avr_cycle_timer_register(avr, events[0].at > now ? events[0].at - now : 1, events_due, NULL);
}

static avr_cycle_count_t events_due(avr_t *a, avr_cycle_count_t when, void *param) {
  (void)a;
  (void)param;
  avr_cycle_count_t now = offset + when;
  while (nevents && events[0].at <= now) {
    event_t e = events[0];
    memmove(events, events + 1, (nevents - 1) * sizeof events[0]);
    nevents--;
    if (e.button > 0) set_button(e.button, e.level);
    else run_command(e.cmd);
  }
  return nevents ? events[0].at - offset : 0;
}

/* press N with K chatter pulses (0.3 ms up, 0.4 ms down) on each edge, held `hold` ms */
static void press(int n, int bounce, double hold) {
  avr_cycle_count_t t = now_cycles();
  const avr_cycle_count_t up = cycles_of_ms(0.3), down = cycles_of_ms(0.4);
  emit(t, "press %d", n);
  set_button(n, 0);
  avr_cycle_count_t at = t;
  for (int i = 0; i < bounce; i++) {
    schedule(at + (avr_cycle_count_t)i * (up + down) + down, n, 1, NULL);
    schedule(at + (avr_cycle_count_t)i * (up + down) + down + up, n, 0, NULL);
  }
  at = t + cycles_of_ms(hold);
  char note[32];
  snprintf(note, sizeof note, "released %d", n);
  schedule(at, 0, 0, note);
  schedule(at, n, 1, NULL);
  for (int i = 0; i < bounce; i++) {
    schedule(at + (avr_cycle_count_t)i * (up + down) + up, n, 0, NULL);
    schedule(at + (avr_cycle_count_t)i * (up + down) + up + down, n, 1, NULL);
  }
  events_arm();
}

/* ---- pacing against the wall clock --------------------------------------------------------------------------- */
static double speed = 1.0;
static int reset_requested;
static double base_wall;            /* seconds */
static avr_cycle_count_t base_sim;  /* global cycles */
static avr_cycle_count_t advance_to; /* 0: not advancing */

static double wall(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
static void rebase(void) {
  base_wall = wall();
  base_sim = now_cycles();
}

static void run_command(char *line) {
  char *save = NULL, *word = strtok_r(line, " \t\r\n", &save);
  if (!word) return;
  if (!strcmp(word, "press")) {
    char *a = strtok_r(NULL, " \t\r\n", &save);
    int n = a ? atoi(a) : 0, bounce = 0;
    double hold = 150;
    for (char *k; (k = strtok_r(NULL, " \t\r\n", &save));) {
      char *v = strtok_r(NULL, " \t\r\n", &save);
      if (!v) break;
      if (!strcmp(k, "bounce")) bounce = atoi(v);
      else if (!strcmp(k, "hold")) hold = atof(v);
    }
    if (n < 1 || n > 5 || bounce < 0 || bounce > 50 || hold < 1) {
      emit(now_cycles(), "error bad-press");
      return;
    }
    press(n, bounce, hold);
  } else if (!strcmp(word, "released")) {
    emit(now_cycles(), "release %s", strtok_r(NULL, " \t\r\n", &save));
  } else if (!strcmp(word, "after")) {
    char *a = strtok_r(NULL, " \t\r\n", &save);
    char *rest = strtok_r(NULL, "\r\n", &save);
    if (!a || !rest) {
      emit(now_cycles(), "error bad-after");
      return;
    }
    schedule(now_cycles() + cycles_of_ms(atof(a)), 0, 0, rest);
    events_arm();
  } else if (!strcmp(word, "advance")) {
    char *a = strtok_r(NULL, " \t\r\n", &save);
    advance_to = now_cycles() + cycles_of_ms(a ? atof(a) : 0);
  } else if (!strcmp(word, "drop-acks")) {
    char *a = strtok_r(NULL, " \t\r\n", &save);
    drop_acks = a ? atoi(a) : 1;
  } else if (!strcmp(word, "inject")) {
    char *hex = strtok_r(NULL, " \t\r\n", &save);
    unsigned char b[512];
    size_t n = 0;
    for (; hex && hex[0] && hex[1] && n < sizeof b; hex += 2) {
      unsigned int v;
      if (sscanf(hex, "%2x", &v) != 1) break;
      b[n++] = (unsigned char)v;
    }
    from_agent(b, n);
  } else if (!strcmp(word, "line")) {
    char *a = strtok_r(NULL, " \t\r\n", &save);
    line_off = a && !strcmp(a, "off");
    tcflush(slave_fd, TCIOFLUSH);
    emit(now_cycles(), "line %s", line_off ? "off" : "on");
  } else if (!strcmp(word, "reset")) {
    reset_requested = 1; /* not from inside a cycle timer (an `after`): the run loop does it */
  } else if (!strcmp(word, "time")) {
    emit(now_cycles(), "time");
  } else if (!strcmp(word, "quit")) {
    exit(0);
  } else {
    emit(now_cycles(), "error unknown-command %s", word);
  }
}

static char in_buf[4096];
static size_t in_len;

/* reads stdin and the pty; waits up to timeout_ms for either */
static void service(int timeout_ms) {
  struct pollfd p[2] = {{.fd = 0, .events = POLLIN}, {.fd = master, .events = POLLIN}};
  if (poll(p, 2, timeout_ms) <= 0) return;
  if (p[0].revents & (POLLIN | POLLHUP)) {
    ssize_t r = read(0, in_buf + in_len, sizeof in_buf - 1 - in_len);
    if (r <= 0) exit(0); /* the test went away */
    in_len += (size_t)r;
    char *nl;
    while ((nl = memchr(in_buf, '\n', in_len))) {
      *nl = '\0';
      char cmd[sizeof in_buf];
      snprintf(cmd, sizeof cmd, "%s", in_buf);
      size_t used = (size_t)(nl - in_buf) + 1;
      memmove(in_buf, in_buf + used, in_len - used);
      in_len -= used;
      run_command(cmd);
    }
    if (in_len == sizeof in_buf - 1) in_len = 0;
  }
  if (p[1].revents & POLLIN) {
    unsigned char b[512];
    ssize_t r = read(master, b, sizeof b);
    if (r > 0) from_agent(b, (size_t)r);
  }
}

/* A reset (ours, or the watchdog's) cancels every cycle timer and clears the PIN registers; the pins' IRQs keep
 * their old values, so raising the same level again would change nothing: after_reset puts all of it back. */
static void (*core_reset)(avr_t *a);
static int reset_seen;
static void on_reset(avr_t *a) {
  if (core_reset) core_reset(a);
  reset_seen = 1;
}
static void after_reset(void) {
  reset_seen = 0;
  for (int n = 1; n <= 5; n++) {
    int pin = BUTTON_FIRST_PIN + n - 1, level = (levels >> pin) & 1;
    avr_irq_t *irq = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), pin);
    avr_raise_irq(irq, !level);
    set_button(n, level);
  }
  rx_pumping = tx_pumping = 0;
  rx_start();
  tx_arm();
  events_arm();
  emit(now_cycles(), "reset");
}

/* the firmware sleeps between interrupts: simavr would wait in wall time there; our loop does the pacing */
static void no_sleep(avr_t *a, avr_cycle_count_t howLong) {
  (void)a;
  (void)howLong;
}

int main(int argc, char **argv) {
  const char *elf = NULL, *link = NULL;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--elf")) elf = argv[i + 1];
    else if (!strcmp(argv[i], "--baud")) baud = strtoul(argv[i + 1], NULL, 10);
    else if (!strcmp(argv[i], "--link")) link = argv[i + 1];
    else if (!strcmp(argv[i], "--speed")) speed = atof(argv[i + 1]);
  }
  if (!elf || !baud || speed <= 0) {
    fprintf(stderr, "usage: box-sim --elf FILE --baud N [--link PATH] [--speed X]\n");
    return 2;
  }
  elf_firmware_t fw;
  memset(&fw, 0, sizeof fw);
  if (elf_read_firmware(elf, &fw) != 0) {
    fprintf(stderr, "box-sim: cannot read %s\n", elf);
    return 1;
  }
  avr = avr_make_mcu_by_name("atmega328p");
  if (!avr) return 1;
  avr_init(avr);
  avr_load_firmware(avr, &fw);
  avr->frequency = FREQ; /* after loading, or simavr falls back to 1 MHz */
  avr->sleep = no_sleep;
  core_reset = avr->reset;
  avr->reset = on_reset;
  frame_cycles = FREQ * 11 / baud; /* simavr's frame: start, 8 data, stop, and one more */

  uint32_t flags = 0;
  avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
  flags &= ~(uint32_t)(AVR_UART_FLAG_STDIO | AVR_UART_FLAG_POLL_SLEEP);
  avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
  uart_in = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), on_uart_out, NULL);
  for (intptr_t n = 1; n <= 6; n++) /* PB0..PB4 LEDs, PB5 status */
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), (int)n - 1), on_output, (void *)n);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), 7), on_output, (void *)(intptr_t)7);
  set_button(1, 1);

  char name[256];
  if (openpty(&master, &slave_fd, name, NULL, NULL) < 0) {
    perror("box-sim: openpty");
    return 1;
  }
  struct termios t;
  tcgetattr(slave_fd, &t);
  cfmakeraw(&t);
  tcsetattr(slave_fd, TCSANOW, &t);
  /* the slave stays open here too, so the master keeps working while the agent has the port closed */
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
  if (link) {
    unlink(link);
    if (symlink(name, link) < 0) {
      perror("box-sim: symlink");
      return 1;
    }
  }
  emit(0, "ready %s", name);

  rebase();
  avr_cycle_count_t next_service = 0;
  for (;;) {
    int state = avr_run(avr);
    if (state == cpu_Done || state == cpu_Crashed) {
      emit(now_cycles(), "error firmware-stopped %d", state);
      return 1;
    }
    if (avr->cycle < last_cycle) offset += last_cycle; /* newer simavr restarts the count at a reset: time goes on */
    last_cycle = avr->cycle;
    if (reset_requested) {
      reset_requested = 0;
      avr_reset(avr);
    }
    if (reset_seen) after_reset();
    avr_cycle_count_t now = now_cycles();
    if (now < next_service) continue;
    next_service = now + FREQ / 4000; /* look at stdin and the pty every 0.25 ms of simulated time */
    if (advance_to) {
      if (now < advance_to) {
        service(0);
        continue;
      }
      advance_to = 0;
      rebase();
      emit(now, "advanced");
    }
    double ahead_ms = ms_of(now - base_sim) - (wall() - base_wall) * 1000.0 * speed;
    if (ahead_ms < -50) rebase(); /* the host fell behind: do not rush to catch up, the agent never would */
    service(ahead_ms > 1 ? (int)(ahead_ms / speed) : 0);
  }
}
