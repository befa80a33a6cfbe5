#!/usr/bin/env python3
"""Regenerate the binary inputs in Corpus/bad/ deterministically.

    python3 make_binary_inputs.py          # (re)write the files next to this script
    python3 make_binary_inputs.py --check  # verify the files on disk match

Files produced:
  invalid_utf8.sql   a SELECT whose string literal contains 0xC3 0x28 (a lead byte
                     followed by a non-continuation byte) and a lone 0xFF
  nul_bytes.sql      a valid SELECT with a NUL byte (0x00) in the middle
  garbage_bytes.bin  256 pseudo-random bytes from random.Random(7).getrandbits
"""
import hashlib
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def invalid_utf8() -> bytes:
    return b"SELECT id FROM users WHERE name = 'caf\xc3\x28 \xff bad';\n"


def nul_bytes() -> bytes:
    return b"SELECT id, email FROM users\x00 WHERE id = 1;\n"


def garbage_bytes() -> bytes:
    # getrandbits on a seeded Mersenne Twister is stable across CPython 3 versions.
    rng = random.Random(7)
    return rng.getrandbits(256 * 8).to_bytes(256, "little")


FILES = {
    "invalid_utf8.sql": invalid_utf8,
    "nul_bytes.sql": nul_bytes,
    "garbage_bytes.bin": garbage_bytes,
}

# SHA-256 of each file's expected content; --check compares against these.
EXPECTED_SHA256 = {
    "invalid_utf8.sql": "763fef0efcad163c22bd1cbe88a5007bbc9da63e64d5054790614b05b7400120",
    "nul_bytes.sql": "10776e5f62c8a800f8290b15b23fb0474e65f04b9a3456e92be66be96296eca7",
    "garbage_bytes.bin": "b3acdf49552105066d2e64b91c229104510a882b9b6b70d1603128140c3d434c",
}


def main() -> int:
    check = "--check" in sys.argv[1:]
    ok = True
    for name, make in FILES.items():
        data = make()
        digest = hashlib.sha256(data).hexdigest()
        if digest != EXPECTED_SHA256[name]:
            print(f"{name}: generator produced unexpected bytes ({digest})", file=sys.stderr)
            ok = False
            continue
        path = os.path.join(HERE, name)
        if check:
            with open(path, "rb") as f:
                if f.read() != data:
                    print(f"{name}: file on disk differs from generator output", file=sys.stderr)
                    ok = False
        else:
            with open(path, "wb") as f:
                f.write(data)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
