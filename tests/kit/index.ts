/** The test kit: one way to build a hub in-process, its clients, clock and devices (docs/testing.md). */
export { startTestHub, tempDir, ADMIN_PW, type TestHub, type TestHubOptions } from './hub.js';
export { TestClock, MONDAY_9AM, DAY } from './clock.js';
export { Client, AdminClient, type Answer } from './client.js';
export { pairDevice, deviceSocket, connected, refusal } from './devices.js';
export { fastPasswords } from './passwords.js';
export { staffClient, quickStaff, STAFF_PW } from './accounts.js';
export { Condition, nextEvent } from './wait.js';
