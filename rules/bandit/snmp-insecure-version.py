from pysnmp.hlapi import CommunityData as CD, UsmUserData
import pysnmp.hlapi.v3arch.asyncio as snmp


def cases(community, user, auth, priv):
    # ruleid: snmp-insecure-version
    CD("public", mpModel=0)
    # ruleid: snmp-insecure-version
    CD(community)
    # ruleid: snmp-insecure-version
    snmp.CommunityData(
        community,
        mpModel=1,
    )
    # ok: snmp-insecure-version
    UsmUserData(user, auth, priv)
    # ok: snmp-insecure-version
    CD("public")  # nosec B508
    # ok: snmp-insecure-version
    CD("public")  # noqa: S508


def _advised_fix_snmp_insecure_version(auth_key, priv_key):
    from pysnmp.hlapi import UsmUserData, usmAesCfb128Protocol, usmHMACSHAAuthProtocol

    # fix: snmp-insecure-version
    return UsmUserData("user", auth_key, priv_key, authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol)
