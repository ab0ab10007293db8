"""Runs the Python block of docs/export.md on observations and prints the actions.

Usage: /usr/bin/python3 run_export_doc.py DOCS_EXPORT_MD OBSERVATIONS_TXT   (in the folder
holding policy.pt). OBSERVATIONS_TXT: one observation per line, numbers separated by spaces.
Prints one action per line (repr of each float). Used by tests/agents/policy_export_test.cpp.
"""
import sys


def python_block(markdown):
    start = markdown.index("```python\n") + len("```python\n")
    return markdown[start:markdown.index("```", start)]


def main(doc, observations):
    namespace = {}
    with open(doc) as f:
        exec(compile(python_block(f.read()), doc, "exec"), namespace)
    with open(observations) as f:
        for line in f:
            obs = [float(v) for v in line.split()]
            print(" ".join(repr(float(a)) for a in namespace["act"](obs)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
