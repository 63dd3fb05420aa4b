import { describe, expect, it } from 'vitest';
import { parseSignature, SIGNATURE_MAX_BYTES, signatureDataUrl } from '../../core/workflow/signature-image.ts';
import { PNG_SIGNATURE } from './support/fixtures.ts';

const svg = (body: string) => `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">${body}</svg>`)}`;

describe('signature images', () => {
  it('takes a PNG data URL and gives it back unchanged', () => {
    const s = parseSignature(PNG_SIGNATURE);
    expect(s.type).toBe('image/png');
    expect(signatureDataUrl({ imageType: s.type, image: s.bytes })).toBe(PNG_SIGNATURE);
  });

  it('takes an SVG drawn with paths, URL-encoded or base64', () => {
    const path = '<path d="M10 40 C 40 10, 65 10, 95 40" stroke="black" fill="none"/>';
    expect(parseSignature(svg(path)).type).toBe('image/svg+xml');
    const b64 = `data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${path}</svg>`).toString('base64')}`;
    expect(parseSignature(b64).bytes.toString()).toContain('<path');
  });

  it.each([
    ['a JPEG', 'data:image/jpeg;base64,/9j/4AAQ'],
    ['not a data URL', 'https://example.com/sig.png'],
    ['a PNG that is not one', `data:image/png;base64,${Buffer.from('GIF89a....').toString('base64')}`],
    ['an empty image', 'data:image/png;base64,'],
    ['broken base64', 'data:image/png;base64,@@@@'],
    ['an SVG with a script', svg('<script>alert(1)</script>')],
    ['an SVG with an event handler', svg('<path d="M0 0" onload="alert(1)"/>')],
    ['an SVG with an external reference', svg('<image href="https://evil.example/x.png"/>')],
    ['an SVG without <svg>', `data:image/svg+xml,${encodeURIComponent('<html></html>')}`],
  ])('refuses %s', (_what, url) => {
    expect(() => parseSignature(url)).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
  });

  it('refuses an image over the size cap before decoding it', () => {
    const big = `data:image/png;base64,${Buffer.alloc(SIGNATURE_MAX_BYTES + 1, 1).toString('base64')}`;
    expect(() => parseSignature(big)).toThrow(expect.objectContaining({ code: 'SIGNATURE_TOO_LARGE' }));
  });
});
