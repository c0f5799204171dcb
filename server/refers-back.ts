/**
 * Sentence openings that lean on the sentence before ("These advantages…", "This rapidly developing
 * organization…"); "It is…" and "There is…" rarely do. The scorer reads such a sentence with the one
 * before it, and an acronym's spelling-out is quoted with the one after it when that one opens so.
 */
export const REFERS_BACK = /^(these|this|those|such|they|the two)\b/i;
