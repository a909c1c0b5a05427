/** Props of `LegendSwatch`. */
export interface LegendSwatchProps {
  /** CSS colour of the mark. */
  color: string;
  /**
   * A solid or dashed line, a filled band, a triangle pointing down or up, or a white circle
   * with a border in `color`.
   */
  shape: 'line' | 'band' | 'dashed' | 'down' | 'up' | 'circle';
}

/** Renders the small mark of a legend entry. It is decorative, so screen readers skip it. */
export function LegendSwatch({ color, shape }: LegendSwatchProps) {
  if (shape === 'circle') {
    return (
      <svg aria-hidden="true" width="12" height="12" viewBox="0 0 12 12">
        <circle cx="6" cy="6" r="4.5" fill="#ffffff" stroke={color} strokeWidth="1.5" />
      </svg>
    );
  }
  if (shape === 'down' || shape === 'up') {
    const points = shape === 'down' ? '1,2 11,2 6,11' : '1,11 11,11 6,2';
    return (
      <svg aria-hidden="true" width="12" height="12" viewBox="0 0 12 12">
        <polygon points={points} fill={color} />
      </svg>
    );
  }

  const style =
    shape === 'band'
      ? { background: color, height: '0.75rem' }
      : { borderTop: `2px ${shape === 'dashed' ? 'dashed' : 'solid'} ${color}` };
  return <span aria-hidden="true" className="inline-block w-4" style={style} />;
}
