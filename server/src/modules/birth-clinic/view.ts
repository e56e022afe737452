/** Row → contract shapes for the birth-clinic responses. */
import type { MyPregnancy, StaffPregnancy } from '@ingang/contracts';
import { distanceKm, stockholmDate } from '@ingang/domain';
import type { AllocationBasis } from '../../platform/db/schema.js';
import type { CapacityOf } from './capacity.js';
import type { ClinicRow, PregnancyRow } from './store.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function myPregnancyView(
  row: PregnancyRow & { antenatal_name: string },
  clinicNames: Map<string, string>,
  now: Date,
): MyPregnancy {
  const told = row.told_at && row.allocated_clinic_id;
  return {
    id: row.id,
    dueDate: row.due_date,
    deliveryWeek: row.delivery_week,
    lastChangeDay: stockholmDate(new Date(row.cutoff_at.getTime() - 1)),
    cutoffAt: row.cutoff_at.toISOString(),
    antenatalUnitName: row.antenatal_name,
    wishes: row.wish_clinic_ids,
    wishesVersion: row.wishes_version,
    wishesUpdatedBy: row.wishes_updated_by,
    canChange: now.getTime() < row.cutoff_at.getTime(),
    allocation:
      told && row.told_at && row.allocated_clinic_id
        ? {
            clinicId: row.allocated_clinic_id,
            clinicName: clinicNames.get(row.allocated_clinic_id) ?? '',
            week: row.delivery_week,
            basis: row.allocation_basis as AllocationBasis,
            wishRank: row.allocation_rank,
            reason: row.allocation_basis === 'override' ? 'override' : (row.allocation_reason ?? ''),
            toldAt: row.told_at.toISOString(),
          }
        : null,
  };
}

/** The clinics as a patient chooses among them: distance from home and whether they take births that week. */
export function clinicChoices(
  clinics: ClinicRow[],
  week: string | null,
  capacity: CapacityOf | null,
  home: { lat: number; lng: number } | null,
  locale: 'sv' | 'en',
) {
  return clinics.map((c) => ({
    id: c.id,
    name: c.name,
    shortName: c.short_name,
    description: locale === 'en' ? c.description_en : c.description_sv,
    city: c.city,
    distanceKm: home ? Math.round(distanceKm(home, { lat: c.latitude, lng: c.longitude }) * 10) / 10 : null,
    openInWeek: week && capacity ? capacity(c.id, week) > 0 : true,
  }));
}

type ListRow = PregnancyRow & {
  given_name: string;
  family_name: string;
  personal_number: string;
  protected_identity: boolean;
  clinic_name: string | null;
};

export function staffPregnancyView(row: ListRow, clinicNames: Map<string, string>, now: Date): StaffPregnancy {
  return {
    id: row.id,
    personId: row.person_id,
    name: `${row.given_name} ${row.family_name}`,
    protectedIdentity: row.protected_identity,
    personalNumber: row.personal_number,
    dueDate: row.due_date,
    deliveryWeek: row.delivery_week,
    lastChangeDay: stockholmDate(new Date(row.cutoff_at.getTime() - 1)),
    cutoffAt: row.cutoff_at.toISOString(),
    daysToCutoff: Math.ceil((row.cutoff_at.getTime() - now.getTime()) / DAY_MS),
    wishes: row.wish_clinic_ids.map((id) => ({ clinicId: id, name: clinicNames.get(id) ?? '' })),
    wishesVersion: row.wishes_version,
    wishesUpdatedBy: row.wishes_updated_by,
    allocation:
      row.allocated_clinic_id && row.allocation_basis
        ? {
            clinicName: row.clinic_name ?? clinicNames.get(row.allocated_clinic_id) ?? '',
            basis: row.allocation_basis,
            wishRank: row.allocation_rank,
            told: row.told_at !== null,
          }
        : null,
  };
}
