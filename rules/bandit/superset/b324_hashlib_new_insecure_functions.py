import hashlib


def fingerprints(data, algorithm):
    # ruleid: weak-hash-by-name -- Bandit B324
    a = hashlib.new("md5", data)
    b = hashlib.new("sha1", data)
    # ruleid: weak-hash-by-name -- Bandit B324
    c = hashlib.new(name="MD4", data=data)
    d = hashlib.new("sha256", data)
    return a, b, c, d
