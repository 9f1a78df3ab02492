/* Generated from schemas/**.schema.json by `npm run schemas:generate`. Do not edit by hand. */

export interface Location {
  /**
   * Statistical division code (统计用区划代码): 6 digits county, 9 digits town/street, 12 digits village/community.
   */
  divisionCode?: string;
  divisionLevel?: 'province' | 'city' | 'county' | 'town' | 'village';
  divisionName?: string;
  /**
   * Grid-management cell: 12-digit village code followed by a 3-digit grid number.
   */
  gridCode?: string;
  gridName?: string;
  /**
   * The address exactly as the source gave it (trimmed).
   */
  addressText?: string;
  /**
   * The address with prefixes, numerals and unit variants normalised, for comparison.
   */
  normalisedAddress?: string;
  coordinates?: Coordinates;
  /**
   * How the division code was found.
   */
  resolvedBy?: 'source-code' | 'grid-code' | 'court-code' | 'address-text' | 'area-name' | 'receiving-centre';
}

export interface Coordinates {
  longitude: number;
  latitude: number;
  /**
   * Coordinate reference system the source used.
   */
  datum: 'WGS-84' | 'GCJ-02' | 'BD-09';
}

export interface Identifiers {
  [k: string]: unknown;
}

export interface ResidentId {
  /**
   * e.g. 330681********0011
   */
  masked: string;
  /**
   * HMAC-SHA256 of the normalised 18-digit number; absent when the source itself masked it.
   */
  blindIndex?: string;
  /**
   * valid: checksum correct; upgraded: a legacy 15-digit number converted to 18; invalid: kept as given but flagged; masked: the source masked it.
   */
  status: 'valid' | 'upgraded' | 'invalid' | 'masked';
  /**
   * Why an invalid number is invalid.
   */
  problem?: string;
  birthDate?: string;
  sex?: 'male' | 'female';
  /**
   * First six digits: the issuing county.
   */
  regionCode?: string;
  /**
   * Digits the source left visible in a masked number, positions preserved with '*'.
   */
  visibleDigits?: string;
}

export interface Phone {
  /**
   * e.g. 138****5678
   */
  masked: string;
  /**
   * HMAC-SHA256 of the normalised number; absent when the source masked it.
   */
  blindIndex?: string;
  kind: 'mobile' | 'landline' | 'service' | 'unknown';
  status?: 'valid' | 'masked' | 'invalid';
  areaCode?: string;
  visibleDigits?: string;
}

export interface PersonName {
  /**
   * The name exactly as the record wrote it (trimmed).
   */
  asGiven: string;
  /**
   * Simplified characters, half-width, one middle-dot form; absent when empty.
   */
  normalised?: string;
  /**
   * full: a full name; surname-only: surname plus honorific (张先生); masked: 张某某/张*; empty: anonymous.
   */
  form: 'full' | 'surname-only' | 'masked' | 'empty';
  surname?: string;
  honorific?: string;
}

export interface CreditCode {
  value: string;
  status: 'valid' | 'invalid';
}

export interface OtherId {
  /**
   * What kind of identifier, e.g. passport, febrl-soc-sec-id.
   */
  scheme: string;
  masked: string;
  blindIndex?: string;
}

export type PartyRole =
  | 'reporter'
  | 'complainant'
  | 'respondent'
  | 'petitioner'
  | 'applicant'
  | 'counterparty'
  | 'plaintiff'
  | 'defendant'
  | 'third-party'
  | 'involved'
  | 'contact';

export interface Report {
  sourceId: string;
  sourceRecordId: string;
  /**
   * Other numbers by which other systems quote this record (a 12345 order's busiNumber), normalised.
   */
  referenceNumbers?: string[];
  channel: 'hotline-12345' | 'petition' | 'police-110' | 'court' | 'grid' | 'other';
  /**
   * When the source first received the matter (ISO 8601 with offset).
   */
  reportedAt: string;
  title?: string;
  /**
   * The free text of the record (what the caller, petitioner or officer said).
   */
  narrative: string;
  category: Category;
  status: Status;
  steps: Step[];
  deadline?: Deadline;
  urgency?: 'normal' | 'urgent' | 'critical';
  /**
   * 诉求类型 / 信访性质 as the source names it.
   */
  appealType?: string;
  handlingUnit?: string;
  satisfaction?: 'satisfied' | 'basically-satisfied' | 'dissatisfied';
  /**
   * How the matter ended, verbatim from the source (调解不成, 移交调解, …).
   */
  outcome?: string;
  /**
   * The reporter asked that name and phone be hidden from the handling unit (隐匿).
   */
  confidential?: boolean;
  parties: PartyMention[];
  /**
   * How many people the source says are involved (may exceed the named parties).
   */
  partyCount?: number;
  location?: Location;
  links: SourceLink[];
  /**
   * Source fields with no canonical home, kept verbatim so nothing meaningful is dropped.
   */
  sourceAttributes?: {
    [k: string]: unknown;
  };
}

export interface Category {
  /**
   * The hub's one dispute taxonomy.
   */
  code:
    | '婚姻家庭'
    | '邻里'
    | '房屋宅基地'
    | '山林土地'
    | '征地拆迁'
    | '农村集体'
    | '劳资'
    | '物业'
    | '合同借贷'
    | '经营'
    | '损害赔偿'
    | '交通事故'
    | '医疗'
    | '环境'
    | '建设工程'
    | '消费'
    | '企业改制'
    | '行政执法'
    | '村务'
    | '校园'
    | '治安'
    | '求助咨询'
    | '其他';
  /**
   * The source's own category, verbatim (a code, a label or a path joined with ' / ').
   */
  sourceValue: string;
  /**
   * 案由, for court cases.
   */
  causeOfAction?: string;
  /**
   * False when the source record is not a dispute at all (a consultation, a crime report).
   */
  isDispute?: boolean;
}

export interface Status {
  code:
    | 'registered'
    | 'accepted'
    | 'assigned'
    | 'in-progress'
    | 'resolved'
    | 'closed'
    | 'returned'
    | 'extension-requested'
    | 'reopened';
  sourceValue: string;
  since?: string;
}

export interface Step {
  at: string;
  action:
    | 'register'
    | 'accept'
    | 'assign'
    | 'sign'
    | 'return'
    | 'extension-request'
    | 'handle'
    | 'feedback'
    | 'resolve'
    | 'close'
    | 'callback'
    | 'supervise'
    | 'report-up'
    | 'transfer'
    | 'review'
    | 'other';
  sourceAction: string;
  fromUnit?: string;
  toUnit?: string;
  operator?: string;
  comment?: string;
  supervisionLevel?: 'normal' | 'yellow' | 'red';
  /**
   * Which source the step came from (in a dispute's merged timeline).
   */
  sourceId?: string;
  sourceRecordId?: string;
}

export interface Deadline {
  dueAt: string;
  basis: {
    kind: 'explicit' | 'calendar-days' | 'working-days' | 'hours';
    amount?: number;
    from?: string;
    /**
     * The contract rule applied, in words.
     */
    rule?: string;
    sourceField?: string;
  };
  extensions?: {
    days: number;
    reason?: string;
    requestedAt?: string;
  }[];
}

export interface PartyMention {
  kind: 'person' | 'organization' | 'group';
  /**
   * @minItems 1
   */
  roles: PartyRole[];
  /**
   * The role word the source used, verbatim (申请人, 被信访人, …).
   */
  sourceRole?: string;
  primary?: boolean;
  name?: PersonName;
  organizationName?: string;
  creditCode?: CreditCode;
  sex?: 'male' | 'female';
  /**
   * Birth date the source states directly (not derived from an ID number).
   */
  birthDate?: string;
  residentId?: ResidentId;
  phones?: Phone[];
  /**
   * Identifiers of other schemes (a social security number in a foreign dataset, a passport): protected like resident IDs.
   */
  otherIds?: OtherId[];
  addresses?: Location[];
  /**
   * For a group mention like 王某等5人: how many people it stands for.
   */
  groupSize?: number;
  /**
   * Field the party was read from when it only appears in free text (DSR, mainCharacters).
   */
  extractedFrom?: string;
}

export interface SourceLink {
  kind:
    'hotline-work-order' | 'police-call' | 'petition' | 'grid-event' | 'court-case' | 'unknown-source-record';
  /**
   * The field that carried the reference (work_id, linked110, …).
   */
  field: string;
  /**
   * The referenced number, normalised (trimmed, half-width).
   */
  value: string;
  targetSourceId?: string;
  relation?: 'same-matter' | 'repeat-call' | 'referred-from' | 'handed-over';
}

export type CategoryCode =
  | '婚姻家庭'
  | '邻里'
  | '房屋宅基地'
  | '山林土地'
  | '征地拆迁'
  | '农村集体'
  | '劳资'
  | '物业'
  | '合同借贷'
  | '经营'
  | '损害赔偿'
  | '交通事故'
  | '医疗'
  | '环境'
  | '建设工程'
  | '消费'
  | '企业改制'
  | '行政执法'
  | '村务'
  | '校园'
  | '治安'
  | '求助咨询'
  | '其他';

export type StatusCode =
  | 'registered'
  | 'accepted'
  | 'assigned'
  | 'in-progress'
  | 'resolved'
  | 'closed'
  | 'returned'
  | 'extension-requested'
  | 'reopened';

export type Channel = 'hotline-12345' | 'petition' | 'police-110' | 'court' | 'grid' | 'other';

export interface Dispute {
  /**
   * Stable public id, never reused.
   */
  id: string;
  title?: string;
  summary?: string;
  category: Category;
  status: Status;
  deadline?: Deadline;
  /**
   * 0 none, 1 blue, 2 yellow, 3 orange, 4 red.
   */
  riskLevel?: number;
  /**
   * Why the dispute is at its riskLevel: the early-warning rules that fired, in the policy’s order (absent at 0).
   */
  riskReasons?: RiskReason[];
  /**
   * 督办 level the deadline sweep last recorded: none, normal (普通), yellow (黄牌, 临期) or red (红牌, 超期).
   */
  supervisionLevel?: 'none' | 'normal' | 'yellow' | 'red';
  location?: Location;
  parties: DisputeParty[];
  reports: ReportRef[];
  /**
   * Other disputes between the same people or at the same place about a different matter: related, not merged.
   */
  related?: {
    disputeId: string;
    reason: string;
    score?: number;
  }[];
  steps: Step[];
  channels?: Channel[];
  firstReportedAt: string;
  lastReportedAt: string;
  resolvedAt?: string;
  /**
   * Set when a steward merged this dispute into another: the id redirects there.
   */
  mergedInto?: string;
  /**
   * Increases with every change; events carry it as their sequence.
   */
  version: number;
}

export interface RiskReason {
  rule: string;
  level: number;
  detail?: string;
  evidence?: {
    sourceId?: string;
    sourceRecordId?: string;
    channel?: Channel;
    personId?: string;
    disputeId?: string;
    /**
     * The canonical field that carried the signal (outcome, sourceAttributes.skipLevel, …).
     */
    field?: string;
    value?: string | number | boolean;
    at?: string;
  }[];
}

export interface DisputeParty {
  personId?: string;
  organizationId?: string;
  /**
   * Masked unless the reader may see personal data.
   */
  displayName?: string;
  /**
   * Items: reporter: who contacted the channel; complainant/respondent: the two sides; applicant/counterparty: court and mediation sides; petitioner; involved: named without a side.
   */
  roles: (
    | 'reporter'
    | 'complainant'
    | 'respondent'
    | 'petitioner'
    | 'applicant'
    | 'counterparty'
    | 'plaintiff'
    | 'defendant'
    | 'third-party'
    | 'involved'
    | 'contact'
  )[];
}

export interface ReportRef {
  sourceId: string;
  sourceRecordId: string;
  channel: Channel;
  reportedAt?: string;
  linkedBy: LinkDecision;
}

export interface LinkDecision {
  method: 'new-entity' | 'same-record' | 'explicit-reference' | 'exact-identifier' | 'score' | 'steward';
  decidedBy: 'machine' | 'steward';
  decidedAt: string;
  rule?: string;
  score?: number;
  thresholds?: {
    link?: number;
    review?: number;
  };
  evidence?: {
    field: string;
    level: string;
    weight?: number;
    detail?: string;
  }[];
  steward?: string;
  reason?: string;
}

export interface Person {
  /**
   * Stable public id, never reused.
   */
  id: string;
  /**
   * Golden name (survivorship: source priority, then recency).
   */
  name?: string;
  names: PersonName[];
  sex?: 'male' | 'female';
  birthDate?: string;
  residentIds: ResidentId[];
  phones: Phone[];
  addresses?: Location[];
  records: {
    sourceId: string;
    sourceRecordId: string;
    /**
     * Items: reporter: who contacted the channel; complainant/respondent: the two sides; applicant/counterparty: court and mediation sides; petitioner; involved: named without a side.
     */
    roles?: (
      | 'reporter'
      | 'complainant'
      | 'respondent'
      | 'petitioner'
      | 'applicant'
      | 'counterparty'
      | 'plaintiff'
      | 'defendant'
      | 'third-party'
      | 'involved'
      | 'contact'
    )[];
    linkedBy: LinkDecision;
  }[];
  /**
   * Attributes whose sources disagree, flagged for a steward.
   */
  conflicts?: {
    attribute: string;
    values: string[];
  }[];
  mergedInto?: string;
  version: number;
}

export interface Organization {
  id: string;
  name: string;
  creditCode?: CreditCode;
  kind?: 'legal-person' | 'unincorporated' | 'government' | 'unknown';
  location?: Location;
  version: number;
}

export interface QiaoCloudEvent {
  specversion: '1.0';
  /**
   * Stable: a redelivered event has the same id.
   */
  id: string;
  /**
   * URI of the hub instance that produced the event.
   */
  source: string;
  type:
    | 'qiao.dispute.created'
    | 'qiao.dispute.updated'
    | 'qiao.dispute.status-changed'
    | 'qiao.dispute.merged'
    | 'qiao.dispute.split'
    | 'qiao.dispute.overdue'
    | 'qiao.person.created'
    | 'qiao.person.updated'
    | 'qiao.person.merged'
    | 'qiao.person.split'
    | 'qiao.risk.raised'
    | 'qiao.record.quarantined';
  /**
   * The entity id the event is about.
   */
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  /**
   * Per-subject version, zero-padded to 12 digits so it orders as a string too.
   */
  sequence: string;
  /**
   * Extension: the division code of the entity, for regional filtering.
   */
  divisioncode?: string;
  data: {};
}

export interface DisputeChangedData {
  dispute: Dispute;
  /**
   * This interface was referenced by `Dispute`'s JSON-Schema
   * via the `definition` "StatusCode".
   */
  previousStatus?:
    | 'registered'
    | 'accepted'
    | 'assigned'
    | 'in-progress'
    | 'resolved'
    | 'closed'
    | 'returned'
    | 'extension-requested'
    | 'reopened';
  trigger?: RecordRef;
  /**
   * The steward operation that caused the change (a merge or split), when a steward did.
   */
  stewardAction?: {
    action: 'merge' | 'split';
    steward: string;
  };
}

export interface RecordRef {
  sourceId: string;
  sourceRecordId: string;
  revision: number;
}

export interface RecordRef1 {
  sourceId: string;
  sourceRecordId: string;
  revision: number;
}

export interface PersonChangedData {
  person: Person;
  trigger?: RecordRef;
  /**
   * The steward operation that caused the change (a merge or split), when a steward did.
   */
  stewardAction?: {
    action: 'merge' | 'split';
    steward: string;
  };
}

export interface EntitiesMergedData {
  entityKind: 'person' | 'dispute';
  winnerId: string;
  /**
   * @minItems 1
   */
  loserIds: string[];
  decidedBy: 'machine' | 'steward';
  steward?: string;
  reason?: string;
}

export interface EntitySplitData {
  entityKind: 'person' | 'dispute';
  originalId: string;
  /**
   * @minItems 1
   */
  newIds: string[];
  assignments: {
    sourceId: string;
    sourceRecordId: string;
    entityId: string;
  }[];
  steward?: string;
  reason?: string;
}

export interface DisputeOverdueData {
  disputeId: string;
  dueAt: string;
  supervisionLevel: 'normal' | 'yellow' | 'red';
  previousLevel?: 'none' | 'normal' | 'yellow' | 'red';
  /**
   * When the threshold was passed; a sweep that runs late notices it later, the event says when it happened.
   */
  crossedAt?: string;
  divisionCode?: string;
}

export interface RiskRaisedData {
  disputeId: string;
  level: number;
  previousLevel: number;
  /**
   * The rules that fired, in the policy’s order, each with its evidence (empty when lowered to 0).
   */
  reasons: RiskReason[];
}

export type FieldErrors = {
  /**
   * JSON path of the failing field, in the source record or the canonical output.
   */
  path: string;
  message: string;
  stage?: 'accept' | 'map' | 'validate' | 'resolve';
}[];

export interface RecordQuarantinedData {
  sourceId: string;
  sourceRecordId: string;
  revision: number;
  adapterVersion: string;
  errors: FieldErrors;
}
