import fs from 'node:fs';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { askHello, BoxLine } from './box-line.js';

export interface PortInfo {
  path: string;
  /** the stable /dev/serial/by-id/… link, when udev made one */
  byId?: string;
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
}

export interface ProbedPort extends PortInfo {
  hello: { serial: string; firmware: string; buttons: number } | null;
  /** why the port could not be asked (busy, permission denied…); null when it was asked */
  error: string | null;
}

/** Kernel names of ports worth listing by default: USB adapters, native USB boards, a Raspberry Pi's UART. */
const SERIAL_NAME = /^tty(USB|ACM|AMA|WCH|XRUSB)[0-9]+$/;

/**
 * The machine's serial ports. Asks serialport (which reads udev's database with `udevadm`); where that fails (no
 * udevadm in a container, a minimal image) reads the same facts from /sys/class/tty and /dev/serial/by-id.
 */
export async function listSerialPorts(opts: { all?: boolean; sysRoot?: string; devRoot?: string } = {}): Promise<{ ports: PortInfo[]; source: 'udev' | 'sysfs' }> {
  const keep = (p: PortInfo) => opts.all || SERIAL_NAME.test(path.basename(p.path));
  if (!opts.sysRoot) {
    try {
      const listed = await SerialPort.list();
      const byId = serialById(opts.devRoot ?? '/dev');
      return {
        source: 'udev',
        ports: listed
          .map((p) => clean({ path: p.path, byId: byId.get(p.path), vendorId: p.vendorId, productId: p.productId, manufacturer: p.manufacturer, serialNumber: p.serialNumber }))
          .filter(keep),
      };
    } catch {
      // fall through to sysfs
    }
  }
  return { source: 'sysfs', ports: listFromSysfs(opts.sysRoot ?? '/sys', opts.devRoot ?? '/dev').filter(keep) };
}

/** Reads ports from sysfs: each /sys/class/tty entry backed by a device, with its USB ancestor's attributes. */
export function listFromSysfs(sysRoot: string, devRoot: string): PortInfo[] {
  const classDir = path.join(sysRoot, 'class/tty');
  let names: string[];
  try {
    names = fs.readdirSync(classDir).sort();
  } catch {
    return [];
  }
  const byId = serialById(devRoot);
  const out: PortInfo[] = [];
  for (const name of names) {
    let dev: string;
    try {
      dev = fs.realpathSync(path.join(classDir, name, 'device'));
    } catch {
      continue; // virtual terminals and ptys have no device
    }
    const devPath = path.join(devRoot, name);
    out.push(clean({ path: devPath, byId: byId.get(devPath), ...usbAttributes(dev, sysRoot) }));
  }
  return out;
}

/** Walks up from a tty's device to the USB device that carries idVendor/idProduct. */
function usbAttributes(dir: string, sysRoot: string): Omit<PortInfo, 'path'> {
  const read = (d: string, f: string) => {
    try {
      return fs.readFileSync(path.join(d, f), 'utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  };
  for (let d = dir; d.startsWith(sysRoot) && d !== path.dirname(d); d = path.dirname(d)) {
    const vendorId = read(d, 'idVendor');
    if (vendorId) return { vendorId, productId: read(d, 'idProduct'), manufacturer: read(d, 'manufacturer'), product: read(d, 'product'), serialNumber: read(d, 'serial') };
  }
  return {};
}

/** /dev/serial/by-id links, by the device they point to. */
function serialById(devRoot: string): Map<string, string> {
  const dir = path.join(devRoot, 'serial/by-id');
  const out = new Map<string, string>();
  let links: string[];
  try {
    links = fs.readdirSync(dir);
  } catch {
    return out;
  }
  for (const l of links) {
    try {
      const target = path.resolve(dir, fs.readlinkSync(path.join(dir, l)));
      out.set(path.join(devRoot, path.basename(target)), path.join(dir, l));
    } catch {
      // a dangling link: the adapter just left
    }
  }
  return out;
}

function clean(p: PortInfo): PortInfo {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined && v !== '')) as unknown as PortInfo;
}

/** Asks one port `$WHO`; a box answers `$HELLO`. Never throws. */
export async function probePort(p: PortInfo, baudRate: number, timeoutMs: number): Promise<ProbedPort> {
  const line = new BoxLine(p.path, baudRate);
  try {
    await line.open();
  } catch (e) {
    return { ...p, hello: null, error: (e as Error).message };
  }
  try {
    const h = await askHello(line, timeoutMs);
    return { ...p, hello: h ? { serial: h.serial, firmware: h.firmware, buttons: h.buttons } : null, error: null };
  } finally {
    await line.close();
  }
}
