import type { InfographicData } from '../../src/features/reporting/outputs/infographic.js';

/** A year's figures as the assembly of a report would count them, written here for tests. */
export const infographic2017: InfographicData = {
  year: 2017,
  asOf: '2017-11-30',
  activitiesByStatus: [
    { status: 'planned', label: 'Planned', count: 4 },
    { status: 'ongoing', label: 'Ongoing', count: 11 },
    { status: 'completed', label: 'Completed', count: 9 },
    { status: 'postponed', label: 'Postponed', count: 2 },
    { status: 'cancelled', label: 'Cancelled', count: 1 },
  ],
  sections: [
    { code: '1', title: 'Information exchange', lines: 5, coveredLines: 4 },
    { code: '2', title: 'Cybercrime', lines: 4, coveredLines: 4 },
    { code: '3', title: 'Migration', lines: 6, coveredLines: 3 },
    { code: '4', title: 'Fundamental rights', lines: 3, coveredLines: 1 },
  ],
  agencies: [
    { name: 'CEPOL', involvement: [1, 3, 0, 1] },
    { name: 'EASO', involvement: [0, 0, 5, 1] },
    { name: 'EIGE', involvement: [0, 0, 1, 2] },
    { name: 'EMCDDA', involvement: [2, 1, 0, 0] },
    { name: 'eu-LISA', involvement: [4, 1, 2, 0] },
    { name: 'Eurojust', involvement: [3, 2, 1, 0] },
    { name: 'Europol', involvement: [5, 6, 2, 0] },
    { name: 'FRA', involvement: [1, 0, 2, 4] },
    { name: 'Frontex', involvement: [2, 0, 6, 1] },
  ],
  meetings: [
    { title: 'Heads of agencies', date: '2017-11-08' },
    { title: 'Contact points', date: '2017-03-14' },
    { title: 'Contact points', date: '2017-06-20' },
  ],
  products: [
    { kind: 'Joint reports', count: 3 },
    { kind: 'Trainings', count: 5 },
  ],
};
