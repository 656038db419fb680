import { describe, expect, it } from 'vitest';
import { k3sServerCommand } from './k3s.js';

describe("k3s's server command", () => {
  it('keeps the module default (traefik off) and tells the kubelet to accept a cgroup v1 host', () => {
    expect(k3sServerCommand(1)).toEqual(['server', '--disable=traefik', '--kubelet-arg=fail-cgroupv1=false']);
  });

  it('adds nothing on a cgroup v2 host', () => {
    expect(k3sServerCommand(2)).toEqual(['server', '--disable=traefik']);
  });
});
