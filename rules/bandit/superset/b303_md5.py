import hashlib

# ruleid: pycrypto-import -- Bandit B413
from Crypto.Hash import MD5, SHA
from cryptography.hazmat.primitives import hashes


def digests(data):
    # ruleid: weak-hash -- Bandit B303
    a = hashlib.md5(data).hexdigest()
    # ruleid: weak-hash -- Bandit B303
    b = hashlib.sha1(data).hexdigest()
    # ruleid: weak-hash -- Bandit B303
    c = MD5.new(data)
    # ruleid: weak-hash -- Bandit B303
    d = SHA.new(data)
    # ruleid: weak-hash -- Bandit B303
    e = hashes.Hash(hashes.MD5())
    # ruleid: weak-hash -- Bandit B303
    f = hashes.Hash(hashes.SHA1())
    return a, b, c, d, e, f
