import random


def jitter_and_pick(items):
    # ruleid: insecure-random-for-secret -- Bandit B311
    delay = random.random() * 2
    # ruleid: insecure-random-for-secret -- Bandit B311
    retry = random.randint(1, 5)
    # ruleid: insecure-random-for-secret -- Bandit B311
    picked = random.choice(items)
    # ruleid: insecure-random-for-secret -- Bandit B311
    span = random.uniform(0.5, 1.5)
    # ruleid: insecure-random-for-secret -- Bandit B311
    step = random.randrange(0, 100, 5)
    # ruleid: insecure-random-for-secret -- Bandit B311
    weight = random.triangular(0, 1, 0.2)
    # ruleid: insecure-random-for-secret -- Bandit B311
    reset_code = random.randint(100000, 999999)
    return delay, retry, picked, span, step, weight, reset_code
