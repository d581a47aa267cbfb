import ICAL from 'ical.js';
import { blackoutsCalendar, consultationsCalendar, FeedConsultation } from './ical.render';

// Parsed with ical.js, an independent implementation, as a calendar client would.
function events(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      allDay: event.startDate.isDate,
      sequence: event.sequence,
      status: vevent.getFirstPropertyValue('status'),
      lastModified: String(vevent.getFirstPropertyValue('last-modified')),
    };
  });
}

const base: FeedConsultation = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  title: 'Youth services review',
  summary: '',
  status: 'PLANNED',
  startDate: '2027-10-25',
  endDate: '2027-11-07',
  organisation: 'Staffordshire County Council',
  areas: ['Stafford'],
  audiences: ['Young people (11–24)'],
  conflictCount: 2,
  version: 3,
  createdAt: new Date('2026-11-01T10:00:00Z'),
  updatedAt: new Date('2026-11-20T09:30:00Z'),
};

describe('iCalendar feeds', () => {
  it('writes consultations as all-day events, end exclusive, with stable UIDs and the version as SEQUENCE', () => {
    const [event] = events(consultationsCalendar([base], 'https://cc.example'));
    expect(event).toMatchObject({
      uid: 'consultation-0f8fad5b-d9cb-469f-a165-70867728950e@consultation-calendar',
      summary: 'Youth services review',
      start: '2027-10-25',
      end: '2027-11-08',
      allDay: true,
      sequence: 3,
      status: 'CONFIRMED',
    });
    expect(event.lastModified).toBe('2026-11-20T09:30:00Z');
    expect(event.description).toContain('Clash findings (any severity, settled or not): 2');
    expect(event.description).toContain('https://cc.example/consultations/0f8fad5b-d9cb-469f-a165-70867728950e');
  });

  it('keeps dates whole across the October clock change', () => {
    // British Summer Time ends on 31 October 2027: the event still starts and ends on its dates.
    const [event] = events(consultationsCalendar([{ ...base, startDate: '2027-10-31', endDate: '2027-10-31' }], 'https://cc.example'));
    expect([event.start, event.end]).toEqual(['2027-10-31', '2027-11-01']);
  });

  it('sends cancelled consultations as STATUS:CANCELLED', () => {
    const [event] = events(consultationsCalendar([{ ...base, status: 'CANCELLED', version: 4 }], 'https://cc.example'));
    expect(event).toMatchObject({ status: 'CANCELLED', sequence: 4 });
  });

  it('escapes commas, semicolons and newlines in titles and descriptions', () => {
    const title = 'Parks, play; and\nopen spaces';
    const ics = consultationsCalendar([{ ...base, title, summary: 'Line one;\nline two, three' }], 'https://cc.example');
    expect(ics).toContain('SUMMARY:Parks\\, play\\; and\\nopen spaces');
    const [event] = events(ics);
    expect(event.summary).toBe(title);
    expect(event.description).toContain('Line one;\nline two, three');
  });

  it('writes blackout periods as a second calendar', () => {
    const [event] = events(
      blackoutsCalendar([{ id: 'b1', name: 'Pre-election period', startDate: '2027-03-26', endDate: '2027-05-06', severity: 'HIGH', areas: ['Stafford'], audiences: [], updatedAt: new Date('2026-11-01T00:00:00Z') }]),
    );
    expect(event).toMatchObject({ summary: 'Blackout: Pre-election period', start: '2027-03-26', end: '2027-05-07', allDay: true });
    expect(event.description).toContain('Audiences: everyone');
  });
});
