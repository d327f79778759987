// Example firmware for a rating button box speaking serial v1 (docs/protocols/serial-v1.md).
// Arduino Uno/Nano: buttons on pins 2..5 to GND (internal pull-ups), one LED per button on pins 6..9.
// Button 1 (leftmost) is the most satisfied. Set BUTTONS to 2..5 and wire that many.

const char SERIAL_NO[] = "BX-0001";   // unique per box, 1-16 chars [A-Za-z0-9-]
const char FIRMWARE[] = "1.0.0";
const uint8_t BUTTONS = 4;
const uint8_t BUTTON_PIN[5] = {2, 3, 4, 5, 10};
const uint8_t LED_PIN[5] = {6, 7, 8, 9, 11};

uint16_t seq = 0;                 // restarts at 0 after power-on
struct Pending { bool active; uint16_t seq; uint8_t button; uint8_t tries; unsigned long sentAt; };
Pending pending = {false, 0, 0, 0, 0};   // one press in flight; a new press replaces an unacknowledged one
unsigned long lastBeat = 0, ledUntil[5] = {0};
bool lastState[5];
unsigned long lastChange[5];
char line[83];
uint8_t len = 0;
bool inSentence = false, discarding = false;

uint8_t checksum(const char *s) { uint8_t c = 0; while (*s) c ^= (uint8_t)*s++; return c; }

void sendSentence(const char *body) {          // body is the text between $ and *
  char out[83];
  snprintf(out, sizeof out, "$%s*%02X\r\n", body, checksum(body));
  Serial.print(out);
}

void sendHello() { char b[64]; snprintf(b, sizeof b, "HELLO,%s,%s,%u", SERIAL_NO, FIRMWARE, BUTTONS); sendSentence(b); }
void sendPress() { char b[32]; snprintf(b, sizeof b, "PRESS,%u,%u", pending.seq, pending.button); sendSentence(b); pending.sentAt = millis(); }

void flash(uint8_t button, unsigned long ms) { digitalWrite(LED_PIN[button - 1], HIGH); ledUntil[button - 1] = millis() + ms; }

void handleLine(char *s) {                     // s starts at '$', without CR LF
  char *star = strrchr(s, '*');
  if (!star || strlen(star) != 3) return;
  *star = 0;
  if (strtoul(star + 1, NULL, 16) != checksum(s + 1)) return;  // bad checksum: drop
  char *type = strtok(s + 1, ",");
  if (!type) return;
  if (!strcmp(type, "ACK")) {
    char *f = strtok(NULL, ",");
    if (f && pending.active && (uint16_t)atol(f) == pending.seq) { pending.active = false; flash(pending.button, 1500); }
  } else if (!strcmp(type, "WHO")) {
    sendHello();
  } else if (!strcmp(type, "LED")) {
    char *b = strtok(NULL, ","), *ms = strtok(NULL, ",");
    if (b && ms) { int n = atoi(b); long t = atol(ms); if (n >= 1 && n <= BUTTONS && t >= 0 && t <= 10000) flash(n, t); }
  }
}

void readSerial() {
  while (Serial.available()) {
    char c = Serial.read();
    if (c == '\n') { if (inSentence && !discarding) { if (len && line[len - 1] == '\r') len--; line[len] = 0; handleLine(line); } inSentence = discarding = false; len = 0; continue; }
    if (discarding) continue;
    if (c == '$') { inSentence = true; len = 0; line[len++] = c; continue; }
    if (!inSentence) continue;
    if (len >= 81) { discarding = true; continue; }   // longer than 82 bytes with CR LF: drop to line end
    line[len++] = c;
  }
}

void setup() {
  Serial.begin(9600);
  for (uint8_t i = 0; i < BUTTONS; i++) { pinMode(BUTTON_PIN[i], INPUT_PULLUP); pinMode(LED_PIN[i], OUTPUT); lastState[i] = HIGH; }
  sendHello();
}

void loop() {
  unsigned long now = millis();
  readSerial();
  for (uint8_t i = 0; i < BUTTONS; i++) {                    // debounced press on the falling edge
    bool s = digitalRead(BUTTON_PIN[i]);
    if (s != lastState[i] && now - lastChange[i] > 30) {
      lastChange[i] = now; lastState[i] = s;
      if (s == LOW) { pending = {true, seq, (uint8_t)(i + 1), 0, 0}; seq++; sendPress(); }
    }
    if (ledUntil[i] && now > ledUntil[i]) { digitalWrite(LED_PIN[i], LOW); ledUntil[i] = 0; }
  }
  if (pending.active && now - pending.sentAt >= 1000) {       // no $ACK within 1 s: resend, at most 3 times
    if (pending.tries < 3) { pending.tries++; sendPress(); } else pending.active = false;
  }
  if (now - lastBeat >= 10000) { lastBeat = now; char b[24]; snprintf(b, sizeof b, "BEAT,%lu", now / 1000); sendSentence(b); }
}
