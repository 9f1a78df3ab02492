/**
 * The source records behind an entity, as a steward checks them: each record's state and its latest raw revision,
 * masked (ID numbers, phones) unless the steward's key holds `pii`.
 */
import type { Report } from '../../../schemas/generated/types.js';
import { canSeePersonalData, type Principal } from '../../access/api-keys.js';
import type { SourceRecordState } from '../../ingest/source-record.js';
import { maskRaw } from '../../privacy/mask-raw.js';
import { withoutBlindIndexes } from '../../privacy/protect-report.js';
import type { HubDeps } from '../../runtime/deps.js';
import { channelLabel, formatTime, linkMethodLabel } from './labels.js';

export interface RecordRef {
  sourceId: string;
  sourceRecordId: string;
}

export interface SourceRecordView extends RecordRef {
  state?: SourceRecordState;
  report?: Report;
  raw?: unknown;
  masked: boolean;
  receivedAt?: string;
}

/** Loads the records (at most `limit`, in the order given) with their latest raw revision. */
export async function loadSourceRecords(
  deps: Pick<HubDeps, 'store'>,
  principal: Principal,
  refs: RecordRef[],
  limit = 20,
): Promise<SourceRecordView[]> {
  const masked = !canSeePersonalData(principal);
  const protect = (report: Report) => (masked ? (maskRaw(report) as Report) : report);
  return Promise.all(
    refs.slice(0, limit).map(async (ref) => {
      const [state, revisions] = await Promise.all([
        deps.store.records.get(ref.sourceId, ref.sourceRecordId, false),
        deps.store.records.listRevisions(ref.sourceId, ref.sourceRecordId),
      ]);
      const latest = revisions.at(-1);
      return {
        sourceId: ref.sourceId,
        sourceRecordId: ref.sourceRecordId,
        ...(state ? { state } : {}),
        // The stored report masks identifiers in their fields but not in free text (a narrative quoting a phone).
        ...(state?.report ? { report: protect(withoutBlindIndexes(state.report)) } : {}),
        ...(latest ? { raw: masked ? maskRaw(latest.raw) : latest.raw, receivedAt: latest.receivedAt } : {}),
        masked,
      };
    }),
  );
}

/** A record's heading: channel, id, when it came, how it was linked. */
export function RecordHeading(props: {
  record: SourceRecordView;
  linkedBy?: { method: string; decidedBy: string; score?: number };
}) {
  const { record, linkedBy } = props;
  return (
    <div>
      <span class="tag">{channelLabel(record.sourceId)}</span>
      <span class="mono">{record.sourceRecordId}</span>{' '}
      {record.report?.reportedAt && <span class="muted">{formatTime(record.report.reportedAt)}</span>}{' '}
      {linkedBy && (
        <span class="muted">
          · {linkMethodLabel(linkedBy.method)}
          {linkedBy.score !== undefined ? `（${linkedBy.score.toFixed(2)}）` : ''}
        </span>
      )}
    </div>
  );
}

/** The raw content, collapsible; the first one of a list starts open. */
export function RawContent(props: { record: SourceRecordView; open?: boolean }) {
  const { record } = props;
  if (record.raw === undefined) return <div class="muted">未找到原始记录</div>;
  return (
    <details open={props.open}>
      <summary class="muted">原始记录{record.masked ? '（已脱敏）' : '（未脱敏）'}</summary>
      <pre class="raw" data-raw={`${record.sourceId}/${record.sourceRecordId}`}>
        {JSON.stringify(record.raw, null, 2)}
      </pre>
    </details>
  );
}

/** The records of one side of a pair (or of an entity), each with heading, the narrative, and the raw content. */
export function SourceRecordList(props: {
  records: SourceRecordView[];
  total: number;
  linkOf?: (r: RecordRef) => { method: string; decidedBy: string; score?: number } | undefined;
}) {
  return (
    <div>
      {props.records.map((record, i) => (
        <div class="record">
          <RecordHeading record={record} linkedBy={props.linkOf?.(record)} />
          {record.report?.title && <div>{record.report.title}</div>}
          {record.report?.narrative && <div class="muted">{record.report.narrative.slice(0, 160)}</div>}
          <RawContent record={record} open={i === 0} />
        </div>
      ))}
      {props.total > props.records.length && (
        <div class="muted">另有 {props.total - props.records.length} 条记录未显示</div>
      )}
    </div>
  );
}
