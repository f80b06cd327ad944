// The shapes of the API's objects, named for the pages: every one is the
// server's own schema (components.schemas of `minsheng api-schema`, turned into
// TypeScript in schema.d.ts by web/scripts/gen-api.mjs), so a page cannot
// assume a field the server does not send.
import type { components } from './schema'
import { ENUMS, type EnumKey } from './enums'

type Schemas = components['schemas']

export type Congress = Schemas['Congress']
export type Cycle = Schemas['Cycle']
export type Deputy = Schemas['Deputy']
export type Unit = Schemas['Unit']
export type Candidate = Schemas['Candidate']
/** A candidate as a poll lists it (GET /polls/{id}): the whole candidate. */
export type PollCandidate = Candidate
/** One row of GET /cycles/{id}/polls. */
export type PollSummary = Schemas['PollSummary']
export type Poll = Schemas['Poll']
/** One row of GET /polls/{id}/attendance. */
export type Attendee = Schemas['Attendee']
export type PollResult = Schemas['PollResult']
export type Hall = Schemas['Hall']
export type ResultCandidate = Schemas['ResultCandidate']
export type RuleText = Schemas['RuleText']
export type User = Schemas['User']
export type Me = Schemas['Me']
export type Turnout = Schemas['Turnout']
export type Receipt = Schemas['Receipt']
export type Project = Schemas['Project']
/** One row of GET /me/history: a poll or evaluation the deputy was due to vote in, and what came of it. */
export type HistoryEntry = Schemas['HistoryEntry']
export type HistoryCandidate = Schemas['HistoryCandidate']
export type ReserveEntry = Schemas['ReserveEntry']
export type ImportAnswer = Schemas['ImportAnswer']
export type ImportFault = Schemas['ImportFault']
export type ErrorBody = Schemas['ErrorBody']
/** A poll's scrutineers (监票人) and the shares that open its ballots (GET /polls/{id}/scrutineers). */
export type Scrutineers = Schemas['Scrutineers']
export type Scrutineer = Schemas['Scrutineer']
/** A scrutineer's key share, sealed to the one-time key of their device. */
export type SealedShare = Schemas['SealedShare']
/** The public bulletin of a closed poll: every counted ballot with its tracker. */
export type Bulletin = Schemas['Bulletin']
export type BulletinBallot = Schemas['BulletinBallot']
/** Code-sheet polls: the slips' reconciliation (GET /polls/{id}/codes) and a voting code's state (code-check). */
export type SlipCounts = Schemas['SlipCounts']
export type CodeState = Schemas['CodeState']
/** The administrators' screens: an account as listed (GET /users), an audit entry, what verifying the chain found. */
export type UserEntry = Schemas['UserEntry']
export type AuditEntry = Schemas['AuditEntry']
export type AuditVerify = Schemas['AuditVerify']

export type Phase = Cycle['phase']
export type PollStatus = Poll['status']
export type BallotForm = Poll['ballot_form']
export type ThresholdBase = Poll['threshold_base']
export type Level = Congress['level']
export type Role = User['roles'][number]
export type ResultStatus = PollResult['status']
export type Outcome = ResultCandidate['status']
export type VotingMode = Poll['voting_mode']
export type Light = Project['light']
export type ProjectState = Project['state']
export type ReserveReason = ReserveEntry['reason']

/** The phases of a round in order (x-enums.phase). */
export const PHASES: readonly Phase[] = ENUMS.phase.map((p) => p.key)

// The enums of the schemas and of x-enums name the same keys (a type error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Expect<T extends true> = T
export type EnumsAgree = [
  Expect<Same<Phase, EnumKey<'phase'>>>,
  Expect<Same<PollStatus, EnumKey<'poll_status'>>>,
  Expect<Same<BallotForm, EnumKey<'ballot_form'>>>,
  Expect<Same<ThresholdBase, EnumKey<'threshold_base'>>>,
  Expect<Same<Level, EnumKey<'level'>>>,
  Expect<Same<Role, EnumKey<'role'>>>,
  Expect<Same<ResultStatus, EnumKey<'result_status'>>>,
  Expect<Same<Outcome, EnumKey<'status'>>>,
  Expect<Same<VotingMode, EnumKey<'voting_mode'>>>,
  Expect<Same<Light, EnumKey<'light'>>>,
  Expect<Same<ProjectState, EnumKey<'state'>>>,
  Expect<Same<ReserveReason, EnumKey<'reason'>>>,
]
/** The unit assessment (承办单位考核): a congress's league table, a unit's line of it, its records and trend. */
export type LeagueTable = Schemas['LeagueTable']
export type AssessmentRow = Schemas['AssessmentRow']
export type UnitAssessment = Schemas['UnitAssessment']
export type AssessmentTrend = Schemas['AssessmentTrend']
/** Three-level linkage (三级联动): a congress's roll-up for a year, one congress in it, its figures, one of the three rates. */
export type Rollup = Schemas['Rollup']
export type RollupNode = Schemas['RollupNode']
export type RollupFigures = Schemas['RollupFigures']
export type RollupRate = Schemas['RollupRate']
