import hashlib
import hmac
import secrets


def set_password(user, password, salt):
    # ruleid: password-fast-hash
    user.password_hash = hashlib.sha256((password + salt).encode()).hexdigest()


def hash_password(password):
    # ruleid: password-fast-hash
    return hashlib.sha512(password.encode()).hexdigest()


def check_login(user, password):
    # ruleid: password-fast-hash
    candidate = hashlib.sha256(password.encode()).hexdigest()
    return hmac.compare_digest(candidate, user.password_hash)


def create_account(db, name, pw):
    # ruleid: password-fast-hash
    digest = hashlib.sha256(pw.encode()).hexdigest()
    db.insert_user(name=name, password_hash=digest)


def file_checksum(data):
    # ok: password-fast-hash
    return hashlib.sha256(data).hexdigest()


def hash_token(token):
    # ok: password-fast-hash
    return hashlib.sha256(token.encode()).hexdigest()


def sign(key, message):
    # ok: password-fast-hash
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def set_password_fixed(user, password):
    salt = secrets.token_bytes(16)
    # fix: password-fast-hash
    user.password_hash = salt.hex() + hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1).hex()
