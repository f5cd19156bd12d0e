import hashlib
from hashlib import sha1 as weak_sha1

from Crypto.Hash import MD5
from cryptography.hazmat.primitives import hashes


def store_user(user, password):
    # ruleid: weak-hash
    user.pw_hash = hashlib.md5(password.encode()).hexdigest()


def sign(message, key):
    # ruleid: weak-hash
    return weak_sha1(key + message).digest()


def fingerprint(blob):
    # ruleid: weak-hash
    digest = hashlib.md5(blob).hexdigest()
    # ruleid: weak-hash
    h = MD5.new(blob)
    # ruleid: weak-hash
    token = hashlib.sha1(
        blob,
    ).hexdigest()
    # ruleid: weak-hash
    hashes.Hash(hashes.SHA1())
    # ok: weak-hash
    etag = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    # ok: weak-hash
    good = hashlib.sha256(blob).hexdigest()
    # ok: weak-hash
    cache_key = hashlib.md5(blob).hexdigest()  # nosec B324
    # ok: weak-hash
    other = hashlib.md5(blob).hexdigest()  # noqa: S324
    return digest, h, token, etag, good, cache_key, other


def _advised_fix_weak_hash(data):
    import hashlib

    # fix: weak-hash
    return hashlib.sha256(data).hexdigest()
