# ruleid: pycrypto-import -- Bandit B413
from Crypto.PublicKey import DSA as CryptoDSA
# ruleid: pycrypto-import -- Bandit B413
from Crypto.PublicKey import RSA as CryptoRSA
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa


def keys():
    # ruleid: weak-key-size -- Bandit B505
    a = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    # ruleid: weak-key-size -- Bandit B505
    b = dsa.generate_private_key(key_size=1024)
    # ruleid: weak-ec-curve -- Bandit B505 (current versions; 1.6 reads only the class form)
    c = ec.generate_private_key(ec.SECT163R2())
    # ruleid: weak-ec-curve -- Bandit B505
    d = ec.generate_private_key(curve=ec.SECP192R1)
    # ruleid: weak-key-size -- Bandit B505
    e = CryptoRSA.generate(bits=1024)
    # ruleid: weak-key-size -- Bandit B505
    f = CryptoDSA.generate(1024)
    # ruleid: weak-key-size -- Bandit B505
    g = rsa.generate_private_key(65537, 512)
    return a, b, c, d, e, f, g
