// The ways a consultation reaches people (the Channel enum), in words.
export const CHANNELS = {
  ONLINE_SURVEY: 'Online survey', POSTAL_SURVEY: 'Postal survey', TELEPHONE: 'Telephone', FOCUS_GROUP: 'Focus group',
  PUBLIC_MEETING: 'Public meeting', DROP_IN: 'Drop-in', STREET_OUTREACH: 'Street outreach', PANEL_SURVEY: 'Panel survey',
  SCHOOLS: 'Schools', SOCIAL_MEDIA: 'Social media',
};
