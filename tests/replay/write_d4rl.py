"""Writes a small D4RL-layout file with h5py, as D4RL's own files are written.

Usage: /usr/bin/python3 write_d4rl.py OUT [--no-next] [--all-terminal]
25 transitions, observations 4 wide, actions 2 wide: a termination at row 9, a timeout at
row 19, and a last episode of 5 rows ending with neither. Values: observations[i, j] =
i + j / 10, next_observations[i] = observations[i] + 0.5, actions[i, j] = -i - j / 100,
rewards[i] = i / 4, infos/qpos[i, j] = 100 * i + j. --all-terminal: a terminal on every row. Used by tests/replay/interop_test.cpp.
"""
import sys

import h5py
import numpy as np

N = 25


def main(path, with_next, all_terminal):
    i = np.arange(N, dtype=np.float64)[:, None]
    observations = (i + np.arange(4)[None, :] / 10.0).astype(np.float32)
    terminals = np.zeros(N, dtype=bool)
    timeouts = np.zeros(N, dtype=bool)
    terminals[9] = True
    timeouts[19] = True
    if all_terminal:
        terminals[:] = True
        timeouts[:] = False
    with h5py.File(path, "w") as f:
        kw = dict(compression="gzip")
        f.create_dataset("observations", data=observations, **kw)
        if with_next:
            f.create_dataset("next_observations", data=observations + np.float32(0.5), **kw)
        f.create_dataset("actions", data=(-i - np.arange(2)[None, :] / 100.0).astype(np.float32), **kw)
        f.create_dataset("rewards", data=(i[:, 0] / 4.0).astype(np.float32), **kw)
        f.create_dataset("terminals", data=terminals, **kw)
        f.create_dataset("timeouts", data=timeouts, **kw)
        f.create_dataset("infos/qpos", data=(100 * i + np.arange(3)[None, :]).astype(np.float32), **kw)
        f.create_dataset("infos/qvel", data=np.ones((N, 2), dtype=np.float32), **kw)
        f.create_dataset("metadata/algorithm", data="SAC")


if __name__ == "__main__":
    main(sys.argv[1], "--no-next" not in sys.argv[2:], "--all-terminal" in sys.argv[2:])
