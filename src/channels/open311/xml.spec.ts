import { escapeXml, toXml } from './xml';

describe('Open311 XML', () => {
  it('writes lists as repeated children named as the spec names them, and null as an empty element', () => {
    expect(toXml('service_requests', [{ service_request_id: 'XH-CQ-1', service_notice: 'ok', account_id: null }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        '<service_requests><request><service_request_id>XH-CQ-1</service_request_id><service_notice>ok</service_notice><account_id/></request></service_requests>\n',
    );
    expect(toXml('discovery', { endpoints: [{ formats: ['text/xml', 'application/json'] }] })).toContain(
      '<endpoints><endpoint><formats><format>text/xml</format><format>application/json</format></formats></endpoint></endpoints>',
    );
    expect(toXml('service_definition', { service_code: '0101', attributes: [] })).toContain('<attributes></attributes>');
  });

  it('escapes markup and drops what XML 1.0 cannot carry', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u001bc\ud800d\n楼道😀')).toBe('abcd\n楼道😀');
    expect(toXml('errors', [{ code: 400, description: 'lat & long <bad>' }])).toContain(
      '<error><code>400</code><description>lat &amp; long &lt;bad&gt;</description></error>',
    );
  });

  it('writes booleans and numbers as text', () => {
    expect(toXml('services', [{ metadata: false, lat: 31.14 }])).toContain('<service><metadata>false</metadata><lat>31.14</lat></service>');
  });

  it('refuses a list it has no item name for, rather than inventing one', () => {
    expect(() => toXml('things', { stuff: [1] })).toThrow(/stuff/);
  });
});
