import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { devOrigins } from '../../next.config';

// The development server hydrates its pages only on host names it was told about (next.config.ts).
describe('devOrigins', () => {
  it('allows loopback by both names and this machine’s name with nothing configured', () => {
    const hosts = devOrigins({});
    expect(hosts).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', os.hostname().toLowerCase()]));
  });

  it('adds the APP_URL host and every DEV_ALLOWED_HOSTS name, given as names, host:port or URLs', () => {
    const hosts = devOrigins({
      APP_URL: 'https://meet.school.example:8443/x',
      DEV_ALLOWED_HOSTS: ' Laptop.lan , 10.0.0.7:3000, http://dev.example.org/, *.preview.example ',
    });
    expect(hosts).toEqual(
      expect.arrayContaining([
        'meet.school.example',
        'laptop.lan',
        '10.0.0.7',
        'dev.example.org',
        '*.preview.example',
      ]),
    );
  });

  it('a malformed APP_URL adds nothing and breaks nothing', () => {
    expect(devOrigins({ APP_URL: 'not a url' })).toContain('localhost');
  });
});
