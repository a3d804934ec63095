import { describe, expect, it } from 'vitest';
import { describeDeviceProblem } from './device-problems';

const domError = (name: string, message = '') => Object.assign(new Error(message), { name });

describe('explaining a camera or microphone that cannot be used', () => {
  it.each([
    ['NotAllowedError', 'blocked', /blocking the camera/],
    ['PermissionDeniedError', 'blocked', /Allow it/],
    ['NotFoundError', 'missing', /No camera was found/],
    ['NotReadableError', 'busy', /another app/],
    ['TypeError', 'failed', /could not start/],
  ])('a %s means the camera is %s', (name, reason, message) => {
    const problem = describeDeviceProblem('camera', domError(name));
    expect(problem.reason).toBe(reason);
    expect(problem.message).toMatch(message);
  });

  it('names the device it is about', () => {
    expect(describeDeviceProblem('microphone', domError('NotFoundError')).message).toMatch(/microphone/);
  });

  it('an insecure page is explained before anything else', () => {
    expect(describeDeviceProblem('camera', domError('NotAllowedError'), false).reason).toBe('insecure');
  });

  it('keeps the browser message of an unknown failure', () => {
    expect(describeDeviceProblem('camera', domError('AbortError', 'Timeout starting video')).message).toMatch(
      /Timeout starting video/,
    );
  });
});
