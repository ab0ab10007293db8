"""Checks with h5py that a trajectory file has Minari's layout and passes what Minari's own
loader checks (the rules, read from Minari 0.4.3 / 0.5.3 and Gymnasium 0.29-1.x, are in
docs/replay.md), dtypes included.

Usage: /usr/bin/python3 check_minari_layout.py FILE|DATASET_FOLDER
A folder must hold data/main_data.hdf5 and data/metadata.json (Minari 0.5). Prints one line per
episode, "episode_<id> <steps> <sum of rewards as repr>", then "ok"; exits 1 with a message at
the first violation. Used by tests/replay/interop_test.cpp and convert_test.cpp.
"""
import json
import os
import re
import sys

import h5py
import numpy as np

# Minari 0.4's dataset id (minari/dataset/minari_dataset.py), which must carry a version.
ID_04 = re.compile(r"(?:(?P<environment>[\w]+?))?(?:-(?P<dataset>[\w:.-]+?))(?:-v(?P<version>\d+))?$")
# Minari 0.5's: (namespace/)name-vN, name [-_\w]+ (no '.'), namespace at least 2 characters.
ID_05 = re.compile(r"(?:(?P<namespace>[-_\w/]{2,})/)?(?P<name>[-_\w]+)-v(?P<version>\d+)")
# The keys Gymnasium's EnvSpec.from_json accepts besides id and additional_wrappers.
# Our files are float64; a conversion of float32 data (D4RL's) stays float32.
FLOATS = (np.float64, np.float32)
ENV_SPEC_KEYS = {"entry_point", "reward_threshold", "nondeterministic", "max_episode_steps",
                 "order_enforce", "disable_env_checker", "kwargs", "vector_entry_point"}


def fail(message):
    print("layout error: " + message)
    sys.exit(1)


def no_nan(text):
    raise ValueError("NaN in JSON: " + text)


def check_space(name, text):
    space = json.loads(text, parse_constant=lambda c: no_nan(c) if c == "NaN" else float(c))
    if space.get("type") != "Box" or not isinstance(space.get("dtype"), str):
        fail("%s is not a Box with a dtype: %s" % (name, text))
    shape = space["shape"]
    for bound in ("low", "high"):
        if list(np.asarray(space[bound], dtype=np.float64).shape) != list(shape):
            fail("%s %s is not nested lists of shape %s" % (name, bound, shape))


def check_env_spec(text):
    spec = json.loads(text)
    if "id" not in spec or not isinstance(spec.get("additional_wrappers"), list):
        fail("env_spec needs id and additional_wrappers (Gymnasium EnvSpec.from_json): " + text)
    for wrapper in spec["additional_wrappers"]:
        if set(wrapper) != {"name", "entry_point", "kwargs"}:
            fail("env_spec wrapper keys %s" % sorted(wrapper))
    unknown = set(spec) - ENV_SPEC_KEYS - {"id", "additional_wrappers"}
    if unknown:
        fail("env_spec keys Gymnasium refuses: %s" % sorted(unknown))


def check_dataset_id(dataset_id):
    match = ID_04.fullmatch(dataset_id)
    if not match or match.group("version") is None or "/" in dataset_id:
        fail("dataset_id %r is not Minari 0.4's env-name-vN" % dataset_id)
    if not ID_05.fullmatch(dataset_id):
        fail("dataset_id %r is not Minari 0.5's (namespace/)name-vN" % dataset_id)


def check_metadata_json(path, dataset_id, total_episodes, total_steps, folder):
    with open(path) as f:
        meta = json.load(f)
    if meta.get("minari_version") != "0.5.0" or meta.get("data_format") != "hdf5":
        fail("metadata.json minari_version/data_format: %r" % meta)
    if meta.get("dataset_id") != dataset_id or meta["dataset_id"] != os.path.basename(folder):
        fail("metadata.json dataset_id %r (file %r, folder %r)" % (meta.get("dataset_id"),
             dataset_id, os.path.basename(folder)))
    if meta.get("total_episodes") != total_episodes or meta.get("total_steps") != total_steps:
        fail("metadata.json totals")
    for key in ("observation_space", "action_space", "env_spec"):
        if not isinstance(meta.get(key), str) and not (key == "env_spec" and key not in meta):
            fail("metadata.json %s is not a JSON string" % key)  # JSON encoded twice
    check_space("metadata.json observation_space", meta["observation_space"])
    check_space("metadata.json action_space", meta["action_space"])
    if "env_spec" in meta:  # optional; Gymnasium parses it when present
        check_env_spec(meta["env_spec"])


def main(path):
    folder = None
    if os.path.isdir(path):
        folder = os.path.normpath(path)
        path = os.path.join(folder, "data", "main_data.hdf5")
    with h5py.File(path, "r") as f:
        for key in ("dataset_id", "env_spec", "observation_space", "action_space",
                    "minari_version", "data_format"):
            if not isinstance(f.attrs.get(key), str) and not (key == "env_spec" and
                                                             key not in f.attrs):
                fail("root attribute %s is not a str" % key)
        if f.attrs["minari_version"] != "~=0.4" or f.attrs["data_format"] != "hdf5":
            fail("minari_version %r / data_format %r" % (f.attrs["minari_version"],
                                                          f.attrs["data_format"]))
        check_dataset_id(f.attrs["dataset_id"])
        if "env_spec" in f.attrs:  # optional; Gymnasium parses it when present
            check_env_spec(f.attrs["env_spec"])
        check_space("observation_space", f.attrs["observation_space"])
        check_space("action_space", f.attrs["action_space"])
        for key in ("total_episodes", "total_steps"):
            if not isinstance(f.attrs[key], np.integer) or np.shape(f.attrs[key]) != ():
                fail("%s is not a scalar int" % key)
        episodes = [k for k in f.keys() if k.startswith("episode_")]
        if sorted(episodes) != sorted("episode_%d" % i for i in range(len(episodes))):
            fail("episode groups are not episode_0 ... episode_%d" % (len(episodes) - 1))
        episodes.sort(key=lambda k: int(k[len("episode_"):]))
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
            if obs.ndim != 2 or obs.shape[0] != t + 1 or obs.dtype not in FLOATS:
                fail("%s/observations %s %s" % (name, obs.shape, obs.dtype))
            if act.ndim != 2 or act.shape[0] != t or act.dtype not in FLOATS:
                fail("%s/actions %s %s" % (name, act.shape, act.dtype))
            if g["rewards"].shape != (t,) or g["rewards"].dtype not in FLOATS:
                fail(name + "/rewards")
            for flag in ("terminations", "truncations"):
                d = g[flag]
                if d.shape != (t,) or d.dtype != np.bool_:
                    fail("%s/%s %s %s (expected numpy bool)" % (name, flag, d.shape, d.dtype))
                if t > 0 and not isinstance(d[()][-1], np.bool_):
                    fail("%s/%s values are not numpy bools" % (name, flag))
            if t > 0 and (d.compression != "gzip" or d.chunks is None):
                fail(name + " datasets are not chunked and gzip-compressed")
            if "infos" not in g:
                fail(name + " has no infos group (Minari 0.5 reads one in every episode)")
            for key, d in g["infos"].items():
                if d.shape[0] != t + 1:
                    fail("%s/infos/%s rows %d" % (name, key, d.shape[0]))
                if not np.all(np.isfinite(d[()])):
                    fail("%s/infos/%s holds NaN or infinity (Minari's writer forbids)" % (name, key))
            if "states" in g:
                for key in ("qpos", "qvel"):
                    if key not in g["states"]:
                        fail("%s/states/%s missing" % (name, key))
                for key, d in g["states"].items():
                    if d.shape[0] != t + 1:
                        fail("%s/states/%s rows %d" % (name, key, d.shape[0]))
                    if d.size and not np.all(np.isfinite(d[()][:t])):
                        fail("%s/states/%s non-finite before the last row" % (name, key))
            print("%s %d %r" % (name, t, float(np.sum(g["rewards"][()]))))
        if int(f.attrs["total_steps"]) != total:
            fail("total_steps")
        if folder is not None:
            check_metadata_json(os.path.join(folder, "data", "metadata.json"),
                                f.attrs["dataset_id"], len(episodes), total, folder)
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
