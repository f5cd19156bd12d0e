# Bandit 1.7.5+ (B508, B509); the installed Bandit may not run them.
from pysnmp.hlapi import CommunityData, UsmUserData


def credentials(user, auth_key, priv_key):
    # ruleid: snmp-insecure-version -- Bandit B508
    v1 = CommunityData("public", mpModel=0)
    # ruleid: snmp-insecure-version -- Bandit B508
    v2 = CommunityData("public", mpModel=1)
    # ruleid: snmp-weak-crypto -- Bandit B509
    no_auth = UsmUserData(user)
    # ruleid: snmp-weak-crypto -- Bandit B509
    no_priv = UsmUserData(user, auth_key)
    full = UsmUserData(user, auth_key, priv_key)
    return v1, v2, no_auth, no_priv, full
