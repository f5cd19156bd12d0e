import hashlib
from hashlib import new as new_hash


def cases(data, secret, algo):
    # ruleid: weak-hash-by-name
    hashlib.new("md5", data)
    # ruleid: weak-hash-by-name
    mac = new_hash(
        "SHA1",
        secret,
    )
    # ok: weak-hash-by-name
    hashlib.new("sha256", data)
    # ok: weak-hash-by-name
    hashlib.new("md5", data, usedforsecurity=False)
    # ok: weak-hash-by-name
    hashlib.new(algo, data)
    # ok: weak-hash-by-name
    hashlib.new("md5", data)  # nosec B324
    return mac


def _advised_fix_weak_hash_by_name(data):
    import hashlib

    # fix: weak-hash-by-name
    return hashlib.new("sha256", data)
