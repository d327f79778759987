'use strict';
// Stands in for the `debug` package inside the hub's bundle (scripts/ensure-hub-built.mjs). socket.io, engine.io and
// express call `debug(...)` several times for every packet; the package's function gathers its arguments into a
// fresh array before it looks whether it is enabled, and under load that garbage is what fills V8's old space and
// brings its mark-compact pauses (docs/performance.md, issue 15's third pass). This one does nothing and allocates
// nothing. Their debug output is for developers: run the hub from its sources (HUB_FROM_SOURCES=1) with DEBUG set.
function off() {}
off.enabled = false;
off.namespace = '';
off.log = off;
off.destroy = off;
off.extend = () => off;
function createDebug() {
  return off;
}
createDebug.enable = off;
createDebug.disable = () => '';
createDebug.enabled = () => false;
createDebug.formatters = {};
createDebug.default = createDebug;
createDebug.debug = createDebug;
module.exports = createDebug;
