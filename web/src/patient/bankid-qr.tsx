/** Draws a BankID QR payload as an SVG with an accessible name (no innerHTML: one <path> of dark modules). */
import QRCode from 'qrcode';
import { useMemo } from 'react';

export function BankIdQr({ data, label }: { data: string; label: string }) {
  const { size, path } = useMemo(() => {
    const qr = QRCode.create(data, { errorCorrectionLevel: 'L' });
    const n = qr.modules.size;
    let d = '';
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        if (qr.modules.get(row, col)) d += `M${col + 2} ${row + 2}h1v1h-1z`;
      }
    }
    return { size: n + 4, path: d };
  }, [data]);
  return (
    <div className="qr">
      <svg role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} shapeRendering="crispEdges">
        <rect width={size} height={size} fill="#fff" />
        <path d={path} fill="#000" data-testid="bankid-qr-path" />
      </svg>
    </div>
  );
}
