// The calendar's load levels (see LoadLevel in the schema), as a class and in words.
export const LOADS = {
  NONE: { key: 'none', words: 'nothing live' },
  LIGHT: { key: 'light', words: 'light load' },
  AT_LIMIT: { key: 'at-limit', words: 'at the fatigue limit' },
  FATIGUE: { key: 'fatigue', words: 'over the fatigue limit' },
};
