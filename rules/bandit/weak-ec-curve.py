from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ec import SECT163K1
from Crypto.PublicKey import ECC


def cases():
    # ruleid: weak-ec-curve
    ec.generate_private_key(ec.SECP192R1())
    # ruleid: weak-ec-curve
    curve = SECT163K1()
    # ruleid: weak-ec-curve
    ECC.generate(curve="P-192")
    # ruleid: weak-ec-curve
    ECC.generate(curve="secp192r1")
    # ok: weak-ec-curve
    ec.generate_private_key(ec.SECP256R1())
    # ok: weak-ec-curve
    ECC.generate(curve="P-256")
    # ok: weak-ec-curve
    ECC.generate(curve="ed25519")
    # ruleid: weak-ec-curve
    ec.generate_private_key(ec.SECP192R1)
    # ruleid: weak-ec-curve
    ec.generate_private_key(curve=ec.SECT163R2)
    # ok: weak-ec-curve
    ec.generate_private_key(ec.SECP192R1())  # nosec B505
    # ok: weak-ec-curve
    ECC.generate(curve="P-192")  # noqa: S505
    return curve


def _advised_fix_weak_ec_curve():
    from cryptography.hazmat.primitives.asymmetric import ec

    # fix: weak-ec-curve
    return ec.generate_private_key(ec.SECP256R1())
