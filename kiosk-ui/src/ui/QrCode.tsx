import { useMemo } from 'react';
import QRCode from 'qrcode';

/**
 * A QR code drawn as one SVG path from the library's module matrix: crisp at any print size, no canvas, no
 * innerHTML. The quiet zone (4 modules) is part of the picture, as scanners need it.
 */
export function QrCode({ value, size = '32mm', label }: { value: string; size?: string | number; label?: string }) {
  const { n, d } = useMemo(() => {
    const qr = QRCode.create(value, { errorCorrectionLevel: 'M' });
    const count = qr.modules.size;
    let path = '';
    for (let y = 0; y < count; y++) {
      for (let x = 0; x < count; x++) if (qr.modules.get(y, x)) path += `M${x + 4} ${y + 4}h1v1h-1z`;
    }
    return { n: count + 8, d: path };
  }, [value]);
  return (
    <svg
      className="qr"
      viewBox={`0 0 ${n} ${n}`}
      width={size}
      height={size}
      role="img"
      aria-label={label ?? value}
      data-testid="qr"
      data-value={value}
      shapeRendering="crispEdges"
    >
      <rect width={n} height={n} fill="#ffffff" />
      <path d={d} fill="#000000" />
    </svg>
  );
}
