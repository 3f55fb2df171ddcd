import { Fragment } from 'react';
import { formatDate, formatTime } from './format';

/** `json.reliable.webpubsub.azure.v1` may break after its dots rather than widen a table. */
export function BreakAtDots({ text }: { text: string }) {
  return text.split('.').map((part, i, parts) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 && (
        <>
          .<wbr />
        </>
      )}
    </Fragment>
  ));
}

/** Two short lines rather than one long one, the second muted: a table column stays narrow. */
export function Stacked({ first, second }: { first: string; second: string }) {
  return (
    <span className="stacked">
      <span>{first}</span>
      <span className="muted">{second}</span>
    </span>
  );
}

/** A moment in a table cell: the time, the date under it. */
export function StackedDateTime({ at }: { at: string | number }) {
  return <Stacked first={formatTime(at)} second={formatDate(at)} />;
}
