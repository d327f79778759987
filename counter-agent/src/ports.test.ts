import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listFromSysfs, listSerialPorts } from './ports.js';

/** A sysfs and /dev laid out as the kernel and udev lay them out for an FTDI adapter, a CH340 clone and a console. */
function fakeMachine(): { sys: string; dev: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysfs-'));
  const sys = path.join(root, 'sys');
  const dev = path.join(root, 'dev');
  const usb = (bus: string, attrs: Record<string, string>, tty: string) => {
    const d = path.join(sys, 'devices/pci0000:00/0000:00:14.0/usb1', bus);
    fs.mkdirSync(path.join(d, `${bus}:1.0`, tty), { recursive: true });
    for (const [k, v] of Object.entries(attrs)) fs.writeFileSync(path.join(d, k), v + '\n');
    fs.mkdirSync(path.join(sys, 'class/tty', tty), { recursive: true });
    fs.symlinkSync(path.join(d, `${bus}:1.0`, tty), path.join(sys, 'class/tty', tty, 'device'));
  };
  usb('1-1', { idVendor: '0403', idProduct: '6001', manufacturer: 'FTDI', product: 'FT232R USB UART', serial: 'A50285BI' }, 'ttyUSB0');
  usb('1-2', { idVendor: '1a86', idProduct: '7523', product: 'USB Serial' }, 'ttyUSB1');
  fs.mkdirSync(path.join(sys, 'class/tty/tty0'), { recursive: true }); // a virtual console: no device
  fs.mkdirSync(path.join(dev, 'serial/by-id'), { recursive: true });
  fs.symlinkSync('../../ttyUSB0', path.join(dev, 'serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0'));
  return { sys, dev };
}

describe('listing serial ports without udevadm', () => {
  it('reads each USB adapter\'s ids, maker, product and serial from sysfs, with its by-id link', () => {
    const { sys, dev } = fakeMachine();
    expect(listFromSysfs(sys, dev)).toEqual([
      { path: path.join(dev, 'ttyUSB0'), byId: path.join(dev, 'serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0'), vendorId: '0403', productId: '6001', manufacturer: 'FTDI', product: 'FT232R USB UART', serialNumber: 'A50285BI' },
      // CH340 clones have no serial number: the box's own serial in $HELLO tells them apart
      { path: path.join(dev, 'ttyUSB1'), vendorId: '1a86', productId: '7523', product: 'USB Serial' },
    ]);
  });
  it('finds nothing, without failing, where sysfs has no tty class', async () => {
    expect(listFromSysfs('/nonexistent', '/nonexistent')).toEqual([]);
    const r = await listSerialPorts({ sysRoot: '/nonexistent', devRoot: '/nonexistent' });
    expect(r).toEqual({ source: 'sysfs', ports: [] });
  });
});
