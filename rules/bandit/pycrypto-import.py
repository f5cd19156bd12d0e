# ruleid: pycrypto-import
from Crypto.Cipher import AES
# ruleid: pycrypto-import
import Crypto.PublicKey.RSA as RSA
# ruleid: pycrypto-import
from Crypto import Random
# ok: pycrypto-import
from Cryptodome.Cipher import AES as AES2
# ruleid: pycrypto-import -- hygiene: Bandit reports it
from Crypto.Cipher import ChaCha20_Poly1305
# ruleid: pycrypto-import -- hygiene: Bandit reports it
from Crypto.Util.Padding import pad, unpad
# ok: pycrypto-import
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
# ok: pycrypto-import
from Crypto.Cipher import AES  # nosec B413
# ok: pycrypto-import
from Crypto.Hash import SHA256  # noqa: S413


# fix: pycrypto-import
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402
