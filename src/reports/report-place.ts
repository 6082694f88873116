import { decryptJson, encryptJson } from '../crypto/envelope.ts';

/** Address and landmark of the facts as the agent framed them: encrypted, bound to the report row. */
export interface FramedPlace {
  address?: string;
  landmark?: string;
}

const placeAad = (reportId: string) => `report-place:${reportId}`;

export function encodePlace(dataKey: Buffer, reportId: string, place: FramedPlace): Buffer {
  return encryptJson(dataKey, place, placeAad(reportId));
}

export function decodePlace(dataKey: Buffer, reportId: string, blob: Buffer | null): FramedPlace {
  return blob ? decryptJson<FramedPlace>(dataKey, blob, placeAad(reportId)) : {};
}
