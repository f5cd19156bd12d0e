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
    # ok: ecb-mode
    AES.new(key, AES.MODE_GCM)
    # ok: ecb-mode
    Cipher(algorithms.AES(key), modes.CBC(iv))
    # ok: ecb-mode
    modes.ECB()  # nosec B305
