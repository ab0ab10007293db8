"""Checks with h5py that a trajectory file has Minari's layout, dtypes included.

Usage: /usr/bin/python3 check_minari_layout.py FILE
Prints one line per episode, "episode_<id> <steps> <sum of rewards as repr>", then "ok";
exits 1 with a message at the first violation. Used by tests/replay/interop_test.cpp.
"""
import json
import sys

import h5py
import numpy as np


def fail(message):
    print("layout error: " + message)
    sys.exit(1)


def main(path):
    with h5py.File(path, "r") as f:
        for key in ("dataset_id", "env_spec", "observation_space", "action_space"):
            if not isinstance(f.attrs.get(key), str):
                fail("root attribute %s is not a str" % key)
        json.loads(f.attrs["env_spec"])
        episodes = sorted((k for k in f.keys() if k.startswith("episode_")),
                          key=lambda k: int(k[len("episode_"):]))
        if int(f.attrs["total_episodes"]) != len(episodes):
            fail("total_episodes %d != %d groups" % (f.attrs["total_episodes"], len(episodes)))
        total = 0
        for name in episodes:
            g = f[name]
            t = int(g.attrs["total_steps"])
            total += t
            if int(g.attrs["id"]) != int(name[len("episode_"):]):
                fail(name + " id attribute")
            obs, act = g["observations"], g["actions"]
            if obs.ndim != 2 or obs.shape[0] != t + 1 or obs.dtype != np.float64:
                fail("%s/observations %s %s" % (name, obs.shape, obs.dtype))
            if act.ndim != 2 or act.shape[0] != t or act.dtype != np.float64:
                fail("%s/actions %s %s" % (name, act.shape, act.dtype))
            if g["rewards"].shape != (t,) or g["rewards"].dtype != np.float64:
                fail(name + "/rewards")
            for flag in ("terminations", "truncations"):
                d = g[flag]
                if d.shape != (t,) or d.dtype != np.bool_:
                    fail("%s/%s %s %s (expected numpy bool)" % (name, flag, d.shape, d.dtype))
                if not isinstance(d[()][-1], np.bool_):
                    fail("%s/%s values are not numpy bools" % (name, flag))
            if d.compression != "gzip" or d.chunks is None:
                fail(name + " datasets are not chunked and gzip-compressed")
            for sub in ("infos", "states"):
                for key, d in g[sub].items():
                    if d.shape[0] != t + 1:
                        fail("%s/%s/%s rows %d" % (name, sub, key, d.shape[0]))
            for key in ("qpos", "qvel", "time"):
                if key not in g["states"]:
                    fail("%s/states/%s missing" % (name, key))
            print("%s %d %r" % (name, t, float(np.sum(g["rewards"][()]))))
        if int(f.attrs["total_steps"]) != total:
            fail("total_steps")
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
