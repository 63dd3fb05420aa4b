/** Time for the campaign runner: the pause between waves runs on it, so tests move time instead of waiting. */
export interface CampaignClock {
  now(): Date;
  /** calls `fn` once `ms` have passed; returns a function that cancels it */
  after(ms: number, fn: () => void): () => void;
}

export const systemClock: CampaignClock = {
  now: () => new Date(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};
