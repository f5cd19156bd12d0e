import datetime
import os

import jwt
from jose import jwt as jose_jwt

SECRET = "s3cr3t-signing-key-2024"
PUBLIC_PEM = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"


def issue(user_id):
    payload = {"sub": str(user_id), "exp": datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)}
    # ruleid: jwt-hardcoded-key
    return jwt.encode(payload, "super-secret-key", algorithm="HS256")


def issue_const(payload):
    # ruleid: jwt-hardcoded-key
    return jose_jwt.encode(payload, SECRET, algorithm="HS256")


def verify(token):
    # ruleid: jwt-hardcoded-key
    return jwt.decode(token, key="super-secret-key", algorithms=["HS256"])


def unsigned(payload):
    # ruleid: jwt-hardcoded-key
    return jwt.encode(payload, None, algorithm="none")


def ok_cases(payload, token):
    # ok: jwt-hardcoded-key
    a = jwt.decode(token, PUBLIC_PEM, algorithms=["ES256"])
    # ok: jwt-hardcoded-key
    b = jwt.encode(payload, os.environ["JWT_SECRET"], algorithm="HS256")
    # ok: jwt-hardcoded-key
    c = jwt.encode(payload, "<your-secret>", algorithm="HS256")
    return a, b, c


def _advised_fix_jwt_hardcoded_key(payload):
    # fix: jwt-hardcoded-key
    return jwt.encode(payload, os.environ["JWT_SECRET"], algorithm="HS256")
