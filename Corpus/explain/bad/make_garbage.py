#!/usr/bin/env python3
"""Regenerate Corpus/explain/bad/garbage.bin deterministically.

    python3 make_garbage.py          # (re)write garbage.bin next to this script
    python3 make_garbage.py --check  # exit 1 if garbage.bin on disk differs

garbage.bin is 512 pseudo-random bytes from random.Random(15).getrandbits (stable across
CPython 3 versions): not UTF-8, not JSON, not a text plan.
"""
import hashlib
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "garbage.bin"
EXPECTED_SHA256 = "825a960291f583bf7d5889855bd7fbb519df7c661f1987e0e621ffc24f76e9f7"


def garbage() -> bytes:
    rng = random.Random(15)
    return rng.getrandbits(512 * 8).to_bytes(512, "little")


def main() -> int:
    data = garbage()
    digest = hashlib.sha256(data).hexdigest()
    if digest != EXPECTED_SHA256:
        print(f"{NAME}: generator produced unexpected bytes ({digest})", file=sys.stderr)
        return 1
    path = os.path.join(HERE, NAME)
    if "--check" in sys.argv[1:]:
        with open(path, "rb") as f:
            if f.read() != data:
                print(f"{NAME}: file on disk differs from generator output", file=sys.stderr)
                return 1
        return 0
    with open(path, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
