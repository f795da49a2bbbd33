/** Small SVG charts for the model card: no plotting library, files any browser or viewer opens. */

export interface Series {
  label: string;
  points: Array<[number, number]>;
  style: 'line' | 'dots';
  color: string;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  x: [number, number];
  y: [number, number];
  series: Series[];
  /** Vertical bars [x, yLow, yHigh], drawn under the series. */
  intervals?: Array<[number, number, number]>;
}

const W = 640,
  H = 420,
  L = 64,
  R = 20,
  T = 40,
  B = 56;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

export function chart(o: ChartOptions): string {
  const sx = (v: number) => L + ((v - o.x[0]) / (o.x[1] - o.x[0] || 1)) * (W - L - R);
  const sy = (v: number) => H - B - ((v - o.y[0]) / (o.y[1] - o.y[0] || 1)) * (H - T - B);
  const ticks = (range: [number, number]) =>
    Array.from({ length: 6 }, (_, i) => range[0] + ((range[1] - range[0]) * i) / 5);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(o.title)}</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#333"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#333"/>`,
    ...ticks(o.x).map((v) => `<text x="${sx(v)}" y="${H - B + 16}" text-anchor="middle">${fmt(v)}</text>`),
    ...ticks(o.y).map(
      (v) =>
        `<text x="${L - 6}" y="${sy(v) + 4}" text-anchor="end">${fmt(v)}</text><line x1="${L}" y1="${sy(v)}" x2="${W - R}" y2="${sy(v)}" stroke="#eee"/>`,
    ),
    `<text x="${(L + W - R) / 2}" y="${H - 14}" text-anchor="middle">${esc(o.xLabel)}</text>`,
    `<text x="16" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(T + H - B) / 2})">${esc(o.yLabel)}</text>`,
    ...(o.intervals ?? []).map(
      ([x, lo, hi]) =>
        `<line x1="${sx(x)}" y1="${sy(lo)}" x2="${sx(x)}" y2="${sy(hi)}" stroke="#9ecae1" stroke-width="1"/>`,
    ),
  ];
  o.series.forEach((s, i) => {
    if (s.style === 'line') {
      parts.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`,
      );
    } else {
      parts.push(
        ...s.points.map(
          ([x, y]) =>
            `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2" fill="${s.color}" fill-opacity="0.5"/>`,
        ),
      );
    }
    parts.push(
      `<rect x="${L + 12}" y="${T + 8 + i * 18}" width="12" height="4" fill="${s.color}"/><text x="${L + 30}" y="${T + 14 + i * 18}">${esc(s.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
