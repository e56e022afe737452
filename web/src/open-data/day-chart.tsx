/**
 * A grouped bar chart of booked and free times per day, drawn as SVG. It is
 * one image for assistive technology (role="img", <title> and <desc>); the
 * figures themselves are in the table next to it. Scales to its container,
 * so it works at 320 px; colours have text labels, not colour alone.
 */
export interface DayTotal {
  date: string;
  booked: number;
  free: number;
}

interface Props {
  days: DayTotal[];
  title: string;
  description: string;
  bookedLabel: string;
  freeLabel: string;
}

const HEIGHT = 160;
const BAR = 8;
const GAP = 6;

export function DayChart({ days, title, description, bookedLabel, freeLabel }: Props) {
  const max = Math.max(1, ...days.map((d) => Math.max(d.booked, d.free)));
  const width = Math.max(1, days.length) * (2 * BAR + GAP) + GAP;
  const h = (n: number) => Math.round((n / max) * HEIGHT);
  return (
    <figure className="day-chart">
      <svg
        role="img"
        aria-labelledby="day-chart-title day-chart-desc"
        viewBox={`0 0 ${width} ${HEIGHT + 4}`}
        width="100%"
        height="12rem"
        preserveAspectRatio="none"
      >
        <title id="day-chart-title">{title}</title>
        <desc id="day-chart-desc">{description}</desc>
        {days.map((d, i) => {
          const x = GAP + i * (2 * BAR + GAP);
          return (
            <g key={d.date}>
              <rect x={x} y={HEIGHT - h(d.booked)} width={BAR} height={h(d.booked)} fill="#1b4f8a" />
              <rect x={x + BAR} y={HEIGHT - h(d.free)} width={BAR} height={h(d.free)} fill="#7fb3e6" />
            </g>
          );
        })}
        <line x1="0" y1={HEIGHT} x2={width} y2={HEIGHT} stroke="#333" strokeWidth="1" />
      </svg>
      <figcaption>
        <span className="day-chart__key day-chart__key--booked" aria-hidden="true" /> {bookedLabel}
        {'  '}
        <span className="day-chart__key day-chart__key--free" aria-hidden="true" /> {freeLabel}
        {days.length > 0 && (
          <span>
            {' '}
            ({days[0]?.date} – {days[days.length - 1]?.date})
          </span>
        )}
      </figcaption>
    </figure>
  );
}
