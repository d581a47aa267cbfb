import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { AudienceKind, AudienceReach } from '../audiences/audience.entity';
import { OrganisationKind } from '../organisations/organisation.entity';

// The Staffordshire and Stoke-on-Trent Consultation Network as it stands. Sources: data/SOURCES.md.

export const DATA_DIR = join(__dirname, '..', '..', 'data');

export interface OrganisationSeed {
  code: string;
  name: string;
  kind: OrganisationKind;
}

export const COUNTY_COUNCIL_CODE = 'SCC';

export const ORGANISATIONS: readonly OrganisationSeed[] = [
  { code: COUNTY_COUNCIL_CODE, name: 'Staffordshire County Council', kind: 'COUNTY' },
  { code: 'CCDC', name: 'Cannock Chase District Council', kind: 'DISTRICT' },
  { code: 'ESBC', name: 'East Staffordshire Borough Council', kind: 'DISTRICT' },
  { code: 'LDC', name: 'Lichfield District Council', kind: 'DISTRICT' },
  { code: 'NULBC', name: 'Newcastle-under-Lyme Borough Council', kind: 'DISTRICT' },
  { code: 'SSDC', name: 'South Staffordshire Council', kind: 'DISTRICT' },
  { code: 'SBC', name: 'Stafford Borough Council', kind: 'DISTRICT' },
  { code: 'SMDC', name: 'Staffordshire Moorlands District Council', kind: 'DISTRICT' },
  { code: 'TBC', name: 'Tamworth Borough Council', kind: 'DISTRICT' },
  { code: 'SOTCC', name: 'Stoke-on-Trent City Council', kind: 'UNITARY' },
  { code: 'SP', name: 'Staffordshire Police', kind: 'POLICE' },
  { code: 'SCO', name: "Staffordshire Commissioner's Office", kind: 'COMMISSIONER' },
  { code: 'SFRS', name: 'Staffordshire Fire and Rescue Service', kind: 'FIRE' },
  { code: 'SSOT-ICB', name: 'NHS Staffordshire and Stoke-on-Trent Integrated Care Board', kind: 'NHS' },
  { code: 'SSOT-VCS', name: 'Support Staffordshire', kind: 'VOLUNTARY' },
];

export interface AreaSeed {
  code: string;
  name: string;
  level: 'COUNTY' | 'DISTRICT' | 'UNITARY' | 'WARD' | 'COMPOSITE';
  parentCode?: string;
  memberCodes?: string[];
}

export const COUNTY_AREA_CODE = 'E10000028';
export const STOKE_AREA_CODE = 'E06000021';

/** County, districts and Stoke from the product brief; wards from data/staffordshire-wards.csv. */
export function areaSeeds(): AreaSeed[] {
  const wards = parse(readFileSync(join(DATA_DIR, 'staffordshire-wards.csv')), { columns: true, skip_empty_lines: true }) as {
    ward_code: string;
    ward_name: string;
    district_code: string;
    district_name: string;
  }[];
  const districts = new Map<string, string>();
  for (const ward of wards) if (ward.district_code !== STOKE_AREA_CODE) districts.set(ward.district_code, ward.district_name);
  return [
    { code: COUNTY_AREA_CODE, name: 'Staffordshire', level: 'COUNTY' },
    ...[...districts].map(([code, name]): AreaSeed => ({ code, name, level: 'DISTRICT', parentCode: COUNTY_AREA_CODE })),
    { code: STOKE_AREA_CODE, name: 'Stoke-on-Trent', level: 'UNITARY' },
    ...wards.map((w): AreaSeed => ({ code: w.ward_code, name: w.ward_name, level: 'WARD', parentCode: w.district_code })),
    // The police, fire, NHS and voluntary sector bodies serve the whole ceremonial county.
    { code: 'SSOT', name: 'Staffordshire and Stoke-on-Trent', level: 'COMPOSITE', memberCodes: [COUNTY_AREA_CODE, STOKE_AREA_CODE] },
  ];
}

export interface AudienceSeed {
  code: string;
  name: string;
  kind: AudienceKind;
  reach: AudienceReach;
  parentCode?: string;
}

// Parents come before their children.
export const AUDIENCES: readonly AudienceSeed[] = [
  { code: 'RESIDENTS', name: 'Residents', kind: 'GROUP', reach: 'GENERAL' },
  { code: 'CHILDREN', name: 'Children (under 11)', kind: 'GROUP', reach: 'GROUP', parentCode: 'RESIDENTS' },
  { code: 'YOUNG_PEOPLE', name: 'Young people (11–24)', kind: 'GROUP', reach: 'GROUP', parentCode: 'RESIDENTS' },
  { code: 'SECONDARY_PUPILS', name: 'Secondary school pupils', kind: 'GROUP', reach: 'GROUP', parentCode: 'YOUNG_PEOPLE' },
  { code: 'STUDENTS', name: 'College and university students', kind: 'GROUP', reach: 'GROUP', parentCode: 'YOUNG_PEOPLE' },
  { code: 'OLDER_PEOPLE', name: 'Older people (65+)', kind: 'GROUP', reach: 'GROUP', parentCode: 'RESIDENTS' },
  { code: 'PARENTS_CARERS', name: 'Parents and carers', kind: 'GROUP', reach: 'GROUP', parentCode: 'RESIDENTS' },
  { code: 'UNPAID_CARERS', name: 'Unpaid carers', kind: 'GROUP', reach: 'GROUP', parentCode: 'RESIDENTS' },
  { code: 'DISABLED_PEOPLE', name: 'Disabled people', kind: 'GROUP', reach: 'GROUP', parentCode: 'RESIDENTS' },
  { code: 'TENANTS', name: 'Social housing tenants', kind: 'GROUP', reach: 'GROUP', parentCode: 'RESIDENTS' },
  { code: 'VICTIMS', name: 'Victims of crime', kind: 'GROUP', reach: 'GROUP', parentCode: 'RESIDENTS' },
  { code: 'CITIZENS_PANEL', name: "Staffordshire and Stoke-on-Trent Citizens' Panel", kind: 'PANEL', reach: 'ALL_ASKED', parentCode: 'RESIDENTS' },
  { code: 'YOUTH_PANEL', name: "Young People's Panel", kind: 'PANEL', reach: 'ALL_ASKED', parentCode: 'YOUNG_PEOPLE' },
  { code: 'BUSINESSES', name: 'Businesses', kind: 'GROUP', reach: 'GENERAL' },
  { code: 'SMALL_BUSINESSES', name: 'Small and medium businesses', kind: 'GROUP', reach: 'GROUP', parentCode: 'BUSINESSES' },
  { code: 'VCS', name: 'Voluntary and community organisations', kind: 'GROUP', reach: 'ALL_ASKED' },
  { code: 'PARISH_COUNCILS', name: 'Parish and town councils', kind: 'GROUP', reach: 'ALL_ASKED' },
  { code: 'SERVICE_USERS', name: 'Service users', kind: 'GROUP', reach: 'GROUP' },
  { code: 'PATIENTS', name: 'NHS patients', kind: 'GROUP', reach: 'GROUP', parentCode: 'SERVICE_USERS' },
  { code: 'SOCIAL_CARE_USERS', name: 'Adult social care users', kind: 'GROUP', reach: 'GROUP', parentCode: 'SERVICE_USERS' },
  { code: 'STAFF', name: 'Staff', kind: 'GROUP', reach: 'ALL_ASKED' },
];
