from cryptography.hazmat.primitives.asymmetric import dsa, rsa
from Crypto.PublicKey import RSA
from Cryptodome.PublicKey import DSA as DSA2

KEY_BITS = 1024


def cases(size):
    # ruleid: weak-key-size
    rsa.generate_private_key(public_exponent=65537, key_size=1024)
    # ruleid: weak-key-size
    rsa.generate_private_key(65537, 512)
    # ruleid: weak-key-size
    dsa.generate_private_key(1024)
    # ruleid: weak-key-size
    dsa.generate_private_key(key_size=1024)
    # ruleid: weak-key-size
    RSA.generate(1024)
    # ruleid: weak-key-size
    RSA.generate(bits=KEY_BITS)
    # ruleid: weak-key-size
    DSA2.generate(
        1024,
    )
    # ok: weak-key-size
    rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # ok: weak-key-size
    rsa.generate_private_key(3, 4096)
    # ok: weak-key-size
    RSA.generate(3072)
    # ok: weak-key-size
    RSA.generate(size)
    # ok: weak-key-size
    dsa.generate_private_key(key_size=2048)
    # ok: weak-key-size
    RSA.generate(1024)  # nosec B505
    # ok: weak-key-size
    RSA.generate(1024)  # noqa: S505


def _advised_fix_weak_key_size():
    from cryptography.hazmat.primitives.asymmetric import rsa

    # fix: weak-key-size
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)
