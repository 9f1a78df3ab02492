/**
 * Splitting a wrongly merged person or dispute: beside each of its records a choice of where it goes (stays, or to
 * new entity 1, 2 or 3), one reason, one button. The form posts the groups the steward API takes.
 */
import type { Child } from 'hono/jsx';
import { problems } from '../problem.js';
import type { RecordRef } from './source-records.js';

const targets = ['一', '二', '三'];

/** The choice for one record; put it in the record's row inside a `SplitForm`. */
export function SplitChoice(props: { index: number; record: RecordRef; noun: string }) {
  const { index, record } = props;
  return (
    <span class="split-form">
      <input type="hidden" name={`src.${index}`} value={record.sourceId} />
      <input type="hidden" name={`rec.${index}`} value={record.sourceRecordId} />
      <select
        name={`to.${index}`}
        aria-label={`记录 ${record.sourceRecordId} 的去向`}
        data-split={`${record.sourceId}/${record.sourceRecordId}`}
      >
        <option value="">留在此{props.noun}</option>
        {targets.map((t, i) => (
          <option value={String(i + 1)}>
            移到新{props.noun}
            {t}
          </option>
        ))}
      </select>
    </span>
  );
}

/** The records with their choices and the split bar; a single record cannot be split, so it is only listed. */
export function SplitForm(props: { action: string; noun: string; records: number; children?: Child }) {
  if (props.records < 2) return <div>{props.children}</div>;
  return (
    <form method="post" action={props.action}>
      {props.children}
      <div class="decide">
        <span>拆分{props.noun}：在上面为要移出的记录选择去向</span>
        <textarea
          name="reason"
          maxlength={2000}
          placeholder="拆分理由（可选），如：身份证号不同，系误合并"
          aria-label="拆分理由"
        />
        <button class="primary" type="submit" data-split-submit>
          拆分
        </button>
      </div>
    </form>
  );
}

/** The groups and reason a split form posted; refuses a form that moves nothing. */
export function readSplitForm(form: Record<string, unknown>): { groups: RecordRef[][]; reason?: string } {
  const groups: RecordRef[][] = targets.map(() => []);
  for (const [name, value] of Object.entries(form)) {
    const match = /^to\.(\d+)$/.exec(name);
    if (!match || typeof value !== 'string' || !value) continue;
    const target = Number(value);
    const sourceId = form[`src.${match[1]}`];
    const sourceRecordId = form[`rec.${match[1]}`];
    if (!(target >= 1 && target <= targets.length)) continue;
    if (typeof sourceId !== 'string' || typeof sourceRecordId !== 'string') continue;
    groups[target - 1]!.push({ sourceId, sourceRecordId });
  }
  const chosen = groups.filter((g) => g.length > 0);
  if (chosen.length === 0) throw problems.badRequest('invalid-split', '请至少为一条记录选择“移到新…”');
  const reason = typeof form.reason === 'string' ? form.reason.trim().slice(0, 2000) : '';
  return { groups: chosen, ...(reason ? { reason } : {}) };
}

/** Links to the entities a split just made. */
export function NewParts(props: { ids: string[]; kind: 'persons' | 'disputes' }) {
  return (
    <p>
      拆分出的新{props.kind === 'persons' ? '人员' : '纠纷'}：
      {props.ids
        .filter((id) => /^(per|dsp)_[0-9A-Z]+$/.test(id))
        .map((id) => (
          <a class="mono" href={`/console/${props.kind}/${id}`} data-new-part style="margin-right:8px">
            {id}
          </a>
        ))}
    </p>
  );
}
