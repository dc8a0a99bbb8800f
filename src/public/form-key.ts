import { invalid } from '../common/domain-error';

/**
 * A resident's Idempotency-Key: one per filled form. Residents share one key space, and the key also
 * owns the form's photos, so it must be too long to guess (a UUID is 36 characters).
 */
export function formKey(key: string | undefined): string | undefined {
  if (key !== undefined && (key.length < 16 || key.length > 200)) throw invalid('Idempotency-Key', 'Idempotency-Key must be 16–200 characters');
  return key;
}

/** The key a photo upload must carry: the report names the photo with the same one. */
export function requiredFormKey(key: string | undefined): string {
  const checked = formKey(key);
  if (checked === undefined) throw invalid('Idempotency-Key', 'Idempotency-Key is required: the report names its photos with the same key');
  return checked;
}
