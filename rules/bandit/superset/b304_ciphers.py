# ruleid: pycrypto-import -- Bandit B413
from Crypto.Cipher import ARC4, Blowfish, DES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms


def ciphers(key, iv):
    # ruleid: weak-cipher -- Bandit B304
    rc4 = ARC4.new(key)
    # ruleid: weak-cipher -- Bandit B304
    bf = Blowfish.new(key, Blowfish.MODE_CBC, iv)
    # ruleid: weak-cipher -- Bandit B304
    des = DES.new(key, DES.MODE_CBC, iv)
    # ruleid: weak-cipher -- Bandit B304
    legacy = Cipher(algorithms.ARC4(key), mode=None)
    # ruleid: weak-cipher -- Bandit B304
    idea = Cipher(algorithms.IDEA(key), mode=None)
    return rc4, bf, des, legacy, idea
