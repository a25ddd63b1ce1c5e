/** Explainable scoring: points per signal (pure), and scoring a campaign's prospects in batches. */
export {
  scoreProspect,
  scoreDomainRank,
  scoreTopicalFit,
  scoreContactQuality,
  scoreFreshness,
  isGenericEmail,
  type ScoreItem,
  type ScoreResult,
  type ScoreSignal,
  type ScoringCampaign,
  type ScoringContact,
  type ScoringProspect,
  type Verification,
} from "./scoring.ts";
export { scoreProspects, type ScoreRunOptions, type ScoreRunResult } from "./apply.ts";
