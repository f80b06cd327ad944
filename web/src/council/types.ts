// The shapes of the street councils' and the three tiers' API objects, named
// for the pages (the server's own schemas, generated into api/schema.d.ts).
import type { components } from '../api/schema'
import type { EnumKey } from '../api/enums'

type Schemas = components['schemas']

/** A residents' council meeting (GET /cycles/{id}/council-meetings): attendance, rules in words, record and hands. */
export type CouncilMeeting = Schemas['CouncilMeeting']
/** A candidate's show of hands at a meeting, and whether it was adopted. */
export type CouncilDecision = Schemas['CouncilDecision']
/** A project (民生实事项目), a small matter done at once (微实事) or a small wish (微心愿). */
export type Tier = EnumKey<'tier'>
/** How a round decides: the deputies' ballot or a residents' council. */
export type Decision = EnumKey<'decision'>
/** The share of the members that must be present, or of the base that the hands for must reach. */
export type Share = EnumKey<'share'>
/** What the hands for are counted against: those present or all the members. */
export type AdoptBase = EnumKey<'base'>

/** The tag type of each tier in lists (the colours of style.css, AA). */
export const TIER_TAG: Record<Tier, 'primary' | 'warning' | 'success'> = { project: 'primary', micro: 'warning', wish: 'success' }
