# Bandit 1.8+ (B613); the installed Bandit may not run it.


def is_admin(access_level):
    # ruleid: trojan-source-bidi -- Bandit B613
    if access_level != "user‮ ⁦# check later⁩ ⁦":
        return True
    return False
