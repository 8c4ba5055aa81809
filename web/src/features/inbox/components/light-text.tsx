import { Fragment } from 'react';
import { lightSegments } from './light-format';

/** Our own reply or note as the email shows it: **bold** and _italic_ applied; rendered as text (nothing injected). */
export function LightText({ text }: { text: string }) {
  const lines = text.split('\n');
  return (
    <>
      {lines.map((line, index) => (
        <Fragment key={index}>
          {index > 0 ? '\n' : null}
          {lightSegments(line).map((segment, position) => {
            if (segment.bold && segment.italic) return <strong key={position}><em>{segment.text}</em></strong>;
            if (segment.bold) return <strong key={position}>{segment.text}</strong>;
            if (segment.italic) return <em key={position}>{segment.text}</em>;
            return <Fragment key={position}>{segment.text}</Fragment>;
          })}
        </Fragment>
      ))}
    </>
  );
}
