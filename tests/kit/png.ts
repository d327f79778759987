import zlib from 'node:zlib';

export interface Png {
  width: number;
  height: number;
  /** bytes per pixel: 3 (RGB) or 4 (RGBA) */
  channels: number;
  /** row after row, `channels` bytes a pixel, filters undone */
  pixels: Buffer;
  /** [r, g, b, a] at (x, y) */
  at(x: number, y: number): [number, number, number, number];
}

/**
 * Decodes the 8-bit RGB/RGBA, non-interlaced PNGs Chromium writes for screenshots, so a test can check what is on
 * them (size, pixels) instead of how many bytes the file has.
 */
export function decodePng(file: Buffer): Png {
  if (file.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let o = 8; o < file.length; ) {
    const len = file.readUInt32BE(o);
    const type = file.toString('latin1', o + 4, o + 8);
    const data = file.subarray(o + 8, o + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    o += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : null;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels]! : 0;
      const b = prev ? prev[i]! : 0;
      const c = prev && i >= channels ? prev[i - channels]! : 0;
      let v = line[i]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[i] = v & 0xff;
    }
  }
  return {
    width,
    height,
    channels,
    pixels,
    at(x, y) {
      const i = (y * width + x) * channels;
      return [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, channels === 4 ? pixels[i + 3]! : 255];
    },
  };
}

/** How many different colours a sample of the image holds (every `step`-th pixel): a blank page has one or two. */
export function colourCount(png: Png, step = 7): number {
  const seen = new Set<number>();
  for (let p = 0; p < png.width * png.height; p += step) {
    const [r, g, b] = png.at(p % png.width, Math.floor(p / png.width));
    seen.add((r << 16) | (g << 8) | b);
  }
  return seen.size;
}

/** The part of the image inside a box (CSS pixels at device scale 1, as playwright's boundingBox gives). */
export function crop(png: Png, box: { x: number; y: number; width: number; height: number }): Png {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const width = Math.min(png.width, Math.ceil(box.x + box.width)) - x0;
  const height = Math.min(png.height, Math.ceil(box.y + box.height)) - y0;
  const pixels = Buffer.alloc(width * height * png.channels);
  for (let y = 0; y < height; y++) png.pixels.copy(pixels, y * width * png.channels, ((y0 + y) * png.width + x0) * png.channels, ((y0 + y) * png.width + x0 + width) * png.channels);
  const channels = png.channels;
  return {
    width,
    height,
    channels,
    pixels,
    at(x, y) {
      const i = (y * width + x) * channels;
      return [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, channels === 4 ? pixels[i + 3]! : 255];
    },
  };
}
