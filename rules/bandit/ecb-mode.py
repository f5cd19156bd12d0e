from Crypto.Cipher import AES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def encrypt(key, iv):
    # ruleid: ecb-mode
    Cipher(algorithms.AES(key), modes.ECB())
    # ruleid: ecb-mode
    AES.new(key, AES.MODE_ECB)
    # ruleid: ecb-mode
    AES.new(
        key,
        mode=AES.MODE_ECB,
    )
    # ruleid: ecb-mode
    modes.ECB(iv)
    # ruleid: ecb-mode -- PyCrypto's default mode is ECB
    AES.new(key)
    # ok: ecb-mode
    AES.new(key, AES.MODE_GCM)
    # ok: ecb-mode
    Cipher(algorithms.AES(key), modes.CBC(iv))
    # ok: ecb-mode
    modes.ECB()  # nosec B305


def _advised_fix_ecb_mode(key, data):
    import os

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    # fix: ecb-mode
    return AESGCM(key).encrypt(os.urandom(12), data, None)
