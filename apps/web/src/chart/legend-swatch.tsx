/** Props of `LegendSwatch`. */
export interface LegendSwatchProps {
  /** CSS colour of the mark. */
  color: string;
  /** A solid or dashed line, a filled band, or a triangle pointing down or up. */
  shape: 'line' | 'band' | 'dashed' | 'down' | 'up';
}

/** Renders the small mark of a legend entry. It is decorative, so screen readers skip it. */
export function LegendSwatch({ color, shape }: LegendSwatchProps) {
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
