import type { CardField } from '../../shared/fields.js';
import type { Announcement } from '../display/card-view.js';
import type { Messages } from '../i18n.js';

function sentence(t: Messages, kind: Announcement['kind'], field: CardField | undefined): string {
  if (!field) return kind === 'reveal' ? t.allShown : t.allHidden;
  const label = t.label[field];
  switch (kind) {
    case 'reveal':
      return t.shown(label);
    case 'hide':
      return t.hidden(label);
    case 'copy':
      return t.copiedField(label);
    case 'copy-failed':
      return t.copyFailed;
  }
}

/** Says what just happened, in the chosen language, never the value itself. */
export function LiveRegion({ announcement, t }: { announcement: Announcement | null; t: Messages }) {
  return (
    <div className="cv-sr" aria-live="polite" aria-atomic="true">
      {announcement && <span key={announcement.seq}>{sentence(t, announcement.kind, announcement.field)}</span>}
    </div>
  );
}
