from pysnmp.hlapi import UsmUserData
from pysnmp.hlapi import usmHMACSHAAuthProtocol, usmAesCfb128Protocol


def cases(user, auth, priv, extra):
    # ruleid: snmp-weak-crypto
    UsmUserData(user)
    # ruleid: snmp-weak-crypto
    UsmUserData(user, auth)
    # ruleid: snmp-weak-crypto
    UsmUserData(
        user,
        authKey=auth,
        authProtocol=usmHMACSHAAuthProtocol,
    )
    # ok: snmp-weak-crypto
    UsmUserData(user, auth, priv)
    # ok: snmp-weak-crypto
    UsmUserData(user, authKey=auth, privKey=priv, privProtocol=usmAesCfb128Protocol)
    # ok: snmp-weak-crypto
    UsmUserData(user, **extra)
    # ok: snmp-weak-crypto
    UsmUserData(user)  # nosec B509
    # ok: snmp-weak-crypto
    UsmUserData(user)  # noqa: S509


def _advised_fix_snmp_weak_crypto(auth_key, priv_key):
    from pysnmp.hlapi import UsmUserData, usmAesCfb128Protocol, usmHMACSHAAuthProtocol

    # fix: snmp-weak-crypto
    return UsmUserData("user", auth_key, priv_key, authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol)
