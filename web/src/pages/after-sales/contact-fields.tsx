import { CONTACT_CHANNELS, type ContactChannel, type CustomerSummary } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';

export interface ContactValue {
  customerId: string;
  channel: ContactChannel;
  name: string;
  phone: string;
  email: string;
}

export const emptyContact: ContactValue = { customerId: '', channel: 'phone', name: '', phone: '', email: '' };

/** The request body's customer, channel and contact (empty fields left out). */
export function contactBody(c: ContactValue) {
  return {
    ...(c.customerId ? { customerId: c.customerId } : {}),
    channel: c.channel,
    contact: { name: c.name.trim(), ...(c.phone.trim() ? { phone: c.phone.trim() } : {}), ...(c.email.trim() ? { email: c.email.trim() } : {}) },
  };
}

/** Who got in touch, how, and for which customer (a caller need not be a known customer). */
export function ContactFields({ value, onChange }: { value: ContactValue; onChange(v: ContactValue): void }) {
  const customers = useResource(() => api.get<Page<CustomerSummary>>('/api/customers', { limit: 200 }), 'customers');
  const set = (patch: Partial<ContactValue>) => onChange({ ...value, ...patch });
  return (
    <div className="form-grid">
      <label>
        Customer
        <select value={value.customerId} onChange={(e) => set({ customerId: e.target.value })}>
          <option value="">not a known customer</option>
          {(customers.data?.items ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Channel
        <select value={value.channel} onChange={(e) => set({ channel: e.target.value as ContactChannel })}>
          {CONTACT_CHANNELS.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label>
        Contact name
        <input required autoComplete="off" value={value.name} onChange={(e) => set({ name: e.target.value })} />
      </label>
      <label>
        Phone
        <input type="tel" autoComplete="off" value={value.phone} onChange={(e) => set({ phone: e.target.value })} />
      </label>
      <label>
        E-mail
        <input type="email" autoComplete="off" value={value.email} onChange={(e) => set({ email: e.target.value })} />
      </label>
    </div>
  );
}

export const contactLine = (c: { name: string; phone: string | null; email: string | null }) => [c.name, c.phone, c.email].filter(Boolean).join(' · ');
export const short = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n)}…` : s);
