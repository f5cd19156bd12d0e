import jwt
from jose import jwt as jose_jwt


def current_user(request):
    token = request.headers["Authorization"].removeprefix("Bearer ")
    # ruleid: jwt-signature-unchecked
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims["sub"]


def legacy(token, key):
    # ruleid: jwt-signature-unchecked
    return jwt.decode(token, key, verify=False)


def any_alg(token, key):
    # ruleid: jwt-signature-unchecked
    return jwt.decode(token, key, algorithms=["HS256", "none"])


def jose(token, key):
    opts = {"verify_signature": False, "verify_aud": False}
    # ruleid: jwt-signature-unchecked
    return jose_jwt.decode(token, key, options=opts)


def lenient(token, key):
    # ruleid: jwt-signature-unchecked
    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})


def checked(token, key):
    # ok: jwt-signature-unchecked
    a = jwt.decode(token, key, algorithms=["HS256"])
    # ok: jwt-signature-unchecked
    b = jwt.decode(token, key, algorithms=["RS256"], options={"verify_aud": False})
    # ok: jwt-signature-unchecked
    header = jwt.get_unverified_header(token)
    return a, b, header


def _advised_fix_jwt_signature_unchecked(token, key):
    # fix: jwt-signature-unchecked
    return jwt.decode(token, key, algorithms=["HS256"])
