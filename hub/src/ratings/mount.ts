import type { Feature } from '../mount.js';
import { namespace } from '../mount.js';
import type { DeviceNamespace } from '../devices/socket.js';
import { attachRatingHandlers } from './socket.js';
import { SubmitLimit } from './submitLimit.js';

/** `rating:submit` on /device (after the devices feature has put its handshake in front); close drains the group commit. */
export const ratingsFeature: Feature = ({ services: { ratings, devices }, clock, log }) => ({
  sockets(io) {
    attachRatingHandlers(namespace(io, '/device') as DeviceNamespace, ratings, devices, new SubmitLimit(clock), log.child({ module: 'ratings' }));
  },
  close: () => ratings.close(),
});
