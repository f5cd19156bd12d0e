from Crypto.Cipher import ARC4, DES
from Cryptodome.Cipher import Blowfish as BF
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def encrypt(key, data, iv):
    # ruleid: weak-cipher
    DES.new(key, DES.MODE_CBC, iv)
    # ruleid: weak-cipher
    ARC4.new(key).encrypt(data)
    # ruleid: weak-cipher
    BF.new(
        key,
        BF.MODE_CBC,
    )
    # ruleid: weak-cipher
    Cipher(algorithms.Blowfish(key), modes.CBC(iv))
    # ok: weak-cipher
    Cipher(algorithms.AES(key), modes.GCM(iv))
    # ok: weak-cipher
    ARC4.new(key)  # nosec B304
    # ok: weak-cipher
    ARC4.new(key)  # noqa: S304


def _advised_fix_weak_cipher(key, data):
    from cryptography.fernet import Fernet

    # fix: weak-cipher
    return Fernet(key).encrypt(data)
