import { describe, expect, it } from 'vitest';
import { parseSeatMetadata } from './metadata';

describe('participant metadata from the media server', () => {
  it('reads the preset name and the host flag', () => {
    expect(parseSeatMetadata('{"preset_name":"host","host":true}')).toEqual({
      presetName: 'host',
      host: true,
    });
  });

  it('a participant without metadata has no preset and is not the host', () => {
    expect(parseSeatMetadata(undefined)).toEqual({ host: false });
    expect(parseSeatMetadata('')).toEqual({ host: false });
  });

  it('malformed or mistyped metadata never makes anyone the host', () => {
    expect(parseSeatMetadata('{not json')).toEqual({ host: false });
    expect(parseSeatMetadata('{"preset_name":3,"host":"yes"}')).toEqual({
      presetName: undefined,
      host: false,
    });
    expect(parseSeatMetadata('null')).toEqual({ host: false });
  });
});
