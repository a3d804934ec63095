import { MediaDeviceFailure } from 'livekit-client';

export type Device = 'camera' | 'microphone';

/** Why a camera or microphone cannot be used, in words a person can act on. */
export interface DeviceProblem {
  reason: 'blocked' | 'missing' | 'busy' | 'insecure' | 'failed';
  message: string;
}

/** Explains a failed capture attempt; pure, so each wording is tested. */
export function describeDeviceProblem(device: Device, error: unknown, secureContext = true): DeviceProblem {
  if (!secureContext) {
    return {
      reason: 'insecure',
      message: `Your browser only allows the ${device} on secure pages. Open this meeting over https (or on localhost).`,
    };
  }
  switch (MediaDeviceFailure.getFailure(error)) {
    case MediaDeviceFailure.PermissionDenied:
      return {
        reason: 'blocked',
        message: `Your browser is blocking the ${device} for this site. Allow it from the icon at the left of the address bar, then press “Try again”.`,
      };
    case MediaDeviceFailure.NotFound:
      return {
        reason: 'missing',
        message: `No ${device} was found. Connect one and press “Try again”, or join without it.`,
      };
    case MediaDeviceFailure.DeviceInUse:
      return {
        reason: 'busy',
        message: `Your ${device} could not start: another app may be using it. Close that app and press “Try again”.`,
      };
    default: {
      const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
      return { reason: 'failed', message: `The ${device} could not start${detail}.` };
    }
  }
}
