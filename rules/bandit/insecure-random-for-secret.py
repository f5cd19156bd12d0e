import random
import secrets
import string
from random import choice as pick, randint

ALPHABET = string.ascii_letters + string.digits


def generate_token(n=32):
    # ruleid: insecure-random-for-secret
    return "".join(random.choice(ALPHABET) for _ in range(n))


def signup(user):
    # ruleid: insecure-random-for-secret
    user.reset_code = randint(100000, 999999)
    # ruleid: insecure-random-for-secret
    session = {"session_id": random.getrandbits(128)}
    send(
        user,
        # ruleid: insecure-random-for-secret
        password="".join(pick(ALPHABET) for _ in range(12)),
    )
    # ruleid: insecure-random-for-secret -- hygiene: the generator itself
    rng = random.Random()
    # ruleid: insecure-random-for-secret
    salt = rng.getrandbits(64)
    # ruleid: insecure-random-for-secret -- hygiene: not a secret
    delay = random.uniform(0.5, 1.5)
    # ruleid: insecure-random-for-secret -- hygiene: not a secret
    sample = random.sample(range(100), 10)
    # ok: insecure-random-for-secret
    api_token = secrets.token_urlsafe(32)
    # ok: insecure-random-for-secret
    nonce = random.SystemRandom().getrandbits(64)
    # ok: insecure-random-for-secret
    csrf_token = random.random()  # nosec B311
    # ok: insecure-random-for-secret
    pin = random.randint(0, 9999)  # noqa: S311
    return session, salt, delay, sample, api_token, nonce, csrf_token, pin


def shuffle_deck(deck):
    # ruleid: insecure-random-for-secret -- hygiene: not a secret
    random.shuffle(deck)
    return deck


def send(user, password):
    return user, password


def _advised_fix_insecure_random_for_secret():
    import secrets

    # fix: insecure-random-for-secret
    token = secrets.token_urlsafe(32)
    return token
