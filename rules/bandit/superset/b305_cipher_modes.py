from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.modes import ECB


def encryptor(key):
    # ruleid: ecb-mode -- Bandit B305
    cipher = Cipher(algorithms.AES(key), modes.ECB())
    # ruleid: ecb-mode -- Bandit B305
    block_mode = ECB()
    return cipher.encryptor(), block_mode
