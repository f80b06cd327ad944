// The shapes of the way from demands to candidates, each the server's own
// schema (api/schema.d.ts): a round's collection window, a candidate's
// sources, a demand put forward for the candidates.
import type { components } from '../api/schema'

type Schemas = components['schemas']

/** A round's collection window in words (GET/PUT /cycles/{id}/collection). */
export type CollectionWindow = Schemas['CollectionWindow']
/** Who asked for a candidate, counts only (GET /candidates/{id}/sources). */
export type CandidateSources = Schemas['CandidateSources']
/** A demand put forward for the candidates (GET /congresses/{id}/proposals). */
export type Proposal = Schemas['Proposal']
/** What a promoted candidate is made from (POST /cycles/{id}/promotions). */
export interface PromoteSources {
  demand_ids: number[]
  cluster_id: number | null
  suggestion_ids: number[]
}
