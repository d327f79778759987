export * from './scale.js';
export * from './serial.js';
export * from './uuid.js';
export * from './time.js';
export * from './protocol.js';
export * from './summary.js';
